using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

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

    /// <summary>
    /// erfc x four lanes at a time by fdlibm's method as <see cref="Erfc"/>, keeping full relative accuracy in the tail
    /// (the exponentials by Vector256.Exp, within a few ulps); dy/dx = −(2/√π)e^{−x²} with x² split as declared.
    /// </summary>
    internal readonly struct ErfcLanes : IUnaryLanes<Erfc>
    {
        // Vector256.Exp is within a few ulps of Math.Exp, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => ErrorFunction.Complement(x);

        public static V Derivative(V x, V y) => Vector256.Create(-ErrorFunction.TwoOverSqrtPi) * ErrorFunction.ExpMinusSquare(x);
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
