using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// A sum (or mean) over all elements of a chain of pointwise operations — Σᵢ φ(xᵢ, xᵢ₊₁, …), the shape of most
/// losses — run chunk by chunk instead of operation by operation. Run one operation at a time, every operation
/// of the chain streams whole arrays through memory forward and again backward (values, adjoints, slopes): for
/// Rosenbrock at n = 10⁶, some 40 passes over 8 MB arrays. Here each chunk of <see cref="ChunkLength"/> elements
/// goes through every operation of the chain, forward and then backward, while its values, adjoints and slopes
/// are in cache: the chain's intermediate arrays never exist whole, and a gradient reads its
/// inputs and writes their adjoints once.
/// </summary>
/// <remarks>
/// Nothing is computed differently: each member runs its own rule (<see cref="TensorVar.ForwardChunk"/>,
/// <see cref="TensorVar.BackwardChunk"/>, the same kernels as its whole-array <c>Forward</c>/<c>Backward</c>) on a
/// range of elements, which is exact because element i of a pointwise operation depends only on element i of its
/// operands (and on operands of one number, whose adjoint gets the chunk's sum: the adjoint of a broadcast).
/// Only the order of the final sum's additions changes (chunk by chunk). A contiguous slice of an outside array is
/// a member that computes nothing: its chunk is a view into that array at an offset, and its adjoint is added
/// there. A node joins only when every operation that reads it is a member, so no other operation needs its
/// whole value; the program falls back to whole arrays for what needs them (tangents, Hessian-vector products,
/// the operands of a kink or of a NaN), allocating them at the first such call.
/// </remarks>
internal sealed class FusedSum
{
    /// <summary>
    /// Elements per chunk: a member's value, adjoint and slope (16 KiB each) stay in the second-level cache while the
    /// chain is swept, and the per-operation cost of a call (a few ns) is spread over 2048 elements.
    /// </summary>
    internal const int ChunkLength = 2048;

    private readonly SumVar terminal;
    private readonly TensorVar top;
    private readonly TensorVar[] members, backwardMembers;
    private readonly int length, chunkLength;
    private FusedKernel? kernel;
    private bool compileTried;

    /// <summary>
    /// The shortest chain compiled to one loop (<see cref="FusedKernel"/>), at its first run: compiling takes a few
    /// milliseconds, while below two chunks the chunk rules take microseconds.
    /// </summary>
    internal const int CompileLength = 2 * ChunkLength;
    private readonly SliceVar[] slices;
    private readonly MatMulVar[] products;

    private FusedSum(SumVar terminal, TensorVar[] members)
    {
        this.terminal = terminal;
        top = terminal.Inputs[0];
        this.members = members;
        length = top.Length;
        backwardMembers = [.. members.Where(m => m.Differentiable)];
        products = [.. members.OfType<MatMulVar>()];
        // With a matrix-vector product, a chunk is a block of rows of its matrix small enough to stay in the
        // second-level cache between the product and its VJP (128 KiB), in whole steps of four.
        int k = products.Length == 0 ? 1 : products.Max(p => p.Inputs[0].Shape[1]);
        chunkLength = products.Length == 0 ? ChunkLength : Math.Clamp(16384 / k / 4 * 4, 4, ChunkLength);
        int chunk = Math.Min(chunkLength, length);
        terminal.Terminal = this;
        foreach (var m in members)
        {
            m.Fused = this;
            if (m is not SliceVar) m.ChunkValue = new double[chunk];
            if (m.Differentiable) m.ChunkAdjoint = new double[chunk];
            if (m.NeedsChunkScratch) m.ChunkScratch = new double[chunk];
        }
        slices = [.. backwardMembers.OfType<SliceVar>()];
    }

    /// <summary>The number of elements summed.</summary>
    public int Length => length;

    /// <summary>True when the chain runs as one compiled loop (<see cref="FusedKernel"/>), not operation by operation (known after the first run).</summary>
    public bool Compiled => kernel is not null;

    /// <summary>The fused operations, in recording order.</summary>
    public IReadOnlyList<TensorVar> Members => members;

    /// <summary>
    /// Finds the regions of a program: for each sum over all elements, the pointwise operations (and contiguous
    /// slices of outside arrays) of the sum's length feeding it whose every reader is itself fused.
    /// </summary>
    public static List<FusedSum> Plan(TensorVar[] order, TensorVar output)
    {
        var regions = new List<FusedSum>();
        var readers = new Dictionary<TensorVar, List<TensorVar>>();
        foreach (var node in order)
            foreach (var input in node.Inputs.Distinct())
                (readers.TryGetValue(input, out var list) ? list : readers[input] = []).Add(node);
        for (int t = 0; t < order.Length; t++)
        {
            if (order[t] is not SumVar { WholeArray: true } sum) continue;
            var top = sum.Inputs[0];
            int length = top.Length;
            var set = new HashSet<TensorVar>();
            for (int i = Array.IndexOf(order, top, 0, t); i >= 0; i--)
            {
                var v = order[i];
                if (v == output || v.Fused is not null || !readers.TryGetValue(v, out var r)) continue;
                bool eligible = v.Length == length && (v.Pointwise || v is SliceVar { Contiguous: true } || v is MatMulVar { MatrixVector: true });
                // A slice and a matrix-vector product read their inputs whole, in place: those stay outside.
                if (eligible && r.All(c => (set.Contains(c) && c is not SliceVar and not MatMulVar) || (v == top && c == sum)))
                    set.Add(v);
                else if (v == top) break; // the sum reads an array that others need whole: nothing to fuse
            }
            if (set.Count > 0) regions.Add(new FusedSum(sum, [.. order.Where(set.Contains)]));
        }
        return regions;
    }

    /// <summary>Elements start .. start + count − 1 of a node's value: a member's chunk, or the outside array itself (all of one number).</summary>
    public ReadOnlySpan<double> Values(TensorVar node, int start, int count)
    {
        if (node.Fused == this) return node is SliceVar slice ? slice.View(start, count) : node.ChunkValue.AsSpan(0, count);
        return node.Length == length ? node.Value.AsSpan(start, count) : node.Value.AsSpan(0, 1);
    }

    /// <summary>Where the adjoints of elements start .. start + count − 1 of a differentiable node accumulate (one number for an operand of length 1).</summary>
    public Span<double> Adjoints(TensorVar node, int start, int count)
    {
        if (node.Fused == this) return node.ChunkAdjoint.AsSpan(0, count);
        return node.Length == length ? node.Adjoint.AsSpan(start, count) : node.Adjoint.AsSpan(0, 1);
    }

    /// <summary>g += sign·t, or g[0] += sign·Σt when g is one number read by every element (the adjoint of a broadcast is a sum).</summary>
    public static void Accumulate(ReadOnlySpan<double> t, double sign, Span<double> g)
    {
        if (g.Length == t.Length)
        {
            if (sign > 0) TensorPrimitives.Add(g, t, g);
            else TensorPrimitives.Subtract(g, t, g);
        }
        else g[0] += sign * TensorPrimitives.Sum(t);
    }

    /// <summary>g += ȳ ⊙ z, where z and g are each a chunk or one number (then z multiplies every element, g gets the sum).</summary>
    public static void AccumulateProduct(ReadOnlySpan<double> gy, ReadOnlySpan<double> z, Span<double> g)
    {
        bool zFull = z.Length == gy.Length, gFull = g.Length == gy.Length;
        if (gFull && zFull) TensorPrimitives.FusedMultiplyAdd(gy, z, g, g);
        else if (gFull) TensorPrimitives.MultiplyAdd(gy, z[0], g, g);
        else if (zFull) g[0] += TensorPrimitives.Dot(gy, z);
        else g[0] += z[0] * TensorPrimitives.Sum(gy);
    }

    /// <summary>The sum's value (kinks counted on the way).</summary>
    public void Forward() => Sweep(backward: false);

    /// <summary>The value again and, chunk by chunk, the members' VJPs from the sum's adjoint into the outside arrays' adjoints.</summary>
    public void Backward() => Sweep(backward: true);

    private void Sweep(bool backward)
    {
        foreach (var m in members) m.KinkCount = 0;
        double seed = terminal.Scale * (backward && terminal.Differentiable ? terminal.Adjoint[0] : 0);
        backward &= backwardMembers.Length > 0;
        if (!compileTried && length >= CompileLength) kernel = FusedKernel.TryCompile(this, top, members);
        compileTried = true;
        kernel?.Bind();
        double total = 0;
        for (int start = 0; start < length; start += chunkLength)
        {
            int count = Math.Min(chunkLength, length - start);
            // The compiled loop takes the whole steps of four; the chunk rules the rest (or everything).
            int whole = kernel is null ? 0 : count - count % 4;
            if (whole > 0)
            {
                // Matrix-vector products run before the loop, which reads their chunk, and their VJPs after it.
                foreach (var product in products) product.ForwardChunk(this, start, whole);
                total += kernel!.Run(start, whole, seed, backward);
                if (backward)
                {
                    foreach (var slice in slices) slice.BackwardChunk(this, start, whole);
                    foreach (var product in products) if (product.Differentiable) product.BackwardChunk(this, start, whole);
                }
            }
            if (whole < count) total += SweepChunk(start + whole, count - whole, seed, backward);
        }
        terminal.Value[0] = terminal.Scale * total;
    }

    /// <summary>Elements start .. start + count − 1 through every member's chunk rules: their sum, and the VJPs when <paramref name="backward"/>.</summary>
    private double SweepChunk(int start, int count, double seed, bool backward)
    {
        foreach (var m in members) m.ForwardChunk(this, start, count);
        double sum = TensorPrimitives.Sum(Values(top, start, count));
        if (!backward) return sum;
        foreach (var m in backwardMembers) m.ChunkAdjoint.AsSpan(0, count).Clear();
        top.ChunkAdjoint.AsSpan(0, count).Fill(seed);
        for (int i = backwardMembers.Length - 1; i >= 0; i--) backwardMembers[i].BackwardChunk(this, start, count);
        return sum;
    }
}
