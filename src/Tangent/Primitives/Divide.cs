using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = a/b, ∂y/∂a = 1/b, ∂y/∂b = −a/b² = −y/b, ∂²y/∂a∂b = −1/b², ∂²y/∂b² = 2a/b³.</summary>
    public readonly struct Divide : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "/";
        /// <inheritdoc/>
        public static string FormulaName => "";
        /// <inheritdoc/>
        public static double Value(double a, double b) => a / b;
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) => (1 / b, -y / b);
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (1 / b, -y / b);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, -1 / (b * b), 2 * y / (b * b));
        /// <inheritdoc/>
        public static bool OutsideDomain(double a, double b) => b == 0;
        /// <inheritdoc/>
        public static string Domain => "b ≠ 0";
    }

    /// <summary>y = a/b, (∂y/∂a, ∂y/∂b) = (1/b, −y/b), as <see cref="Divide"/>.</summary>
    internal readonly struct DivideLanes : IBinaryLanes<Divide>
    {
        public static V Value(V a, V b) => a / b;
        public static (V Da, V Db) Partials(V a, V b, V y) => (V.One / b, -y / b);
    }
}

namespace Tangent
{
    public readonly partial struct Var
    {
        /// <summary>a/b.</summary>
        public static Var operator /(Var a, Var b) => Apply<Primitives.Divide>(a, b);
        /// <inheritdoc/>
        public static Var operator /(Var a, double c) => Apply<Primitives.Divide>(a, c);
        /// <inheritdoc/>
        public static Var operator /(double c, Var a) => Apply<Primitives.Divide>(c, a);
    }

    public readonly partial struct Dual
    {
        /// <inheritdoc/>
        public static Dual operator /(Dual a, Dual b) => Apply<Primitives.Divide>(a, b);
        /// <inheritdoc/>
        public static Dual operator /(Dual a, double c) => Apply<Primitives.Divide>(a, c);
        /// <inheritdoc/>
        public static Dual operator /(double c, Dual a) => Apply<Primitives.Divide>(c, a);
    }
}
