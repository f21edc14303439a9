using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = ln x on x &gt; 0, dy/dx = 1/x, d²y/dx² = −1/x²; for x &lt; 0, outside the domain, both are NaN like the value.</summary>
    public readonly struct Log : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "log";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Log(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x < 0 ? double.NaN : 1 / x;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / x;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => x < 0 ? double.NaN : -1 / (x * x);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\ln\\left({x}\\right)";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(x > 0);
        /// <inheritdoc/>
        public static string Domain => "x > 0 (natural logarithm; log(0) = −∞)";
    }

    /// <summary>y = ln x by Vector256.Log (within a few ulps of Math.Log), dy/dx = 1/x, NaN for x &lt; 0, as <see cref="Log"/>.</summary>
    internal readonly struct LogLanes : IUnaryLanes<Log>
    {
        // Vector256.Log is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Log(x);
        public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), Lanes.NaN, V.One / x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>ln x.</summary>
        static virtual T Log(T x) => T.Apply<Primitives.Log>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>ln x.</summary>
        public static Var Log(Var x) => Apply<Primitives.Log>(x);
    }
}
