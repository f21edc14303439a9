using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = x for x &gt; 0 and 0.01x for x ≤ 0, dy/dx = 1 for x &gt; 0 and 0.01 for x &lt; 0, d²y/dx² = 0. At the kink x = 0
    /// the convention is leakyrelu'(0) = 0.01, the left slope (as relu'(0) = 0).
    /// </summary>
    public readonly struct LeakyRelu : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "leakyrelu";
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x : Slope * x;
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x > 0 ? 1 : x <= 0 ? Slope : double.NaN;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => Slope + (1 - Slope) * T.Sign(T.Relu(x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
        /// <summary>The slope for x &lt; 0.</summary>
        public const double Slope = 0.01;
        /// <inheritdoc/>
        public static bool IsKink(double x) => x == 0;
        /// <inheritdoc/>
        public static string KinkConvention => "leakyrelu'(0) = 0.01 (the one-sided slopes are 0.01 and 1)";
    }

    /// <summary>leakyrelu on four lanes: the declaration's comparisons and its one product, operation for operation.</summary>
    internal readonly struct LeakyReluLanes : IUnaryLanes<LeakyRelu>
    {
        public static V Value(V x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), x, Vector256.Create(LeakyRelu.Slope) * x);
        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
                Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, V.Zero), Vector256.Create(LeakyRelu.Slope), Lanes.NaN));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>leakyrelu x: x for x &gt; 0, 0.01x otherwise.</summary>
        static virtual T LeakyRelu(T x) => T.Apply<Primitives.LeakyRelu>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>leakyrelu x: x for x &gt; 0, 0.01x otherwise.</summary>
        public static Var LeakyRelu(Var x) => Apply<Primitives.LeakyRelu>(x);
    }
}
