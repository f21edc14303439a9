using Tangent.Primitives;

namespace Tangent;

/// <summary>Where an operand of a segment's position comes from.</summary>
internal enum RefKind : byte
{
    /// <summary>A constant, the same at every iteration (<see cref="Ref.Constant"/>).</summary>
    Constant,
    /// <summary>A constant that differs between iterations: read from the plan's constant table at Base + t·Stride.</summary>
    Varying,
    /// <summary>The value of position Base of the same iteration (a local of the emitted body).</summary>
    Local,
    /// <summary>The input x[Base + t·Stride] (0-based).</summary>
    Input,
    /// <summary>The value of node Base + t·Stride, recorded before the current iteration (read from memory).</summary>
    Node,
    /// <summary>The data value d[Base + t·Stride] (0-based): read at run time, never differentiated (no adjoint).</summary>
    Data,
    /// <summary>The label l[Base + t·Stride] (0-based): data of the second array, never differentiated.</summary>
    Label,
}

/// <summary>
/// An operand of position p of a segment at iteration t: for <see cref="RefKind.Input"/> and
/// <see cref="RefKind.Node"/> the index Base + t·Stride, affine in t (Stride 0: loop-invariant).
/// </summary>
internal readonly record struct Ref(RefKind Kind, long Base, long Stride, double Constant)
{
    public bool IsMemory => Kind is RefKind.Input or RefKind.Node or RefKind.Data or RefKind.Label;
    /// <summary>An operand whose adjoint is wanted, so that the partial with respect to it is computed.</summary>
    public bool IsVariable => Kind is RefKind.Local or RefKind.Input or RefKind.Node;
    /// <summary>A memory operand with an adjoint in memory (the gradient g or the node adjoints a); data have none.</summary>
    public bool HasAdjoint => Kind is RefKind.Input or RefKind.Node;
}

/// <summary>
/// Nodes [Start, Start + Period·Reps) of the graph: Reps repetitions of one body of Period nodes
/// with the same primitives, whose operands are affine in the iteration t (a rolled loop), or, with
/// Reps = 1, a straight-line block.
/// </summary>
internal sealed class Segment
{
    public required int Start, Period, Reps;
    public required Primitive[] Prims;
    public required Ref[] A, B;
    /// <summary>Per position: on a path to the output at some iteration (its adjoint may be nonzero).</summary>
    public bool[] Live = [];
    /// <summary>Per position: value kept in memory at every iteration, because code of another iteration or segment, a branch check or the caller (the output) reads it, or the loop checkpoints it.</summary>
    public bool[] Stored = [];
    /// <summary>Per position: adjoint kept in memory at every iteration (zeroed by the forward code), because another iteration or segment adds to it, or it is the output's (the seed).</summary>
    public bool[] Shared = [];
    /// <summary>Per position, once probed: its constant partials, or null (<see cref="Tangent.ConstantPartials"/>).</summary>
    public (double Da, double Db)?[]? ConstantPartials;
    public bool[]? Probed;
    public int End => Start + Period * Reps;

    /// <summary>Positions whose value must be computed: the seed and, backwards, the same-iteration operands of those.</summary>
    public bool[] Needed(Func<int, bool> seed, bool[]? loaded = null)
    {
        var needed = new bool[Period];
        for (int p = Period - 1; p >= 0; p--)
        {
            bool own = seed(p);
            needed[p] |= own;
            // A value read back from memory needs no operands (unless its own partials do).
            if (!needed[p] || (loaded?[p] == true && !own)) continue;
            if (A[p].Kind == RefKind.Local) needed[A[p].Base] = true;
            if (Binary(p) && B[p].Kind == RefKind.Local) needed[B[p].Base] = true;
        }
        return needed;
    }

    /// <summary>
    /// What the reverse code of an iteration recomputes (or reads back when stored): the live positions whose partials
    /// depend on values, and their operands. A node with constant partials (a running sum's +) needs none.
    /// </summary>
    public bool[] RecomputedInReverse() => Needed(p => Live[p] && Tangent.ConstantPartials.Of(this, p) is null, Stored);
    public bool Rolled => Reps > 1;
    public bool Binary(int p) => Prims[p].Arity == 2;
}

/// <summary>Tuning of the compiler (internal: tests lower the thresholds to exercise rolling on small graphs).</summary>
internal readonly record struct CompileSettings(int FusedNodes = 150, int BlockNodes = 100, int MinReps = 4, int MaxPeriod = 256)
{
    public static CompileSettings Default => new(150, 100, 4, 256);
}

/// <summary>What the emitter knows of the graph: its segments, which values live in memory, the constant table.</summary>
internal sealed class Plan
{
    /// <summary>Nodes; input nodes (differentiated or data); the output node.</summary>
    public required int Count, Inputs, Output;
    /// <summary>Where the inputs come from: the gradient has Sources.Theta entries.</summary>
    public required Sources Sources;
    public required Segment[] Segments;
    public required double[] Constants;
    /// <summary>One straight-line method with values, partials and adjoints in locals: no adjoint memory at all.</summary>
    public required bool Fused;
    public required CompileSettings Settings;
    /// <summary>Whether the output's value is wanted (see <see cref="Make"/>).</summary>
    public required bool Value;

    /// <summary>Values in a loop body that cost more than this many operations to recompute are stored by the forward loop instead.</summary>
    const int RecomputeLimit = 16;

    /// <summary>
    /// Chooses what a loop keeps in memory for its reverse code. The reverse code of an iteration recomputes
    /// the values its partials need from what memory holds; a value whose recomputation would take more than
    /// <see cref="RecomputeLimit"/> operations of the body (e.g. a dot product feeding a softplus) is stored
    /// by the forward loop and read back instead (a checkpoint per iteration).
    /// </summary>
    static void Checkpoint(Segment s)
    {
        var wanted = new bool[s.Period];
        for (int p = 0; p < s.Period; p++)
        {
            if (!s.Live[p] || ConstantPartials.Of(s, p) is not null) continue;
            wanted[p] = true;
            if (s.A[p].Kind == RefKind.Local) wanted[s.A[p].Base] = true;
            if (s.Binary(p) && s.B[p].Kind == RefKind.Local) wanted[s.B[p].Base] = true;
        }
        var cost = new long[s.Period];
        for (int p = 0; p < s.Period; p++)
        {
            cost[p] = 1;
            if (s.A[p].Kind == RefKind.Local) cost[p] += cost[s.A[p].Base];
            if (s.Binary(p) && s.B[p].Kind == RefKind.Local && s.B[p] != s.A[p]) cost[p] += cost[s.B[p].Base];
            if (s.Stored[p]) cost[p] = 0;
            else if (wanted[p] && cost[p] > RecomputeLimit) (s.Stored[p], cost[p]) = (true, 0);
        }
    }

    /// <param name="g">The graph.</param>
    /// <param name="settings">Tuning.</param>
    /// <param name="value">
    /// False when only the gradient is wanted (the tangent graph of a Hessian-vector product): the output's value
    /// is then not kept, and the forward code computes only what the reverse code and the branch checks read.
    /// </param>
    public static Plan Make(Graph g, CompileSettings settings, bool value = true)
    {
        int count = g.Count, n = g.InputCount;
        int output = g.Outputs.Length > 0 ? g.Outputs[0].Index : 0;
        var nodes = g.Nodes;
        var prims = g.NodePrimitives();
        var sources = Sources.Of(g);
        var live = g.OnPathTo(output, prims);
        if (sources.Theta < n) Active(g, sources.Theta, prims, live);
        var constants = new List<double>();
        bool fused = count <= settings.FusedNodes;
        var segments = fused
            ? (count > n + 1 ? [Rolling.Straight(nodes, prims, sources, n + 1, count)] : [])
            : Rolling.Split(nodes, prims, sources, count, settings, constants);

        // Adjoints kept in memory: the output's (seeded there) and every Node operand's (its readers add to it there).
        // Values kept in memory: the output's (a fused method returns it instead) when the value is wanted, branch
        // operands, and below, every Node operand that emitted code reads.
        var shared = new bool[count];
        var stored = new bool[count];
        if (output > n && !fused) (shared[output], stored[output]) = (true, value);
        foreach (var br in g.Branches)
        {
            if (br.A > n) stored[br.A] = true;
            if (br.B > n) stored[br.B] = true;
        }
        foreach (var s in segments)
            for (int p = 0; p < s.Period; p++)
                foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                    if (r.Kind == RefKind.Node)
                        for (long t = 0; t < s.Reps; t++) shared[r.Base + t * r.Stride] = true;
        foreach (var s in segments)
        {
            s.Live = new bool[s.Period];
            s.Shared = new bool[s.Period];
            s.Stored = new bool[s.Period];
            for (int p = 0; p < s.Period; p++)
            {
                for (int t = 0; t < s.Reps; t++)
                {
                    int i = s.Start + p + t * s.Period;
                    s.Live[p] |= live[i];
                    s.Shared[p] |= shared[i];
                    s.Stored[p] |= stored[i];
                }
            }
        }
        KeepReadValues([.. segments]);
        return new Plan
        {
            Count = count, Inputs = n, Sources = sources, Output = output, Segments = [.. segments], Constants = [.. constants],
            Fused = fused, Settings = settings, Value = value,
        };
    }

    /// <summary>
    /// Clears <paramref name="live"/> for every node that depends on data alone (no path from the first
    /// <paramref name="theta"/> inputs): its adjoint would reach no differentiated input.
    /// </summary>
    static void Active(Graph g, int theta, Primitive[] prims, bool[] live)
    {
        var active = new bool[g.Count];
        for (int i = 1; i <= theta; i++) active[i] = true;
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            ref var node = ref g.Nodes[i];
            active[i] = active[node.A] || (prims[i].Arity == 2 && active[node.B]);
            live[i] &= active[i];
        }
        for (int i = theta + 1; i <= g.InputCount; i++) live[i] = false;
    }

    /// <summary>
    /// Marks Stored every position with a node that some emitted code reads from memory, until nothing changes: the
    /// forward code of a segment computes its stored values (and, in a straight segment, every live value, kept in
    /// locals for the reverse code) and the reverse code recomputes the values its partials need; a Node operand of
    /// either is read from memory, and a loop may checkpoint a value that is costly to recompute.
    /// </summary>
    static void KeepReadValues(Segment[] segments)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int k = segments.Length - 1; k >= 0; k--) // readers come after what they read: most marks settle in one pass
            {
                var s = segments[k];
                if (s.Rolled) Checkpoint(s);
                var forward = s.Needed(p => s.Stored[p] || (!s.Rolled && s.Live[p]));
                var reverse = s.RecomputedInReverse();
                for (int p = 0; p < s.Period; p++)
                {
                    if (!forward[p] && !reverse[p]) continue;
                    foreach (var r in s.Binary(p) ? (ReadOnlySpan<Ref>)[s.A[p], s.B[p]] : [s.A[p]])
                        if (r.Kind == RefKind.Node)
                            for (long t = 0; t < s.Reps; t++) changed |= Store(segments, r.Base + t * r.Stride);
                }
            }
        }
    }

    /// <summary>Marks the position of node j stored; true when it was not.</summary>
    static bool Store(Segment[] segments, long j)
    {
        int lo = 0, hi = segments.Length - 1;
        while (lo < hi) // the last segment starting at or before j
        {
            int mid = (lo + hi + 1) / 2;
            if (segments[mid].Start <= j) lo = mid; else hi = mid - 1;
        }
        var s = segments[lo];
        int p = (int)((j - s.Start) % s.Period);
        if (s.Stored[p]) return false;
        return s.Stored[p] = true;
    }
}
