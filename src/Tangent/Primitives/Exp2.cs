using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>y = 2ˣ, dy/dx = y ln 2, d²y/dx² = y ln²2.</summary>
    public readonly struct Exp2 : IUnaryPrimitive
    {
        /// <summary>ln 2.</summary>
        private const double Ln2 = 0.69314718055994530942;
        /// <inheritdoc/>
        public static string Name => "exp2";
        /// <inheritdoc/>
        public static double Value(double x) => double.Exp2(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => y * Ln2;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => y * Ln2;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => y * Ln2 * Ln2;
        /// <inheritdoc/>
        public static string Latex(string x) => $"2^{{{x}}}";
    }

    /// <summary>
    /// 2ˣ four lanes at a time: x = n + f with n = round(x) and |f| ≤ ½, 2ᶠ = e^{f·ln 2} by Vector256.Exp (within a few
    /// ulps; f·ln 2 is below 0.35, so its rounding costs under an ulp, where e^{x·ln 2} would lose |x·ln 2| ulps), times 2ⁿ
    /// built from its exponent bits in two halves (each a normal number for |n| ≤ 1100, so a subnormal 2ˣ is rounded
    /// once); dy/dx = y·ln 2 as <see cref="Exp2"/> declares it.
    /// </summary>
    internal readonly struct Exp2Lanes : IUnaryLanes<Exp2>
    {
        // Vector256.Exp is within a few ulps of Math.Exp, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        private static readonly V Ln2 = Vector256.Create(0.69314718055994530942), Limit = Vector256.Create(1100.0),
            Half = Vector256.Create(0.5), Bias = Vector256.Create(1023.0);

        /// <summary>2ᵏ for whole k in [−1022, 1023], from the exponent bits.</summary>
        private static V Power(V k) => Vector256.ShiftLeft(Vector256.ConvertToInt64(k + Bias), 52).AsDouble();

        public static V Value(V x)
        {
            // Beyond ±1100, 2ˣ is ∞ or 0 and n is clamped there (2^{±1100}·2ᶠ still overflows or underflows); NaN stays NaN.
            var n = Vector256.Min(Vector256.Max(Vector256.Round(x), -Limit), Limit);
            var f = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Abs(x), Limit), V.Zero, x - n);
            var low = Vector256.Floor(n * Half);
            var y = Vector256.Exp(f * Ln2) * Power(low) * Power(n - low);
            return Vector256.ConditionalSelect(Vector256.IsNaN(x), x, y);
        }

        public static V Derivative(V x, V y) => y * Ln2;
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>2ˣ.</summary>
        static virtual T Exp2(T x) => T.Apply<Primitives.Exp2>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>2ˣ.</summary>
        public static Var Exp2(Var x) => Apply<Primitives.Exp2>(x);
    }
}
