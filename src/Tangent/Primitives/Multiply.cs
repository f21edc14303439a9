namespace Tangent.Primitives;

/// <summary>y = a·b, ∂y/∂a = b, ∂y/∂b = a, ∂²y/∂a∂b = 1.</summary>
public readonly struct Multiply : IBinaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "*";
    /// <inheritdoc/>
    public static double Value(double a, double b) => a * b;
    /// <inheritdoc/>
    public static (double Da, double Db) Partials(double a, double b, double y) => (b, a);
    /// <inheritdoc/>
    public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => (b, a);
    /// <inheritdoc/>
    public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (0, 1, 0);
}
