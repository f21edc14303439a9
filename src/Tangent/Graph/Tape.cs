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
    private static int sessions;

    /// <summary>A graph that is never live: it fills the free slots.</summary>
    private static readonly Graph idle = new(16);

    /// <summary>
    /// The live recordings of all threads, each in slot session mod <see cref="Slots"/> (a plain static, not
    /// thread-local: reading it is a load, where a thread-local read is a call on Linux). The fast path trusts
    /// the graph in an operand's slot only when its live session is the operand's (sessions are unique, so it
    /// is then the operand's own recording) and the caller runs on the stack of the thread recording it; a
    /// graph that is not live has Live = 0 and StackSize = 0, so it fails that test. Recordings on different
    /// threads have different sessions, so they rarely share a slot; when they do, or in any other case,
    /// the exact thread-local path decides, and puts the calling thread's recording back in its slot.
    /// </summary>
    // NOTE: declared after idle: static fields are initialised in the order of the text.
    private static readonly Graph[] recordings = IdleSlots();

    private const int Slots = 64;

    private static Graph[] IdleSlots()
    {
        var slots = new Graph[Slots];
        Array.Fill(slots, idle);
        return slots;
    }

    /// <summary>The slot of a session (no bounds check: the index is masked to the table's length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Graph Slot(int session) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(recordings), session & (Slots - 1));

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
        var g = spare ?? new Graph(1024);
        spare = null;
        g.Count = 1;
        g.InputCount = x.Length;
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
            inputs[i] = new Var(x[i], node, session);
        }
        // NOTE: the recording becomes current only once its inputs fit under the node limit, so that a
        // GraphTooLargeException thrown here leaves the thread's tape as it was.
        g.Enclosing = current;
        if (current is not null) Suspend(current); // its Vars may not record inside the nested one
        current = g;
        Resume(g);
        return g;
    }

    /// <summary>Ends the recording: the thread's graph is kept for the next one unless the caller detached a copy.</summary>
    public static void End(Graph g)
    {
        if (current != g) return;
        current = g.Enclosing;
        g.Enclosing = null;
        Suspend(g);
        // Free the slot, so that the table does not keep the graph of a thread that has ended alive.
        ref var slot = ref recordings[g.Session & (Slots - 1)];
        if (slot == g) slot = idle;
        g.Session = 0; // every Var of this session is now stale
        spare = g;
        if (current is not null) Resume(current);
    }

    /// <summary>Makes g the live recording of this thread, the one the fast path finds.</summary>
    private static void Resume(Graph g)
    {
        (g.StackLow, g.StackSize) = ThreadStack.Bounds();
        g.Live = g.Session;
        recordings[g.Session & (Slots - 1)] = g;
    }

    /// <summary>Makes g fail the fast path (nested inside another recording, or ended).</summary>
    private static void Suspend(Graph g)
    {
        g.Live = 0;
        g.StackSize = 0;
    }

    /// <summary>
    /// The recording that a Var of <paramref name="session"/> may record into: the innermost recording in
    /// progress on this thread, when the session is its own; otherwise a <see cref="InvalidOperationException"/>.
    /// The exact thread-local test (sessions are unique, so an equal session is the Var's own recording).
    /// </summary>
    private static Graph Recording(int session)
    {
        var c = current;
        if (c is null || c.Session != session) ThrowStale();
        recordings[session & (Slots - 1)] = c!; // a recording of another thread took the slot: take it back
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
        var g = Slot(x.Session);
        int session = g.Live;
        double d = P.Derivative(x.Value, y);
        byte probe;
        int i;
        if (x.Session != session || (nuint)(&probe) - g.StackLow >= g.StackSize
            || P.IsKink(x.Value) || !double.IsFinite((y - y) + (d - d)) || (uint)g.Count >= (uint)g.Capacity)
            i = UnarySlow<P>(x, y);
        else
        {
            i = g.Count;
            Node.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.Nodes), (nint)(uint)i), OpCode<P>.Value, x.Index, 0, d, 0);
            g.Count = i + 1;
        }
        // Both paths merge on the node index alone (the result's value and session are known either way),
        // so the JIT keeps the result in registers instead of merging two 16-byte structs through memory.
        return new Var(y, i, x.Session);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int UnarySlow<P>(Var x, double y) where P : IUnaryPrimitive
    {
        int session = x.Session;
        var g = Recording(session);
        double d = P.Derivative(x.Value, y);
        int i = g.Push(OpCode<P>.Value, x.Index, 0, d, 0);
        if (P.IsKink(x.Value)) g.OnKink(i, P.Name, P.KinkConvention, x.Value);
        if (!double.IsFinite(y) || !double.IsFinite(d)) g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), x.Value, 0, y, d, 0, false);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Var Binary<P>(Var a, Var b, double y) where P : IBinaryPrimitive
    {
        bool ca = a.Index == 0, cb = b.Index == 0;
        var g = Slot(a.Session | b.Session); // a constant's session is 0: this is the recorded operands' slot
        int session = g.Live;
        var (da, db) = P.Partials(a.Value, b.Value, y);
        // A constant operand's partial is not used (its slot keeps the constant, see Node), nor checked.
        double fa = ca ? 0 : da, fb = cb ? 0 : db;
        byte probe;
        int i;
        // Each recorded operand must be of the live session (not both are constants: see Var.Binary).
        if (!((ca | a.Session == session) & (cb | b.Session == session)) || (nuint)(&probe) - g.StackLow >= g.StackSize
            || P.IsKink(a.Value, b.Value) || !double.IsFinite((y - y) + (fa - fa) + (fb - fb)) || (uint)g.Count >= (uint)g.Capacity)
            i = BinarySlow<P>(a, b, y);
        else
        {
            i = g.Count;
            Node.Write(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.Nodes), (nint)(uint)i), OpCode<P>.Value,
                a.Index, b.Index, ca ? a.Value : da, cb ? b.Value : db);
            g.Count = i + 1;
        }
        // A constant's session is 0 (Push never returns node 0), and a recorded operand's is the result's.
        return new Var(y, i, a.Session | b.Session);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int BinarySlow<P>(Var a, Var b, double y) where P : IBinaryPrimitive
    {
        int session = a.Index != 0 ? a.Session : b.Session;
        var g = Recording(session);
        if (a.Index != 0 && b.Index != 0 && a.Session != b.Session) ThrowStale();
        var (da, db) = P.Partials(a.Value, b.Value, y);
        if (P.IsKink(a.Value, b.Value)) g.OnKink(g.Count, P.Name, P.KinkConvention, a.Value, b.Value);
        if (!double.IsFinite(y) || (a.Index != 0 && !double.IsFinite(da)) || (b.Index != 0 && !double.IsFinite(db)))
            g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), a.Value, b.Value, y, da, db, true);
        // A constant operand's slot keeps the constant (see Node).
        return g.Push(OpCode<P>.Value, a.Index, b.Index, a.Index == 0 ? a.Value : da, b.Index == 0 ? b.Value : db);
    }

    /// <summary>Decides a &lt;op&gt; b on the values and records the decision as a branch of the graph.</summary>
    public static bool Compare(Var a, Var b, Comparison c)
    {
        bool outcome = Branch.Decide(a.Value, b.Value, c);
        if ((a.Index | b.Index) == 0) return outcome;
        var g = Recording(a.Index != 0 ? a.Session : b.Session);
        if (a.Index != 0 && b.Index != 0 && a.Session != b.Session) ThrowStale();
        g.Branches.Add(new Branch(a.Index, b.Index, a.Value, b.Value, c, outcome));
        if (a.Value == b.Value)
            g.OnKink(g.Count - 1, "if", Branch.BoundaryConvention(c, outcome),
                a.Value, b.Value);
        return outcome;
    }
}
