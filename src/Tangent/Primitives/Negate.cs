using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = −x, dy/dx = −1, d²y/dx² = 0.</summary>
    public readonly struct Negate : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "neg";
        /// <inheritdoc/>
        public static string FormulaName => "";
        /// <inheritdoc/>
        public static double Value(double x) => -x;
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => -1;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -1;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
    }

    /// <summary>y = −x, dy/dx = −1, as <see cref="Negate"/>.</summary>
    internal readonly struct NegateLanes : IUnaryLanes<Negate>
    {
        public static V Value(V x) => -x;
        public static V Derivative(V x, V y) => -V.One;
        public static PartialSource Source => PartialSource.MinusOne;
    }
}

namespace Tangent
{
    public readonly partial struct Var
    {
        /// <summary>−a.</summary>
        public static Var operator -(Var a) => Apply<Primitives.Negate>(a);
    }

    public readonly partial struct Dual
    {
        /// <inheritdoc/>
        public static Dual operator -(Dual a) => Apply<Primitives.Negate>(a);
    }
}
