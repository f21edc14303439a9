namespace Tangent.Primitives
{
    /// <summary>
    /// y = atan2(a, b), the angle of the point (b, a) in (−π, π] (a is the ordinate, as in atan2(y, x)).
    /// It jumps by 2π across the branch cut a = 0, b &lt; 0, reported as a kink.
    /// With r² = a² + b²: ∂y/∂a = b/r², ∂y/∂b = −a/r², ∂²y/∂a² = −2ab/r⁴, ∂²y/∂a∂b = (a² − b²)/r⁴, ∂²y/∂b² = 2ab/r⁴.
    /// </summary>
    public readonly struct Atan2 : IBinaryPrimitive
    {
        /// <inheritdoc/>
        public static string Name => "atan2";
        /// <inheritdoc/>
        public static string ArgumentNames => "y, x";
        /// <inheritdoc/>
        public static double Value(double a, double b) => Math.Atan2(a, b);
        /// <inheritdoc/>
        public static (double Da, double Db) Partials(double a, double b, double y)
        {
            double r2 = a * a + b * b;
            return (b / r2, -a / r2);
        }
        /// <inheritdoc/>
        public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (b / (a * a + b * b), -a / (a * a + b * b));
        /// <inheritdoc/>
        public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y)
        {
            double r2 = a * a + b * b, r4 = r2 * r2;
            return (-2 * a * b / r4, (a * a - b * b) / r4, 2 * a * b / r4);
        }
        /// <inheritdoc/>
        public static bool OutsideDomain(double a, double b) => a == 0 && b == 0;
        /// <inheritdoc/>
        public static string Domain => "(y, x) ≠ (0, 0)";
        /// <inheritdoc/>
        public static bool IsKink(double a, double b) => a == 0 && b < 0;
        /// <inheritdoc/>
        public static string KinkConvention => "atan2 on its branch cut (y = 0, x < 0): the value is π, the limit from y > 0; atan2 jumps by 2π across the cut, and the partials used are those of either side";
    }
}

namespace Tangent
{
    public partial interface IScalar<T>
    {
        /// <summary>atan2(y, x), the angle of (x, y) in (−π, π].</summary>
        static virtual T Atan2(T y, T x) => T.Apply<Primitives.Atan2>(y, x);
    }

    public readonly partial struct Var
    {
        /// <summary>atan2(y, x), the angle of (x, y) in (−π, π].</summary>
        public static Var Atan2(Var y, Var x) => Apply<Primitives.Atan2>(y, x);
    }
}
