namespace Tangent.Primitives
{
    /// <summary>y = sinh x, dy/dx = cosh x, d²y/dx² = sinh x = y.</summary>
    public readonly struct Sinh : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "sinh";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Sinh(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Math.Cosh(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Cosh(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => y;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\sinh\\left({x}\\right)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>sinh x.</summary>
        static virtual T Sinh(T x) => T.Apply<Primitives.Sinh>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>sinh x.</summary>
        public static Var Sinh(Var x) => Apply<Primitives.Sinh>(x);
    }
}
