namespace Tangent.Primitives;

/// <summary>y = ln(1 + eˣ), dy/dx = σ(x), d²y/dx² = σ(x)(1 − σ(x)).</summary>
public readonly struct Softplus : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "softplus";
    // NOTE: x + ln(1 + e⁻ˣ) for x > 0 keeps large x from overflowing.
    /// <inheritdoc/>
    public static double Value(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => Sigmoid.Value(x);
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Sigmoid(x);
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) { double s = Sigmoid.Value(x); return s * (1 - s); }
}
