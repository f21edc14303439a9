namespace Tangent;

/// <summary>
/// The repetitions a segment inside groups stands for (<see cref="Nesting"/>): its leaves, the offsets Σₖ uₖ·Shift[k]
/// over every combination of its enclosing groups' repetitions uₖ, and the segment position that holds a node.
/// </summary>
internal static class Instances
{
    /// <summary>The segments that emit code of their own (loops and straight blocks), groups opened, in node order.</summary>
    public static List<Segment> Leaves(IEnumerable<Segment> segments)
    {
        var leaves = new List<Segment>();
        void Add(Segment s)
        {
            if (s.Body is null) leaves.Add(s);
            else foreach (var b in s.Body) Add(b);
        }
        foreach (var s in segments) Add(s);
        return leaves;
    }

    /// <summary>Calls <paramref name="visit"/> with Σₖ uₖ·shift[k] for every repetition (u₀, u₁, …) of the groups enclosing s (once, with 0, at top level).</summary>
    public static void Each(Segment s, Shift shift, Action<long> visit)
    {
        long U(int k) => k < s.Depth ? s.Outer[k] : 1;
        for (long u2 = 0; u2 < U(2); u2++)
            for (long u1 = 0; u1 < U(1); u1++)
                for (long u0 = 0; u0 < U(0); u0++)
                    visit(u0 * shift.S0 + u1 * shift.S1 + u2 * shift.S2);
    }

    /// <summary>Marks the position that holds node j stored (in the segment, or the group's segment, that holds it); true when it was not.</summary>
    public static bool Store(Segment[] segments, long j)
    {
        var s = Holder(segments, j);
        while (s.Body is not null)
        {
            j -= (j - s.Start) / s.Period * s.Period; // the same node of the group's first repetition
            s = Holder(s.Body, j);
        }
        int p = (int)((j - s.Start) % s.Period);
        if (s.Stored[p]) return false;
        return s.Stored[p] = true;
    }

    /// <summary>The last segment starting at or before j.</summary>
    static Segment Holder(Segment[] segments, long j)
    {
        int lo = 0, hi = segments.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (segments[mid].Start <= j) lo = mid; else hi = mid - 1;
        }
        return segments[lo];
    }
}
