namespace Tangent.Primitives;

/// <summary>y = σ(x) = 1/(1 + e⁻ˣ), dy/dx = y(1 − y), d²y/dx² = y(1 − y)(1 − 2y).</summary>
public readonly struct Sigmoid : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "sigmoid";
    // NOTE: evaluated in the form that never overflows: for x < 0, eˣ/(1 + eˣ).
    /// <inheritdoc/>
    public static double Value(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => y * (1 - y);
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => y * (1 - y);
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => y * (1 - y) * (1 - 2 * y);
}
