using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = σ(x) = 1/(1 + e⁻ˣ), dy/dx = y(1 − y), d²y/dx² = y(1 − y)(1 − 2y).</summary>
    public readonly struct Sigmoid : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sigmoid";
        // NOTE: evaluated in the form that never overflows: for x < 0, eˣ/(1 + eˣ).
        /// <inheritdoc/>
        public static double Value(double x)
        {
            if (x >= 0) return 1 / (1 + Math.Exp(-x));
            double e = Math.Exp(x);
            return e / (1 + e);
        }
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => y * (1 - y);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => y * (1 - y);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => y * (1 - y) * (1 - 2 * y);
    }

    /// <summary>
    /// σ(x) in the declaration's overflow-free form, 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) otherwise, with
    /// Vector256.Exp (within a few ulps); dσ/dx = y(1 − y), as <see cref="Sigmoid"/>.
    /// </summary>
    internal readonly struct SigmoidLanes : IUnaryLanes<Sigmoid>
    {
        public static V Value(V x)
        {
            var right = Vector256.GreaterThanOrEqual(x, V.Zero);
            var e = Vector256.Exp(Vector256.ConditionalSelect(right, -x, x));
            return Vector256.ConditionalSelect(right, V.One / (V.One + e), e / (V.One + e));
        }
        public static V Derivative(V x, V y) => y * (V.One - y);
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
