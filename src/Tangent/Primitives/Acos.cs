namespace Tangent.Primitives
{
    /// <summary>y = acos x on [−1, 1], dy/dx = −1/√((1 − x)(1 + x)), d²y/dx² = −x/(1 − x²)^{3/2}.</summary>
    public readonly struct Acos : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "acos";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Acos(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => -1 / Math.Sqrt((1 - x) * (1 + x));
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -1 / T.Sqrt((1 - x) * (1 + x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -x / Math.Pow((1 - x) * (1 + x), 1.5);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\arccos\\left({x}\\right)";
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
        /// <summary>acos x.</summary>
        static virtual T Acos(T x) => T.Apply<Primitives.Acos>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>acos x.</summary>
        public static Var Acos(Var x) => Apply<Primitives.Acos>(x);
    }
}
