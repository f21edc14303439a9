using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

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

    /// <summary>
    /// gelu x = x·Φ(x) four lanes at a time, Φ(x) = erfc(−x/√2)/2 and φ(x) = e^{−x²/2}/√(2π) by the four-lane error
    /// function (within a few ulps); dy/dx = Φ(x) + x·φ(x), as <see cref="Gelu"/> declares them.
    /// </summary>
    internal readonly struct GeluLanes : IUnaryLanes<Gelu>
    {
        // Vector256.Exp is within a few ulps of Math.Exp, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        private static readonly V Half = Vector256.Create(0.5), MinusInvSqrt2 = Vector256.Create(-0.70710678118654752440),
            InvSqrt2Pi = Vector256.Create(0.39894228040143267794);

        private static V Phi(V x) => Half * ErrorFunction.Complement(x * MinusInvSqrt2);

        public static V Value(V x) => x * Phi(x);

        public static V Derivative(V x, V y) => Phi(x) + x * (ErrorFunction.ExpMinusSquare(x, 0.5) * InvSqrt2Pi);
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
