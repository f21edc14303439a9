using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = cos x, dy/dx = −sin x, d²y/dx² = −cos x = −y.</summary>
    public readonly struct Cos : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "cos";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Cos(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => -Math.Sin(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -T.Sin(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -y;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\cos\\left({x}\\right)";
    }

    /// <summary>y = cos x, dy/dx = −sin x, by Vector256.Cos/Sin (within a few ulps of Math.Cos/Sin), as <see cref="Cos"/>.</summary>
    internal readonly struct CosLanes : IUnaryLanes<Cos>
    {
        // Vector256.Cos is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Cos(x);
        public static V Derivative(V x, V y) => -Vector256.Sin(x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>cos x.</summary>
        static virtual T Cos(T x) => T.Apply<Primitives.Cos>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>cos x.</summary>
        public static Var Cos(Var x) => Apply<Primitives.Cos>(x);
    }
}
