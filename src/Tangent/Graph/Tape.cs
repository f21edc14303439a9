using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// The per-thread recorder. Each thread records into its own graph, kept across calls so that a
/// recording pays for its memory pages once, not once per call; recordings on different threads
/// never share state. Every <see cref="Var"/> carries the session of the recording that made it,
/// so a Var used outside its recording is an error, not a silently wrong derivative.
/// </summary>
internal static class Tape
{
    [ThreadStatic] private static Graph? current;
    [ThreadStatic] private static Graph? spare;
    /// <summary>The capacity of the last recording handed over (see <see cref="Keep"/>): the next storage starts at it.</summary>
    [ThreadStatic] private static int handedCapacity;
    private static int sessions;

    /// <summary>
    /// Starts a recording on this thread with inputs x; the input Vars are written to a buffer that
    /// the graph keeps across recordings (no allocation once warm), valid until <see cref="End"/>.
    /// </summary>
    public static Graph Begin(ReadOnlySpan<double> x, DifferentiationOptions options, out Span<Var> inputs)
    {
        var g = spare;
        if (g is not null && g.InputVars.Length < x.Length) g.InputVars = new Var[Math.Max(x.Length, 2 * g.InputVars.Length)];
        var buffer = g is null ? new Var[x.Length] : g.InputVars;
        inputs = buffer.AsSpan(0, x.Length);
        var started = Begin(x, inputs, options);
        started.InputVars = buffer;
        return started;
    }

    /// <summary>Starts a recording on this thread with inputs x; the input Vars are written to <paramref name="inputs"/>.</summary>
    public static Graph Begin(ReadOnlySpan<double> x, Span<Var> inputs, DifferentiationOptions options)
    {
        if (x.Length == 0) throw new ArgumentException("The point x is empty: a function of no variables has no derivative.", nameof(x));
        // A recording lent out (see Lend) is taken back before a node is written: the borrower copies it now, or forgets it.
        if (spare?.Borrower is { } borrower)
        {
            borrower.Return(spare);
            spare.Borrower = null;
        }
        // After a hand-over the same function is usually recorded again: new storage of the size it needed spares the
        // doublings (each a copy of the nodes so far), up to 2²⁰ nodes, so that a huge recording does not pin its size.
        var g = spare ?? new Graph(Math.Clamp(handedCapacity, 1024, 1 << 20));
        spare = null;
        handedCapacity = 0;
        g.Count = 1;
        g.InputCount = x.Length;
        g.DataCount = g.LabelCount = 0;
        g.Outputs = [];
        g.KinkList.Clear();
        g.Branches.Clear();
        g.DiagnosticList.Clear();
        g.NonFinite = false;
        g.Options = options;
        int session = Interlocked.Increment(ref sessions);
        if (session == 0) session = Interlocked.Increment(ref sessions);
        g.Session = session;
        g.LimitCapacity();
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                g.NonFinite = true;
                g.DiagnosticList.Add(new Diagnostic("input", $"input x[{i}] is {Graph.F(x[i])}: it propagates as NaN through every result that depends on it"));
            }
            int node = g.Push(0, 0, 0, x[i], 0);
            inputs[i] = new Var(x[i], node, g, session);
        }
        // NOTE: the recording becomes current only once its inputs fit under the node limit, so that a
        // GraphTooLargeException thrown here leaves the thread's tape as it was.
        g.Enclosing = current;
        if (current is not null) current.Live = 0; // suspended: its Vars may not record inside the nested one
        current = g;
        g.Live = session;
        (g.StackLow, g.StackSize) = ThreadStack.Bounds();
        return g;
    }

    /// <summary>
    /// Starts a recording with inputs x followed by the data and labels of a function f(x, data), recorded as input
    /// nodes that nothing differentiates (see <see cref="Data"/>); the Vars of x are written to a buffer as
    /// <see cref="Begin(ReadOnlySpan{double}, DifferentiationOptions, out Span{Var})"/> does.
    /// </summary>
    public static Graph Begin(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, DifferentiationOptions options, out Span<Var> inputs)
    {
        var g = Begin(x, options, out inputs);
        try
        {
            foreach (double d in data) g.Push(0, 0, 0, d, 0);
            foreach (double l in labels) g.Push(0, 0, 0, l, 0);
            // Non-finite data make the sweeps apply their 0·∞ rule, as a non-finite input does.
            if (!CompiledGradient.Finite(data) || !CompiledGradient.Finite(labels)) g.NonFinite = true;
        }
        catch
        {
            End(g);
            throw;
        }
        g.InputCount += data.Length + labels.Length;
        (g.DataCount, g.LabelCount) = (data.Length, labels.Length);
        return g;
    }

    /// <summary>The nodes of storage this thread's idle tape keeps for its next recording (0 when none): what tests of its release read.</summary>
    internal static int RetainedNodes => spare?.Nodes.Length ?? 0;

    /// <summary>The node storage of this thread's idle tape (null when none): what tests of lending read.</summary>
    internal static Node[]? RetainedStorage => spare?.Nodes;

    /// <summary>Ends the recording: the thread's graph is kept for the next one unless the caller detached a copy.</summary>
    public static void End(Graph g)
    {
        if (current != g) return;
        current = g.Enclosing;
        if (current is not null) current.Live = current.Session;
        g.Enclosing = null;
        g.Session = 0; // every Var of this session is now stale
        g.Live = 0;
        if (g.Handed)
        {
            g.Handed = false; // handed over (see Keep): the next recording gets storage of its own
            handedCapacity = g.Nodes.Length;
            return;
        }
        if (g.Overflowed)
        {
            // A recording stopped at the size limit grew its storage to the limit: release it, keep a small tape.
            g.Nodes = new Node[1024];
            g.Count = 1;
            g.Capacity = g.Nodes.Length;
            g.Overflowed = false;
        }
        spare = g;
    }

    /// <summary>
    /// Hands the recording in progress over to the caller, who keeps it once it ends (no copy, unlike
    /// <see cref="Graph.Detach"/>): the thread's next recording starts on new storage. The caller must
    /// not let a Var of the recording escape.
    /// </summary>
    public static Graph Keep(Graph g)
    {
        g.Handed = true;
        g.InputVars = [];
        return g;
    }

    /// <summary>
    /// Lends the recording in progress to <paramref name="borrower"/>: unlike <see cref="Keep"/>, the thread keeps the
    /// storage, whose pages are mapped, so that its next recording costs no page faults. That recording first calls
    /// <see cref="ITapeBorrower.Return"/>; until then the borrower may read the recording (under its own lock), e.g. to
    /// copy it (<see cref="Graph.CopyInto"/>). The caller must not let a Var of the recording escape.
    /// </summary>
    public static void Lend(Graph g, ITapeBorrower borrower) => g.Borrower = borrower;

    /// <summary>
    /// The recording that a Var of <paramref name="session"/> made by <paramref name="g"/> may record into:
    /// g itself, when it is the innermost recording in progress on this thread and the session is its
    /// own; otherwise a <see cref="InvalidOperationException"/>. The fast test reads only the graph
    /// (its live session, cleared while a nested recording runs or once it ends, and the stack range of
    /// the thread that began it); anything it cannot vouch for goes to the exact thread-local test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Graph Recording(Graph? g, int session)
    {
        byte probe;
        if (g is null || g.Live != session || (nuint)(&probe) - g.StackLow >= g.StackSize) return RecordingSlow(g, session);
        return g;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Graph RecordingSlow(Graph? g, int session)
    {
        var c = current;
        if (c is null || c != g || c.Session != session) ThrowStale();
        return c!;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowStale() => throw new InvalidOperationException(
        "A Var was used outside the recording that created it (after it ended, on another thread, or inside a nested recording). " +
        "Create the variables inside the function passed to Differentiate, and do not keep them across calls.");

    /// <summary>Throws when an output was recorded by another recording than g (a kept Var returned again).</summary>
    public static void CheckOutputs(Graph g, ReadOnlySpan<Var> outputs)
    {
        foreach (var o in outputs)
            if (o.Index != 0 && o.Session != g.Session) ThrowStale();
    }

    // The per-operation path. The fast path, inlined into the user's code, handles the common case
    // (live recording on this thread, no kink, finite value and partials, room in the graph) with no
    // call at all; anything else goes to the slow path, which does exactly what a recording must
    // (the checks, kink and diagnostic reports, growth) in the declared order.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Var Unary<P>(Var x, double y) where P : IUnaryPrimitive
    {
        var g = x.Graph;
        int session = x.Session;
        double d = P.Derivative(x.Value, y);
        byte probe;
        if (g is null || g.Live != session || (nuint)(&probe) - g.StackLow >= g.StackSize
            || P.IsKink(x.Value) || !double.IsFinite((y - y) + (d - d)) || (uint)g.Count >= (uint)g.Capacity)
            return UnarySlow<P>(x, y);
        int i = g.Count;
        Node.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.Nodes), (nint)(uint)i), OpCode<P>.Value, x.Index, 0, d, 0);
        g.Count = i + 1;
        return new Var(y, i, g, session);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Var UnarySlow<P>(Var x, double y) where P : IUnaryPrimitive
    {
        int session = x.Session;
        var g = Recording(x.Graph, session);
        double d = P.Derivative(x.Value, y);
        int i = g.Push(OpCode<P>.Value, x.Index, 0, d, 0);
        if (P.IsKink(x.Value)) g.OnKink(i, P.Name, P.KinkConvention, x.Value);
        if (!double.IsFinite(y) || !double.IsFinite(d)) g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), x.Value, 0, y, d, 0, false);
        return new Var(y, i, g, session);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Var Binary<P>(Var a, Var b, double y) where P : IBinaryPrimitive
    {
        bool ca = a.Index == 0, cb = b.Index == 0;
        var g = ca ? b.Graph : a.Graph;
        int session = ca ? b.Session : a.Session;
        var (da, db) = P.Partials(a.Value, b.Value, y);
        // A constant operand's partial is not used (its slot keeps the constant, see Node), nor checked.
        double fa = ca ? 0 : da, fb = cb ? 0 : db;
        byte probe;
        if (g is null || g.Live != session || (nuint)(&probe) - g.StackLow >= g.StackSize || (!ca && !cb && a.Session != b.Session)
            || P.IsKink(a.Value, b.Value) || !double.IsFinite((y - y) + (fa - fa) + (fb - fb)) || (uint)g.Count >= (uint)g.Capacity)
            return BinarySlow<P>(a, b, y);
        int i = g.Count;
        Node.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.Nodes), (nint)(uint)i), OpCode<P>.Value,
            a.Index, b.Index, ca ? a.Value : da, cb ? b.Value : db);
        g.Count = i + 1;
        return new Var(y, i, g, session);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Var BinarySlow<P>(Var a, Var b, double y) where P : IBinaryPrimitive
    {
        int session = a.Index != 0 ? a.Session : b.Session;
        var g = Recording(a.Index != 0 ? a.Graph : b.Graph, session);
        if (a.Index != 0 && b.Index != 0 && a.Session != b.Session) ThrowStale();
        var (da, db) = P.Partials(a.Value, b.Value, y);
        if (P.IsKink(a.Value, b.Value)) g.OnKink(g.Count, P.Name, P.KinkConvention, a.Value, b.Value);
        if (!double.IsFinite(y) || (a.Index != 0 && !double.IsFinite(da)) || (b.Index != 0 && !double.IsFinite(db)))
            g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), a.Value, b.Value, y, da, db, true);
        // A constant operand's slot keeps the constant (see Node).
        int i = g.Push(OpCode<P>.Value, a.Index, b.Index, a.Index == 0 ? a.Value : da, b.Index == 0 ? b.Value : db);
        return new Var(y, i, g, session);
    }

    /// <summary>
    /// A constant sub-expression (no recorded operand) came out non-finite: asin(2), 0/0, exp(1000). It records no node,
    /// but the recording in progress on this thread (if any) notes why, so that the NaN or ∞ it feeds into the result
    /// is explained like one that depends on a variable.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OnConstantNonFinite(Primitive p, double a, double b, double y, bool binary) =>
        current?.OnNonFinite(p, a, b, y, 0, 0, binary);

    /// <summary>Decides a &lt;op&gt; b on the values and records the decision as a branch of the graph.</summary>
    public static bool Compare(Var a, Var b, Comparison c)
    {
        bool outcome = Branch.Decide(a.Value, b.Value, c);
        if ((a.Index | b.Index) == 0) return outcome;
        var g = Recording(a.Index != 0 ? a.Graph : b.Graph, a.Index != 0 ? a.Session : b.Session);
        if (a.Index != 0 && b.Index != 0 && a.Session != b.Session) ThrowStale();
        g.Branches.Add(new Branch(a.Index, b.Index, a.Value, b.Value, c, outcome));
        if (a.Value == b.Value)
            g.OnKink(g.Count - 1, "if", Branch.BoundaryConvention(c, outcome),
                a.Value, b.Value);
        return outcome;
    }
}

/// <summary>Holds a recording lent by a thread's tape (<see cref="Tape.Lend"/>) until that thread records again.</summary>
internal interface ITapeBorrower
{
    /// <summary>
    /// Called on the lending thread when it starts its next recording on <paramref name="g"/>, before any of g is written:
    /// on return the borrower no longer reads g's recording (it copied it, or forgot it), and g is the thread's to write.
    /// </summary>
    void Return(Graph g);
}
