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
public readonly partial struct Dual(double value, double derivative) : IScalar<Dual>
{
    /// <summary>The value v.</summary>
    public double Value { get; } = value;

    /// <summary>The tangent d: the derivative along the seeded direction.</summary>
    public double Derivative { get; } = derivative;

    /// <inheritdoc/>
    public static Dual Apply<P>(Dual x) where P : IUnaryPrimitive
    {
        double y = P.Value(x.Value), d = P.Derivative(x.Value, y);
        return new(y, x.Derivative == 0 || d == 0 ? 0 : d * x.Derivative);
    }

    /// <inheritdoc/>
    public static Dual Apply<P>(Dual a, Dual b) where P : IBinaryPrimitive
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

    // The operators +, −, ·, / and unary − are declared beside their primitives (Primitives/Add.cs, …).

    /// <inheritdoc/>
    public static Dual operator +(Dual a) => a;
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

}
