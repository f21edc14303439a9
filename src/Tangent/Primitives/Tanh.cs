namespace Tangent.Primitives
{
    /// <summary>
    /// y = tanh x, dy/dx = sech²x = 4e/(1 + e)² with e = e^{−2|x|}, d²y/dx² = −2y·sech²x. Not 1 − y²: that loses every
    /// digit where y rounds to ±1 (tanh′(20) ≈ 1.7e−17 would come out 0).
    /// </summary>
    public readonly struct Tanh : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "tanh";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Tanh(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) { double e = Math.Exp(-2 * Math.Abs(x)), q = 1 + e; return 4 * e / (q * q); }
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (T.Cosh(x) * T.Cosh(x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -2 * y * Derivative(x, y);
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
