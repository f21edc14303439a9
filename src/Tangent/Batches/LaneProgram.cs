using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A recorded graph of f: Rⁿ → R laid out to run at L points at once: every node holds L lanes (structure of
/// arrays), the forward sweep runs node by node over all lanes through <see cref="LaneKernel"/>s, every recorded
/// branch decision is re-checked lane by lane, and the reverse sweep x̄ = (∂f/∂x)ᵀ runs over all lanes with the
/// interpreted sweep's order of additions (<see cref="Reverse.SweepFrom"/>), so each lane's gradient is the one
/// point path's, bit for bit. A small graph runs instead as one emitted method over four lanes at a time
/// (<see cref="LaneEmitter"/>), falling back to the sweeps over rows for a block where some lane is not finite.
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
    readonly double outputConstant;

    public readonly Graph Graph;
    public readonly int Count, Inputs, Output, Lanes;
    // Rows of lanes, one array: node values (0 .. Count − 1), constant operands, the constants 1 and −1, then two
    // partial rows per node (∂φ/∂a at PartialRows + 2i, ∂φ/∂b at PartialRows + 2i + 1).
    int OneRow => Count + constants.Length;
    int PartialRows => OneRow + 2;
    int FiniteRow => PartialRows + 2 * Count;
    int Rows => FiniteRow + 1;

    /// <summary>One thread's lanes: values, constants and partials (<see cref="Rows"/>), adjoints, and per-lane flags.</summary>
    public sealed class Work
    {
        public readonly double[] Values, Adjoints;
        public readonly bool[] Changed, Guard;
        public bool GuardKnown;

        public Work(LaneProgram p)
        {
            int l = p.Lanes;
            // NOTE: checked: a graph of hundreds of millions of nodes needs more lanes storage than an array holds.
            Values = new double[checked(p.Rows * l)];
            Adjoints = new double[checked(p.Count * l)];
            Changed = new bool[l];
            Guard = new bool[l];
            for (int c = 0; c < p.constants.Length; c++) Values.AsSpan((p.Count + c) * l, l).Fill(p.constants[c]);
            Values.AsSpan(p.OneRow * l, l).Fill(1);
            Values.AsSpan((p.OneRow + 1) * l, l).Fill(-1);
        }
    }

    /// <summary>The graph emitted as one method over four lanes (small graphs, when asked), else null: the interpreted lanes sweeps.</summary>
    readonly FusedLanes? fused;

    /// <summary>True when the graph runs as one emitted method over four lanes.</summary>
    public bool IsCompiled => fused is not null;

    public LaneProgram(Graph g, bool exactTranscendentals, bool compile)
    {
        Graph = g;
        Count = g.Count;
        Inputs = g.InputCount;
        Output = g.Outputs[0].Index;
        outputConstant = Output == 0 ? g.Outputs[0].Value : 0;
        var nodes = g.Nodes;
        branches = [.. g.Branches];
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
            var p = Primitive.ByCode(n.Op);
            bool binary = p.Arity == 2;
            int ra = Row(n.A, n.ConstantA), rb = binary ? Row(n.B, n.ConstantB) : ra;
            var kernel = LaneKernels.For(p, exactTranscendentals, binary && n.B == 0 ? n.ConstantB : null);
            list.Add(new Step(kernel, i, ra, rb, 0, 0, n.A != 0, binary && n.B != 0));
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
        long perLane = 8L * (Rows + Count);
        int w = LaneKernels.Width;
        fused = compile ? LaneEmitter.TryEmit(g, exactTranscendentals, FiniteRow) : null;
        Lanes = (int)Math.Clamp(256 * 1024 / perLane / w * w, w, 256);
    }

    /// <summary>
    /// Evaluates f and ∇f at up to L points: lane k holds point id = ids[start + k] (or start + k when ids is null),
    /// the coordinates points[id·n .. id·n + n). Writes values[id] and gradients[id·n ..] for each point whose branch
    /// decisions all hold; reports the others through <paramref name="changed"/> (their outputs untouched).
    /// </summary>
    public void Run(Work w, ReadOnlySpan<double> points, int start, int m, int[]? ids, Span<double> values, Span<double> gradients, List<int> changed)
    {
        int l = Lanes, n = Inputs;
        var v = w.Values;
        if ((long)(start + m) * n > points.Length || (ids is not null && start + m > ids.Length)) throw new ArgumentOutOfRangeException(nameof(m));
        // Inputs into rows 1..n; lanes past the last point repeat the first point, so they stay finite and harmless.
        for (int i = 0; i < n; i++)
        {
            var row = v.AsSpan((1 + i) * l, l);
            if (ids is null)
                Gather(points.Slice(start * n, m * n), i, n, row[..m]);
            else
                for (int k = 0; k < m; k++) row[k] = points[ids[start + k] * n + i];
            row[m..].Fill(row[0]);
        }
        bool swept = fused is not null && RunFused(w);
        if (!swept)
            foreach (var s in steps)
                s.Kernel.Run(v.AsSpan(s.RowA * l, l), v.AsSpan(s.RowB * l, l), v.AsSpan(s.Node * l, l),
                    v.AsSpan((PartialRows + 2 * s.Node) * l, l), v.AsSpan((PartialRows + 2 * s.Node + 1) * l, l));
        int held = CheckBranches(w, m);
        if (held > 0 && !swept) Sweep(w);
        var adj = w.Adjoints;
        if (held == m && ids is null)
        {
            // Every lane holds, points in order: whole rows out.
            if (Output == 0) values.Slice(start, m).Fill(outputConstant);
            else v.AsSpan(Output * l, m).CopyTo(values.Slice(start, m));
            var block = gradients.Slice(start * n, m * n);
            for (int i = 0; i < n; i++) Scatter(adj.AsSpan((1 + i) * l, m), block, i, n);
            return;
        }
        for (int k = 0; k < m; k++)
        {
            int id = ids is null ? start + k : ids[start + k];
            if (w.Changed[k]) { changed.Add(id); continue; }
            values[id] = Output == 0 ? outputConstant : v[Output * l + k];
            for (int i = 0; i < n; i++) gradients[id * n + i] = adj[(1 + i) * l + k];
        }
    }

    /// <summary>
    /// Forward and reverse through the emitted method, four lanes per call. False when some lane's values or partials
    /// were not finite: the interpreted sweeps then run the block again, since they treat 0·∞ as the one-point path does.
    /// </summary>
    unsafe bool RunFused(Work w)
    {
        int l = Lanes;
        fixed (double* v = w.Values, adj = w.Adjoints)
            for (int k = 0; k < l; k += LaneKernels.Width) fused!(v + k, adj + k, l);
        foreach (double f in w.Values.AsSpan(FiniteRow * l, l))
            if (f != 0) return false;
        return true;
    }

    /// <summary>row[k] = block[k·n + i] for every k: coordinate i of consecutive points into a row of lanes.</summary>
    static void Gather(ReadOnlySpan<double> block, int i, int n, Span<double> row)
    {
        if ((long)row.Length * n > block.Length || i >= n) throw new ArgumentOutOfRangeException(nameof(row));
        ref double src = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), i);
        ref double dst = ref MemoryMarshal.GetReference(row);
        for (nint k = 0; k < row.Length; k++) Unsafe.Add(ref dst, k) = Unsafe.Add(ref src, k * n);
    }

    /// <summary>block[k·n + i] = row[k] for every k: a row of lanes out to coordinate i of consecutive points.</summary>
    static void Scatter(ReadOnlySpan<double> row, Span<double> block, int i, int n)
    {
        if ((long)row.Length * n > block.Length || i >= n) throw new ArgumentOutOfRangeException(nameof(row));
        ref double src = ref MemoryMarshal.GetReference(row);
        ref double dst = ref Unsafe.Add(ref MemoryMarshal.GetReference(block), i);
        for (nint k = 0; k < row.Length; k++) Unsafe.Add(ref dst, k * n) = Unsafe.Add(ref src, k);
    }

    /// <summary>Marks the lanes where a recorded comparison decides differently (<see cref="Branch.Decide"/>); returns how many of the m lanes hold.</summary>
    int CheckBranches(Work w, int m)
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
        return m - changedCount;
    }

    /// <summary>
    /// The reverse sweep over all lanes: for i from the last node down, ā += (∂φ/∂a)·ȳ and b̄ += (∂φ/∂b)·ȳ in each lane
    /// where ȳ ≠ 0 (a zero adjoint passes nothing back, which keeps 0·NaN off dead paths, as the interpreted sweep does).
    /// </summary>
    void Sweep(Work w)
    {
        int l = Lanes;
        var adj = w.Adjoints;
        Array.Clear(adj);
        if (Output > 0) adj.AsSpan(Output * l, l).Fill(1);
        w.GuardKnown = false;
        ref double adj0 = ref MemoryMarshal.GetArrayDataReference(adj);
        ref double v0 = ref MemoryMarshal.GetArrayDataReference(w.Values);
        for (int s = steps.Length - 1; s >= 0; s--)
        {
            var st = steps[s];
            if (!st.FromA && !st.FromB) continue;
            nuint self = (nuint)(st.Node * l);
            // One pass over ȳ's row first: all zero (a dead node) skips the node; a non-finite lane takes the careful path.
            var nonzero = Vector256<double>.Zero;
            var finite = Vector256<double>.Zero;
            for (nuint k = 0; k < (nuint)l; k += (nuint)LaneKernels.Width)
            {
                var y = Vector256.LoadUnsafe(ref adj0, self + k);
                nonzero |= ~Vector256.Equals(y, Vector256<double>.Zero);
                finite += y - y; // stays 0 while every ȳ is finite; ∞ − ∞ and NaN give NaN
            }
            if (Vector256.ExtractMostSignificantBits(nonzero) == 0) continue;
            if (!Vector256.EqualsAll(finite, Vector256<double>.Zero))
            {
                // NOTE: an infinite or NaN adjoint: lane by lane, as the interpreted sweep treats it.
                for (int k = 0; k < l; k += LaneKernels.Width) SweepLanes(w, st, k);
                continue;
            }
            if (st.FromA) Accumulate(ref adj0, ref v0, self, (nuint)(st.RowA * l), (nuint)(st.PartialA * l), (nuint)l);
            if (st.FromB) Accumulate(ref adj0, ref v0, self, (nuint)(st.RowB * l), (nuint)(st.PartialB * l), (nuint)l);
        }
    }

    /// <summary>target += partial·ȳ over a row of lanes, leaving a lane unchanged where ȳ = 0 (even −0 stays −0).</summary>
    static void Accumulate(ref double adj0, ref double v0, nuint self, nuint target, nuint partial, nuint l)
    {
        for (nuint k = 0; k < l; k += (nuint)LaneKernels.Width)
        {
            var y = Vector256.LoadUnsafe(ref adj0, self + k);
            var t = Vector256.LoadUnsafe(ref adj0, target + k);
            var sum = t + Vector256.LoadUnsafe(ref v0, partial + k) * y;
            var dead = Vector256.Equals(y, Vector256<double>.Zero);
            (Avx.IsSupported ? Avx.BlendVariable(sum, t, dead) : Vector256.ConditionalSelect(dead, t, sum)).StoreUnsafe(ref adj0, target + k);
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
