using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = log₂ x on x &gt; 0, dy/dx = 1/(x ln 2), d²y/dx² = −1/(x² ln 2).</summary>
    public readonly struct Log2 : IUnaryPrimitive
    {
        /// <summary>ln 2.</summary>
        private const double Ln2 = 0.69314718055994530942;
        /// <inheritdoc/>
        public static string Name => "log2";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Log2(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x < 0 ? double.NaN : 1 / (x * Ln2);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (x * Ln2);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => x < 0 ? double.NaN : -1 / (x * x * Ln2);
        /// <inheritdoc/>
        public static string Domain => "x > 0 (log2(0) = −∞)";
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\log_{{2}}\\left({x}\\right)";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(x > 0);
    }

    /// <summary>
    /// log₂ x by Vector256.Log2 (within a few ulps of Math.Log2), dy/dx = 1/(x·ln 2) as <see cref="Log2"/> declares it,
    /// NaN for x &lt; 0.
    /// </summary>
    internal readonly struct Log2Lanes : IUnaryLanes<Log2>
    {
        private static readonly V Ln2 = Vector256.Create(0.69314718055994530942);

        // Vector256.Log2 is within a few ulps of Math.Log2, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Log2(x);
        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), Vector256.Create(double.NaN), V.One / (x * Ln2));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>log₂ x.</summary>
        static virtual T Log2(T x) => T.Apply<Primitives.Log2>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>log₂ x.</summary>
        public static Var Log2(Var x) => Apply<Primitives.Log2>(x);
    }
}
