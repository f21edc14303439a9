namespace Tangent.Primitives
{
    /// <summary>y = ln(1 + eˣ), dy/dx = σ(x), d²y/dx² = σ′(x) = σ(x)σ(−x) (in the form that keeps its relative accuracy, see <see cref="Sigmoid"/>).</summary>
    public readonly struct Softplus : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "softplus";
        // NOTE: x + ln(1 + e⁻ˣ) for x > 0 keeps large x from overflowing; ln(1 + e) is taken accurately for
        // small e (log1p), since softplus(x) ≈ eˣ for x ≪ 0 and 1 + eˣ rounds to 1 there.
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x + Log1p.Value(Math.Exp(-x)) : Log1p.Value(Math.Exp(x));

        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Sigmoid.Value(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => Sigmoid.Derivative(x, 0);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>ln(1 + eˣ).</summary>
        static virtual T Softplus(T x) => T.Apply<Primitives.Softplus>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>ln(1 + eˣ).</summary>
        public static Var Softplus(Var x) => Apply<Primitives.Softplus>(x);
    }
}
