namespace Tangent.Primitives
{
    /// <summary>
    /// y = x for x &gt; 0 and eˣ − 1 for x ≤ 0 (ELU with α = 1), dy/dx = 1 for x &gt; 0 and eˣ for x ≤ 0: continuous at 0
    /// (both sides give 1), so elu is C¹ and 0 is not a kink. d²y/dx² = 0 for x &gt; 0 and eˣ for x ≤ 0 jumps at 0
    /// (elu″(0) = 1, the left value, is used there).
    /// </summary>
    public readonly struct Elu : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "elu";
        /// <inheritdoc/>
        public static double Value(double x) => x > 0 ? x : Expm1.Value(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => x > 0 ? 1 : Math.Exp(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Exp(-T.Relu(-x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => x > 0 ? 0 : Math.Exp(x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>elu x: x for x &gt; 0, eˣ − 1 otherwise (α = 1).</summary>
        static virtual T Elu(T x) => T.Apply<Primitives.Elu>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>elu x: x for x &gt; 0, eˣ − 1 otherwise (α = 1).</summary>
        public static Var Elu(Var x) => Apply<Primitives.Elu>(x);
    }
}
