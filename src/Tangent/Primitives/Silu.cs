using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

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

    /// <summary>
    /// silu x = x·σ(x) and dy/dx = σ(x)(1 + x·σ(−x)), with σ(x) and σ(−x) from one e = e^{−|x|} by Vector256.Exp
    /// (within a few ulps): σ = 1/(1 + e) on the side of x's sign, e/(1 + e) on the other, as <see cref="Silu"/>.
    /// </summary>
    internal readonly struct SiluLanes : IUnaryLanes<Silu>
    {
        // Vector256.Exp is within a few ulps of Math.Exp, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        private static (V Plus, V Minus) Sigmas(V x)
        {
            var e = Vector256.Exp(-Vector256.Abs(x));
            var q = V.One + e;
            V big = V.One / q, small = e / q;
            var right = Vector256.GreaterThanOrEqual(x, V.Zero);
            return (Vector256.ConditionalSelect(right, big, small), Vector256.ConditionalSelect(right, small, big));
        }

        public static V Value(V x) => x * Sigmas(x).Plus;
        public static V Derivative(V x, V y)
        {
            var (plus, minus) = Sigmas(x);
            return plus * (V.One + x * minus);
        }
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
