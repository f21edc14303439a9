using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives
{
    /// <summary>
    /// y = erf x = (2/√π)∫₀ˣ e^{−t²} dt (fdlibm's method, see <see cref="ErrorFunction"/>), dy/dx = (2/√π)e^{−x²},
    /// d²y/dx² = −2x·(2/√π)e^{−x²}.
    /// </summary>
    public readonly struct Erf : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "erf";
        /// <inheritdoc/>
        public static double Value(double x) => ErrorFunction.Of(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => ErrorFunction.TwoOverSqrtPi * ErrorFunction.ExpMinusSquare(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => ErrorFunction.TwoOverSqrtPi * T.Exp(-(x * x));
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => -2 * x * (ErrorFunction.TwoOverSqrtPi * ErrorFunction.ExpMinusSquare(x));
    }

    /// <summary>
    /// erf x four lanes at a time by fdlibm's method as <see cref="Erf"/> (every interval evaluated, each lane's own kept;
    /// the tail's exponentials by Vector256.Exp, within a few ulps); dy/dx = (2/√π)e^{−x²} with x² split as declared.
    /// </summary>
    internal readonly struct ErfLanes : IUnaryLanes<Erf>
    {
        // Vector256.Exp is within a few ulps of Math.Exp, not bit for bit: exact batches run the declaration instead.
        public static bool Approximate => true;

        public static V Value(V x) => ErrorFunction.Of(x);

        public static V Derivative(V x, V y) => Vector256.Create(ErrorFunction.TwoOverSqrtPi) * ErrorFunction.ExpMinusSquare(x);
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>the error function erf x.</summary>
        static virtual T Erf(T x) => T.Apply<Primitives.Erf>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>the error function erf x.</summary>
        public static Var Erf(Var x) => Apply<Primitives.Erf>(x);
    }
}
