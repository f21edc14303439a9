namespace Tangent.Primitives;

/// <summary>y = cos x, dy/dx = −sin x, d²y/dx² = −cos x = −y.</summary>
public readonly struct Cos : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "cos";
    /// <inheritdoc/>
    public static double Value(double x) => Math.Cos(x);
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => -Math.Sin(x);
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -T.Sin(x);
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => -y;
}
