using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = eˣ, dy/dx = y, d²y/dx² = y.</summary>
    public readonly struct Exp : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "exp";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Exp(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => y;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => y;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => y;
        /// <inheritdoc/>
        public static string Latex(string x) => $"e^{{{x}}}";
    }

    /// <summary>y = eˣ by Vector256.Exp (within a few ulps of Math.Exp), dy/dx = y, as <see cref="Exp"/>.</summary>
    internal readonly struct ExpLanes : IUnaryLanes<Exp>
    {
        // Vector256.Exp is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Exp(x);
        public static V Derivative(V x, V y) => y;
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>eˣ.</summary>
        static virtual T Exp(T x) => T.Apply<Primitives.Exp>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>eˣ.</summary>
        public static Var Exp(Var x) => Apply<Primitives.Exp>(x);
    }
}
