namespace Tangent.Primitives
{
    /// <summary>y = asin x on [−1, 1], dy/dx = 1/√((1 − x)(1 + x)), d²y/dx² = x/(1 − x²)^{3/2}.</summary>
    public readonly struct Asin : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "asin";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Asin(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 1 / Math.Sqrt((1 - x) * (1 + x));
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / T.Sqrt((1 - x) * (1 + x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => x / Math.Pow((1 - x) * (1 + x), 1.5);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\arcsin\\left({x}\\right)";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(Math.Abs(x) <= 1);
        /// <inheritdoc/>
        public static string Domain => "−1 ≤ x ≤ 1 (the derivative is infinite at ±1)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>asin x.</summary>
        static virtual T Asin(T x) => T.Apply<Primitives.Asin>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>asin x.</summary>
        public static Var Asin(Var x) => Apply<Primitives.Asin>(x);
    }
}
