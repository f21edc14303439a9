namespace Tangent.Arrays;

/// <summary>
/// y = [x₁, x₂, …] joined along one axis; every other dimension must agree. It is linear, each input a block of
/// the output: JVP dy = [dx₁, dx₂, …];  VJP x̄ₖ += the k-th block of ȳ.
/// </summary>
internal sealed class ConcatenateVar : TensorVar
{
    private readonly int outer, inner, total;
    private readonly int[] offsets;

    private ConcatenateVar(TensorVar[] parts, int[] shape, int outer, int inner, int[] offsets) : base(parts[0].Graph, shape, parts)
        => (this.outer, this.inner, this.offsets, total) = (outer, inner, offsets, offsets[^1]);

    public static TensorVar Record(int axis, TensorVar[] parts)
    {
        if (parts.Length == 0) throw new ArgumentException("concatenate: no arrays given.");
        var first = parts[0];
        int a = ArrayShape.Axis("concatenate", first.Shape, axis);
        var offsets = new int[parts.Length + 1];
        for (int k = 0; k < parts.Length; k++)
        {
            var p = parts[k];
            bool fits = p.Rank == first.Rank && Enumerable.Range(0, p.Rank).All(d => d == a || p.Shape[d] == first.Shape[d]);
            if (!fits)
                throw new ArgumentException(
                    $"concatenate: {ArrayShape.Format(first.Shape)} and {ArrayShape.Format(p.Shape)} cannot be joined along axis {axis}: the other dimensions must agree.");
            offsets[k + 1] = offsets[k] + p.Shape[a];
        }
        int outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= first.Shape[d];
        for (int d = a + 1; d < first.Rank; d++) inner *= first.Shape[d];
        var shape = first.Shape.Select((s, d) => d == a ? offsets[^1] : s).ToArray();
        return first.Graph.Add(new ConcatenateVar(parts, shape, outer, inner, offsets));
    }

    public override string Operation => "concatenate";

    internal override void Forward()
    {
        for (int k = 0; k < Inputs.Length; k++) Place(Inputs[k].Value, k, Value);
    }

    internal override void ForwardTangent()
    {
        for (int k = 0; k < Inputs.Length; k++)
            if (Inputs[k].Differentiable) Place(Inputs[k].Tangent, k, Tangent);
            else Clear(k, Tangent);
    }

    /// <summary>Copies input k's numbers into its block of y.</summary>
    private void Place(double[] x, int k, double[] y)
    {
        int run = (offsets[k + 1] - offsets[k]) * inner;
        for (int o = 0; o < outer; o++) Array.Copy(x, o * run, y, (o * total + offsets[k]) * inner, run);
    }

    /// <summary>Zeroes input k's block of y (the tangent of a data input).</summary>
    private void Clear(int k, double[] y)
    {
        int run = (offsets[k + 1] - offsets[k]) * inner;
        for (int o = 0; o < outer; o++) Array.Clear(y, (o * total + offsets[k]) * inner, run);
    }

    internal override void Backward()
    {
        for (int k = 0; k < Inputs.Length; k++)
        {
            var x = Inputs[k];
            if (!x.Differentiable) continue;
            int run = (offsets[k + 1] - offsets[k]) * inner;
            for (int o = 0; o < outer; o++)
            {
                var g = x.Adjoint.AsSpan(o * run, run);
                System.Numerics.Tensors.TensorPrimitives.Add(g, Adjoint.AsSpan((o * total + offsets[k]) * inner, run), g);
            }
        }
    }
}
