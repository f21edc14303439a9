using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// y = c·Σ x along one axis (or over all elements): the sum (c = 1) and the mean (c = 1/n over the n summed).
/// Viewing x as (outer × n × inner) with the summed axis in the middle: y[o, i] = c·Σⱼ x[o, j, i].
/// It is linear: JVP dy = c·Σⱼ dx[o, j, i];  VJP x̄[o, j, i] += c·ȳ[o, i] (the adjoint of a sum is a broadcast).
/// </summary>
internal sealed class SumVar : TensorVar
{
    private readonly int outer, n, inner;
    private readonly double scale;
    private readonly bool mean;

    private SumVar(TensorVar x, int[] shape, int outer, int n, int inner, bool mean) : base(x.Graph, shape, x)
    {
        (this.outer, this.n, this.inner, this.mean) = (outer, n, inner, mean);
        scale = mean ? 1.0 / n : 1.0;
    }

    /// <summary>Σ (or the mean) along <paramref name="axis"/>, or over everything when it is null (a scalar).</summary>
    public static TensorVar Record(TensorVar x, int? axis, bool keepDims, bool mean)
    {
        string name = mean ? "mean" : "sum";
        if (axis is null)
        {
            if (mean && x.Length == 0) throw new ArgumentException($"mean: the array of shape {ArrayShape.Format(x.Shape)} is empty; its mean is undefined.");
            int[] shape = keepDims ? [.. Enumerable.Repeat(1, x.Rank)] : [];
            return x.Graph.Add(new SumVar(x, shape, 1, x.Length, 1, mean));
        }
        int a = ArrayShape.Axis(name, x.Shape, axis.Value);
        if (mean && x.Shape[a] == 0)
            throw new ArgumentException($"mean: axis {axis} of shape {ArrayShape.Format(x.Shape)} is empty; its mean is undefined.");
        int outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= x.Shape[d];
        for (int d = a + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var result = keepDims
            ? x.Shape.Select((s, d) => d == a ? 1 : s).ToArray()
            : x.Shape.Where((_, d) => d != a).ToArray();
        return x.Graph.Add(new SumVar(x, result, outer, x.Shape[a], inner, mean));
    }

    public override string Operation => mean ? "mean" : "sum";

    /// <summary>True for the sum (or mean) of all elements: a <see cref="FusedSum"/> may compute it.</summary>
    internal bool WholeArray => outer == 1 && inner == 1;

    /// <summary>c: 1 for a sum, 1/n for a mean.</summary>
    internal double Scale => scale;

    internal override void Forward() => Reduce(Inputs[0].Value, Value);


    internal override void ForwardTangent() => Reduce(Inputs[0].Tangent, Tangent);

    private void Reduce(double[] x, double[] y)
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) y[o] = scale * TensorPrimitives.Sum(x.AsSpan(o * n, n));
            return;
        }
        for (int o = 0; o < outer; o++)
        {
            var row = y.AsSpan(o * inner, inner);
            row.Clear();
            for (int j = 0; j < n; j++) TensorPrimitives.Add(row, x.AsSpan((o * n + j) * inner, inner), row);
            if (mean) TensorPrimitives.Multiply(row, scale, row);
        }
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                var g = x.Adjoint.AsSpan(o * n, n);
                TensorPrimitives.Add(g, scale * Adjoint[o], g);
                continue;
            }
            var gy = Adjoint.AsSpan(o * inner, inner);
            for (int j = 0; j < n; j++)
            {
                var g = x.Adjoint.AsSpan((o * n + j) * inner, inner);
                TensorPrimitives.MultiplyAdd(gy, scale, g, g);
            }
        }
    }
}
