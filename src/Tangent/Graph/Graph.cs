using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// One node of the recorded graph: y = φ(a, b) with the local partials ∂φ/∂a and ∂φ/∂b taken
/// at the recording point, and the code of the primitive φ. 24 bytes in all: the two operand
/// indices take 28 bits each, and the 8-bit primitive code lives in their top 4 bits.
/// </summary>
/// <remarks>
/// Node 0 is a sink that stands for "a constant". An operand index of 0 means that operand was a
/// constant, and its partial slot holds the constant's value instead (a partial with respect to a
/// constant is never needed; the value is, to re-evaluate at a new point). The reverse sweep may
/// add garbage into the sink's adjoint; nothing reads it. A unary node has B = 0 and a zero second slot.
/// Packing the code into the indices keeps a binary operation at 24 bytes (not 25 with a separate
/// code array, and one store fewer per operation) and limits a graph to 2²⁸ ≈ 268 million nodes
/// (6 GiB of graph), above the default <see cref="DifferentiationOptions.MaxNodes"/>. The code has 8 bits because
/// every primitive of the registry takes one code and so does each of its derivative nodes (one per unary primitive,
/// two per binary one, see Slopes.cs): a test checks that all of them fit under <see cref="MaxCode"/>.
/// </remarks>
internal struct Node
{
    /// <summary>Bits of an operand index; the rest of each 32-bit word holds part of the primitive code.</summary>
    public const int IndexBits = 28;
    /// <summary>The most nodes a graph can address.</summary>
    public const int MaxCount = 1 << IndexBits;
    private const uint IndexMask = (1u << IndexBits) - 1;
    /// <summary>The largest primitive code a node holds: 8 bits (a byte), 4 in the top of each index word.</summary>
    public const int MaxCode = (1 << (2 * CodeBits)) - 1;
    private const int CodeBits = 32 - IndexBits;
    private const uint CodeMask = (1u << CodeBits) - 1;

    // Low 28 bits: the operand index. Top 4 bits: code bits 0–3 (in a) and 4–7 (in b).
    private uint a, b;
    // NOTE: each slot means one of three things by the kind of node (see the remarks); read and write it through
    // the accessor that names the meaning (PartialA, ConstantA, InputValue), never as a bare number.
    private double slotA, slotB;

    /// <summary>∂φ/∂a at the recorded point, for an operation whose first operand is a node (A ≠ 0).</summary>
    /// <remarks>The reverse sweep reads it without testing A: for a constant operand it multiplies the constant into the sink's adjoint, which nothing reads.</remarks>
    public double PartialA
    {
        readonly get => slotA;
        set => slotA = value;
    }

    /// <summary>∂φ/∂b at the recorded point, for a binary operation whose second operand is a node (B ≠ 0); 0 for a unary one.</summary>
    public double PartialB
    {
        readonly get => slotB;
        set => slotB = value;
    }

    /// <summary>The value of a constant first operand (A = 0), kept to re-evaluate the operation at a new point.</summary>
    public double ConstantA
    {
        readonly get => slotA;
        set => slotA = value;
    }

    /// <summary>The value of a constant second operand (B = 0); 0 for a unary operation.</summary>
    public double ConstantB
    {
        readonly get => slotB;
        set => slotB = value;
    }

    /// <summary>The value xᵢ of an input node (nodes 1..n), the point of the recording.</summary>
    public double InputValue
    {
        readonly get => slotA;
        set => slotA = value;
    }

    /// <summary>The partial ∂φ/∂a, or 0 when the first operand is a constant (whose slot holds its value instead).</summary>
    public readonly double PartialAOrZero => A == 0 ? 0 : slotA;

    /// <summary>The partial ∂φ/∂b, or 0 when the second operand is a constant or absent.</summary>
    public readonly double PartialBOrZero => B == 0 ? 0 : slotB;

    /// <summary>The first operand's value: the constant when A = 0, else values[A].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double OperandA(ReadOnlySpan<double> values) => A == 0 ? slotA : values[A];

    /// <summary>The second operand's value: the constant when B = 0 (0 for a unary operation), else values[B].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double OperandB(ReadOnlySpan<double> values) => B == 0 ? slotB : values[B];

    /// <summary>The node index of the first operand (0: a constant).</summary>
    public int A
    {
        readonly get => (int)(a & IndexMask);
        set => a = (a & ~IndexMask) | (uint)value;
    }

    /// <summary>The node index of the second operand (0: a constant, or a unary node).</summary>
    public int B
    {
        readonly get => (int)(b & IndexMask);
        set => b = (b & ~IndexMask) | (uint)value;
    }

    /// <summary>The primitive's code (see <see cref="Primitive.All"/>); 0 for an input.</summary>
    public byte Op
    {
        readonly get => (byte)((a >> IndexBits) | ((b >> IndexBits) << CodeBits));
        set
        {
            a = (a & IndexMask) | ((uint)value & CodeMask) << IndexBits;
            b = (b & IndexMask) | ((uint)value >> CodeBits) << IndexBits;
        }
    }

    /// <summary>Writes a whole node: the two packed index words in one 8-byte store, then the partials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ref Node n, byte op, int a, int b, double da, double db)
    {
        ulong lo = (uint)a | ((ulong)op & CodeMask) << IndexBits;
        ulong hi = (uint)b | ((ulong)op >> CodeBits) << IndexBits;
        Unsafe.As<Node, ulong>(ref n) = lo | hi << 32;
        n.slotA = da;
        n.slotB = db;
    }
}

/// <summary>The primitive codes of a graph's nodes, read from the packed nodes (<c>g.Ops[i]</c>).</summary>
internal readonly struct OpCodeView(Node[] nodes)
{
    public byte this[int i] => nodes[i].Op;
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
    internal int Count;
    internal int InputCount;
    /// <summary>
    /// Of the InputCount input nodes, the last DataCount + LabelCount are data reads (see <see cref="Data"/>): values
    /// of the data and label arrays, recorded as inputs so that every sweep replays them, never differentiated by compiled code.
    /// </summary>
    internal int DataCount, LabelCount;
    internal Var[] Outputs = [];
    internal readonly List<Kink> KinkList = [];
    internal readonly List<Branch> Branches = [];
    internal readonly List<Diagnostic> DiagnosticList = [];
    internal int Session;
    /// <summary>The session while this graph is the innermost recording on its thread, else 0.</summary>
    internal int Live;
    /// <summary>The stack range of the thread recording into this graph (size 0: unknown).</summary>
    internal nuint StackLow, StackSize;
    internal DifferentiationOptions Options = DifferentiationOptions.Default;
    internal Graph? Enclosing;
    /// <summary>Handed over to its caller by <see cref="Tape.Keep"/>: the tape does not re-use it.</summary>
    internal bool Handed;
    /// <summary>Lent by <see cref="Tape.Lend"/>: the thread's next recording takes it back from this borrower first.</summary>
    internal ITapeBorrower? Borrower;

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

    /// <summary>True once a recording ran into the node limit: its storage is released when the recording ends (<see cref="Tape.End"/>).</summary>
    internal bool Overflowed;

    internal Graph(int capacity)
    {
        Nodes = new Node[Math.Max(capacity, 16)];
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
            for (int i = 0; i < x.Length; i++) x[i] = Nodes[i + 1].InputValue;
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

    /// <summary>The primitive code of every node (0 for the sink and the inputs).</summary>
    internal OpCodeView Ops => new(Nodes);

    /// <summary>A one-element output array re-used by the allocation-free gradient (never handed out: <see cref="Detach"/> copies).</summary>
    internal readonly Var[] SingleOutput = new Var[1];

    /// <summary>The input Vars of the recording in progress, kept with the graph so that a recording allocates nothing once warm.</summary>
    internal Var[] InputVars = [];

    /// <summary>Bytes of graph storage per recorded operation: one node, the primitive code packed inside it.</summary>
    public static int BytesPerOperation => Unsafe.SizeOf<Node>();

    // ---------------------------------------------------------------- recording ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Push(byte op, int a, int b, double da, double db)
    {
        int i = Count;
        if ((uint)i >= (uint)Capacity) Grow();
        // i < Capacity ≤ Nodes.Length was just checked: write without a second bounds check.
        Node.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Nodes), (nint)(uint)i), op, a, b, da, db);
        Count = i + 1;
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        long limit = Math.Min(Options.MaxNodes, Node.MaxCount);
        if (Count >= limit)
        {
            // The storage grown on the way here (up to the limit: gigabytes) must not stay with the thread's tape.
            Overflowed = true;
            throw new GraphTooLargeException(
                $"The recorded graph reached its limit of {limit:N0} nodes (about {limit * BytesPerOperation / (1 << 20):N0} MiB). " +
                (limit < Options.MaxNodes
                    ? $"A graph addresses at most {Node.MaxCount:N0} nodes; split the computation, or look for a loop that does not end."
                    : "Raise DifferentiationOptions.MaxNodes if the function really is this large, or look for a loop that does not end."));
        }
        int size = (int)Math.Min(Math.Min((long)Nodes.Length * 2, limit), Array.MaxLength);
        if (size > Nodes.Length) Array.Resize(ref Nodes, size);
        LimitCapacity();
    }

    /// <summary>The primitive of every operation node (entries for the sink and the inputs stay null).</summary>
    internal Primitive[] NodePrimitives()
    {
        var prims = new Primitive[Count];
        for (int i = InputCount + 1; i < Count; i++) prims[i] = Primitive.ByCode(Nodes[i].Op);
        return prims;
    }

    /// <summary>
    /// Which nodes lie on a path to node <paramref name="output"/>, so that their adjoint may be nonzero
    /// (the sink is marked when a constant feeds such a node; callers ignore it).
    /// </summary>
    internal bool[] OnPathTo(int output, Primitive[] prims) => OnPathTo([output], prims);

    /// <summary>Which nodes lie on a path to any of <paramref name="outputs"/> (as <see cref="OnPathTo(int, Primitive[])"/>).</summary>
    internal bool[] OnPathTo(ReadOnlySpan<int> outputs, Primitive[] prims)
    {
        var live = new bool[Count];
        foreach (int output in outputs) if (output > 0) live[output] = true;
        for (int i = Count - 1; i > InputCount; i--)
        {
            if (!live[i]) continue;
            live[Nodes[i].A] = true;
            if (prims[i].Arity == 2) live[Nodes[i].B] = true;
        }
        return live;
    }

    /// <summary>
    /// Whether an evaluation at some point can land exactly on a kink that compiled code would not report: a primitive
    /// with a kink convention (abs, relu, max, …) or a branch (a comparison on its boundary).
    /// </summary>
    internal bool CanHitKink()
    {
        if (Branches.Count > 0) return true;
        for (int i = InputCount + 1; i < Count; i++)
            if (Primitive.ByCode(Nodes[i].Op).KinkConvention.Length > 0) return true;
        return false;
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
        // An operator reads as one (0 / 0, (-8) ^ 0.5), a function as a call (asin(2)).
        string at = !binary ? $"{p.Name}({F(a)})"
            : char.IsLetter(p.Name[0]) ? $"{p.Name}({F(a)}, {F(b)})"
            : $"{Operand(a)} {p.Name} {Operand(b)}";
        bool undefined = p.OutsideDomain(a, b);
        string message = undefined
            ? $"{at} is outside the domain of {(char.IsLetter(p.Name[0]) ? p.Name : $"'{p.Name}'")}: the value is {F(y)}"
            : !double.IsFinite(y)
                ? $"{at} overflows to {F(y)}"
                : $"the derivative of {at} is not finite ({F(da)}{(binary ? ", " + F(db) : "")})";
        if (DiagnosticList.Count < 100 && !DiagnosticList.Exists(d => d.Message == message))
            DiagnosticList.Add(new Diagnostic(p.Name, message) { Undefined = undefined });
    }

    private static string Operand(double v) => v < 0 ? $"({F(v)})" : F(v);

    /// <summary>v to the last bit, invariant culture, with the lowercase exponent the rest of the output uses (1e-09, not 1E-09).</summary>
    internal static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>A trimmed copy that owns its storage, for the caller to keep.</summary>
    internal Graph Detach() => DetachOn(Nodes[..Count]);

    /// <summary>
    /// A trimmed copy made into <paramref name="nodes"/> (Count nodes at least), storage that another thread mapped ahead
    /// (see <see cref="ITapeBorrower"/>): copying into it costs no page fault.
    /// </summary>
    internal Graph CopyInto(Node[] nodes)
    {
        Array.Copy(Nodes, nodes, Count);
        var copy = DetachOn(nodes);
        copy.Session = 0; // an ended recording, as a handed-over one is (this graph's own session may still be live)
        return copy;
    }

    /// <summary>A copy of the recording on <paramref name="nodes"/>, which hold its nodes (Count of them at least).</summary>
    private Graph DetachOn(Node[] nodes)
    {
        var g = new Graph(0)
        {
            Nodes = nodes,
            Count = Count,
            InputCount = InputCount,
            DataCount = DataCount,
            LabelCount = LabelCount,
            Outputs = [.. Outputs],
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
