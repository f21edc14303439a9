namespace Tangent.Primitives;

/// <summary>y = tanh x, dy/dx = 1 − y², d²y/dx² = −2y(1 − y²).</summary>
public readonly struct Tanh : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "tanh";
    /// <inheritdoc/>
    public static double Value(double x) => Math.Tanh(x);
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => 1 - y * y;
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1 - y * y;
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => -2 * y * (1 - y * y);
}
