using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A plain double as an <see cref="IScalar{T}"/>: the baseline that a generic function runs on
/// when no derivative is wanted. The JIT compiles it to the same code as double.
/// </summary>
public readonly struct Real(double value) : IScalar<Real>
{
    /// <summary>The value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public static Real Apply<P>(Real x) where P : IUnaryPrimitive => new(P.Value(x.Value));
    /// <inheritdoc/>
    public static Real Apply<P>(Real a, Real b) where P : IBinaryPrimitive => new(P.Value(a.Value, b.Value));

    /// <inheritdoc/>
    public static implicit operator Real(double constant) => new(constant);
    /// <summary>The value.</summary>
    public static implicit operator double(Real x) => x.Value;

    /// <inheritdoc/>
    public static Real operator +(Real a, Real b) => new(a.Value + b.Value);
    /// <inheritdoc/>
    public static Real operator -(Real a, Real b) => new(a.Value - b.Value);
    /// <inheritdoc/>
    public static Real operator *(Real a, Real b) => new(a.Value * b.Value);
    /// <inheritdoc/>
    public static Real operator /(Real a, Real b) => new(a.Value / b.Value);
    /// <inheritdoc/>
    public static Real operator -(Real a) => new(-a.Value);
    /// <inheritdoc/>
    public static Real operator +(Real a) => a;
    /// <inheritdoc/>
    public static Real operator +(Real a, double c) => new(a.Value + c);
    /// <inheritdoc/>
    public static Real operator +(double c, Real a) => new(c + a.Value);
    /// <inheritdoc/>
    public static Real operator -(Real a, double c) => new(a.Value - c);
    /// <inheritdoc/>
    public static Real operator -(double c, Real a) => new(c - a.Value);
    /// <inheritdoc/>
    public static Real operator *(Real a, double c) => new(a.Value * c);
    /// <inheritdoc/>
    public static Real operator *(double c, Real a) => new(c * a.Value);
    /// <inheritdoc/>
    public static Real operator /(Real a, double c) => new(a.Value / c);
    /// <inheritdoc/>
    public static Real operator /(double c, Real a) => new(c / a.Value);
    /// <inheritdoc/>
    public static bool operator <(Real a, Real b) => a.Value < b.Value;
    /// <inheritdoc/>
    public static bool operator >(Real a, Real b) => a.Value > b.Value;
    /// <inheritdoc/>
    public static bool operator <=(Real a, Real b) => a.Value <= b.Value;
    /// <inheritdoc/>
    public static bool operator >=(Real a, Real b) => a.Value >= b.Value;
    /// <summary>a = b as doubles compare: NaN equals nothing, as on <see cref="Var"/>.</summary>
    public static bool operator ==(Real a, Real b) => a.Value == b.Value;
    /// <inheritdoc/>
    public static bool operator !=(Real a, Real b) => a.Value != b.Value;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Real r && r.Value.Equals(Value);
    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
