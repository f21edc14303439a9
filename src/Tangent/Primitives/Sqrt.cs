using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = √x on x ≥ 0, dy/dx = 1/(2y), d²y/dx² = −1/(4y³) (both infinite at 0).</summary>
    public readonly struct Sqrt : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sqrt";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Sqrt(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 0.5 / y;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 0.5 / y;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -0.25 / (y * y * y);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\sqrt{{{x}}}";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(x >= 0);
        /// <inheritdoc/>
        public static string Domain => "x ≥ 0 (the derivative is infinite at 0)";
    }

    /// <summary>y = √x (IEEE square root, correctly rounded like Math.Sqrt), dy/dx = 0.5/y, as <see cref="Sqrt"/>.</summary>
    internal readonly struct SqrtLanes : IUnaryLanes<Sqrt>
    {
        public static V Value(V x) => Vector256.Sqrt(x);
        public static V Derivative(V x, V y) => Vector256.Create(0.5) / y;
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>√x.</summary>
        static virtual T Sqrt(T x) => T.Apply<Primitives.Sqrt>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>√x.</summary>
        public static Var Sqrt(Var x) => Apply<Primitives.Sqrt>(x);
    }
}
