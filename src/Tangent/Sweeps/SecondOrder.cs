using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// Second order by forward-over-reverse: a tangent sweep along C directions v₁..v_C at once, then an
/// adjoint sweep that also carries the tangents of the adjoints. For y = φ(a, b) with adjoint ȳ and its
/// tangent ẏ̄ (one per direction):
///   ā += φ_a ȳ,   ā̇ += φ_a ẏ̄ + ȳ (φ_aa ȧ + φ_ab ḃ),
///   b̄ += φ_b ȳ,   ḃ̄ += φ_b ẏ̄ + ȳ (φ_ab ȧ + φ_bb ḃ).
/// Seeded with output weights w, the input adjoint tangents are ∇²(wᵀf)(x)·vₖ: Hessian-vector products
/// for a few times the cost of f, without forming the Hessian.
/// </summary>
/// <remarks>
/// The second partials come from each primitive's declaration, called through a switch over the node's
/// code (generic static calls, inlined: a linear primitive's zero second partials fold away). Node values
/// are computed only when some primitive's second partials depend on them (<see cref="Curvature"/>).
/// Work arrays are kept per thread, so a warm sweep allocates nothing. Each direction's arithmetic is
/// the same whatever C is and whatever the other directions are, so a product does not depend on the
/// products swept beside it.
/// </remarks>
internal static class SecondOrder
{
    [ThreadStatic] private static double[]? dotBuffer, adjBuffer, adjDotBuffer, valueBuffer;

    /// <summary>Stands for "no node needs its value" in <see cref="Sweep"/>.</summary>
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
    /// Writes ∇²(wᵀf)(x)·vₖ for C directions. <paramref name="seeds"/> holds them input-major (seeds[j·C + k]
    /// is component j of vₖ), and so does <paramref name="result"/>. <paramref name="values"/>: the node values,
    /// <see cref="NoValues"/> when no node needs them, or null to find out and compute them here.
    /// </summary>
    public static void Sweep(Graph g, double[]? values, ReadOnlySpan<double> w, ReadOnlySpan<double> seeds, int c, Span<double> result)
    {
        int count = g.Count, n = g.InputCount;
        if (g.Nodes.Length < count || seeds.Length < n * c || result.Length < n * c) throw new ArgumentException("The seeds or the result are shorter than n·C.");
        var dot = Buffer(ref dotBuffer, (long)count * c);
        var adj = Buffer(ref adjBuffer, count);
        var adjDot = Buffer(ref adjDotBuffer, (long)count * c);
        bool needed = c switch
        {
            1 => Tangents<Lanes1>(g, seeds, c, dot, values is null),
            2 => Tangents<Lanes2>(g, seeds, c, dot, values is null),
            3 => Tangents<Lanes3>(g, seeds, c, dot, values is null),
            4 => Tangents<Lanes4>(g, seeds, c, dot, values is null),
            8 => Tangents<Lanes8>(g, seeds, c, dot, values is null),
            _ => Tangents<LanesAny>(g, seeds, c, dot, values is null),
        };
        if (values is null)
        {
            values = NoValues;
            if (needed)
            {
                values = Buffer(ref valueBuffer, count);
                Replay.Evaluate(g, g.Point, values, null);
            }
        }
        adj.AsSpan(0, count).Clear();
        adjDot.AsSpan(0, count * c).Clear();
        for (int k = 0; k < g.Outputs.Length; k++) adj[g.Outputs[k].Index] += w[k];
        switch (c)
        {
            case 1: Adjoints<Lanes1>(g, values, c, dot, adj, adjDot); break;
            case 2: Adjoints<Lanes2>(g, values, c, dot, adj, adjDot); break;
            case 3: Adjoints<Lanes3>(g, values, c, dot, adj, adjDot); break;
            case 4: Adjoints<Lanes4>(g, values, c, dot, adj, adjDot); break;
            case 8: Adjoints<Lanes8>(g, values, c, dot, adj, adjDot); break;
            default: Adjoints<LanesAny>(g, values, c, dot, adj, adjDot); break;
        }
        adjDot.AsSpan(c, n * c).CopyTo(result);
    }

    /// <summary>
    /// The forward sweep: ẏ = φ_a ȧ + φ_b ḃ for every node and direction, into dot (node-major). Returns whether
    /// some node's second partials need the node values (looked for only when <paramref name="look"/>).
    /// </summary>
    private static bool Tangents<L>(Graph g, ReadOnlySpan<double> seeds, int c, double[] dot, bool look) where L : ILanes
    {
        if (L.Count != 0) c = L.Count; // a constant to the JIT
        int count = g.Count, n = g.InputCount;
        dot.AsSpan(0, c).Clear(); // the sink (constants) has tangent 0
        seeds[..(n * c)].CopyTo(dot.AsSpan(c, n * c));
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double dot0 = ref MemoryMarshal.GetArrayDataReference(dot);
        bool guarded = g.NonFinite, needed = false;
        for (nint i = n + 1; i < count; i++)
        {
            ref Node nd = ref Unsafe.Add(ref node0, i);
            nint ia = nd.A, ib = nd.B;
            // A constant operand keeps its value in its partial slot: weigh it by 0.
            double da = ia == 0 ? 0 : nd.DA, db = ib == 0 ? 0 : nd.DB;
            ref double y = ref Unsafe.Add(ref dot0, i * c);
            ref double ta = ref Unsafe.Add(ref dot0, ia * c);
            ref double tb = ref Unsafe.Add(ref dot0, ib * c);
            if (!guarded)
                for (int k = 0; k < c; k++) Unsafe.Add(ref y, k) = da * Unsafe.Add(ref ta, k) + db * Unsafe.Add(ref tb, k);
            else
                for (int k = 0; k < c; k++) Unsafe.Add(ref y, k) = Term(da, Unsafe.Add(ref ta, k)) + Term(db, Unsafe.Add(ref tb, k));
            if (look && !needed) needed = Curvature.Of(nd.Op).NeedsValues;
        }
        return needed;
    }

    /// <summary>The adjoint sweep with adjoint tangents, from the last node back to the inputs.</summary>
    private static void Adjoints<L>(Graph g, double[] values, int c, double[] dot, double[] adj, double[] adjDot) where L : ILanes
    {
        if (L.Count != 0) c = L.Count; // a constant to the JIT
        int n = g.InputCount;
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double dot0 = ref MemoryMarshal.GetArrayDataReference(dot);
        ref double adj0 = ref MemoryMarshal.GetArrayDataReference(adj);
        ref double dd0 = ref MemoryMarshal.GetArrayDataReference(adjDot);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(values); // read only by primitives that need values
        bool guarded = g.NonFinite;
        for (nint i = g.Count - 1; i > n; i--)
        {
            ref Node nd = ref Unsafe.Add(ref node0, i);
            nint ia = nd.A, ib = nd.B;
            double ybar = Unsafe.Add(ref adj0, i), da = nd.DA, db = nd.DB;
            ref double yd = ref Unsafe.Add(ref dd0, i * c);
            ref double ada = ref Unsafe.Add(ref dd0, ia * c);
            ref double adb = ref Unsafe.Add(ref dd0, ib * c);
            if (!guarded)
            {
                // NOTE: a constant operand (index 0) sends its value times ȳ into the sink; nothing reads the sink.
                Unsafe.Add(ref adj0, ia) += da * ybar;
                Unsafe.Add(ref adj0, ib) += db * ybar;
                for (int k = 0; k < c; k++)
                {
                    double t = Unsafe.Add(ref yd, k);
                    Unsafe.Add(ref ada, k) += da * t;
                    Unsafe.Add(ref adb, k) += db * t;
                }
            }
            else if (!FirstOrderGuarded<L>(ref adj0, ia, ib, da, db, ybar, ref yd, ref ada, ref adb, c))
                continue;
            if (ybar == 0) continue; // the second-order terms all carry the factor ȳ
            ref double ta = ref Unsafe.Add(ref dot0, ia * c);
            ref double tb = ref Unsafe.Add(ref dot0, ib * c);
            switch (nd.Op)
            {
                case Codes.Negate: Unary<Negate, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Sin: Unary<Sin, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Cos: Unary<Cos, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Tan: Unary<Tan, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Asin: Unary<Asin, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Acos: Unary<Acos, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Atan: Unary<Atan, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Sinh: Unary<Sinh, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Cosh: Unary<Cosh, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Tanh: Unary<Tanh, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Exp: Unary<Exp, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Log: Unary<Log, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Sqrt: Unary<Sqrt, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Abs: Unary<Abs, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Relu: Unary<Relu, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Sigmoid: Unary<Sigmoid, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Softplus: Unary<Softplus, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Sign: Unary<Sign, L>(ref ta, ref ada, c, ybar, ref v0, ia, da, i); break;
                case Codes.Add: Binary<Add, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Subtract: Binary<Subtract, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Multiply: Binary<Multiply, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Divide: Binary<Divide, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Power: Binary<Power, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Atan2: Binary<Atan2, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Max: Binary<Max, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                case Codes.Min: Binary<Min, L>(ref ta, ref tb, ref ada, ref adb, c, ybar, ref v0, ia, ib, da, db, i); break;
                default: Unlisted(Primitive.ByCode(nd.Op), ref ta, ref tb, ref ada, ref adb, c, ybar, values, ia, ib, da, db, values[i]); break;
            }
        }
    }

    /// <summary>
    /// The first-order terms when the graph holds a non-finite number: a zero factor carries nothing, even against
    /// an infinite or NaN one (0·∞ = 0, as in the first-order sweeps), and a constant operand receives nothing.
    /// Returns false when the node carries nothing at all (ȳ and every ẏ̄ are 0).
    /// </summary>
    private static bool FirstOrderGuarded<L>(ref double adj0, nint ia, nint ib, double da, double db, double ybar,
        ref double yd, ref double ada, ref double adb, int c) where L : ILanes
    {
        if (L.Count != 0) c = L.Count;
        bool live = ybar != 0;
        for (int k = 0; k < c && !live; k++) live = Unsafe.Add(ref yd, k) != 0;
        if (!live) return false;
        if (ia != 0)
        {
            Unsafe.Add(ref adj0, ia) += Term(da, ybar);
            for (int k = 0; k < c; k++) Unsafe.Add(ref ada, k) += Term(da, Unsafe.Add(ref yd, k));
        }
        if (ib != 0)
        {
            Unsafe.Add(ref adj0, ib) += Term(db, ybar);
            for (int k = 0; k < c; k++) Unsafe.Add(ref adb, k) += Term(db, Unsafe.Add(ref yd, k));
        }
        return true;
    }

    /// <summary>ā̇ += ȳ φ″(a) ȧ for a unary φ; nothing at all for a primitive whose φ″ is declared 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unary<P, L>(ref double ta, ref double ada, int c, double ybar, ref double v0, nint ia, double stored, nint i)
        where P : IUnaryPrimitive where L : ILanes
    {
        if (L.Count != 0) c = L.Count;
        bool values = CurvatureOf<P>.Value.NeedsValues; // a constant to the JIT: unused values are not loaded
        double a = !values ? 0 : ia == 0 ? stored : Unsafe.Add(ref v0, ia);
        double d2 = P.SecondDerivative(a, values ? Unsafe.Add(ref v0, i) : 0);
        if (d2 == 0) return;
        for (int k = 0; k < c; k++) Unsafe.Add(ref ada, k) += Term(ybar, Term(d2, Unsafe.Add(ref ta, k)));
    }

    /// <summary>ā̇ += ȳ (φ_aa ȧ + φ_ab ḃ), ḃ̄ += ȳ (φ_ab ȧ + φ_bb ḃ) for a binary φ; nothing for a (piecewise) linear one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Binary<P, L>(ref double ta, ref double tb, ref double ada, ref double adb, int c, double ybar,
        ref double v0, nint ia, nint ib, double storedA, double storedB, nint i)
        where P : IBinaryPrimitive where L : ILanes
    {
        if (L.Count != 0) c = L.Count;
        bool values = CurvatureOf<P>.Value.NeedsValues;
        double a = !values ? 0 : ia == 0 ? storedA : Unsafe.Add(ref v0, ia);
        double b = !values ? 0 : ib == 0 ? storedB : Unsafe.Add(ref v0, ib);
        var (daa, dab, dbb) = P.SecondPartials(a, b, values ? Unsafe.Add(ref v0, i) : 0);
        if (daa == 0 && dab == 0 && dbb == 0) return;
        for (int k = 0; k < c; k++)
        {
            double sa = Unsafe.Add(ref ta, k), sb = Unsafe.Add(ref tb, k);
            Unsafe.Add(ref ada, k) += Term(ybar, Term(daa, sa) + Term(dab, sb));
            Unsafe.Add(ref adb, k) += Term(ybar, Term(dab, sa) + Term(dbb, sb));
        }
    }

    /// <summary>The same terms for a primitive outside <see cref="Primitive.All"/>, through its run-time face.</summary>
    private static void Unlisted(Primitive p, ref double ta, ref double tb, ref double ada, ref double adb, int c, double ybar,
        double[] values, nint ia, nint ib, double storedA, double storedB, double y)
    {
        double a = ia == 0 ? storedA : values[ia];
        double b = p.Arity == 2 ? (ib == 0 ? storedB : values[ib]) : 0;
        var (daa, dab, dbb) = p.SecondPartials(a, b, y);
        for (int k = 0; k < c; k++)
        {
            double sa = Unsafe.Add(ref ta, k), sb = p.Arity == 2 ? Unsafe.Add(ref tb, k) : 0;
            Unsafe.Add(ref ada, k) += Term(ybar, Term(daa, sa) + Term(dab, sb));
            if (p.Arity == 2) Unsafe.Add(ref adb, k) += Term(ybar, Term(dab, sa) + Term(dbb, sb));
        }
    }

    /// <summary>c·t, exactly 0 when t = 0 or c = 0 whatever the other is (a zero factor carries nothing, 0·∞ = 0, as in the first-order sweeps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Term(double c, double t) => t == 0 || c == 0 ? 0 : c * t;

    private static double[] Buffer(ref double[]? buffer, long size)
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
