using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = sin x, dy/dx = cos x, d²y/dx² = −sin x = −y.</summary>
    public readonly struct Sin : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sin";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Sin(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Math.Cos(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Cos(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -y;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\sin\\left({x}\\right)";
    }

    /// <summary>y = sin x, dy/dx = cos x, by Vector256.Sin/Cos (within a few ulps of Math.Sin/Cos), as <see cref="Sin"/>.</summary>
    internal readonly struct SinLanes : IUnaryLanes<Sin>
    {
        // Vector256.Sin is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Sin(x);
        public static V Derivative(V x, V y) => Vector256.Cos(x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>sin x.</summary>
        static virtual T Sin(T x) => T.Apply<Primitives.Sin>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>sin x.</summary>
        public static Var Sin(Var x) => Apply<Primitives.Sin>(x);
    }
}
