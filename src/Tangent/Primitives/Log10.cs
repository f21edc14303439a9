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
