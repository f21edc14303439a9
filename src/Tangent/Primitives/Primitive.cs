namespace Tangent.Primitives;

/// <summary>
/// The run-time face of a primitive declaration, for the sweeps that meet primitives by their
/// code on the recorded graph (re-evaluation at a new point, second order, symbolic output).
/// Recording never goes through here: it calls the declaring struct directly.
/// </summary>
public abstract class Primitive
{
    /// <summary>Every primitive of the registry (<see cref="Registry"/>), in code order; code 0 is reserved for graph inputs.</summary>
    public static IReadOnlyList<Primitive> All { get; } = Registry.Declared;

    /// <summary>The primitive recorded with code <paramref name="code"/> (codes start at 1).</summary>
    internal static Primitive ByCode(byte code) => code <= Registry.Declared.Length ? Registry.Declared[code - 1] : unlisted[code - 1 - Registry.Declared.Length];

    // NOTE: declarations outside All are recorded through Var.Apply (a user's own primitive, a test-only one with a
    // deliberately wrong derivative rule for the Taylor test, and the derivative nodes of tangent graphs, see
    // Slopes.cs). They get codes after All, in the order first met, so that replay and second-order sweeps find
    // their declaration too.
    private static Primitive[] unlisted = [];
    private static readonly Lock unlistedLock = new();

    internal static byte CodeOf(Type declaration)
    {
        for (int i = 0; i < All.Count; i++)
            if (All[i].Declaration == declaration) return (byte)(i + 1);
        lock (unlistedLock)
        {
            for (int i = 0; i < unlisted.Length; i++)
                if (unlisted[i].Declaration == declaration) return (byte)(All.Count + i + 1);
            if (All.Count + unlisted.Length + 1 > Node.MaxCode)
                throw new InvalidOperationException($"{declaration.Name}: no primitive code is left (a node holds codes up to {Node.MaxCode}).");
            var face = typeof(IUnaryPrimitive).IsAssignableFrom(declaration) ? typeof(UnaryPrimitive<>) : typeof(BinaryPrimitive<>);
            var added = (Primitive)Activator.CreateInstance(face.MakeGenericType(declaration))!;
            unlisted = [.. unlisted, added]; // copy on write: ByCode reads without the lock
            return (byte)(All.Count + unlisted.Length);
        }
    }

    /// <summary>The struct that declares this primitive's mathematics.</summary>
    public abstract Type Declaration { get; }

    /// <summary>The kernel of the lanes form the registry lists for it (four points per instruction), or null.</summary>
    internal LaneKernel? LanesForm { get; init; }

    /// <summary>The struct of that lanes form (an IUnaryLanes&lt;P&gt; or IBinaryLanes&lt;P&gt;), or null.</summary>
    internal Type? LanesType { get; init; }

    /// <summary>True when the lanes form is within a few ulps of the declaration rather than bit for bit.</summary>
    internal bool LanesApproximate { get; init; }

    /// <summary>The name used in formulas and reports.</summary>
    public abstract string Name { get; }

    /// <summary>1 or 2.</summary>
    public abstract int Arity { get; }

    /// <summary>The name formulas call it by (e.g. "pow" for ^); empty when it is written only as an operator (+, −, ·, /, unary −).</summary>
    public abstract string FormulaName { get; }

    /// <summary>How a formula calls it, e.g. "atan2(y, x)"; empty for an operator.</summary>
    public string Signature => FormulaName.Length == 0 ? "" : Arity == 1 ? $"{FormulaName}(x)" : $"{FormulaName}({ArgumentNames})";

    /// <summary>The argument names of the signature ("x" for a unary primitive).</summary>
    private protected abstract string ArgumentNames { get; }

    /// <summary>True when it is piecewise constant (sign, floor, ceil): its derivative is 0 wherever it exists.</summary>
    public abstract bool PiecewiseConstant { get; }

    /// <summary>True when it switches between its arguments where a = b (max, min): its kinks are the zero set of a − b.</summary>
    internal virtual bool SwitchesWhereEqual => false;

    /// <summary>
    /// The LaTeX of φ(a, b) given the arguments' LaTeX (b is null for a unary φ), as declared, else
    /// \operatorname{name}\left(…\right); and whether it prints as an atom (else as a power, e^{x}).
    /// </summary>
    internal (string Text, bool Atom) Latex(string a, string? b)
    {
        string text = DeclaredLatex(a, b ?? "") ?? $"\\operatorname{{{Name}}}\\left({(Arity == 1 ? a : a + ", " + b)}\\right)";
        return (text, text.StartsWith('\\'));
    }

    private protected abstract string? DeclaredLatex(string a, string b);

    /// <summary>The derivative used on the nonsmooth set, in words; empty for a smooth primitive.</summary>
    public abstract string KinkConvention { get; }

    /// <summary>y = φ(a, b) with its partials (∂φ/∂a, ∂φ/∂b); b and ∂φ/∂b are unused for a unary φ.</summary>
    public abstract double Evaluate(double a, double b, out double da, out double db);

    /// <summary>The second partials (∂²φ/∂a², ∂²φ/∂a∂b, ∂²φ/∂b²) at (a, b) given y.</summary>
    public abstract (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y);

    /// <summary>True where (a, b) is outside the domain.</summary>
    public abstract bool OutsideDomain(double a, double b);

    /// <summary>The domain in words (e.g. "x ≥ 0"); empty when the declaration states none (defined for every real argument, unless <see cref="OutsideDomain"/> says otherwise).</summary>
    public abstract string Domain { get; }

    /// <summary>True where the primitive is not differentiable at (a, b).</summary>
    public abstract bool IsKink(double a, double b);

    /// <summary>
    /// The declared derivative formulas (∂φ/∂a, ∂φ/∂b) on any scalar type, given y = φ(a, b);
    /// ∂φ/∂b is 0 for a unary φ. The symbolic differentiator calls this with symbolic arguments.
    /// </summary>
    internal abstract (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T>;

    /// <summary>Records y = φ(a, b) on the tape (b is unused for a unary φ): replaying a graph node by its code.</summary>
    internal abstract Var Record(Var a, Var b);

    /// <summary>φ(a, b) on any scalar type through its hook <c>T.Apply&lt;P&gt;</c> (b is unused for a unary φ): what a formula runs.</summary>
    internal abstract T Apply<T>(T a, T b) where T : IScalar<T>;

    /// <summary>
    /// φ(a, b) on doubles by a plain virtual call (b is unused for a unary φ). NOTE: <see cref="Apply{T}"/> is a generic
    /// virtual method, whose dispatch costs about ten times a plain virtual call; a formula sampled 10⁵ times on plain
    /// values (a differentiability check) runs through this instead.
    /// </summary>
    internal abstract double ValueOf(double a, double b);

    /// <summary>
    /// The second partials (φ_aa, φ_ab, φ_bb) of node i on operands ia, ib, reading the operand values from
    /// <paramref name="values"/> only when the declaration needs them (a constant operand's value is its stored slot).
    /// </summary>
    internal abstract (double Daa, double Dab, double Dbb) SecondPartialsAt(double[] values, int i, int ia, int ib, double storedA, double storedB);

    /// <summary>
    /// Records ∂φ/∂a (<paramref name="operand"/> 0) or ∂φ/∂b (1) at (a, b) as a node whose partials are φ's second
    /// partials (<see cref="Slope{P}"/>, <see cref="PartialA{P}"/>, <see cref="PartialB{P}"/>); y = φ(a, b) is the node recorded for φ.
    /// </summary>
    internal abstract Var RecordPartial(int operand, Var a, Var b, Var y);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The code of the primitive declared by <typeparamref name="P"/>, looked up once.</summary>
internal static class OpCode<P>
{
    public static readonly byte Value = Primitive.CodeOf(typeof(P));
}

internal sealed class UnaryPrimitive<P> : Primitive where P : IUnaryPrimitive
{
    public override Type Declaration => typeof(P);
    public override string Name => P.Name;
    public override int Arity => 1;
    public override string FormulaName => P.FormulaName ?? P.Name;
    private protected override string ArgumentNames => "x";
    public override bool PiecewiseConstant => P.PiecewiseConstant;
    private protected override string? DeclaredLatex(string a, string b) => P.Latex(a);
    public override string KinkConvention => P.KinkConvention;
    public override double Evaluate(double a, double b, out double da, out double db)
    {
        double y = P.Value(a);
        da = P.Derivative(a, y);
        db = 0;
        return y;
    }
    public override (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => (P.SecondDerivative(a, y), 0, 0);
    public override bool OutsideDomain(double a, double b) => P.OutsideDomain(a);
    public override string Domain => P.Domain;
    public override bool IsKink(double a, double b) => P.IsKink(a);
    internal override (T Da, T Db) PartialFormulas<T>(T a, T b, T y) => (P.DerivativeFormula(a, y), (T)0.0);
    internal override Var Record(Var a, Var b) => Var.Apply<P>(a);
    internal override T Apply<T>(T a, T b) => T.Apply<P>(a);
    internal override double ValueOf(double a, double b) => P.Value(a);
    internal override (double, double, double) SecondPartialsAt(double[] values, int i, int ia, int ib, double storedA, double storedB)
    {
        if (!CurvatureOf<P>.Value.NeedsValues || values.Length == 0) return (P.SecondDerivative(0, 0), 0, 0);
        return (P.SecondDerivative(ia == 0 ? storedA : values[ia], values[i]), 0, 0);
    }
    internal override Var RecordPartial(int operand, Var a, Var b, Var y) => Var.Apply<Slope<P>>(a, y);
}

internal sealed class BinaryPrimitive<P> : Primitive where P : IBinaryPrimitive
{
    public override Type Declaration => typeof(P);
    public override string Name => P.Name;
    public override int Arity => 2;
    public override string FormulaName => P.FormulaName ?? P.Name;
    private protected override string ArgumentNames => P.ArgumentNames;
    public override bool PiecewiseConstant => false;
    private protected override string? DeclaredLatex(string a, string b) => P.Latex(a, b);
    public override string KinkConvention => P.KinkConvention;
    internal override bool SwitchesWhereEqual => P.SwitchesWhereEqual;
    public override double Evaluate(double a, double b, out double da, out double db)
    {
        double y = P.Value(a, b);
        (da, db) = P.Partials(a, b, y);
        return y;
    }
    public override (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => P.SecondPartials(a, b, y);
    public override bool OutsideDomain(double a, double b) => P.OutsideDomain(a, b);
    public override string Domain => P.Domain;
    public override bool IsKink(double a, double b) => P.IsKink(a, b);
    internal override (T Da, T Db) PartialFormulas<T>(T a, T b, T y) => P.PartialFormulas(a, b, y);
    internal override Var Record(Var a, Var b) => Var.Apply<P>(a, b);
    internal override T Apply<T>(T a, T b) => T.Apply<P>(a, b);
    internal override double ValueOf(double a, double b) => P.Value(a, b);
    internal override (double, double, double) SecondPartialsAt(double[] values, int i, int ia, int ib, double storedA, double storedB)
    {
        if (!CurvatureOf<P>.Value.NeedsValues || values.Length == 0) return P.SecondPartials(0, 0, 0);
        return P.SecondPartials(ia == 0 ? storedA : values[ia], ib == 0 ? storedB : values[ib], values[i]);
    }
    internal override Var RecordPartial(int operand, Var a, Var b, Var y) =>
        operand == 0 ? Var.Apply<PartialA<P>>(a, b) : Var.Apply<PartialB<P>>(a, b);
}
