namespace Tangent.Primitives
{
    /// <summary>
    /// y = x·Φ(x), the exact GELU, with Φ(x) = erfc(−x/√2)/2 the standard normal distribution function (so that the
    /// left tail keeps its relative accuracy: gelu(−10) ≈ −7.6e−23); dy/dx = Φ(x) + xφ(x), d²y/dx² = φ(x)(2 − x²),
    /// with φ(x) = e^{−x²/2}/√(2π).
    /// </summary>
    public readonly struct Gelu : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "gelu";
        /// <inheritdoc/>
        public static double Value(double x) => x * Phi(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Phi(x) + x * Density(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 0.5 * T.Erfc(-x / Math.Sqrt(2)) + x * T.Exp(-(x * x) / 2) / Math.Sqrt(2 * Math.PI);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => Density(x) * (2 - x * x);
        /// <summary>Φ(x) = erfc(−x/√2)/2.</summary>
        private static double Phi(double x) => 0.5 * ErrorFunction.Complement(-x * 0.70710678118654752440);
        /// <summary>φ(x) = e^{−x²/2}/√(2π).</summary>
        private static double Density(double x) => ErrorFunction.ExpMinusSquare(x, 0.5) * 0.39894228040143267794;
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>gelu x = x·Φ(x), exact (with the normal distribution function, not its tanh approximation).</summary>
        static virtual T Gelu(T x) => T.Apply<Primitives.Gelu>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>gelu x = x·Φ(x), exact (with the normal distribution function, not its tanh approximation).</summary>
        public static Var Gelu(Var x) => Apply<Primitives.Gelu>(x);
    }
}
