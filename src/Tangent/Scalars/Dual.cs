using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A dual number v + ε·d with ε² = 0: running f on x + ε·u gives f(x) + ε·Df(x)u, the
/// directional derivative along u, in one forward pass without a tape.
/// </summary>
/// <remarks>
/// Every operation reads the primitive's one declaration: sin(v + εd) = sin v + ε·cos v·d.
/// Comparisons compare values only (the tangent does not decide a branch), as in ForwardDiff.
/// </remarks>
public readonly struct Dual(double value, double derivative) : IScalar<Dual>
{
    /// <summary>The value v.</summary>
    public double Value { get; } = value;

    /// <summary>The tangent d: the derivative along the seeded direction.</summary>
    public double Derivative { get; } = derivative;

    private static Dual Unary<P>(Dual x) where P : IUnaryPrimitive
    {
        double y = P.Value(x.Value), d = P.Derivative(x.Value, y);
        return new(y, x.Derivative == 0 || d == 0 ? 0 : d * x.Derivative);
    }

    private static Dual Binary<P>(Dual a, Dual b) where P : IBinaryPrimitive
    {
        double y = P.Value(a.Value, b.Value);
        var (da, db) = P.Partials(a.Value, b.Value, y);
        // NOTE: a zero factor contributes nothing, even against a NaN or infinite one: a zero tangent where the
        // partial is NaN (aᵇ in b for a < 0), or a zero partial on an infinite tangent (0·∞ = 0, as in the sweeps).
        double d = (a.Derivative == 0 || da == 0 ? 0 : da * a.Derivative) + (b.Derivative == 0 || db == 0 ? 0 : db * b.Derivative);
        return new(y, d);
    }

    /// <inheritdoc/>
    public static implicit operator Dual(double constant) => new(constant, 0);

    /// <inheritdoc/>
    public static Dual operator +(Dual a, Dual b) => Binary<Add>(a, b);
    /// <inheritdoc/>
    public static Dual operator -(Dual a, Dual b) => Binary<Subtract>(a, b);
    /// <inheritdoc/>
    public static Dual operator *(Dual a, Dual b) => Binary<Multiply>(a, b);
    /// <inheritdoc/>
    public static Dual operator /(Dual a, Dual b) => Binary<Divide>(a, b);
    /// <inheritdoc/>
    public static Dual operator -(Dual a) => Unary<Negate>(a);
    /// <inheritdoc/>
    public static Dual operator +(Dual a) => a;
    /// <inheritdoc/>
    public static Dual operator +(Dual a, double c) => Binary<Add>(a, c);
    /// <inheritdoc/>
    public static Dual operator +(double c, Dual a) => Binary<Add>(c, a);
    /// <inheritdoc/>
    public static Dual operator -(Dual a, double c) => Binary<Subtract>(a, c);
    /// <inheritdoc/>
    public static Dual operator -(double c, Dual a) => Binary<Subtract>(c, a);
    /// <inheritdoc/>
    public static Dual operator *(Dual a, double c) => Binary<Multiply>(a, c);
    /// <inheritdoc/>
    public static Dual operator *(double c, Dual a) => Binary<Multiply>(c, a);
    /// <inheritdoc/>
    public static Dual operator /(Dual a, double c) => Binary<Divide>(a, c);
    /// <inheritdoc/>
    public static Dual operator /(double c, Dual a) => Binary<Divide>(c, a);
    /// <inheritdoc/>
    public static bool operator <(Dual a, Dual b) => a.Value < b.Value;
    /// <inheritdoc/>
    public static bool operator >(Dual a, Dual b) => a.Value > b.Value;
    /// <inheritdoc/>
    public static bool operator <=(Dual a, Dual b) => a.Value <= b.Value;
    /// <inheritdoc/>
    public static bool operator >=(Dual a, Dual b) => a.Value >= b.Value;
    /// <inheritdoc/>
    public static bool operator ==(Dual a, Dual b) => a.Value == b.Value;
    /// <inheritdoc/>
    public static bool operator !=(Dual a, Dual b) => a.Value != b.Value;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Dual d && d.Value == Value;
    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"{Value} + {Derivative}ε");

    /// <inheritdoc/>
    public static Dual Sin(Dual x) => Unary<Primitives.Sin>(x);
    /// <inheritdoc/>
    public static Dual Cos(Dual x) => Unary<Primitives.Cos>(x);
    /// <inheritdoc/>
    public static Dual Tan(Dual x) => Unary<Primitives.Tan>(x);
    /// <inheritdoc/>
    public static Dual Asin(Dual x) => Unary<Primitives.Asin>(x);
    /// <inheritdoc/>
    public static Dual Acos(Dual x) => Unary<Primitives.Acos>(x);
    /// <inheritdoc/>
    public static Dual Atan(Dual x) => Unary<Primitives.Atan>(x);
    /// <inheritdoc/>
    public static Dual Atan2(Dual y, Dual x) => Binary<Primitives.Atan2>(y, x);
    /// <inheritdoc/>
    public static Dual Sinh(Dual x) => Unary<Primitives.Sinh>(x);
    /// <inheritdoc/>
    public static Dual Cosh(Dual x) => Unary<Primitives.Cosh>(x);
    /// <inheritdoc/>
    public static Dual Tanh(Dual x) => Unary<Primitives.Tanh>(x);
    /// <inheritdoc/>
    public static Dual Exp(Dual x) => Unary<Primitives.Exp>(x);
    /// <inheritdoc/>
    public static Dual Log(Dual x) => Unary<Primitives.Log>(x);
    /// <inheritdoc/>
    public static Dual Sqrt(Dual x) => Unary<Primitives.Sqrt>(x);
    /// <inheritdoc/>
    public static Dual Abs(Dual x) => Unary<Primitives.Abs>(x);
    /// <inheritdoc/>
    public static Dual Relu(Dual x) => Unary<Primitives.Relu>(x);
    /// <inheritdoc/>
    public static Dual Sigmoid(Dual x) => Unary<Primitives.Sigmoid>(x);
    /// <inheritdoc/>
    public static Dual Softplus(Dual x) => Unary<Primitives.Softplus>(x);
    /// <inheritdoc/>
    public static Dual Sign(Dual x) => Unary<Primitives.Sign>(x);
    /// <inheritdoc/>
    public static Dual Max(Dual a, Dual b) => Binary<Primitives.Max>(a, b);
    /// <inheritdoc/>
    public static Dual Min(Dual a, Dual b) => Binary<Primitives.Min>(a, b);
    /// <inheritdoc/>
    public static Dual Pow(Dual a, Dual b) => Binary<Power>(a, b);
}
