namespace Tangent.Primitives
{
    /// <summary>y = ln(1 + eˣ), dy/dx = σ(x), d²y/dx² = σ(x)(1 − σ(x)).</summary>
    public readonly struct Softplus : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "softplus";
        // NOTE: x + ln(1 + e⁻ˣ) for x > 0 keeps large x from overflowing; ln(1 + e) is taken accurately for
        // small e, since softplus(x) ≈ eˣ for x ≪ 0 and 1 + eˣ rounds to 1 there.
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x + LogOnePlus(Math.Exp(-x)) : LogOnePlus(Math.Exp(x));

        /// <summary>ln(1 + e) to full precision for small e: with u = 1 + e rounded, ln u · e/(u − 1) cancels u's rounding error (Goldberg, 1991).</summary>
        private static double LogOnePlus(double e)
        {
            double u = 1 + e;
            return u == 1 ? e : Math.Log(u) * e / (u - 1);
        }
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Sigmoid.Value(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) { double s = Sigmoid.Value(x); return s * (1 - s); }
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
