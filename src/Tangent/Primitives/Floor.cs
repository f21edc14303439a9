using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = floor x, the largest integer ≤ x: piecewise constant, dy/dx = 0 between the integers. At an integer it jumps by 1 (it is
    /// not continuous there); the convention floor'(n) = 0 is reported as a kink.
    /// </summary>
    public readonly struct Floor : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "floor";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Floor(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => double.IsNaN(x) ? x : 0;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 0;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
        /// <inheritdoc/>
        public static bool PiecewiseConstant => true;
        /// <inheritdoc/>
        public static bool IsKink(double x) => x == Math.Floor(x);
        /// <inheritdoc/>
        public static string KinkConvention => "floor'(n) = 0 at an integer n (floor jumps by 1 there: it is not continuous)";
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\left\\lfloor {x}\\right\\rfloor";
    }

    /// <summary>floor on four lanes: Vector256.Floor is the same IEEE rounding as Math.Floor, bit for bit.</summary>
    internal readonly struct FloorLanes : IUnaryLanes<Floor>
    {
        public static V Value(V x) => Vector256.Floor(x);
        public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.IsNaN(x), x, V.Zero);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>floor x, the largest integer ≤ x.</summary>
        static virtual T Floor(T x) => T.Apply<Primitives.Floor>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>floor x, the largest integer ≤ x.</summary>
        public static Var Floor(Var x) => Apply<Primitives.Floor>(x);
    }
}
