using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tangent;

/// <summary>
/// Second order by forward-over-reverse. For y = φ(a, b) with adjoint ȳ and, along a direction v, the
/// tangents ȧ, ḃ and the adjoint tangent ẏ̄:
///   ā̇ += φ_a ẏ̄ + ȳ (φ_aa ȧ + φ_ab ḃ),   ḃ̄ += φ_b ẏ̄ + ȳ (φ_ab ȧ + φ_bb ḃ).
/// Seeded with output weights w, the input adjoint tangents are ∇²(wᵀF)(x)·v: a Hessian-vector product
/// without forming the Hessian.
/// </summary>
/// <remarks>
/// The adjoints ȳ and the second partials do not depend on v, so they are found once
/// (<see cref="SecondOrderTerms"/>: one reverse sweep, then the second partials of the curved nodes that
/// reach an output) and kept with the graph. A product along C directions at once is then a forward
/// tangent sweep, the terms ȳ(φ_aa ȧ + φ_ab ḃ) added where they arise, and a plain linear reverse sweep of
/// the adjoint tangents (ā̇ += φ_a ẏ̄) — at most the cost of a Jacobian-vector product plus a gradient. Both
/// sweeps visit only the active nodes, those upstream of a curved node (an accumulated sum of terms, for
/// one, carries no second-order information and is skipped). Work arrays
/// are kept per thread, so a warm sweep allocates nothing. Each direction's arithmetic is the same whatever
/// C is and whatever the other directions are, so a product does not depend on the products swept beside it.
/// </remarks>
internal static class SecondOrder
{
    [ThreadStatic] private static double[]? dotBuffer, adjDotBuffer;
    [ThreadStatic] private static SecondOrderTerms? spareTerms;

    /// <summary>Stands for "no node needs its value".</summary>
    public static readonly double[] NoValues = [];

    /// <summary>Node values at the recorded point (a new array).</summary>
    public static double[] Values(Graph g)
    {
        var values = new double[g.Count];
        Replay.Evaluate(g, g.Point, values, null);
        return values;
    }

    /// <summary>The node values the second partials need (a new array), or <see cref="NoValues"/> when none does.</summary>
    public static double[] ValuesIfNeeded(Graph g)
    {
        for (int i = g.InputCount + 1; i < g.Count; i++)
            if (Curvature.Of(g.Nodes[i].Op).NeedsValues) return Values(g);
        return NoValues;
    }

    /// <summary>
    /// Writes ∇²(wᵀF)(x)·vₖ for C directions, finding the second-order terms for this call only (values: the node
    /// values, <see cref="NoValues"/>, or null to compute them if needed). Seeds and result are input-major.
    /// </summary>
    public static void Sweep(Graph g, double[]? values, ReadOnlySpan<double> w, ReadOnlySpan<double> seeds, int c, Span<double> result)
    {
        var terms = spareTerms ??= new SecondOrderTerms();
        terms.Find(g, values, w);
        Sweep(g, terms, seeds, c, result);
    }

    /// <summary>
    /// Writes ∇²(wᵀF)(x)·vₖ for C directions, given the terms for w. <paramref name="seeds"/> holds the directions
    /// input-major (seeds[j·C + k] is component j of vₖ), and so does <paramref name="result"/>.
    /// </summary>
    public static void Sweep(Graph g, SecondOrderTerms terms, ReadOnlySpan<double> seeds, int c, Span<double> result)
    {
        int count = g.Count, n = g.InputCount;
        if (g.Nodes.Length < count || seeds.Length < n * c || result.Length < n * c) throw new ArgumentException("The seeds or the result are shorter than n·C.");
        var dot = Buffer(ref dotBuffer, (long)count * c);
        var adjDot = Buffer(ref adjDotBuffer, (long)count * c);
        adjDot.AsSpan(0, count * c).Clear();
        switch (c)
        {
            case 1: Run<Lanes1>(g, terms, seeds, c, dot, adjDot); break;
            case 2: Run<Lanes2>(g, terms, seeds, c, dot, adjDot); break;
            case 3: Run<Lanes3>(g, terms, seeds, c, dot, adjDot); break;
            case 4: Run<Lanes4>(g, terms, seeds, c, dot, adjDot); break;
            case 8: Run<Lanes8>(g, terms, seeds, c, dot, adjDot); break;
            default: Run<LanesAny>(g, terms, seeds, c, dot, adjDot); break;
        }
        adjDot.AsSpan(c, n * c).CopyTo(result);
    }

    private static void Run<L>(Graph g, SecondOrderTerms terms, ReadOnlySpan<double> seeds, int c, double[] dot, double[] adjDot) where L : ILanes
    {
        Tangents<L>(g, terms, seeds, c, dot);
        Sources<L>(g, terms, c, dot, adjDot);
        Adjoints<L>(g, terms, c, adjDot);
    }

    /// <summary>The forward sweep: ẏ = φ_a ȧ + φ_b ḃ for every active node and direction, into dot (node-major).</summary>
    private static void Tangents<L>(Graph g, SecondOrderTerms terms, ReadOnlySpan<double> seeds, int c, double[] dot) where L : ILanes
    {
        if (L.Count != 0) c = L.Count; // a constant to the JIT
        int n = g.InputCount;
        dot.AsSpan(0, c).Clear(); // the sink (constants) has tangent 0
        seeds[..(n * c)].CopyTo(dot.AsSpan(c, n * c));
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double dot0 = ref MemoryMarshal.GetArrayDataReference(dot);
        bool guarded = g.NonFinite;
        var active = terms.Active;
        for (int s = 0; s < terms.ActiveCount; s++)
        {
            nint i = active[s];
            ref Node nd = ref Unsafe.Add(ref node0, i);
            nint ia = nd.A, ib = nd.B;
            // A constant operand keeps its value in its partial's slot: weigh it by 0.
            double da = nd.PartialAOrZero, db = nd.PartialBOrZero;
            ref double y = ref Unsafe.Add(ref dot0, i * c);
            ref double ta = ref Unsafe.Add(ref dot0, ia * c);
            ref double tb = ref Unsafe.Add(ref dot0, ib * c);
            if (!guarded)
                for (int k = 0; k < c; k++) Unsafe.Add(ref y, k) = da * Unsafe.Add(ref ta, k) + db * Unsafe.Add(ref tb, k);
            else
                // NOTE: a zero factor carries nothing, even against an infinite or NaN one (0·∞ = 0, as in the first-order sweeps).
                for (int k = 0; k < c; k++) Unsafe.Add(ref y, k) = Term(da, Unsafe.Add(ref ta, k)) + Term(db, Unsafe.Add(ref tb, k));
        }
    }

    /// <summary>The second-order sources: ā̇ += ȳ (φ_aa ȧ + φ_ab ḃ), ḃ̄ += ȳ (φ_ab ȧ + φ_bb ḃ) at each curved live node.</summary>
    private static void Sources<L>(Graph g, SecondOrderTerms terms, int c, double[] dot, double[] adjDot) where L : ILanes
    {
        if (L.Count != 0) c = L.Count;
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double dot0 = ref MemoryMarshal.GetArrayDataReference(dot);
        ref double dd0 = ref MemoryMarshal.GetArrayDataReference(adjDot);
        var nodes = terms.Nodes;
        var coefficients = terms.Coefficients;
        for (int s = 0; s < terms.Count; s++)
        {
            ref Node nd = ref Unsafe.Add(ref node0, nodes[s]);
            nint ia = nd.A, ib = nd.B;
            double ybar = coefficients[4 * s], daa = coefficients[4 * s + 1], dab = coefficients[4 * s + 2], dbb = coefficients[4 * s + 3];
            ref double ta = ref Unsafe.Add(ref dot0, ia * c);
            ref double tb = ref Unsafe.Add(ref dot0, ib * c);
            ref double ada = ref Unsafe.Add(ref dd0, ia * c);
            ref double adb = ref Unsafe.Add(ref dd0, ib * c);
            // A constant operand has tangent 0 (the sink's), and what is added to it lands in the sink, which nothing reads.
            for (int k = 0; k < c; k++)
            {
                double sa = Unsafe.Add(ref ta, k), sb = Unsafe.Add(ref tb, k);
                Unsafe.Add(ref ada, k) += Term(ybar, Term(daa, sa) + Term(dab, sb));
                Unsafe.Add(ref adb, k) += Term(ybar, Term(dab, sa) + Term(dbb, sb));
            }
        }
    }

    /// <summary>
    /// The linear reverse sweep of the adjoint tangents, ā̇ += φ_a ẏ̄, ḃ̄ += φ_b ẏ̄, per direction with the arithmetic of
    /// <see cref="Reverse.SweepFrom"/> (so one direction and C directions give the same numbers; with finite partials a
    /// zero ẏ̄ is not skipped, which can turn a −0 into +0, equal as numbers).
    /// </summary>
    private static void Adjoints<L>(Graph g, SecondOrderTerms terms, int c, double[] adjDot) where L : ILanes
    {
        if (L.Count != 0) c = L.Count;
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double dd0 = ref MemoryMarshal.GetArrayDataReference(adjDot);
        bool guarded = g.NonFinite;
        var active = terms.Active;
        for (int s = terms.ActiveCount - 1; s >= 0; s--)
        {
            nint i = active[s];
            ref Node nd = ref Unsafe.Add(ref node0, i);
            nint ia = nd.A, ib = nd.B;
            double da = nd.PartialA, db = nd.PartialB;
            ref double yd = ref Unsafe.Add(ref dd0, i * c);
            ref double ada = ref Unsafe.Add(ref dd0, ia * c);
            ref double adb = ref Unsafe.Add(ref dd0, ib * c);
            if (!guarded)
            {
                // Finite partials: skipping a zero ẏ̄ (as Reverse does) would only change the sign of a zero sum.
                for (int k = 0; k < c; k++)
                {
                    double a = Unsafe.Add(ref yd, k);
                    Unsafe.Add(ref ada, k) += da * a;
                    Unsafe.Add(ref adb, k) += db * a;
                }
                continue;
            }
            for (int k = 0; k < c; k++)
            {
                double a = Unsafe.Add(ref yd, k);
                if (a == 0) continue; // no path to the output: skip (also keeps 0·NaN off dead paths)
                if (!double.IsFinite(a))
                {
                    // NOTE: a zero partial passes nothing back, even from an infinite adjoint (0·∞ = 0, as in Forward).
                    if (da != 0) Unsafe.Add(ref ada, k) += da * a;
                    if (db != 0) Unsafe.Add(ref adb, k) += db * a;
                    continue;
                }
                // NOTE: a constant operand (index 0) sends its value times ẏ̄ into the sink; nothing reads the sink.
                Unsafe.Add(ref ada, k) += da * a;
                Unsafe.Add(ref adb, k) += db * a;
            }
        }
    }

    /// <summary>c·t, exactly 0 when t = 0 or c = 0 whatever the other is (a zero factor carries nothing, 0·∞ = 0, as in the first-order sweeps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Term(double c, double t) => t == 0 || c == 0 ? 0 : c * t;

    internal static double[] Buffer(ref double[]? buffer, long size)
    {
        var b = buffer;
        if (b is null || b.Length < size) buffer = b = new double[Math.Max(size, (b?.Length ?? 0) * 2)];
        return b;
    }
}

/// <summary>The number of directions a second-order sweep carries, as a type so that the JIT compiles each count with constant loops (0: any, read at run time).</summary>
internal interface ILanes
{
    static abstract int Count { get; }
}

internal readonly struct Lanes1 : ILanes { public static int Count => 1; }
internal readonly struct Lanes2 : ILanes { public static int Count => 2; }
internal readonly struct Lanes3 : ILanes { public static int Count => 3; }
internal readonly struct Lanes4 : ILanes { public static int Count => 4; }
internal readonly struct Lanes8 : ILanes { public static int Count => 8; }
internal readonly struct LanesAny : ILanes { public static int Count => 0; }
