using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = max(x, 0), dy/dx = 1 for x &gt; 0 and 0 for x &lt; 0, d²y/dx² = 0; at the kink x = 0 the convention is relu'(0) = 0.</summary>
    public readonly struct Relu : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "relu";
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x : double.IsNaN(x) ? x : 0;
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x > 0 ? 1 : x <= 0 ? 0 : double.NaN; // NaN at NaN: no branch is known to hold
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sign(y);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
        /// <inheritdoc/>
        public static bool IsKink(double x) => x == 0;
        /// <inheritdoc/>
        public static string KinkConvention => "relu'(0) = 0 (the one-sided slopes are 0 and 1)";
    }

    /// <summary>y = max(x, 0) (NaN stays NaN), dy/dx = 1 for x &gt; 0, 0 for x ≤ 0 (relu'(0) = 0), NaN at NaN, as <see cref="Relu"/>.</summary>
    internal readonly struct ReluLanes : IUnaryLanes<Relu>
    {
        public static V Value(V x) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero) | Vector256.IsNaN(x), x, V.Zero);
        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
                Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, V.Zero), V.Zero, Lanes.NaN));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>max(x, 0).</summary>
        static virtual T Relu(T x) => T.Apply<Primitives.Relu>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>max(x, 0).</summary>
        public static Var Relu(Var x) => Apply<Primitives.Relu>(x);
    }
}
