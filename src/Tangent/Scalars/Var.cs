using System.Runtime.CompilerServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// The scalar of the recording tape: a value, and the node of the graph that computed it.
/// Arithmetic on Vars computes the value and records the primitive with its local partials;
/// the sweeps of <see cref="Differentiate"/> then read the derivative off the graph.
/// </summary>
/// <remarks>
/// A double converts implicitly to a constant Var (no node is recorded for constants).
/// Comparisons compare values and are recorded as branch decisions: a recorded graph is re-used
/// at a new point only while every decision comes out the same. Reading <see cref="Value"/> and
/// branching on it yourself bypasses that check.
/// </remarks>
public readonly struct Var : IScalar<Var>
{
    /// <summary>The value at the point.</summary>
    public double Value { get; }

    /// <summary>The graph node that holds this value; 0 for a constant.</summary>
    internal readonly int Index;

    /// <summary>The recording that created the node.</summary>
    internal readonly int Session;

    /// <summary>The graph recording that session (null for a constant): operations reach it without a thread-local read.</summary>
    internal readonly Graph? Graph;

    /// <summary>A constant.</summary>
    public Var(double value) => Value = value;

    internal Var(double value, int index, int session)
    {
        Value = value;
        Index = index;
        Session = session;
    }

    internal Var(double value, int index, Graph graph, int session)
    {
        Value = value;
        Index = index;
        Session = session;
        Graph = graph;
    }

    /// <summary>True when this is a constant, not a recorded value.</summary>
    public bool IsConstant => Index == 0;

    /// <summary>Records the unary primitive P on x (internal: lets tests record a test-only primitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Var Unary<P>(Var x) where P : IUnaryPrimitive
    {
        double y = P.Value(x.Value);
        return x.Index == 0 ? new Var(y) : Tape.Unary<P>(x, y);
    }

    /// <summary>Records the binary primitive P on (a, b) (internal: lets tests record a test-only primitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Var Binary<P>(Var a, Var b) where P : IBinaryPrimitive
    {
        double y = P.Value(a.Value, b.Value);
        return (a.Index | b.Index) == 0 ? new Var(y) : Tape.Binary<P>(a, b, y);
    }

    /// <inheritdoc/>
    public static implicit operator Var(double constant) => new(constant);

    /// <summary>a + b.</summary>
    public static Var operator +(Var a, Var b) => Binary<Add>(a, b);
    /// <summary>a − b.</summary>
    public static Var operator -(Var a, Var b) => Binary<Subtract>(a, b);
    /// <summary>a·b.</summary>
    public static Var operator *(Var a, Var b) => Binary<Multiply>(a, b);
    /// <summary>a/b.</summary>
    public static Var operator /(Var a, Var b) => Binary<Divide>(a, b);
    /// <summary>−a.</summary>
    public static Var operator -(Var a) => Unary<Negate>(a);
    /// <summary>+a = a.</summary>
    public static Var operator +(Var a) => a;
    /// <inheritdoc/>
    public static Var operator +(Var a, double c) => Binary<Add>(a, c);
    /// <inheritdoc/>
    public static Var operator +(double c, Var a) => Binary<Add>(c, a);
    /// <inheritdoc/>
    public static Var operator -(Var a, double c) => Binary<Subtract>(a, c);
    /// <inheritdoc/>
    public static Var operator -(double c, Var a) => Binary<Subtract>(c, a);
    /// <inheritdoc/>
    public static Var operator *(Var a, double c) => Binary<Multiply>(a, c);
    /// <inheritdoc/>
    public static Var operator *(double c, Var a) => Binary<Multiply>(c, a);
    /// <inheritdoc/>
    public static Var operator /(Var a, double c) => Binary<Divide>(a, c);
    /// <inheritdoc/>
    public static Var operator /(double c, Var a) => Binary<Divide>(c, a);

    /// <summary>a &lt; b on the values, recorded as a branch decision.</summary>
    public static bool operator <(Var a, Var b) => Tape.Compare(a, b, Comparison.Less);
    /// <summary>a &gt; b on the values, recorded as a branch decision.</summary>
    public static bool operator >(Var a, Var b) => Tape.Compare(a, b, Comparison.Greater);
    /// <summary>a ≤ b on the values, recorded as a branch decision.</summary>
    public static bool operator <=(Var a, Var b) => Tape.Compare(a, b, Comparison.LessOrEqual);
    /// <summary>a ≥ b on the values, recorded as a branch decision.</summary>
    public static bool operator >=(Var a, Var b) => Tape.Compare(a, b, Comparison.GreaterOrEqual);
    /// <summary>a = b on the values, recorded as a branch decision.</summary>
    public static bool operator ==(Var a, Var b) => Tape.Compare(a, b, Comparison.Equal);
    /// <summary>a ≠ b on the values, recorded as a branch decision.</summary>
    public static bool operator !=(Var a, Var b) => Tape.Compare(a, b, Comparison.NotEqual);

    /// <summary>Value equality (not recorded).</summary>
    public override bool Equals(object? obj) => obj is Var v && v.Value.Equals(Value);
    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
    /// <inheritdoc/>
    public override string ToString() => Graph.F(Value);

    /// <inheritdoc/>
    public static Var Sin(Var x) => Unary<Primitives.Sin>(x);
    /// <inheritdoc/>
    public static Var Cos(Var x) => Unary<Primitives.Cos>(x);
    /// <inheritdoc/>
    public static Var Tan(Var x) => Unary<Primitives.Tan>(x);
    /// <inheritdoc/>
    public static Var Asin(Var x) => Unary<Primitives.Asin>(x);
    /// <inheritdoc/>
    public static Var Acos(Var x) => Unary<Primitives.Acos>(x);
    /// <inheritdoc/>
    public static Var Atan(Var x) => Unary<Primitives.Atan>(x);
    /// <inheritdoc/>
    public static Var Atan2(Var y, Var x) => Binary<Primitives.Atan2>(y, x);
    /// <inheritdoc/>
    public static Var Sinh(Var x) => Unary<Primitives.Sinh>(x);
    /// <inheritdoc/>
    public static Var Cosh(Var x) => Unary<Primitives.Cosh>(x);
    /// <inheritdoc/>
    public static Var Tanh(Var x) => Unary<Primitives.Tanh>(x);
    /// <inheritdoc/>
    public static Var Exp(Var x) => Unary<Primitives.Exp>(x);
    /// <inheritdoc/>
    public static Var Log(Var x) => Unary<Primitives.Log>(x);
    /// <inheritdoc/>
    public static Var Sqrt(Var x) => Unary<Primitives.Sqrt>(x);
    /// <inheritdoc/>
    public static Var Abs(Var x) => Unary<Primitives.Abs>(x);
    /// <inheritdoc/>
    public static Var Relu(Var x) => Unary<Primitives.Relu>(x);
    /// <inheritdoc/>
    public static Var Sigmoid(Var x) => Unary<Primitives.Sigmoid>(x);
    /// <inheritdoc/>
    public static Var Softplus(Var x) => Unary<Primitives.Softplus>(x);
    /// <inheritdoc/>
    public static Var Sign(Var x) => Unary<Primitives.Sign>(x);
    /// <inheritdoc/>
    public static Var Max(Var a, Var b) => Binary<Primitives.Max>(a, b);
    /// <inheritdoc/>
    public static Var Min(Var a, Var b) => Binary<Primitives.Min>(a, b);
    /// <inheritdoc/>
    public static Var Pow(Var a, Var b) => Binary<Power>(a, b);
    /// <summary>aᶜ for a constant exponent; integer c applies to negative a.</summary>
    public static Var Pow(Var a, double c) => Binary<Power>(a, c);
    /// <summary>cᵃ for a constant base.</summary>
    public static Var Pow(double c, Var a) => Binary<Power>(c, a);
}
