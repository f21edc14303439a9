using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A scalar that carries no number, only structure: which of a primitive's arguments (a, b) an
/// expression depends on, and whether it is affine in them. Running a primitive's declared derivative
/// formula on it tells which second partials are structurally zero and whether they need the values
/// at all, so the second-order sweeps and the Hessian sparsity pattern read the primitive's one
/// declaration rather than a second list of facts.
/// </summary>
/// <remarks>
/// A piecewise constant primitive (sign, floor, ceil: <see cref="IUnaryPrimitive.PiecewiseConstant"/>) depends on
/// nothing (its derivative is 0 wherever it exists, and the primitives that use it declare a zero second
/// derivative, kinks included). Any other
/// function of a non-constant argument is curved. A comparison has no structural meaning: it does not throw, it
/// answers (false for an order, structural identity for == and !=) and marks the reading as unreliable
/// (<see cref="Compared"/>), so that <see cref="Curvature"/> takes the primitive as curved in everything and
/// needing values — the conservative answer, which can cost speed but never a wrong second derivative.
/// </remarks>
internal readonly struct Dependence(int mask, bool curved) : IScalar<Dependence>
{
    /// <summary>Bit 0: depends on a; bit 1: depends on b.</summary>
    public int Mask { get; } = mask;

    /// <summary>True when not affine in (a, b): its derivatives depend on the point.</summary>
    public bool Curved { get; } = curved;

    /// <summary>No number is carried.</summary>
    public double Value => double.NaN;

    public static readonly Dependence A = new(1, false), B = new(2, false);

    private static Dependence Sum(Dependence x, Dependence y) => new(x.Mask | y.Mask, x.Curved || y.Curved);
    // A product is affine only when one factor is a constant.
    private static Dependence Product(Dependence x, Dependence y) =>
        x.Mask == 0 ? y : y.Mask == 0 ? x : new(x.Mask | y.Mask, true);
    private static Dependence Function(Dependence x) => x.Mask == 0 ? x : new(x.Mask, true);
    private static Dependence Function(Dependence x, Dependence y) => Function(Sum(x, y));

    public static implicit operator Dependence(double constant) => default;
    public static Dependence operator +(Dependence a, Dependence b) => Sum(a, b);
    public static Dependence operator -(Dependence a, Dependence b) => Sum(a, b);
    public static Dependence operator *(Dependence a, Dependence b) => Product(a, b);
    public static Dependence operator /(Dependence a, Dependence b) => b.Mask == 0 ? a : Function(a, b);
    public static Dependence operator -(Dependence a) => a;
    public static Dependence operator +(Dependence a) => a;
    public static Dependence operator +(Dependence a, double c) => a;
    public static Dependence operator +(double c, Dependence a) => a;
    public static Dependence operator -(Dependence a, double c) => a;
    public static Dependence operator -(double c, Dependence a) => a;
    public static Dependence operator *(Dependence a, double c) => a;
    public static Dependence operator *(double c, Dependence a) => a;
    public static Dependence operator /(Dependence a, double c) => a;
    public static Dependence operator /(double c, Dependence a) => Function(a);
    /// <summary>
    /// Set when a formula run on this thread compared two dependences: the branch it took was chosen without values,
    /// so the structure read off it may miss the other branch's. <see cref="Curvature"/> clears it before a reading.
    /// </summary>
    [ThreadStatic] internal static bool Compared;

    private static bool Order() => !(Compared = true);
    public static bool operator <(Dependence a, Dependence b) => Order();
    public static bool operator >(Dependence a, Dependence b) => Order();
    public static bool operator <=(Dependence a, Dependence b) => Order();
    public static bool operator >=(Dependence a, Dependence b) => Order();
    public static bool operator ==(Dependence a, Dependence b) => (Compared = true) && a.Equals(b);
    public static bool operator !=(Dependence a, Dependence b) => !(a == b);
    public override bool Equals(object? obj) => obj is Dependence d && d.Mask == Mask && d.Curved == Curved;
    public override int GetHashCode() => Mask * 2 + (Curved ? 1 : 0);

    // A piecewise constant φ (sign, floor) depends on nothing: see the remarks.
    public static Dependence Apply<P>(Dependence x) where P : IUnaryPrimitive => P.PiecewiseConstant ? default : Function(x);

    // The arithmetic primitives keep the structure their operators give; any other function is curved.
    public static Dependence Apply<P>(Dependence a, Dependence b) where P : IBinaryPrimitive =>
        OpCode<P>.Value == Operators.AddCode || OpCode<P>.Value == Operators.SubtractCode ? a + b
        : OpCode<P>.Value == Operators.MultiplyCode ? a * b
        : OpCode<P>.Value == Operators.DivideCode ? a / b
        : Function(a, b);
}

/// <summary>
/// Which second partials of a primitive are structurally nonzero, read from its declared derivative
/// formulas: ∂²φ/∂a² can be nonzero only when ∂φ/∂a depends on a, ∂²φ/∂a∂b only when ∂φ/∂a depends on b
/// or ∂φ/∂b on a, ∂²φ/∂b² only when ∂φ/∂b depends on b (y = φ(a, b) counts as depending on both).
/// <see cref="NeedsValues"/> is false when the second partials are constants (the partials are affine).
/// </summary>
internal readonly record struct Curvature(bool Aa, bool Ab, bool Bb, bool NeedsValues)
{
    /// <summary>True when every second partial is zero: the primitive is linear, or piecewise linear.</summary>
    public bool Flat => !Aa && !Ab && !Bb;

    private static Curvature[] table = [];
    private static readonly Lock tableLock = new();

    /// <summary>Curved in every argument and needing values: what a code outside <see cref="Primitive.All"/> is taken to be.</summary>
    internal static readonly Curvature Everywhere = new(true, true, true, true);

    /// <summary>
    /// The curvature of the primitive recorded with <paramref name="code"/> (codes start at 1). A code after
    /// <see cref="Primitive.All"/> (a test-only declaration) is taken as curved in every argument: no test ties the
    /// curvature read off its formulas to its second partials.
    /// </summary>
    public static Curvature Of(byte code)
    {
        if (code > Primitive.All.Count) return Everywhere;
        var t = table;
        if (code < t.Length) return t[code];
        lock (tableLock)
        {
            var built = new Curvature[Primitive.All.Count + 1];
            for (int c = 1; c < built.Length; c++) built[c] = Read(Primitive.ByCode((byte)c));
            table = built;
            return built[code];
        }
    }

    /// <summary>The curvature read off <paramref name="p"/>'s derivative formulas; <see cref="Everywhere"/> when a formula compares.</summary>
    internal static Curvature Read(Primitive p)
    {
        var y = p.Arity == 2 ? new Dependence(3, true) : new Dependence(1, true);
        Dependence.Compared = false;
        var (da, db) = p.PartialFormulas(Dependence.A, p.Arity == 2 ? Dependence.B : default, y);
        if (Dependence.Compared) return Everywhere;
        if (p.Arity == 1) db = default;
        return new Curvature(
            Aa: (da.Mask & 1) != 0,
            Ab: (da.Mask & 2) != 0 || (db.Mask & 1) != 0,
            Bb: (db.Mask & 2) != 0,
            NeedsValues: da.Curved || db.Curved);
    }
}

/// <summary>The curvature of the primitive declared by <typeparamref name="P"/>, looked up once (a constant to the JIT).</summary>
internal static class CurvatureOf<P>
{
    public static readonly Curvature Value = Curvature.Of(OpCode<P>.Value);
}
