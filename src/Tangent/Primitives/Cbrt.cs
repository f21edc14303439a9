namespace Tangent.Primitives
{
    /// <summary>
    /// y = ∛x, the real cube root (∛−8 = −2), dy/dx = 1/(3y²), d²y/dx² = −2/(9y⁵). At x = 0 the tangent is vertical:
    /// the derivative is +∞, reported as a non-finite derivative (cbrt is continuous there but not differentiable).
    /// </summary>
    public readonly struct Cbrt : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "cbrt";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Cbrt(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 1 / (3 * (y * y));
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 / (3 * (y * y));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) { double y2 = y * y; return -2 / (9 * (y2 * y2 * y)); }
        /// <inheritdoc/>
        public static string Domain => "every real x (the derivative is infinite at 0)";
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\sqrt[3]{{{x}}}";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>the real cube root ∛x.</summary>
        static virtual T Cbrt(T x) => T.Apply<Primitives.Cbrt>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>the real cube root ∛x.</summary>
        public static Var Cbrt(Var x) => Apply<Primitives.Cbrt>(x);
    }
}
