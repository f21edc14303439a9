namespace Tangent.Primitives
{
    /// <summary>
    /// y = √(a² + b²) without overflow or underflow (hypot(1e200, 1e200) ≈ 1.414e200), ∂y/∂a = a/y, ∂y/∂b = b/y,
    /// ∂²y/∂a² = b²/y³, ∂²y/∂a∂b = −ab/y³, ∂²y/∂b² = a²/y³. Not differentiable at the origin, a kink.
    /// </summary>
    public readonly struct Hypot : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "hypot";
        /// <inheritdoc/>
        public static double Value(double a, double b) => double.Hypot(a, b);
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y) => y == 0 ? (0, 0) : (a / y, b / y);
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (a / y, b / y);
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y)
        {
            // (b/y)²/y rather than b²/y³: y³ overflows for y ≳ 1e103 and underflows for y ≲ 1e−103.
            double ua = a / y, ub = b / y;
            return (ub * ub / y, -ua * ub / y, ua * ua / y);
        }
        /// <inheritdoc/>
        public static bool IsKink(double a, double b) => a == 0 && b == 0;
        /// <inheritdoc/>
        public static string KinkConvention => "hypot at (0, 0): the partials used are (0, 0) (hypot(t, 0) = |t| has one-sided slopes −1 and 1)";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>hypot(a, b) = √(a² + b²), without overflow.</summary>
        static virtual T Hypot(T a, T b) => T.Apply<Primitives.Hypot>(a, b);
    }

    public readonly partial struct Var
    {
        /// <summary>hypot(a, b) = √(a² + b²), without overflow.</summary>
        public static Var Hypot(Var a, Var b) => Apply<Primitives.Hypot>(a, b);
    }
}
