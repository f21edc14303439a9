using System.Runtime.CompilerServices;
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
        current = g;
        return g;
    }

    /// <summary>Ends the recording: the thread's graph is kept for the next one unless the caller detached a copy.</summary>
    public static void End(Graph g)
    {
        if (current != g) return;
        current = g.Enclosing;
        g.Enclosing = null;
        g.Session = 0; // every Var of this session is now stale
        spare = g;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Graph Recording(int session)
    {
        var g = current;
        if (g is null || g.Session != session) ThrowStale();
        return g!;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Unary<P>(Var x, double y) where P : IUnaryPrimitive
    {
        var g = Recording(x.Session);
        double d = P.Derivative(x.Value, y);
        int i = g.Push(OpCode<P>.Value, x.Index, 0, d, 0);
        if (P.IsKink(x.Value)) g.OnKink(i, P.Name, P.KinkConvention, x.Value);
        if (!double.IsFinite(y) || !double.IsFinite(d)) g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), x.Value, 0, y, d, 0, false);
        return new Var(y, i, g.Session);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Var Binary<P>(Var a, Var b, double y) where P : IBinaryPrimitive
    {
        var g = Recording(a.Index != 0 ? a.Session : b.Session);
        if (a.Index != 0 && b.Index != 0 && a.Session != b.Session) ThrowStale();
        var (da, db) = P.Partials(a.Value, b.Value, y);
        if (P.IsKink(a.Value, b.Value)) g.OnKink(g.Count, P.Name, P.KinkConvention, a.Value, b.Value);
        if (!double.IsFinite(y) || (a.Index != 0 && !double.IsFinite(da)) || (b.Index != 0 && !double.IsFinite(db)))
            g.OnNonFinite(Primitive.ByCode(OpCode<P>.Value), a.Value, b.Value, y, da, db, true);
        // A constant operand's slot keeps the constant (see Node).
        int i = g.Push(OpCode<P>.Value, a.Index, b.Index, a.Index == 0 ? a.Value : da, b.Index == 0 ? b.Value : db);
        return new Var(y, i, g.Session);
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
