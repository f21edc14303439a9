namespace Tangent.Primitives
{
    /// <summary>y = tan x, dy/dx = 1 + y², d²y/dx² = 2y(1 + y²).</summary>
    public readonly struct Tan : IUnaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "tan";
        /// <inheritdoc/>
        public static double Value(double x) => Math.Tan(x);
        /// <inheritdoc/>
        public static string Domain => "x ≠ π/2 + kπ (a double never lands exactly there; near it tan and its derivative are huge)";
        /// <inheritdoc/>
        public static double Derivative(double x, double y) => 1 + y * y;
        /// <inheritdoc/>
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 + y * y;
        /// <inheritdoc/>
        public static double SecondDerivative(double x, double y) => 2 * y * (1 + y * y);
        /// <inheritdoc/>
        public static string Latex(string x) => $"\\tan\\left({x}\\right)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>tan x.</summary>
        static virtual T Tan(T x) => T.Apply<Primitives.Tan>(x);
    }

    public readonly partial struct Var
    {
        /// <summary>tan x.</summary>
        public static Var Tan(Var x) => Apply<Primitives.Tan>(x);
    }
}
