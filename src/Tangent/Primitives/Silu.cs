namespace Tangent.Primitives
{
    /// <summary>
    /// y = x·σ(x) (SiLU, swish), dy/dx = σ(x)(1 + x·σ(−x)), d²y/dx² = σ(x)σ(−x)(2 − x·tanh(x/2)); every factor keeps its
    /// relative accuracy in both tails (σ(x)σ(−x) rather than σ(1 − σ), −tanh(x/2) rather than 1 − 2σ).
    /// </summary>
    public readonly struct Silu : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "silu";
        /// <inheritdoc/>
        public static double Value(double x) => x * Logistic.Of(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Logistic.Of(x) * (1 + x * Logistic.Of(-x));
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x) * (1 + x * T.Sigmoid(-x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => Logistic.Slope(x) * (2 - x * Math.Tanh(x / 2));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>silu x = x·σ(x).</summary>
        static virtual T Silu(T x) => T.Apply<Primitives.Silu>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>silu x = x·σ(x).</summary>
        public static Var Silu(Var x) => Apply<Primitives.Silu>(x);
    }
}
