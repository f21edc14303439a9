using System.Globalization;
using Tangent.Primitives;

namespace Tangent.Symbolic;

/// <summary>What an <see cref="Expr"/> node is.</summary>
public enum ExprKind
{
    /// <summary>A number c.</summary>
    Constant,
    /// <summary>A named input variable.</summary>
    Variable,
    /// <summary>A primitive φ applied to one or two subexpressions.</summary>
    Apply,
}

/// <summary>
/// A symbolic real expression: an immutable DAG whose nodes are numbers, named variables and the
/// primitives of <see cref="Primitive.All"/> applied to subexpressions. Equal subexpressions are
/// shared (hash-consed), and every node is kept in a simplified canonical form as it is built.
/// </summary>
/// <remarks>
/// Expr is an <see cref="IScalar{T}"/>, so the primitives' generic derivative formulas
/// (<see cref="IUnaryPrimitive.DerivativeFormula{T}"/>, <see cref="IBinaryPrimitive.PartialFormulas{T}"/>)
/// and any function written once with generic math produce symbolic results directly.
/// <para>
/// Simplification follows the usual computer-algebra conventions: constants are folded; x·1, x + 0,
/// x¹, x/1 and −(−x) vanish; 0·x = 0 and x⁰ = x/x = 1 (true wherever x is finite and non-zero, so a
/// simplified formula may be defined at a point where the unsimplified one is NaN); like terms and
/// powers of one base are collected (2x + 3x = 5x, x·x = x²); integer powers distribute over
/// products, non-integer powers do not ((x²)^0.5 stays, it is |x|, not x).
/// </para>
/// <para>
/// NOTE: comparisons of two expressions (&lt;, &gt;, ==, …) have no symbolic meaning and throw
/// <see cref="NotSupportedException"/>; the derivative formulas use sign() instead. Use
/// <see cref="Equals(Expr?)"/> for structural identity. A test against null (<c>e == null</c>, <c>e != null</c>)
/// is a reference test and does not throw.
/// </para>
/// Nodes are interned in a per-thread table; <see cref="SymbolicDerivatives"/> opens a fresh table
/// per call so that its memory is released afterwards.
/// </remarks>
public sealed class Expr : IScalar<Expr>, IEquatable<Expr>
{
    /// <summary>What this node is.</summary>
    public ExprKind Kind { get; }

    /// <summary>The number, for a <see cref="ExprKind.Constant"/>.</summary>
    public double Number { get; }

    /// <summary>The variable's name, for a <see cref="ExprKind.Variable"/>; null otherwise.</summary>
    public string? Name { get; }

    /// <summary>The primitive φ, for an <see cref="ExprKind.Apply"/> node; null otherwise.</summary>
    public Primitive? Primitive { get; }

    /// <summary>The first argument a of φ(a) or φ(a, b); null for a leaf.</summary>
    public Expr? A { get; }

    /// <summary>The second argument b of φ(a, b); null for a leaf or a unary φ.</summary>
    public Expr? B { get; }

    /// <summary>
    /// The value at the point the variables carry (NaN when a variable was created without one).
    /// </summary>
    public double Value { get; }

    /// <summary>The longest path of primitive applications from here to a leaf (0 for a leaf).</summary>
    internal int Depth { get; }

    /// <summary>The primitive's position in <see cref="Primitive.All"/> (−1 for a leaf), for ordering.</summary>
    internal int Code { get; }

    private readonly int hash;

    /// <summary>Memo of <see cref="Canonical"/>: a sum's numeric content and primitive part (computed once per node).</summary>
    internal (double Content, Expr Primitive)? ContentMemo;

    /// <summary>Memo of <see cref="ExprOrder.Factors"/> (computed once per node).</summary>
    internal List<(Expr Base, double Exponent)>? FactorsMemo;

    private Expr(ExprKind kind, double number, string? name, Primitive? op, Expr? a, Expr? b, double value)
    {
        Kind = kind;
        Number = number;
        Name = name;
        Primitive = op;
        A = a;
        B = b;
        Value = value;
        Depth = op is null ? 0 : 1 + Math.Max(a!.Depth, b?.Depth ?? 0);
        Code = op is null ? -1 : IndexOf(op);
        hash = HashCode.Combine(kind, number, name, op, a?.hash ?? 0, b?.hash ?? 0);
    }

    private static int IndexOf(Primitive op)
    {
        var all = Tangent.Primitives.Primitive.All;
        for (int i = 0; i < all.Count; i++)
            if (ReferenceEquals(all[i], op)) return i;
        return -1;
    }

    // -------------------------------------------------------------- construction ----

    /// <summary>The number c (−0 is stored as 0).</summary>
    public static Expr Constant(double c)
    {
        if (c == 0) c = 0; // one zero: −0 and 0 are the same symbol
        return ExprTable.Current.Intern(new Expr(ExprKind.Constant, c, null, null, null, null, c));
    }

    /// <summary>The variable called <paramref name="name"/>, taking <paramref name="value"/> at the point.</summary>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public static Expr Variable(string name, double value = double.NaN)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A variable needs a non-empty name, such as \"x\".", nameof(name));
        return ExprTable.Current.Intern(new Expr(ExprKind.Variable, 0, name, null, null, null, value));
    }

    /// <summary>φ(a) or φ(a, b), simplified into canonical form.</summary>
    /// <exception cref="ArgumentException">The number of arguments does not match the primitive's arity.</exception>
    public static Expr Apply(Primitive primitive, Expr a, Expr? b = null)
    {
        if ((primitive.Arity == 2) != (b is not null))
            throw new ArgumentException($"{primitive.Name} takes {primitive.Arity} argument(s).", nameof(b));
        return Canonical.Apply(primitive, a, b);
    }

    /// <summary>φ(a) or φ(a, b) exactly as given, without simplification (the canonical forms are built from these).</summary>
    internal static Expr Raw(Primitive op, Expr a, Expr? b = null)
    {
        double value = op.Evaluate(a.Value, b?.Value ?? 0, out _, out _);
        return ExprTable.Current.Intern(new Expr(ExprKind.Apply, 0, null, op, a, b, value));
    }

    /// <summary>True for a number equal to <paramref name="c"/>.</summary>
    internal bool Is(double c) => Kind == ExprKind.Constant && Number == c;

    /// <summary>True for a node of primitive <paramref name="p"/>.</summary>
    internal bool Is(Primitive p) => ReferenceEquals(Primitive, p);

    // ------------------------------------------------------------------ identity ----

    /// <summary>Structural identity: the same tree (interned nodes compare by reference first).</summary>
    public bool Equals(Expr? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.hash != hash || other.Kind != Kind) return false;
        return Kind switch
        {
            ExprKind.Constant => Number.Equals(other.Number),
            ExprKind.Variable => Name == other.Name && Value.Equals(other.Value),
            _ => ReferenceEquals(Primitive, other.Primitive) && A!.Equals(other.A) && Equals(B, other.B),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Expr e && Equals(e);

    /// <inheritdoc/>
    public override int GetHashCode() => hash;

    /// <summary>The formula in the plain-text formula language, shared subexpressions written out.</summary>
    public override string ToString() => ExprText.Plain(this);


    // ------------------------------------------------------------ IScalar<Expr> ----

    private static Primitive Op<P>() => Tangent.Primitives.Primitive.ByCode(OpCode<P>.Value);

    /// <summary>The constant c.</summary>
    public static implicit operator Expr(double constant) => Constant(constant);

    /// <summary>a + b.</summary>
    public static Expr operator +(Expr a, Expr b) => Canonical.Apply(Operators.Add, a, b);
    /// <summary>a − b.</summary>
    public static Expr operator -(Expr a, Expr b) => Canonical.Apply(Operators.Subtract, a, b);
    /// <summary>a·b.</summary>
    public static Expr operator *(Expr a, Expr b) => Canonical.Apply(Operators.Multiply, a, b);
    /// <summary>a/b.</summary>
    public static Expr operator /(Expr a, Expr b) => Canonical.Apply(Operators.Divide, a, b);
    /// <summary>−a.</summary>
    public static Expr operator -(Expr a) => Canonical.Apply(Operators.Negate, a, null);
    /// <summary>+a = a.</summary>
    public static Expr operator +(Expr a) => a;
    /// <inheritdoc/>
    public static Expr operator +(Expr a, double c) => a + Constant(c);
    /// <inheritdoc/>
    public static Expr operator +(double c, Expr a) => Constant(c) + a;
    /// <inheritdoc/>
    public static Expr operator -(Expr a, double c) => a - Constant(c);
    /// <inheritdoc/>
    public static Expr operator -(double c, Expr a) => Constant(c) - a;
    /// <inheritdoc/>
    public static Expr operator *(Expr a, double c) => a * Constant(c);
    /// <inheritdoc/>
    public static Expr operator *(double c, Expr a) => Constant(c) * a;
    /// <inheritdoc/>
    public static Expr operator /(Expr a, double c) => a / Constant(c);
    /// <inheritdoc/>
    public static Expr operator /(double c, Expr a) => Constant(c) / a;

    private static NotSupportedException NoComparison() => new(
        "Symbolic expressions cannot be compared: a comparison needs values. Record the function on Var " +
        "(the recorded graph fixes each branch at the point) and read the formulas off the graph with SymbolicDerivatives.");

    /// <summary>Not supported: a symbolic comparison has no truth value.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static bool operator <(Expr a, Expr b) => throw NoComparison();
    /// <summary>Not supported: a symbolic comparison has no truth value.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static bool operator >(Expr a, Expr b) => throw NoComparison();
    /// <summary>Not supported: a symbolic comparison has no truth value.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static bool operator <=(Expr a, Expr b) => throw NoComparison();
    /// <summary>Not supported: a symbolic comparison has no truth value.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public static bool operator >=(Expr a, Expr b) => throw NoComparison();
    /// <summary>
    /// A test against null (true when both are null); between two expressions not supported, since that would be a
    /// value comparison (use <see cref="Equals(Expr?)"/> for structural identity).
    /// </summary>
    /// <exception cref="NotSupportedException">Both operands are expressions.</exception>
    public static bool operator ==(Expr? a, Expr? b) =>
        a is null || b is null ? a is null && b is null : throw NoComparison();
    /// <summary>A test against null; between two expressions not supported (see the == operator).</summary>
    /// <exception cref="NotSupportedException">Both operands are expressions.</exception>
    public static bool operator !=(Expr? a, Expr? b) => !(a == b);

    /// <inheritdoc/>
    public static Expr Apply<P>(Expr x) where P : IUnaryPrimitive => Canonical.Apply(Op<P>(), x, null);
    /// <inheritdoc/>
    public static Expr Apply<P>(Expr a, Expr b) where P : IBinaryPrimitive => Canonical.Apply(Op<P>(), a, b);
    /// <summary>aᵇ (also <c>Expr.Apply&lt;Power&gt;(a, b)</c>).</summary>
    public static Expr Pow(Expr a, Expr b) => Canonical.Apply(Operators.Power, a, b);

}
