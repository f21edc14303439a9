namespace Tangent.Primitives
{
    /// <summary>
    /// y = erfc x = 1 − erf x, with full relative accuracy in the right tail (erfc(20) ≈ 5.4e−176; see
    /// <see cref="ErrorFunction"/>), dy/dx = −(2/√π)e^{−x²}, d²y/dx² = 2x·(2/√π)e^{−x²}.
    /// </summary>
    public readonly struct Erfc : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "erfc";
        /// <inheritdoc/>
        public static double Value(double x) => ErrorFunction.Complement(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => -ErrorFunction.TwoOverSqrtPi * ErrorFunction.ExpMinusSquare(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -ErrorFunction.TwoOverSqrtPi * T.Exp(-(x * x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 2 * x * (ErrorFunction.TwoOverSqrtPi * ErrorFunction.ExpMinusSquare(x));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>the complementary error function erfc x = 1 − erf x.</summary>
        static virtual T Erfc(T x) => T.Apply<Primitives.Erfc>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>the complementary error function erfc x = 1 − erf x.</summary>
        public static Var Erfc(Var x) => Apply<Primitives.Erfc>(x);
    }
}
