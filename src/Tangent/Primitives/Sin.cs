namespace Tangent.Primitives;

/// <summary>y = sin x, dy/dx = cos x, d²y/dx² = −sin x = −y.</summary>
public readonly struct Sin : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "sin";
    /// <inheritdoc/>
    public static double Value(double x) => Math.Sin(x);
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => Math.Cos(x);
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Cos(x);
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => -y;
}
