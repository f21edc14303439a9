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

    private static Real Unary<P>(Real x) where P : IUnaryPrimitive => new(P.Value(x.Value));
    private static Real Binary<P>(Real a, Real b) where P : IBinaryPrimitive => new(P.Value(a.Value, b.Value));

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
    public static Real Sin(Real x) => Unary<Primitives.Sin>(x);
    /// <inheritdoc/>
    public static Real Cos(Real x) => Unary<Primitives.Cos>(x);
    /// <inheritdoc/>
    public static Real Tan(Real x) => Unary<Primitives.Tan>(x);
    /// <inheritdoc/>
    public static Real Asin(Real x) => Unary<Primitives.Asin>(x);
    /// <inheritdoc/>
    public static Real Acos(Real x) => Unary<Primitives.Acos>(x);
    /// <inheritdoc/>
    public static Real Atan(Real x) => Unary<Primitives.Atan>(x);
    /// <inheritdoc/>
    public static Real Atan2(Real y, Real x) => Binary<Primitives.Atan2>(y, x);
    /// <inheritdoc/>
    public static Real Sinh(Real x) => Unary<Primitives.Sinh>(x);
    /// <inheritdoc/>
    public static Real Cosh(Real x) => Unary<Primitives.Cosh>(x);
    /// <inheritdoc/>
    public static Real Tanh(Real x) => Unary<Primitives.Tanh>(x);
    /// <inheritdoc/>
    public static Real Exp(Real x) => Unary<Primitives.Exp>(x);
    /// <inheritdoc/>
    public static Real Log(Real x) => Unary<Primitives.Log>(x);
    /// <inheritdoc/>
    public static Real Sqrt(Real x) => Unary<Primitives.Sqrt>(x);
    /// <inheritdoc/>
    public static Real Abs(Real x) => Unary<Primitives.Abs>(x);
    /// <inheritdoc/>
    public static Real Relu(Real x) => Unary<Primitives.Relu>(x);
    /// <inheritdoc/>
    public static Real Sigmoid(Real x) => Unary<Primitives.Sigmoid>(x);
    /// <inheritdoc/>
    public static Real Softplus(Real x) => Unary<Primitives.Softplus>(x);
    /// <inheritdoc/>
    public static Real Sign(Real x) => Unary<Primitives.Sign>(x);
    /// <inheritdoc/>
    public static Real Max(Real a, Real b) => Binary<Primitives.Max>(a, b);
    /// <inheritdoc/>
    public static Real Min(Real a, Real b) => Binary<Primitives.Min>(a, b);
    /// <inheritdoc/>
    public static Real Pow(Real a, Real b) => Binary<Power>(a, b);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
