using Tangent.Primitives;

namespace Tangent;

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
            : Nesting.Roll(Rolling.Split(nodes, prims, sources, count, settings, constants), settings, output, constants);
        var leaves = Instances.Leaves(segments);

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
        foreach (var s in leaves)
            for (int p = 0; p < s.Period; p++)
                foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                    if (r.Kind == RefKind.Node)
                        Instances.Each(s, r.Shift, offset =>
                        {
                            for (long t = 0; t < s.Reps; t++) shared[r.Base + offset + t * r.Stride] = true;
                        });
        // A segment of a group stands for every repetition: its flags are the union over them.
        foreach (var s in leaves)
        {
            s.Live = new bool[s.Period];
            s.Shared = new bool[s.Period];
            s.Stored = new bool[s.Period];
            Instances.Each(s, s.Own, offset =>
            {
                for (int p = 0; p < s.Period; p++)
                {
                    for (int t = 0; t < s.Reps; t++)
                    {
                        long i = s.Start + offset + p + (long)t * s.Period;
                        s.Live[p] |= live[i];
                        s.Shared[p] |= shared[i];
                        s.Stored[p] |= stored[i];
                    }
                }
            });
        }
        KeepReadValues([.. segments], leaves);
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
    static void KeepReadValues(Segment[] segments, List<Segment> leaves)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int k = leaves.Count - 1; k >= 0; k--) // readers come after what they read: most marks settle in one pass
            {
                var s = leaves[k];
                if (s.Looped) Checkpoint(s);
                var forward = s.Needed(p => s.Stored[p] || (!s.Looped && s.Live[p]));
                var reverse = s.RecomputedInReverse();
                for (int p = 0; p < s.Period; p++)
                {
                    if (!forward[p] && !reverse[p]) continue;
                    foreach (var r in s.Binary(p) ? (ReadOnlySpan<Ref>)[s.A[p], s.B[p]] : [s.A[p]])
                        if (r.Kind == RefKind.Node)
                            Instances.Each(s, r.Shift, offset =>
                            {
                                for (long t = 0; t < s.Reps; t++) changed |= Instances.Store(segments, r.Base + offset + t * r.Stride);
                            });
                }
            }
        }
    }
}
