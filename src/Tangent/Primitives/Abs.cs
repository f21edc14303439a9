using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = |x|, dy/dx = sign x, d²y/dx² = 0; at the kink x = 0 the convention is abs'(0) = 0.</summary>
    public readonly struct Abs : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "abs";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Abs(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : double.NaN; // NaN at NaN
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sign(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 0;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\left|{x}\\right|";
        /// <inheritdoc/>
        public static bool IsKink(double x) => x == 0;
        /// <inheritdoc/>
        public static string KinkConvention => "abs'(0) = 0 (the midpoint of the one-sided slopes -1 and 1)";
    }

    /// <summary>y = |x|, dy/dx = 1, −1, 0 (the kink convention abs'(0) = 0), NaN at NaN, as <see cref="Abs"/>.</summary>
    internal readonly struct AbsLanes : IUnaryLanes<Abs>
    {
        public static V Value(V x) => Vector256.Abs(x);
        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
                Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), -V.One,
                    Vector256.ConditionalSelect(Vector256.Equals(x, V.Zero), V.Zero, Lanes.NaN)));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>|x|.</summary>
        static virtual T Abs(T x) => T.Apply<Primitives.Abs>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>|x|.</summary>
        public static Var Abs(Var x) => Apply<Primitives.Abs>(x);
    }
}
