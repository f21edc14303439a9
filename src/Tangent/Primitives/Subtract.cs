using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = a − b, ∂y/∂a = 1, ∂y/∂b = −1, second partials 0.</summary>
    public readonly struct Subtract : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "-";
        /// <inheritdoc/>
        public static string FormulaName => "";
        /// <inheritdoc/>
        public static double Value(double a, double b) => a - b;
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) => (1, -1);
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (1, -1);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, 0, 0);
    }

    /// <summary>y = a − b, (∂y/∂a, ∂y/∂b) = (1, −1), as <see cref="Subtract"/>.</summary>
    internal readonly struct SubtractLanes : IBinaryLanes<Subtract>
    {
        public static V Value(V a, V b) => a - b;
        public static (V Da, V Db) Partials(V a, V b, V y) => (V.One, -V.One);
        public static (PartialSource A, PartialSource B) Sources => (PartialSource.One, PartialSource.MinusOne);
    }
}

namespace Tangent
{
    public readonly partial struct Var
    {
        /// <summary>a − b.</summary>
        public static Var operator -(Var a, Var b) => Apply<Primitives.Subtract>(a, b);
        /// <inheritdoc/>
        public static Var operator -(Var a, double c) => Apply<Primitives.Subtract>(a, c);
        /// <inheritdoc/>
        public static Var operator -(double c, Var a) => Apply<Primitives.Subtract>(c, a);
    }

    public readonly partial struct Dual
    {
        /// <inheritdoc/>
        public static Dual operator -(Dual a, Dual b) => Apply<Primitives.Subtract>(a, b);
        /// <inheritdoc/>
        public static Dual operator -(Dual a, double c) => Apply<Primitives.Subtract>(a, c);
        /// <inheritdoc/>
        public static Dual operator -(double c, Dual a) => Apply<Primitives.Subtract>(c, a);
    }
}
