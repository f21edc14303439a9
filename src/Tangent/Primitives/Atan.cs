namespace Tangent.Primitives
{
    /// <summary>y = atan x, dy/dx = 1/(1 + x²), d²y/dx² = −2x/(1 + x²)².</summary>
    public readonly struct Atan : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "atan";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Atan(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 1 / (1 + x * x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (1 + x * x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) { double q = 1 + x * x; return -2 * x / (q * q); }
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\arctan\\left({x}\\right)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>atan x.</summary>
        static virtual T Atan(T x) => T.Apply<Primitives.Atan>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>atan x.</summary>
        public static Var Atan(Var x) => Apply<Primitives.Atan>(x);
    }
}
