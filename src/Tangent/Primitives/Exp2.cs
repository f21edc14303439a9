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
