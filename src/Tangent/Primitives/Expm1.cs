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
