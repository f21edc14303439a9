namespace Tangent.Primitives;

/// <summary>
/// The run-time face of a primitive declaration, for the sweeps that meet primitives by their
/// code on the recorded graph (re-evaluation at a new point, second order, symbolic output).
/// Recording never goes through here: it calls the declaring struct directly.
/// </summary>
public abstract class Primitive
{
    /// <summary>Every primitive, in code order; code 0 is reserved for graph inputs.</summary>
    public static IReadOnlyList<Primitive> All { get; } =
    [
        new UnaryPrimitive<Negate>(), new UnaryPrimitive<Sin>(), new UnaryPrimitive<Cos>(), new UnaryPrimitive<Tan>(),
        new UnaryPrimitive<Asin>(), new UnaryPrimitive<Acos>(), new UnaryPrimitive<Atan>(),
        new UnaryPrimitive<Sinh>(), new UnaryPrimitive<Cosh>(), new UnaryPrimitive<Tanh>(),
        new UnaryPrimitive<Exp>(), new UnaryPrimitive<Log>(), new UnaryPrimitive<Sqrt>(), new UnaryPrimitive<Abs>(),
        new UnaryPrimitive<Relu>(), new UnaryPrimitive<Sigmoid>(), new UnaryPrimitive<Softplus>(), new UnaryPrimitive<Sign>(),
        new BinaryPrimitive<Add>(), new BinaryPrimitive<Subtract>(), new BinaryPrimitive<Multiply>(), new BinaryPrimitive<Divide>(),
        new BinaryPrimitive<Power>(), new BinaryPrimitive<Atan2>(), new BinaryPrimitive<Max>(), new BinaryPrimitive<Min>(),
    ];

    /// <summary>The primitive recorded with code <paramref name="code"/> (codes start at 1).</summary>
    internal static Primitive ByCode(byte code) => code <= All.Count ? All[code - 1] : unlisted[code - 1 - All.Count];

    // NOTE: declarations outside All can only be recorded through the internal Var.Unary/Var.Binary hook
    // (test-only primitives, e.g. one with a deliberately wrong derivative rule for the Taylor test, and the
    // derivative nodes of tangent graphs, see Slopes.cs). They get codes after All, so that replay and
    // second-order sweeps find their declaration too.
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

    /// <summary>The name used in formulas and reports.</summary>
    public abstract string Name { get; }

    /// <summary>1 or 2.</summary>
    public abstract int Arity { get; }

    /// <summary>The derivative used on the nonsmooth set, in words; empty for a smooth primitive.</summary>
    public abstract string KinkConvention { get; }

    /// <summary>y = φ(a, b) with its partials (∂φ/∂a, ∂φ/∂b); b and ∂φ/∂b are unused for a unary φ.</summary>
    public abstract double Evaluate(double a, double b, out double da, out double db);

    /// <summary>The second partials (∂²φ/∂a², ∂²φ/∂a∂b, ∂²φ/∂b²) at (a, b) given y.</summary>
    public abstract (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y);

    /// <summary>True where (a, b) is outside the domain.</summary>
    public abstract bool OutsideDomain(double a, double b);

    /// <summary>True where the primitive is not differentiable at (a, b).</summary>
    public abstract bool IsKink(double a, double b);

    /// <summary>
    /// The declared derivative formulas (∂φ/∂a, ∂φ/∂b) on any scalar type, given y = φ(a, b);
    /// ∂φ/∂b is 0 for a unary φ. The symbolic differentiator calls this with symbolic arguments.
    /// </summary>
    internal abstract (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T>;

    /// <summary>Records y = φ(a, b) on the tape (b is unused for a unary φ): replaying a graph node by its code.</summary>
    internal abstract Var Record(Var a, Var b);

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
    public override bool IsKink(double a, double b) => P.IsKink(a);
    internal override (T Da, T Db) PartialFormulas<T>(T a, T b, T y) => (P.DerivativeFormula(a, y), (T)0.0);
    internal override Var Record(Var a, Var b) => Var.Unary<P>(a);
    internal override Var RecordPartial(int operand, Var a, Var b, Var y) => Var.Binary<Slope<P>>(a, y);
}

internal sealed class BinaryPrimitive<P> : Primitive where P : IBinaryPrimitive
{
    public override Type Declaration => typeof(P);
    public override string Name => P.Name;
    public override int Arity => 2;
    public override string KinkConvention => P.KinkConvention;
    public override double Evaluate(double a, double b, out double da, out double db)
    {
        double y = P.Value(a, b);
        (da, db) = P.Partials(a, b, y);
        return y;
    }
    public override (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => P.SecondPartials(a, b, y);
    public override bool OutsideDomain(double a, double b) => P.OutsideDomain(a, b);
    public override bool IsKink(double a, double b) => P.IsKink(a, b);
    internal override (T Da, T Db) PartialFormulas<T>(T a, T b, T y) => P.PartialFormulas(a, b, y);
    internal override Var Record(Var a, Var b) => Var.Binary<P>(a, b);
    internal override Var RecordPartial(int operand, Var a, Var b, Var y) =>
        operand == 0 ? Var.Binary<PartialA<P>>(a, b) : Var.Binary<PartialB<P>>(a, b);
}
