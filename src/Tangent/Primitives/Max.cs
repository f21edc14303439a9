using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = max(a, b): ∂y/∂a = 1, ∂y/∂b = 0 where a &gt; b, and the reverse where a &lt; b; second partials 0.
    /// At a tie a = b the convention is ∂y/∂a = ∂y/∂b = 1/2.
    /// </summary>
    public readonly struct Max : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "max";
        /// <inheritdoc/>
        public static double Value(double a, double b) => Math.Max(a, b);
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) =>
            a > b ? (1, 0) : a < b ? (0, 1) : a == b ? (0.5, 0.5) : (double.NaN, double.NaN); // NaN operand: neither side is known
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => ((1 + T.Sign(a - b)) * 0.5, (1 - T.Sign(a - b)) * 0.5);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, 0, 0);
        /// <inheritdoc/>
        public static bool IsKink(double a, double b) => a == b;
        /// <inheritdoc/>
        public static bool SwitchesWhereEqual => true;
        /// <inheritdoc/>
        public static string KinkConvention => "max at a tie a = b: each argument gets 1/2 (the mean of the one-sided choices)";
        /// <inheritdoc/>
        public static string Latex(string a, string b) => $"\\max\\left({a}, {b}\\right)";
    }

    /// <summary>
    /// y = max(a, b) with Math.Max's rules (NaN wins; +0 is above −0); partials (1, 0) where a &gt; b, (0, 1) where
    /// a &lt; b, (1/2, 1/2) at a tie, NaN where an operand is NaN, as <see cref="Max"/>.
    /// </summary>
    internal readonly struct MaxLanes : IBinaryLanes<Max>
    {
        public static V Value(V a, V b) =>
            Vector256.ConditionalSelect(~Vector256.Equals(a, b),
                Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(b, a), a, b),
                Vector256.ConditionalSelect(Vector256.IsNegative(b), a, b));
        public static (V Da, V Db) Partials(V a, V b, V y) => Lanes.Select(a, b);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>max(a, b).</summary>
        static virtual T Max(T a, T b) => T.Apply<Primitives.Max>(a, b);
    }

    public readonly partial struct Var
    {
        /// <summary>max(a, b).</summary>
        public static Var Max(Var a, Var b) => Apply<Primitives.Max>(a, b);
    }
}
