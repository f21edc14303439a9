using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = a·b, ∂y/∂a = b, ∂y/∂b = a, ∂²y/∂a∂b = 1.</summary>
    public readonly struct Multiply : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "*";
        /// <inheritdoc/>
        public static string FormulaName => "";
        /// <inheritdoc/>
        public static double Value(double a, double b) => a * b;
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) => (b, a);
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (b, a);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, 1, 0);
    }

    /// <summary>y = a·b, (∂y/∂a, ∂y/∂b) = (b, a), as <see cref="Multiply"/>.</summary>
    internal readonly struct MultiplyLanes : IBinaryLanes<Multiply>
    {
        public static V Value(V a, V b) => a * b;
        public static (V Da, V Db) Partials(V a, V b, V y) => (b, a);
        public static (PartialSource A, PartialSource B) Sources => (PartialSource.OperandB, PartialSource.OperandA);
    }
}

namespace Tangent
{
    public readonly partial struct Var
    {
        /// <summary>a·b.</summary>
        public static Var operator *(Var a, Var b) => Apply<Primitives.Multiply>(a, b);
        /// <inheritdoc/>
        public static Var operator *(Var a, double c) => Apply<Primitives.Multiply>(a, c);
        /// <inheritdoc/>
        public static Var operator *(double c, Var a) => Apply<Primitives.Multiply>(c, a);
    }

    public readonly partial struct Dual
    {
        /// <inheritdoc/>
        public static Dual operator *(Dual a, Dual b) => Apply<Primitives.Multiply>(a, b);
        /// <inheritdoc/>
        public static Dual operator *(Dual a, double c) => Apply<Primitives.Multiply>(a, c);
        /// <inheritdoc/>
        public static Dual operator *(double c, Dual a) => Apply<Primitives.Multiply>(c, a);
    }
}
