using System.Globalization;
using System.Runtime.CompilerServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// One node of the recorded graph: y = φ(a, b) with the local partials ∂φ/∂a and ∂φ/∂b taken
/// at the recording point. 24 bytes; the primitive's code is kept beside it in a byte array.
/// </summary>
/// <remarks>
/// Node 0 is a sink that stands for "a constant". An operand index of 0 means that operand was a
/// constant, and its partial slot holds the constant's value instead (a partial with respect to a
/// constant is never needed; the value is, to re-evaluate at a new point). The reverse sweep may
/// add garbage into the sink's adjoint; nothing reads it. A unary node has B = 0 and DB = 0.
/// </remarks>
internal struct Node
{
    public int A, B;
    public double DA, DB;
}

/// <summary>
/// A recorded graph: the SSA list of primitive nodes that one evaluation of a function produced,
/// each with its inputs and its local partial derivatives at the point. The sweeps (forward,
/// reverse, second order, re-evaluation) run over it; the derivative is read off it as a linear map.
/// </summary>
/// <remarks>
/// Nodes 1..n are the inputs x₁..xₙ, in order. Graphs are recorded by <see cref="Differentiate"/>;
/// a graph returned to the caller is immutable and may be swept from several threads at once.
/// </remarks>
public sealed partial class Graph
{
    internal Node[] Nodes;
    internal byte[] Ops;
    internal int Count;
    internal int InputCount;
    internal Var[] Outputs = [];
    internal readonly List<Kink> KinkList = [];
    internal readonly List<Branch> Branches = [];
    internal readonly List<Diagnostic> DiagnosticList = [];
    internal int Session;
    internal DifferentiationOptions Options = DifferentiationOptions.Default;
    internal Graph? Enclosing;

    /// <summary>
    /// How many nodes may be pushed before <see cref="Grow"/> runs: min(storage, MaxNodes). The storage of a
    /// reused tape can exceed the limit of a later recording, so the limit is checked against this, not Nodes.Length.
    /// </summary>
    internal int Capacity;

    /// <summary>
    /// True once a value or a partial came out non-finite. The sweeps then treat 0·∞ (and 0·NaN) as 0 wherever a
    /// zero partial meets a non-finite tangent or adjoint, so that forward, reverse and dual numbers, which
    /// associate the chain product differently, still agree.
    /// </summary>
    internal bool NonFinite;

    internal Graph(int capacity)
    {
        Nodes = new Node[Math.Max(capacity, 16)];
        Ops = new byte[Nodes.Length];
        Capacity = Nodes.Length;
        Count = 1; // node 0: the constant sink
    }

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => InputCount;

    /// <summary>The number m of outputs.</summary>
    public int OutputDimension => Outputs.Length;

    /// <summary>The number of primitive operations recorded (inputs and the sink not counted).</summary>
    public int OperationCount => Count - 1 - InputCount;

    /// <summary>The point x at which the graph was recorded.</summary>
    public double[] Point
    {
        get
        {
            var x = new double[InputCount];
            for (int i = 0; i < x.Length; i++) x[i] = Nodes[i + 1].DA;
            return x;
        }
    }

    /// <summary>The outputs f(x) at the recorded point.</summary>
    public double[] Value => Outputs.Select(o => o.Value).ToArray();

    /// <summary>The kinks the evaluation hit, in the order met.</summary>
    public IReadOnlyList<Kink> Kinks => KinkList;

    /// <summary>Domain errors, infinite derivatives and non-finite inputs met while recording.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => DiagnosticList;

    /// <summary>The number of branch decisions (comparisons of recorded values) the graph depends on.</summary>
    public int BranchCount => Branches.Count;

    /// <summary>Bytes of graph storage per recorded operation (node and primitive code).</summary>
    public static int BytesPerOperation => Unsafe.SizeOf<Node>() + sizeof(byte);

    // ---------------------------------------------------------------- recording ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Push(byte op, int a, int b, double da, double db)
    {
        int i = Count;
        if ((uint)i >= (uint)Capacity) Grow();
        ref Node n = ref Nodes[i];
        n.A = a; n.B = b; n.DA = da; n.DB = db;
        Ops[i] = op;
        Count = i + 1;
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        long limit = Options.MaxNodes;
        if (Count >= limit)
            throw new GraphTooLargeException(
                $"The recorded graph reached its limit of {limit:N0} nodes (about {limit * BytesPerOperation / (1 << 20):N0} MiB). " +
                "Raise DifferentiationOptions.MaxNodes if the function really is this large, or look for a loop that does not end.");
        int size = (int)Math.Min(Math.Min((long)Nodes.Length * 2, limit), Array.MaxLength);
        if (size > Nodes.Length)
        {
            Array.Resize(ref Nodes, size);
            Array.Resize(ref Ops, size);
        }
        LimitCapacity();
    }

    /// <summary>Sets <see cref="Capacity"/> from the storage and the options' node limit.</summary>
    internal void LimitCapacity() => Capacity = (int)Math.Min(Nodes.Length, Math.Max(Options.MaxNodes, 0));

    internal void OnKink(int node, string primitive, string convention, params double[] operands)
    {
        var kink = new Kink(primitive, operands, convention) { Node = node };
        if (Options.Kinks == KinkPolicy.Throw) throw new KinkException(kink);
        KinkList.Add(kink);
    }

    /// <summary>Records why a value or a partial came out non-finite, once per cause.</summary>
    internal void OnNonFinite(Primitive p, double a, double b, double y, double da, double db, bool binary)
    {
        NonFinite = true;
        bool inputsFinite = double.IsFinite(a) && (!binary || double.IsFinite(b));
        if (!inputsFinite) return; // propagation: the first non-finite value was already reported
        string at = binary ? $"{p.Name}({F(a)}, {F(b)})" : $"{p.Name}({F(a)})";
        string message = p.OutsideDomain(a, b)
            ? $"{at} is outside the domain of {p.Name}: the value is {F(y)}"
            : !double.IsFinite(y)
                ? $"{at} overflows to {F(y)}"
                : $"the derivative of {at} is not finite ({F(da)}{(binary ? ", " + F(db) : "")})";
        if (DiagnosticList.Count < 100 && !DiagnosticList.Exists(d => d.Message == message))
            DiagnosticList.Add(new Diagnostic(p.Name, message));
    }

    internal static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A trimmed copy that owns its storage, for the caller to keep.</summary>
    internal Graph Detach()
    {
        var g = new Graph(0)
        {
            Nodes = Nodes[..Count],
            Ops = Ops[..Count],
            Count = Count,
            InputCount = InputCount,
            Outputs = Outputs,
            Session = Session,
            Options = Options,
            NonFinite = NonFinite,
        };
        g.KinkList.AddRange(KinkList);
        g.Branches.AddRange(Branches);
        g.DiagnosticList.AddRange(DiagnosticList);
        return g;
    }

    internal double OperandValue(int index, double[] values, double stored) => index == 0 ? stored : values[index];
}

/// <summary>Thrown when a recording exceeds <see cref="DifferentiationOptions.MaxNodes"/>.</summary>
public sealed class GraphTooLargeException(string message) : InvalidOperationException(message);
