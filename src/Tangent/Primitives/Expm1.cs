using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = eˣ − 1, accurate for small x where eˣ rounds to 1 (expm1(1e−10) = 1e−10 + 5e−21 to the last bit);
    /// dy/dx = eˣ, d²y/dx² = eˣ.
    /// </summary>
    public readonly struct Expm1 : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "expm1";
        /// <inheritdoc/>
        // NOTE: with u = eˣ rounded, (u − 1)·x/ln u cancels u's rounding error (Kahan's trick, as in Goldberg 1991 for
        // log1p): a few ulps for every x. u − 1 is exact near 0, and ln u carries the same error as u.
        public static double Value(double x)
        {
            // For |x| < 1e−4, x + (x²/2 + x³/6 + x⁴/24 + x⁵/120), rounded once as for log1p; the next term is below 2e−23 of x.
            if (Math.Abs(x) < 1e-4) return x + x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))));
            double u = Math.Exp(x);
            if (u == 1) return x;
            double um = u - 1;
            if (um == -1 || double.IsPositiveInfinity(u)) return um;
            return um * x / Math.Log(u);
        }
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Math.Exp(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Exp(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => Math.Exp(x);
    }

    /// <summary>
    /// eˣ − 1 four lanes at a time, as <see cref="Expm1"/> computes it: below |x| = 1e−4 the same polynomial, else Kahan's
    /// (u − 1)·x/ln u with u = eˣ by Vector256.Exp and ln by Vector256.Log (within a few ulps; the quotient cancels u's
    /// error, as in the declaration); dy/dx = eˣ.
    /// </summary>
    internal readonly struct Expm1Lanes : IUnaryLanes<Expm1>
    {
        // Vector256.Exp and Log are within a few ulps of Math.Exp and Log, not bit for bit: exact batches run the declaration.
        public static bool Approximate => true;

        private static readonly V Small = Vector256.Create(1e-4), C2 = Vector256.Create(0.5), C3 = Vector256.Create(1.0 / 6),
            C4 = Vector256.Create(1.0 / 24), C5 = Vector256.Create(1.0 / 120), MinusOne = Vector256.Create(-1.0);

        public static V Value(V x)
        {
            var series = x + x * x * (C2 + x * (C3 + x * (C4 + x * C5)));
            var u = Vector256.Exp(x);
            var um = u - V.One;
            // u = 1: x itself; u − 1 = −1 (x below −37) or u = ∞: u − 1 (the quotient would be 0·∞ or ∞/∞).
            var plain = Vector256.Equals(um, MinusOne) | Vector256.Equals(u, Vector256.Create(double.PositiveInfinity)) | Vector256.IsNaN(x);
            var kahan = um * x / Vector256.Log(u);
            var y = Vector256.ConditionalSelect(plain, um, Vector256.ConditionalSelect(Vector256.Equals(u, V.One), x, kahan));
            return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(x), Small), series, y);
        }

        public static V Derivative(V x, V y) => Vector256.Exp(x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>eˣ − 1, accurate for small x.</summary>
        static virtual T Expm1(T x) => T.Apply<Primitives.Expm1>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>eˣ − 1, accurate for small x.</summary>
        public static Var Expm1(Var x) => Apply<Primitives.Expm1>(x);
    }
}
