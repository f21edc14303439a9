namespace Tangent.Arrays;

/// <summary>
/// y = x[…, start : start + length, …] along one axis (x viewed as outer × n × inner, y as outer × length × inner).
/// It is linear, a selection: JVP dy = the same slice of dx;  VJP x̄[…, start + j, …] += ȳ[…, j, …].
/// </summary>
internal sealed class SliceVar : TensorVar
{
    private readonly int outer, n, inner, start, length;

    private SliceVar(TensorVar x, int[] shape, int outer, int n, int inner, int start, int length) : base(x.Graph, shape, x)
        => (this.outer, this.n, this.inner, this.start, this.length) = (outer, n, inner, start, length);

    public static TensorVar Record(TensorVar x, int axis, int start, int length)
    {
        int a = ArrayShape.Axis("slice", x.Shape, axis);
        if (start < 0 || length < 0 || start + length > x.Shape[a])
            throw new ArgumentException(
                $"slice: elements {start}..{start + length - 1} of axis {axis} do not lie in a tensor of shape {ArrayShape.Format(x.Shape)} (that axis has {x.Shape[a]}).");
        int outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= x.Shape[d];
        for (int d = a + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var shape = x.Shape.Select((s, d) => d == a ? length : s).ToArray();
        return x.Graph.Add(new SliceVar(x, shape, outer, x.Shape[a], inner, start, length));
    }

    public override string Operation => "slice";

    internal override void Forward() => Copy(Inputs[0].Value, Value);

    /// <summary>True when the slice is one contiguous run of its input (nothing outside the sliced axis): it can be read in place.</summary>
    internal bool Contiguous => outer == 1;

    /// <summary>Where a contiguous slice starts in its input (flat).</summary>
    internal int Offset => start * inner;

    /// <summary>Elements start .. start + count − 1 of a contiguous slice, read in place from the input.</summary>
    internal ReadOnlySpan<double> View(int first, int count) => Inputs[0].Value.AsSpan(start * inner + first, count);

    // Fused, a contiguous slice is a view: nothing to compute forward, its adjoint added in place backward.
    internal override void ForwardChunk(FusedSum region, int first, int count) { }

    internal override void BackwardChunk(FusedSum region, int first, int count)
    {
        var g = Inputs[0].Adjoint.AsSpan(start * inner + first, count);
        System.Numerics.Tensors.TensorPrimitives.Add(g, ChunkAdjoint.AsSpan(0, count), g);
    }

    internal override void ForwardTangent() => Copy(Inputs[0].Tangent, Tangent);

    private void Copy(double[] x, double[] y)
    {
        int run = length * inner;
        for (int o = 0; o < outer; o++) Array.Copy(x, (o * n + start) * inner, y, o * run, run);
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        int run = length * inner;
        for (int o = 0; o < outer; o++)
        {
            var g = x.Adjoint.AsSpan((o * n + start) * inner, run);
            System.Numerics.Tensors.TensorPrimitives.Add(g, Adjoint.AsSpan(o * run, run), g);
        }
    }
}
