namespace Tangent.Primitives
{
    /// <summary>y = tanh x, dy/dx = 1 − y², d²y/dx² = −2y(1 − y²).</summary>
    public readonly struct Tanh : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "tanh";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Tanh(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 1 - y * y;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 - y * y;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -2 * y * (1 - y * y);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\tanh\\left({x}\\right)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>tanh x.</summary>
        static virtual T Tanh(T x) => T.Apply<Primitives.Tanh>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>tanh x.</summary>
        public static Var Tanh(Var x) => Apply<Primitives.Tanh>(x);
    }
}
