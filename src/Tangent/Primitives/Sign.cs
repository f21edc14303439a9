using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = sign x ∈ {−1, 0, 1}, dy/dx = 0 away from 0. At x = 0 sign jumps: it is not even continuous,
    /// and the convention sign'(0) = 0 is reported as a kink. It is the derivative of abs, so the
    /// symbolic printer writes abs' as sign.
    /// </summary>
    public readonly struct Sign : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sign";
        /// <inheritdoc/>
        public static double Value(double x) => double.IsNaN(x) ? x : Math.Sign(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => double.IsNaN(x) ? x : 0;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 0;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
        /// <inheritdoc/>
        public static bool IsKink(double x) => x == 0;
        /// <inheritdoc/>
        public static bool PiecewiseConstant => true;
        /// <inheritdoc/>
        public static string KinkConvention => "sign'(0) = 0 (sign jumps at 0: it is not continuous there)";
    }

    /// <summary>sign on four lanes: −1, 0 or 1 by comparison (±0 give +0), NaN passed through, as the declaration.</summary>
    internal readonly struct SignLanes : IUnaryLanes<Sign>
    {
        public static V Value(V x) =>
            Vector256.ConditionalSelect(Vector256.IsNaN(x), x,
                Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
                    Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), -V.One, V.Zero)));
        public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.IsNaN(x), x, V.Zero);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>sign x ∈ {−1, 0, 1}.</summary>
        static virtual T Sign(T x) => T.Apply<Primitives.Sign>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>sign x ∈ {−1, 0, 1}.</summary>
        public static Var Sign(Var x) => Apply<Primitives.Sign>(x);
    }
}
