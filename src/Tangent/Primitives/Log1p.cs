using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = ln(1 + x) on x &gt; −1, accurate for small x where 1 + x rounds (log1p(1e−10) = 1e−10 − 5e−21 to the last bit);
    /// dy/dx = 1/(1 + x), d²y/dx² = −1/(1 + x)².
    /// </summary>
    public readonly struct Log1p : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "log1p";
        /// <inheritdoc/>
        // NOTE: with u = 1 + x rounded, ln u · x/(u − 1) cancels u's rounding error (Goldberg, "What every computer
        // scientist should know about floating-point arithmetic", 1991, theorem 4): a few ulps for every x > −1.
        public static double Value(double x)
        {
            // For |x| < 1e−4, x + (−x²/2 + x³/3 − x⁴/4 + x⁵/5): the correction is 1e−4 of x, so x + c rounds once (correctly
            // rounded but for rare ties); the next term, x⁶/6, is below 2e−21 of x.
            if (Math.Abs(x) < 1e-4) return x + x * x * (-0.5 + x * (1.0 / 3 + x * (-0.25 + x * 0.2)));
            double u = 1 + x;
            if (u == 1) return x;
            if (double.IsPositiveInfinity(u)) return u;
            return Math.Log(u) * x / (u - 1);
        }
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x < -1 ? double.NaN : 1 / (1 + x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (1 + x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) { double u = 1 + x; return x < -1 ? double.NaN : -1 / (u * u); }
        /// <inheritdoc/>
        public static string Domain => "x > −1 (log1p(−1) = −∞)";
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\ln\\left(1 + {x}\\right)";
        /// <inheritdoc/>
        public static bool OutsideDomain(double x) => !(x > -1);
    }

    /// <summary>
    /// ln(1 + x) four lanes at a time, as <see cref="Log1p"/> computes it: below |x| = 1e−4 the same polynomial, else
    /// ln u · x/(u − 1) with u = 1 + x and ln by Vector256.Log (within a few ulps; the quotient cancels u's rounding);
    /// dy/dx = 1/(1 + x), NaN below −1.
    /// </summary>
    internal readonly struct Log1pLanes : IUnaryLanes<Log1p>
    {
        // Vector256.Log is within a few ulps of Math.Log, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        private static readonly V Small = Vector256.Create(1e-4), C2 = Vector256.Create(-0.5), C3 = Vector256.Create(1.0 / 3),
            C4 = Vector256.Create(-0.25), C5 = Vector256.Create(0.2), Infinity = Vector256.Create(double.PositiveInfinity);

        public static V Value(V x)
        {
            var series = x + x * x * (C2 + x * (C3 + x * (C4 + x * C5)));
            var u = V.One + x;
            // u = 1: x itself; u = ∞: ∞ (ln u · x/(u − 1) would be ∞·∞/∞); below −1 the logarithm gives NaN, at −1 −∞.
            var y = Vector256.Log(u) * x / (u - V.One);
            y = Vector256.ConditionalSelect(Vector256.Equals(u, V.One), x, Vector256.ConditionalSelect(Vector256.Equals(u, Infinity), u, y));
            return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Small), series, y);
        }

        public static V Derivative(V x, V y) =>
            Vector256.ConditionalSelect(Vector256.LessThan(x, -V.One), Vector256.Create(double.NaN), V.One / (V.One + x));
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>ln(1 + x), accurate for small x.</summary>
        static virtual T Log1p(T x) => T.Apply<Primitives.Log1p>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>ln(1 + x), accurate for small x.</summary>
        public static Var Log1p(Var x) => Apply<Primitives.Log1p>(x);
    }
}
