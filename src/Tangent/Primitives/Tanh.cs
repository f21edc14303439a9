using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = tanh x, dy/dx = sech²x = 4e/(1 + e)² with e = e^{−2|x|}, d²y/dx² = −2y·sech²x. Not 1 − y²: that loses every
    /// digit where y rounds to ±1 (tanh′(20) ≈ 1.7e−17 would come out 0).
    /// </summary>
    public readonly struct Tanh : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "tanh";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Tanh(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) { double e = Math.Exp(-2 * Math.Abs(x)), q = 1 + e; return 4 * e / (q * q); }
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (T.Cosh(x) * T.Cosh(x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -2 * y * Derivative(x, y);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\tanh\\left({x}\\right)";
    }

    /// <summary>
    /// tanh x four lanes at a time, as Cephes computes it: for |x| &lt; 0.625 the rational x + x·z·P(z)/Q(z), z = x²
    /// (relative error below an ulp there, where 1 − 2/(e^{2|x|} + 1) would cancel: TensorPrimitives.Tanh loses
    /// digits near 0 that way); else 1 − 2/(e^{2|x|} + 1) with the sign of x (Vector256.Exp, within a few ulps;
    /// e^{2|x|} = ∞ gives exactly ±1). dy/dx = sech²x: (1 − y)(1 + y) where |x| &lt; 1 (|y| &lt; 0.77, so 1 − y² &gt; 0.41
    /// and y's rounding costs at most a few ulps), else 4e/(1 + e)² with e = e^{−2|x|}, the declaration's form, which
    /// keeps its relative accuracy where y rounds to ±1. Each form is computed only when some lane needs it.
    /// </summary>
    internal readonly struct TanhLanes : IUnaryLanes<Tanh>
    {
        // Vector256.Exp is within a few ulps of Math.*, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        private static readonly V Threshold = Vector256.Create(0.625), SlopeThreshold = V.One;

        public static V Value(V x)
        {
            var ax = Vector256.Abs(x);
            var small = Vector256.LessThan(ax, Threshold);
            uint lanes = small.ExtractMostSignificantBits(); // bit k: lane k is small
            V rational = default, exponential;
            if (lanes != 0)
            {
                var z = x * x;
                var p = (Vector256.Create(-9.64399179425052238628E-1) * z + Vector256.Create(-9.92877231001918586564E1)) * z + Vector256.Create(-1.61468768441708447952E3);
                var q = ((z + Vector256.Create(1.12811678491632931402E2)) * z + Vector256.Create(2.23548839060100448583E3)) * z + Vector256.Create(4.84406305325125486048E3);
                rational = x + x * z * (p / q);
                if (lanes == 0b1111) return rational;
            }
            var s = Vector256.Exp(ax + ax);
            exponential = Vector256.CopySign(V.One - Vector256.Create(2.0) / (s + V.One), x);
            return Vector256.ConditionalSelect(small, rational, exponential);
        }

        /// <summary>
        /// Both at once, with one exponential (none when all four lanes are below 0.625): s = e^{2|x|}, t = 2/(s + 1) = 1 − |tanh x|
        /// (to a few ulps, relative, even where tanh x rounds to ±1), y = ±(1 − t) and sech²x = 1 − (1 − t)² = t(2 − t);
        /// below |x| = 0.625 the rational and (1 − y)(1 + y). Where s overflows (|x| &gt; 354.9) t is 0 but sech²x is
        /// still a subnormal up to |x| ≈ 372.5: those lanes take the declaration's 4e/(1 + e)², e = e^{−2|x|}.
        /// </summary>
        public static bool Joint => true;

        public static (V Value, V Derivative) ValueAndDerivative(V x)
        {
            var ax = Vector256.Abs(x);
            var small = Vector256.LessThan(ax, Threshold);
            var z = x * x;
            var p = (Vector256.Create(-9.64399179425052238628E-1) * z + Vector256.Create(-9.92877231001918586564E1)) * z + Vector256.Create(-1.61468768441708447952E3);
            var q = ((z + Vector256.Create(1.12811678491632931402E2)) * z + Vector256.Create(2.23548839060100448583E3)) * z + Vector256.Create(4.84406305325125486048E3);
            // In a network most pre-activations are small (in the 4-32-3 example, 88% of the vectors have all four lanes
            // below 0.625): those skip the exponential, with the same operations as the mixed path below.
            if (small.ExtractMostSignificantBits() == 0b1111)
            {
                var ys = x + x * z * p / q;
                return (ys, (V.One - ys) * (V.One + ys));
            }
            var s = Vector256.Exp(ax + ax);
            // one division for both forms: r = x·z·P/Q in the small lanes, t = 2/(s + 1) in the others
            var two = Vector256.Create(2.0);
            var r = Vector256.ConditionalSelect(small, x * z * p, two) / Vector256.ConditionalSelect(small, q, s + V.One);
            var y = Vector256.ConditionalSelect(small, x + r, Vector256.CopySign(V.One - r, x));
            var d = Vector256.ConditionalSelect(small, (V.One - y) * (V.One + y), r * (two - r));
            var overflow = Vector256.Equals(s, Vector256.Create(double.PositiveInfinity));
            if (overflow.ExtractMostSignificantBits() != 0)
            {
                var e = Vector256.Exp(-(ax + ax));
                var qe = V.One + e;
                d = Vector256.ConditionalSelect(overflow, Vector256.Create(4.0) * e / (qe * qe), d);
            }
            return (y, d);
        }

        public static V Derivative(V x, V y)
        {
            var ax = Vector256.Abs(x);
            var small = Vector256.LessThan(ax, SlopeThreshold);
            var near = (V.One - y) * (V.One + y);
            if (small.ExtractMostSignificantBits() == 0b1111) return near;
            var e = Vector256.Exp(-(ax + ax));
            var q = V.One + e;
            return Vector256.ConditionalSelect(small, near, Vector256.Create(4.0) * e / (q * q));
        }
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>tanh x.</summary>
        static virtual T Tanh(T x) => T.Apply<Primitives.Tanh>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>tanh x.</summary>
        public static Var Tanh(Var x) => Apply<Primitives.Tanh>(x);
    }
}
