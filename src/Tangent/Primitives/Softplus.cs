using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = ln(1 + eˣ), dy/dx = σ(x), d²y/dx² = σ′(x) = σ(x)σ(−x) (in the forms that keep their relative accuracy, see <see cref="Logistic"/>).</summary>
    public readonly struct Softplus : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "softplus";
        // NOTE: x + ln(1 + e⁻ˣ) for x > 0 keeps large x from overflowing; ln(1 + e) is taken accurately for
        // small e (log1p), since softplus(x) ≈ eˣ for x ≪ 0 and 1 + eˣ rounds to 1 there.
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x + Log1p.Value(Math.Exp(-x)) : Log1p.Value(Math.Exp(x));

        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Logistic.Of(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => Logistic.Slope(x);
    }

    /// <summary>
    /// softplus(x) = max(x, 0) + ln(1 + e) with e = e^{−|x|} (the declaration's two branches in one form), by
    /// Vector256.Exp and Vector256.Log; dy/dx = σ(x) by <see cref="SigmoidLanes"/>, as <see cref="Softplus"/>.
    /// </summary>
    internal readonly struct SoftplusLanes : IUnaryLanes<Softplus>
    {
        // Vector256.Exp and Log are within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x)
        {
            var e = Vector256.Exp(-Vector256.Abs(x));
            var u = V.One + e;
            var d = u - V.One;
            // NOTE: ln(1 + e) = ln(u)·e/(u − 1) with u = 1 + e rounded: the rounding error of u cancels between ln u and
            // u − 1 (Goldberg), so ln(1 + e) keeps its relative accuracy for tiny e (x ≪ 0), where ln(u) alone is 0.
            var log1p = Vector256.ConditionalSelect(Vector256.Equals(d, V.Zero), e, Vector256.Log(u) * e / d);
            return Vector256.Max(x, V.Zero) + log1p;
        }

        public static V Derivative(V x, V y) => SigmoidLanes.Value(x);
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
