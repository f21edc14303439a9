using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// What a Hessian-vector product of ∇²(wᵀF) needs besides the direction: for every node y = φ(a, b) whose
/// adjoint ȳ is nonzero and whose second partials are not all zero, the node, ȳ and (φ_aa, φ_ab, φ_bb).
/// Found once per graph and weights: one reverse sweep for the adjoints, then the second partials from each
/// primitive's declaration, found by the node's code in the registry (<see cref="Primitive.SecondPartialsAt"/>).
/// </summary>
internal sealed class SecondOrderTerms
{
    [ThreadStatic] private static double[]? adjBuffer, valueBuffer;
    [ThreadStatic] private static bool[]? activeBuffer;

    /// <summary>The number of terms.</summary>
    public int Count;

    /// <summary>The node of each term, in increasing order.</summary>
    public int[] Nodes = new int[16];

    /// <summary>ȳ, φ_aa, φ_ab, φ_bb of term s at 4s … 4s + 3.</summary>
    public double[] Coefficients = new double[64];

    /// <summary>
    /// The number of active nodes: those whose tangent a term reads or whose adjoint tangent can be nonzero, i.e. the
    /// operands of the terms' nodes and, recursively, their operands. Only these are swept; every other node's
    /// adjoint tangent is exactly 0 and its tangent is never read.
    /// </summary>
    public int ActiveCount;

    /// <summary>The active nodes (inputs and the sink not included), in increasing order.</summary>
    public int[] Active = new int[16];

    /// <summary>The weights w the terms were found for.</summary>
    public double[] Weights = [];

    /// <summary>True when these terms were found for weights equal to w (a kept set is re-used only then).</summary>
    public bool For(ReadOnlySpan<double> w) => w.SequenceEqual(Weights);

    /// <summary>
    /// Finds the terms of ∇²(wᵀF) on g. <paramref name="values"/>: the node values, <see cref="SecondOrder.NoValues"/>
    /// when no node needs them, or null to compute them here if some term needs them.
    /// </summary>
    public void Find(Graph g, double[]? values, ReadOnlySpan<double> w)
    {
        int count = g.Count, n = g.InputCount;
        var adj = SecondOrder.Buffer(ref adjBuffer, count);
        adj.AsSpan(0, count).Clear();
        for (int k = 0; k < g.Outputs.Length; k++) adj[g.Outputs[k].Index] += w[k];
        var active = activeBuffer;
        if (active is null || active.Length < count) activeBuffer = active = new bool[Math.Max(count, 2 * (active?.Length ?? 0))];
        active.AsSpan(0, count).Clear();
        var nodes = g.Nodes;
        bool guarded = g.NonFinite, needed = false;
        Count = ActiveCount = 0;
        // One backward pass. Node i's adjoint is complete when it is reached (its consumers come later), and so is
        // whether it is active. The adjoints are kept in memory (Reverse.SweepFrom carries some in a register), with
        // its arithmetic. A candidate is a node with ȳ ≠ 0 whose declared curvature meets a non-constant operand: a
        // constant operand has tangent 0, so the terms that multiply its tangent carry nothing, and what lands on it
        // goes to the sink (dropping them changes no number: Term(φ, 0) = 0).
        for (int i = count - 1; i > n; i--)
        {
            ref Node nd = ref nodes[i];
            int ia = nd.A, ib = nd.B;
            if (active[i])
            {
                active[ia] = active[ib] = true;
                Push(ref Active, ActiveCount++, i);
            }
            double a = adj[i];
            if (a == 0) continue;
            if (guarded && !double.IsFinite(a))
            {
                if (nd.PartialA != 0) adj[ia] += nd.PartialA * a;
                if (nd.PartialB != 0) adj[ib] += nd.PartialB * a;
            }
            else
            {
                adj[ia] += nd.PartialA * a;
                adj[ib] += nd.PartialB * a;
            }
            var cv = Curvature.Of(nd.Op); // a test-only primitive counts as curved everywhere
            bool onA = ia != 0 && (cv.Aa || (cv.Ab && ib != 0)), onB = ib != 0 && (cv.Bb || (cv.Ab && ia != 0));
            if (!onA && !onB) continue;
            active[ia] = active[ib] = true; // the sink (0) may be marked: it is never swept
            needed |= cv.NeedsValues;
            Push(ref Nodes, Count++, i);
        }
        Array.Reverse(Active, 0, ActiveCount);
        Array.Reverse(Nodes, 0, Count);
        if (values is null)
        {
            values = SecondOrder.NoValues;
            if (needed)
            {
                values = SecondOrder.Buffer(ref valueBuffer, count);
                Replay.Evaluate(g, g.Point, values, null);
            }
        }
        if (Weights.Length != w.Length) Weights = new double[w.Length];
        w.CopyTo(Weights);
        if (Coefficients.Length < 4 * Count) Coefficients = new double[4 * Nodes.Length];
        int kept = 0;
        for (int s = 0; s < Count; s++)
        {
            int i = Nodes[s];
            ref Node nd = ref nodes[i];
            int ia = nd.A, ib = nd.B;
            var (daa, dab, dbb) = Primitive.ByCode(nd.Op).SecondPartialsAt(values, i, ia, ib, nd.PartialA, nd.PartialB);
            if (ia == 0) daa = dab = 0;
            if (ib == 0) dab = dbb = 0;
            if (daa == 0 && dab == 0 && dbb == 0) continue; // zero at this point (its operands then only cost a visit)
            Nodes[kept] = i;
            Coefficients[4 * kept] = adj[i];
            Coefficients[4 * kept + 1] = daa;
            Coefficients[4 * kept + 2] = dab;
            Coefficients[4 * kept + 3] = dbb;
            kept++;
        }
        Count = kept;
    }

    private static void Push(ref int[] list, int at, int value)
    {
        if (at == list.Length) Array.Resize(ref list, 2 * list.Length);
        list[at] = value;
    }
}
