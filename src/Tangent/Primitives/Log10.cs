using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = log₁₀ x on x &gt; 0, dy/dx = 1/(x ln 10), d²y/dx² = −1/(x² ln 10).</summary>
    public readonly struct Log10 : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "log10";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Log10(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x < 0 ? double.NaN : 1 / (x * Ln10);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (x * Ln10);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => x < 0 ? double.NaN : -1 / (x * x * Ln10);
        /// <inheritdoc/>
        public static string Domain => "x > 0 (log10(0) = −∞)";
        /// <summary>ln 10.</summary>
        private const double Ln10 = 2.302585092994045684;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\log_{{10}}\\left({x}\\right)";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(x > 0);
    }

    /// <summary>
    /// log₁₀ x = ln x/ln 10 by Vector256.Log (within a few ulps of Math.Log10), dy/dx = 1/(x·ln 10) as
    /// <see cref="Log10"/> declares it, NaN for x &lt; 0.
    /// </summary>
    internal readonly struct Log10Lanes : IUnaryLanes<Log10>
    {
        private static readonly V Ln10 = Vector256.Create(2.302585092994045684);

        // Vector256.Log is within a few ulps of Math.Log, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.Log(x) / Ln10;
        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), Vector256.Create(double.NaN), V.One / (x * Ln10));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>log₁₀ x.</summary>
        static virtual T Log10(T x) => T.Apply<Primitives.Log10>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>log₁₀ x.</summary>
        public static Var Log10(Var x) => Apply<Primitives.Log10>(x);
    }
}
