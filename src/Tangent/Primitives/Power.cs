using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = aᵇ. ∂y/∂a = b·aᵇ⁻¹, ∂y/∂b = aᵇ·ln a.
    /// ∂²y/∂a² = b(b − 1)aᵇ⁻², ∂²y/∂a∂b = aᵇ⁻¹(1 + b ln a), ∂²y/∂b² = aᵇ ln²a.
    /// </summary>
    /// <remarks>
    /// Integer exponents apply to negative and zero bases: (−2)³ = −8 and d(u²)/du = 0 at u = 0.
    /// For a &lt; 0, aᵇ exists only at integer b, so ∂y/∂b is undefined there (NaN); for a = 0 and b &gt; 0,
    /// ∂y/∂b = lim aᵇ ln a = 0. The exponent b = 0 gives the constant 1, so ∂y/∂a = 0 even at a = 0.
    /// </remarks>
    public readonly struct Power : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "^";
        /// <inheritdoc/>
        public static string FormulaName => "pow";
        /// <inheritdoc/>
        public static double Value(double a, double b) => Math.Pow(a, b);
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) =>
            (b == 0 ? 0 : b * Math.Pow(a, b - 1), y * LogBase(a, b));

        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (b * T.Pow(a, b - 1), y * T.Log(a));
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y)
        {
            double log = LogBase(a, b);
            double daa = b == 0 || b == 1 ? 0 : b * (b - 1) * Math.Pow(a, b - 2);
            // ∂/∂b (b·aᵇ⁻¹) = aᵇ⁻¹(1 + b ln a): tends to 0 at a = 0 only when b > 1.
            double dab = a > 0 ? Math.Pow(a, b - 1) * (1 + b * log) : a == 0 && b > 1 ? 0 : double.NaN;
            return (daa, dab, y * log * log);
        }

        /// <summary>ln a as the factor of ∂/∂b: 0 where aᵇ ln a → 0 (a = 0, b &gt; 0), NaN for a &lt; 0.</summary>
        private static double LogBase(double a, double b) => a > 0 ? Math.Log(a) : a == 0 && b > 0 ? 0 : double.NaN;

        /// <inheritdoc/>
        public static bool OutsideDomain(double a, double b) => (a < 0 && b != Math.Floor(b)) || (a == 0 && b < 0);
        /// <inheritdoc/>
        public static string Domain => "a > 0 for any b; a < 0 only with an integer b; a = 0 only with b ≥ 0";
    }

    /// <summary>
    /// y = a² for the constant exponent b = 2, as a·a (the correctly rounded square; Math.Pow(a, 2) differs from it by an
    /// ulp in a few points per thousand), ∂y/∂a = 2a, which is <see cref="Power"/>'s b·aᵇ⁻¹ exactly (a¹ = a). ∂y/∂b is not
    /// formed: b is a constant. Used only without exact transcendentals.
    /// </summary>
    internal readonly struct SquareLanes : IBinaryLanes<Power>
    {
        /// <summary>Its kernel, which batches pick for a node aᵇ with the constant b = 2.</summary>
        internal static readonly LaneKernel Kernel = new VectorBinary<Power, SquareLanes>();

        public static V Value(V a, V b) => a * a;
        public static (V Da, V Db) Partials(V a, V b, V y) => (Vector256.Create(2.0) * a, V.Zero);
    }

    /// <summary>
    /// y = a³ for the constant exponent b = 3, as (a·a)·a (within 2 ulps of Math.Pow(a, 3)), ∂y/∂a = 3·(a·a) (within an ulp
    /// of <see cref="Power"/>'s 3·Math.Pow(a, 2)). ∂y/∂b is not formed: b is a constant. Used only without exact transcendentals.
    /// </summary>
    internal readonly struct CubeLanes : IBinaryLanes<Power>
    {
        /// <summary>Its kernel, which batches pick for a node aᵇ with the constant b = 3.</summary>
        internal static readonly LaneKernel Kernel = new VectorBinary<Power, CubeLanes>();

        public static V Value(V a, V b) => a * a * a;
        public static (V Da, V Db) Partials(V a, V b, V y) => (Vector256.Create(3.0) * (a * a), V.Zero);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>aᵇ.</summary>
        static virtual T Pow(T a, T b) => T.Apply<Primitives.Power>(a, b);
    }

    public readonly partial struct Var
    {
        /// <summary>aᵇ.</summary>
        public static Var Pow(Var a, Var b) => Apply<Primitives.Power>(a, b);
        /// <summary>aᶜ for a constant exponent; integer c applies to negative a.</summary>
        public static Var Pow(Var a, double c) => Apply<Primitives.Power>(a, c);
        /// <summary>cᵃ for a constant base.</summary>
        public static Var Pow(double c, Var a) => Apply<Primitives.Power>(c, a);
    }
}

namespace Tangent.Arrays
{
    public static partial class ArrayMath
    {
        /// <summary>aᵇ elementwise, broadcast (the scalar engine's pow: integer powers of negative bases allowed).</summary>
        public static TensorVar Power(TensorVar a, TensorVar b) => Apply<Primitives.Power>(a, b);
    }
}
