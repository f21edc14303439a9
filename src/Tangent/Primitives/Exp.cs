namespace Tangent.Primitives;

/// <summary>y = eˣ, dy/dx = y, d²y/dx² = y.</summary>
public readonly struct Exp : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "exp";
    /// <inheritdoc/>
    public static double Value(double x) => Math.Exp(x);
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => y;
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => y;
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => y;
}
