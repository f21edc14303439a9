using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A recorded graph of f: Rⁿ → R laid out to run at L points at once: every node holds L lanes (structure of
/// arrays), the forward sweep runs node by node over all lanes through <see cref="LaneKernel"/>s, every recorded
/// branch decision is re-checked lane by lane, and the reverse sweep x̄ = (∂f/∂x)ᵀ runs over all lanes with the
/// interpreted sweep's order of additions (<see cref="Reverse.SweepFrom"/>), so each lane's gradient is the one
/// point path's, bit for bit.
/// </summary>
internal sealed class LaneProgram
{
    /// <summary>
    /// One node: its kernel, the rows of its operands (a constant operand reads a row filled with its value) and the
    /// rows of its partials (its own partial rows, or a row that already holds the partial, see <see cref="PartialSource"/>).
    /// </summary>
    readonly record struct Step(LaneKernel Kernel, int Node, int RowA, int RowB, int PartialA, int PartialB, bool FromA, bool FromB);

    readonly Step[] steps;
    readonly double[] constants;
    readonly Branch[] branches;
    readonly Node[] nodes;
    readonly Primitive[] prims;
    readonly double outputConstant;

    public readonly Graph Graph;
    public readonly int Count, Inputs, Output, Lanes;
    // Rows of lanes, one array: node values (0 .. Count − 1), constant operands, the constants 1 and −1, then two
    // partial rows per node (∂φ/∂a at PartialRows + 2i, ∂φ/∂b at PartialRows + 2i + 1).
    int OneRow => Count + constants.Length;
    int PartialRows => OneRow + 2;
    int Rows => PartialRows + 2 * Count;

    /// <summary>One thread's lanes: values, constants and partials (<see cref="Rows"/>), adjoints, and per-lane flags.</summary>
    public sealed class Work
    {
        public readonly double[] Values, Adjoints;
        public readonly bool[] Changed, Guard;
        public bool GuardKnown;

        public Work(LaneProgram p)
        {
            int l = p.Lanes;
            Values = new double[p.Rows * l];
            Adjoints = new double[p.Count * l];
            Changed = new bool[l];
            Guard = new bool[l];
            for (int c = 0; c < p.constants.Length; c++) Values.AsSpan((p.Count + c) * l, l).Fill(p.constants[c]);
            Values.AsSpan(p.OneRow * l, l).Fill(1);
            Values.AsSpan((p.OneRow + 1) * l, l).Fill(-1);
        }
    }

    public LaneProgram(Graph g, bool exactTranscendentals)
    {
        Graph = g;
        Count = g.Count;
        Inputs = g.InputCount;
        Output = g.Outputs[0].Index;
        outputConstant = Output == 0 ? g.Outputs[0].Value : 0;
        nodes = g.Nodes;
        branches = [.. g.Branches];
        prims = new Primitive[Count];
        var constantRows = new List<double>();
        int Row(int index, double stored)
        {
            if (index != 0) return index;
            constantRows.Add(stored); // a constant operand keeps its value in its partial slot
            return Count + constantRows.Count - 1;
        }
        var list = new List<Step>();
        for (int i = Inputs + 1; i < Count; i++)
        {
            var n = nodes[i];
            var p = prims[i] = Primitive.ByCode(n.Op);
            bool binary = p.Arity == 2;
            int ra = Row(n.A, n.DA), rb = binary ? Row(n.B, n.DB) : ra;
            list.Add(new Step(LaneKernels.For(p, exactTranscendentals), i, ra, rb, 0, 0, n.A != 0, binary && n.B != 0));
        }
        constants = [.. constantRows];
        // Partial rows, known once the constant rows are counted.
        int Source(PartialSource source, Step st, int own) => source switch
        {
            PartialSource.One => OneRow,
            PartialSource.MinusOne => OneRow + 1,
            PartialSource.OperandA => st.RowA,
            PartialSource.OperandB => st.RowB,
            _ => own,
        };
        steps = [.. list.Select(st => st with
        {
            PartialA = Source(st.Kernel.SourceA, st, PartialRows + 2 * st.Node),
            PartialB = Source(st.Kernel.SourceB, st, PartialRows + 2 * st.Node + 1),
        })];
        // Lanes per sweep: a multiple of the vector width, as many as keep the work arrays (about 4 rows of 8 bytes per
        // node and lane) within a few hundred kilobytes, so that a sweep runs from the cache; at most 256.
        int perLane = 8 * (Rows + Count);
        int w = LaneKernels.Width;
        Lanes = Math.Clamp(256 * 1024 / perLane / w * w, w, 256);
    }

    /// <summary>
    /// Evaluates f and ∇f at up to L points: point k is points[id·n .. id·n + n) with id = ids[k]. Writes
    /// values[id] and gradients[id·n ..] for each point whose branch decisions all hold; reports the others
    /// through <paramref name="changed"/> (their outputs untouched).
    /// </summary>
    public void Run(Work w, ReadOnlySpan<double> points, ReadOnlySpan<int> ids, Span<double> values, Span<double> gradients, List<int> changed)
    {
        int l = Lanes, m = ids.Length, n = Inputs;
        var v = w.Values;
        // Inputs into rows 1..n; lanes past the last point repeat the first point, so they stay finite and harmless.
        for (int k = 0; k < l; k++)
        {
            int id = ids[k < m ? k : 0];
            for (int i = 0; i < n; i++) v[(1 + i) * l + k] = points[id * n + i];
        }
        foreach (var s in steps)
            s.Kernel.Run(v.AsSpan(s.RowA * l, l), v.AsSpan(s.RowB * l, l), v.AsSpan(s.Node * l, l),
                v.AsSpan((PartialRows + 2 * s.Node) * l, l), v.AsSpan((PartialRows + 2 * s.Node + 1) * l, l));
        bool anyHeld = CheckBranches(w, m);
        if (!anyHeld)
        {
            foreach (int id in ids) changed.Add(id);
            return;
        }
        Sweep(w);
        for (int k = 0; k < m; k++)
        {
            int id = ids[k];
            if (w.Changed[k]) { changed.Add(id); continue; }
            values[id] = Output == 0 ? outputConstant : v[Output * l + k];
            for (int i = 0; i < n; i++) gradients[id * n + i] = w.Adjoints[(1 + i) * l + k];
        }
    }

    /// <summary>Marks the lanes where a recorded comparison decides differently (<see cref="Branch.Decide"/>); true when some lane holds.</summary>
    bool CheckBranches(Work w, int m)
    {
        int l = Lanes;
        var v = w.Values;
        Array.Clear(w.Changed);
        int changedCount = 0;
        foreach (var br in branches)
            for (int k = 0; k < m; k++)
            {
                if (w.Changed[k]) continue;
                double a = br.A == 0 ? br.ValueA : v[br.A * l + k], b = br.B == 0 ? br.ValueB : v[br.B * l + k];
                if (Branch.Decide(a, b, br.Comparison) != br.Outcome) { w.Changed[k] = true; changedCount++; }
            }
        return changedCount < m;
    }

    /// <summary>
    /// The reverse sweep over all lanes: for i from the last node down, ā += (∂φ/∂a)·ȳ and b̄ += (∂φ/∂b)·ȳ in each lane
    /// where ȳ ≠ 0 (a zero adjoint passes nothing back, which keeps 0·NaN off dead paths, as the interpreted sweep does).
    /// </summary>
    void Sweep(Work w)
    {
        int l = Lanes, width = LaneKernels.Width;
        var adj = w.Adjoints;
        Array.Clear(adj);
        if (Output > 0) adj.AsSpan(Output * l, l).Fill(1);
        w.GuardKnown = false;
        ref double adj0 = ref MemoryMarshal.GetArrayDataReference(adj);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(w.Values);
        for (int s = steps.Length - 1; s >= 0; s--)
        {
            var st = steps[s];
            nuint self = (nuint)(st.Node * l), ra = (nuint)(st.RowA * l), rb = (nuint)(st.RowB * l);
            nuint pa = (nuint)(st.PartialA * l), pb = (nuint)(st.PartialB * l);
            for (nuint k = 0; k < (nuint)l; k += (nuint)width)
            {
                var ybar = Vector256.LoadUnsafe(ref adj0, self + k);
                var live = ~Vector256.Equals(ybar, Vector256<double>.Zero);
                if (live == Vector256<double>.Zero) continue;
                if (!Vector256.EqualsAll(ybar - ybar, Vector256<double>.Zero))
                {
                    // NOTE: an infinite or NaN adjoint: lane by lane, as the interpreted sweep treats it.
                    SweepLanes(w, st, (int)k);
                    continue;
                }
                if (st.FromA)
                {
                    var target = Vector256.LoadUnsafe(ref adj0, ra + k);
                    var sum = target + Vector256.LoadUnsafe(ref v0, pa + k) * ybar;
                    Vector256.ConditionalSelect(live, sum, target).StoreUnsafe(ref adj0, ra + k);
                }
                if (st.FromB)
                {
                    var target = Vector256.LoadUnsafe(ref adj0, rb + k);
                    var sum = target + Vector256.LoadUnsafe(ref v0, pb + k) * ybar;
                    Vector256.ConditionalSelect(live, sum, target).StoreUnsafe(ref adj0, rb + k);
                }
            }
        }
    }

    /// <summary>
    /// One vector's lanes of node st where some adjoint is not finite. A lane whose re-evaluated graph would be marked
    /// non-finite (<see cref="Graph.NonFinite"/>) passes nothing back through a zero partial (0·∞ = 0, as in
    /// <see cref="Reverse.SweepFrom"/>); any other lane forms the plain products.
    /// </summary>
    void SweepLanes(Work w, Step st, int k0)
    {
        int l = Lanes;
        if (!w.GuardKnown) FindGuards(w);
        var adj = w.Adjoints;
        for (int k = k0; k < k0 + LaneKernels.Width; k++)
        {
            double a = adj[st.Node * l + k];
            if (a == 0) continue;
            double pa = w.Values[st.PartialA * l + k], pb = w.Values[st.PartialB * l + k];
            bool guarded = w.Guard[k] && !double.IsFinite(a);
            if (st.FromA && !(guarded && pa == 0)) adj[st.RowA * l + k] += pa * a;
            if (st.FromB && !(guarded && pb == 0)) adj[st.RowB * l + k] += pb * a;
        }
    }

    /// <summary>
    /// Which lanes' re-evaluated graphs would be marked non-finite: an input is not finite, or some node's value, or a
    /// partial with respect to a non-constant operand, is not finite (the test of <see cref="Replay.Evaluate"/>).
    /// </summary>
    void FindGuards(Work w)
    {
        int l = Lanes;
        var v = w.Values;
        for (int k = 0; k < l; k++)
        {
            bool g = false;
            for (int i = 1; i <= Inputs && !g; i++) g = !double.IsFinite(v[i * l + k]);
            for (int s = 0; s < steps.Length && !g; s++)
            {
                var st = steps[s];
                g = !double.IsFinite(v[st.Node * l + k])
                    || (st.FromA && !double.IsFinite(v[st.PartialA * l + k]))
                    || (st.FromB && !double.IsFinite(v[st.PartialB * l + k]));
            }
            w.Guard[k] = g;
        }
        w.GuardKnown = true;
    }
}
