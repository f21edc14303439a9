using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// Finds repeated structure in a recorded graph, so that it can be emitted as a loop: a run of
/// Reps ≥ MinReps repetitions of a body of Period nodes with the same primitives, in which every
/// operand of position p is, at iteration t, either a constant or node j₀ + t·d (d fixed): a node of
/// the same iteration (d = Period), a node of an earlier iteration (loop-carried, e.g. a running sum),
/// an input advancing by a fixed stride, or a loop-invariant node (d = 0). What is not part of a run
/// stays straight-line, in blocks of at most BlockNodes nodes.
/// </summary>
/// <remarks>
/// A C# loop over Vars records exactly this shape. The search is greedy: at each node, the period with
/// the largest coverage Period·Reps wins (the smallest period at equal coverage); with none, the node
/// joins the straight-line code and the search moves one node on.
/// </remarks>
internal static class Rolling
{
    /// <summary>Nodes [lo, hi) as one straight-line segment.</summary>
    public static Segment Straight(Node[] nodes, Primitive[] prims, Sources n, int lo, int hi)
    {
        int k = hi - lo;
        var a = new Ref[k];
        var b = new Ref[k];
        for (int p = 0; p < k; p++)
        {
            var node = nodes[lo + p];
            a[p] = Fixed(node.A, node.ConstantA, n, lo);
            b[p] = prims[lo + p].Arity == 2 ? Fixed(node.B, node.ConstantB, n, lo) : new Ref(RefKind.Constant, 0, 0, 0);
        }
        return new Segment { Start = lo, Period = k, Reps = 1, Prims = prims[lo..hi], A = a, B = b };
    }

    static Ref Fixed(int j, double constant, Sources n, int lo) =>
        j == 0 ? new Ref(RefKind.Constant, 0, 0, constant)
        : j >= lo ? new Ref(RefKind.Local, j - lo, 0, 0)
        : n.Of(j, 0);

    /// <summary>Nodes n+1 .. count−1 as rolled runs and straight-line blocks, in order.</summary>
    public static List<Segment> Split(Node[] nodes, Primitive[] prims, Sources n, int count, CompileSettings s, List<double> constants)
    {
        var segments = new List<Segment>();
        var delta = new long[2 * s.MaxPeriod];
        int pos = n.Count + 1, line = pos;
        void Flush(int end)
        {
            for (int lo = line; lo < end; lo += s.BlockNodes)
                segments.Add(Straight(nodes, prims, n, lo, Math.Min(end, lo + s.BlockNodes)));
        }
        while (pos < count)
        {
            var (k, r) = BestRun(nodes, prims, n, count, pos, s, delta);
            if (k == 0) { pos++; continue; }
            Flush(pos);
            segments.Add(Build(nodes, prims, n, pos, k, r, delta, constants));
            pos += k * r;
            line = pos;
        }
        Flush(count);
        return segments;
    }

    static (int K, int R) BestRun(Node[] nodes, Primitive[] prims, Sources n, int count, int pos, CompileSettings s, long[] delta)
    {
        int bestK = 0, bestR = 0;
        int maxK = Math.Min(s.MaxPeriod, (count - pos) / s.MinReps);
        for (int k = 1; k <= maxK; k++)
        {
            if (nodes[pos].Op != nodes[pos + k].Op) continue;
            if (bestK > 0 && k % bestK == 0) continue; // a multiple of a period found covers no more
            int r = Repetitions(nodes, prims, count, pos, k, delta);
            if (r < s.MinReps) continue;
            r = Valid(n, pos, k, r, nodes, prims, delta);
            if (r >= s.MinReps && (long)k * r > (long)bestK * bestR) (bestK, bestR) = (k, r);
        }
        if (bestK > 0) Repetitions(nodes, prims, count, pos, bestK, delta); // leave its deltas in place for Build
        return (bestK, bestR);
    }

    /// <summary>
    /// How many consecutive repetitions of nodes [pos, pos+k) have the same primitives and operands that
    /// move by a fixed step per repetition (delta[2p], delta[2p+1]; constants in the same slots).
    /// </summary>
    static int Repetitions(Node[] nodes, Primitive[] prims, int count, int pos, int k, long[] delta)
    {
        int r = 1;
        for (int t = 1; pos + (long)(t + 1) * k <= count; t++)
        {
            for (int p = 0; p < k; p++)
            {
                int i = pos + t * k + p, h = i - k;
                ref Node now = ref nodes[i], before = ref nodes[h];
                if (now.Op != before.Op) return r;
                if (!Step(before.A, now.A, t, ref delta[2 * p])) return r;
                if (prims[i].Arity == 2 && !Step(before.B, now.B, t, ref delta[2 * p + 1])) return r;
            }
            r = t + 1;
        }
        return r;
    }

    static bool Step(int before, int now, int t, ref long d)
    {
        if ((before == 0) != (now == 0)) return false;
        if (before == 0) return true;
        if (t == 1) { d = now - before; return true; }
        return d == now - before;
    }

    /// <summary>
    /// The most repetitions (≤ r) for which the emitted body is exact: a node operand read from memory
    /// was computed before its iteration began and never switches between inputs and nodes, and two
    /// different memory operands of one iteration never name the same node (their adjoints would be two locals).
    /// </summary>
    static int Valid(Sources n, int pos, int k, int r, Node[] nodes, Primitive[] prims, long[] delta)
    {
        var memory = new List<(long Base, long Stride)>();
        for (int p = 0; p < k; p++)
        {
            ref Node node = ref nodes[pos + p];
            int arity = prims[pos + p].Arity;
            for (int slot = 0; slot < arity; slot++)
            {
                long j0 = slot == 0 ? node.A : node.B, d = delta[2 * p + slot];
                if (j0 == 0 || (d == k && j0 >= pos)) continue; // constant, or a node of the same iteration
                if (j0 >= pos) return 0;                          // inside iteration 0 but not moving with it
                if (d > k) r = (int)Math.Min(r, (pos - 1 - j0) / (d - k) + 1); // j(t) < pos + t·k
                var (lo, hi) = n.Region(j0); // stays an input, a datum, a label or a node
                if (d > 0) r = (int)Math.Min(r, (hi - j0) / d + 1);
                if (d < 0) r = (int)Math.Min(r, (j0 - lo) / -d + 1);
                if (!memory.Contains((j0, d))) memory.Add((j0, d));
            }
        }
        for (int u = 0; u < memory.Count; u++)
            for (int w = u + 1; w < memory.Count; w++)
            {
                var (b1, d1) = memory[u];
                var (b2, d2) = memory[w];
                if (d1 == d2) continue;
                long num = b2 - b1, den = d1 - d2;
                if (num % den == 0 && num / den >= 0) r = (int)Math.Min(r, num / den); // they meet at t = num/den
            }
        return r;
    }

    static Segment Build(Node[] nodes, Primitive[] prims, Sources n, int pos, int k, int r, long[] delta, List<double> constants)
    {
        var a = new Ref[k];
        var b = new Ref[k];
        for (int p = 0; p < k; p++)
        {
            a[p] = Rolled(nodes, n, pos, k, r, p, 0, delta[2 * p], constants);
            b[p] = prims[pos + p].Arity == 2 ? Rolled(nodes, n, pos, k, r, p, 1, delta[2 * p + 1], constants) : new Ref(RefKind.Constant, 0, 0, 0);
        }
        return new Segment { Start = pos, Period = k, Reps = r, Prims = prims[pos..(pos + k)], A = a, B = b };
    }

    static Ref Rolled(Node[] nodes, Sources n, int pos, int k, int r, int p, int slot, long d, List<double> constants)
    {
        ref Node first = ref nodes[pos + p];
        long j0 = slot == 0 ? first.A : first.B;
        if (j0 != 0)
        {
            if (d == k && j0 >= pos) return new Ref(RefKind.Local, j0 - pos, 0, 0);
            return n.Of(j0, d);
        }
        // A constant operand: its value sits in the partial's slot (Node.ConstantA/B). The same at every iteration: a literal;
        // otherwise a column of the constant table.
        double c0 = slot == 0 ? first.ConstantA : first.ConstantB;
        bool same = true;
        for (int t = 1; t < r && same; t++)
        {
            ref Node node = ref nodes[pos + t * k + p];
            same = BitConverter.DoubleToInt64Bits(slot == 0 ? node.ConstantA : node.ConstantB) == BitConverter.DoubleToInt64Bits(c0);
        }
        if (same) return new Ref(RefKind.Constant, 0, 0, c0);
        int start = constants.Count;
        for (int t = 0; t < r; t++)
        {
            ref Node node = ref nodes[pos + t * k + p];
            constants.Add(slot == 0 ? node.ConstantA : node.ConstantB);
        }
        return new Ref(RefKind.Varying, start, 1, 0);
    }
}

/// <summary>
/// Where a graph's inputs come from: nodes 1..Theta are the differentiated inputs x, then Data nodes read from the
/// data array and Labels nodes from the label array (recorded as inputs, never differentiated), then operations.
/// </summary>
internal readonly record struct Sources(int Theta, int Data, int Labels)
{
    /// <summary>All input nodes.</summary>
    public int Count => Theta + Data + Labels;

    /// <summary>The graph's layout.</summary>
    public static Sources Of(Graph g) => new(g.InputCount - g.DataCount - g.LabelCount, g.DataCount, g.LabelCount);

    /// <summary>The operand that node j (an input or an operation, not a constant) is at iteration 0, moving by d per iteration.</summary>
    public Ref Of(long j, long d) =>
        j <= Theta ? new Ref(RefKind.Input, j - 1, d, 0)
        : j <= Theta + Data ? new Ref(RefKind.Data, j - 1 - Theta, d, 0)
        : j <= Count ? new Ref(RefKind.Label, j - 1 - Theta - Data, d, 0)
        : new Ref(RefKind.Node, j, d, 0);

    /// <summary>The node range [lo, hi] of j's kind, which a strided operand must not leave.</summary>
    public (long Lo, long Hi) Region(long j) =>
        j <= Theta ? (1, Theta)
        : j <= Theta + Data ? (Theta + 1, Theta + Data)
        : j <= Count ? (Theta + Data + 1, Count)
        : (Count + 1, long.MaxValue);
}
