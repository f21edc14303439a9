using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

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

    /// <summary>
    /// elu x four lanes at a time: x for x &gt; 0, else eˣ − 1 by <see cref="Expm1Lanes"/> (within a few ulps); dy/dx = 1
    /// for x &gt; 0, else eˣ by Vector256.Exp, as <see cref="Elu"/> declares it.
    /// </summary>
    internal readonly struct EluLanes : IUnaryLanes<Elu>
    {
        // Vector256.Exp and Log are within a few ulps of Math.Exp and Log, not bit for bit: exact batches run the declaration.
        public static bool Approximate => true;

        public static V Value(V x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), x, Expm1Lanes.Value(x));

        public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One, Vector256.Exp(x));
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
