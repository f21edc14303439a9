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
public readonly partial struct Var : IScalar<Var>
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

    /// <summary>
    /// Records the unary primitive P on x: the hook every named function (<see cref="Sin"/>, …) calls. A primitive
    /// declared outside the library (your own <see cref="IUnaryPrimitive"/>) is recorded through it too, and then
    /// works in every sweep: forward, reverse, second order, replay, compiled gradients.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Apply<P>(Var x) where P : IUnaryPrimitive
    {
        double y = P.Value(x.Value);
        if (x.Index != 0) return Tape.Unary<P>(x, y);
        if (!double.IsFinite(y)) Tape.OnConstantNonFinite(Primitive.ByCode(OpCode<P>.Value), x.Value, 0, y, binary: false);
        return new Var(y);
    }

    /// <summary>Records the binary primitive P on (a, b): the hook behind the operators and every named binary function (its declaration says which).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Apply<P>(Var a, Var b) where P : IBinaryPrimitive
    {
        double y = P.Value(a.Value, b.Value);
        if ((a.Index | b.Index) != 0) return Tape.Binary<P>(a, b, y);
        if (!double.IsFinite(y)) Tape.OnConstantNonFinite(Primitive.ByCode(OpCode<P>.Value), a.Value, b.Value, y, binary: true);
        return new Var(y);
    }

    /// <inheritdoc/>
    public static implicit operator Var(double constant) => new(constant);

    // The operators +, −, ·, / and unary − are declared beside their primitives (Primitives/Add.cs, …).

    /// <summary>+a = a.</summary>
    public static Var operator +(Var a) => a;

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

}
