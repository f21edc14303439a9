namespace Tangent.Primitives
{
    /// <summary>y = cosh x, dy/dx = sinh x, d²y/dx² = cosh x = y.</summary>
    public readonly struct Cosh : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "cosh";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Cosh(x);
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => Math.Sinh(x);
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sinh(x);
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => y;
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\cosh\\left({x}\\right)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>cosh x.</summary>
        static virtual T Cosh(T x) => T.Apply<Primitives.Cosh>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>cosh x.</summary>
        public static Var Cosh(Var x) => Apply<Primitives.Cosh>(x);
    }
}
