using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = ceil x, the smallest integer ≥ x: piecewise constant, dy/dx = 0 between the integers. At an integer it jumps by 1 (it is
    /// not continuous there); the convention ceil'(n) = 0 is reported as a kink.
    /// </summary>
    public readonly struct Ceil : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "ceil";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Ceiling(x);
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
        public static string KinkConvention => "ceil'(n) = 0 at an integer n (ceil jumps by 1 there: it is not continuous)";
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\left\\lceil {x}\\right\\rceil";
    }

    /// <summary>ceil on four lanes: Vector256.Ceiling is the same IEEE rounding as Math.Ceiling, bit for bit.</summary>
    internal readonly struct CeilLanes : IUnaryLanes<Ceil>
    {
        public static V Value(V x) => Vector256.Ceiling(x);
        public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.IsNaN(x), x, V.Zero);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>ceil x, the smallest integer ≥ x.</summary>
        static virtual T Ceil(T x) => T.Apply<Primitives.Ceil>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>ceil x, the smallest integer ≥ x.</summary>
        public static Var Ceil(Var x) => Apply<Primitives.Ceil>(x);
    }
}
