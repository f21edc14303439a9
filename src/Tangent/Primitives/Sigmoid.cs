using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = σ(x) = 1/(1 + e⁻ˣ), dy/dx = σ(x)σ(−x) = e/(1 + e)² with e = e^{−|x|}, d²y/dx² = σ′(x)(1 − 2σ(x)) = −σ′(x)·tanh(x/2).
    /// </summary>
    /// <remarks>
    /// The forms y(1 − y) and 1 − 2y lose every digit for large x, where y rounds to 1 (σ′(40) ≈ 4.2e−18 would come out
    /// 0); e/(1 + e)² and tanh(x/2) keep full relative accuracy over the whole range.
    /// </remarks>
    public readonly struct Sigmoid : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sigmoid";
        // NOTE: evaluated in the form that never overflows: for x < 0, eˣ/(1 + eˣ) (see Logistic.cs, shared with softplus and silu).
        /// <inheritdoc/>
        public static double Value(double x) => Logistic.Of(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Logistic.Slope(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x) * T.Sigmoid(-x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -Derivative(x, y) * Math.Tanh(x / 2);
    }

    /// <summary>
    /// σ(x) in the declaration's overflow-free form, 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) otherwise, with
    /// Vector256.Exp (within a few ulps); dσ/dx = e/(1 + e)² with e = e^{−|x|}, as <see cref="Sigmoid"/>.
    /// </summary>
    internal readonly struct SigmoidLanes : IUnaryLanes<Sigmoid>
    {
        // Vector256.Exp is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x)
        {
            var right = Vector256.GreaterThanOrEqual(x, V.Zero);
            var e = Vector256.Exp(Vector256.ConditionalSelect(right, -x, x));
            return Vector256.ConditionalSelect(right, V.One / (V.One + e), e / (V.One + e));
        }
        public static V Derivative(V x, V y)
        {
            var e = Vector256.Exp(-Vector256.Abs(x));
            var q = V.One + e;
            return e / (q * q);
        }
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>1/(1 + e⁻ˣ).</summary>
        static virtual T Sigmoid(T x) => T.Apply<Primitives.Sigmoid>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>1/(1 + e⁻ˣ).</summary>
        public static Var Sigmoid(Var x) => Apply<Primitives.Sigmoid>(x);
    }
}
