using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = min(a, b): ∂y/∂a = 1, ∂y/∂b = 0 where a &lt; b, and the reverse where a &gt; b; second partials 0.
    /// At a tie a = b the convention is ∂y/∂a = ∂y/∂b = 1/2.
    /// </summary>
    public readonly struct Min : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "min";
        /// <inheritdoc/>
        public static double Value(double a, double b) => Math.Min(a, b);
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) =>
            a < b ? (1, 0) : a > b ? (0, 1) : a == b ? (0.5, 0.5) : (double.NaN, double.NaN); // NaN operand: neither side is known
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => ((1 - T.Sign(a - b)) * 0.5, (1 + T.Sign(a - b)) * 0.5);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, 0, 0);
        /// <inheritdoc/>
        public static bool IsKink(double a, double b) => a == b;
        /// <inheritdoc/>
        public static bool SwitchesWhereEqual => true;
        /// <inheritdoc/>
        public static string KinkConvention => "min at a tie a = b: each argument gets 1/2 (the mean of the one-sided choices)";
        /// <inheritdoc/>
        public static string Latex(string a, string b) => $"\\min\\left({a}, {b}\\right)";
    }

    /// <summary>
    /// y = min(a, b) with Math.Min's rules (NaN wins; −0 is below +0); partials (1, 0) where a &lt; b, (0, 1) where
    /// a &gt; b, (1/2, 1/2) at a tie, NaN where an operand is NaN, as <see cref="Min"/>.
    /// </summary>
    internal readonly struct MinLanes : IBinaryLanes<Min>
    {
        public static V Value(V a, V b) =>
            Vector256.ConditionalSelect(~Vector256.Equals(a, b),
                Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(a, b), a, b),
                Vector256.ConditionalSelect(Vector256.IsNegative(a), a, b));
        public static (V Da, V Db) Partials(V a, V b, V y) => Lanes.Select(b, a);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>min(a, b).</summary>
        static virtual T Min(T a, T b) => T.Apply<Primitives.Min>(a, b);
    }

    public readonly partial struct Var
    {
        /// <summary>min(a, b).</summary>
        public static Var Min(Var a, Var b) => Apply<Primitives.Min>(a, b);
    }
}
