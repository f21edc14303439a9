using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// y[o, i] = maxⱼ x[o, j, i] along one axis (x viewed as outer × n × inner). Where one element is the largest,
/// y moves with it alone: JVP dy = dx at the argmax, VJP x̄ += ȳ there. Where k elements tie for the largest,
/// y is not differentiable (a kink, as the scalar max at a tie); the convention shares the derivative equally,
/// 1/k to each (the scalar max's ½, ½ for k = 2), and each such output is counted as a kink. NaN propagates.
/// </summary>
internal sealed class MaxVar : TensorVar
{
    private readonly int outer, n, inner;
    private int[] ties = [];

    private MaxVar(TensorVar x, int[] shape, int outer, int n, int inner) : base(x.Graph, shape, x)
        => (this.outer, this.n, this.inner) = (outer, n, inner);

    public static TensorVar Record(TensorVar x, int axis, bool keepDims)
    {
        int a = ArrayShape.Axis("max", x.Shape, axis);
        if (x.Shape[a] == 0) throw new ArgumentException($"max: axis {axis} of shape {ArrayShape.Format(x.Shape)} is empty; it has no maximum.");
        int outer = 1, inner = 1;
        for (int d = 0; d < a; d++) outer *= x.Shape[d];
        for (int d = a + 1; d < x.Rank; d++) inner *= x.Shape[d];
        var shape = keepDims ? x.Shape.Select((s, d) => d == a ? 1 : s).ToArray() : x.Shape.Where((_, d) => d != a).ToArray();
        return x.Graph.Add(new MaxVar(x, shape, outer, x.Shape[a], inner));
    }

    public override string Operation => "max";

    internal override long Bytes => base.Bytes + 4L * ties.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        ties = new int[Length];
    }

    private int At(int o, int j, int i) => (o * n + j) * inner + i;

    // An element is one of the maxima when it equals y (or both are NaN: a NaN maximum passes its NaN on).
    private static bool Wins(double x, double y) => x == y || (double.IsNaN(x) && double.IsNaN(y));

    internal override void Forward()
    {
        var x = Inputs[0].Value;
        KinkCount = 0;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double y;
                if (inner == 1) y = TensorPrimitives.Max(x.AsSpan(o * n, n));
                else
                {
                    y = x[At(o, 0, i)];
                    for (int j = 1; j < n; j++) y = Math.Max(y, x[At(o, j, i)]);
                }
                int k = 0;
                for (int j = 0; j < n; j++) if (Wins(x[At(o, j, i)], y)) k++;
                int flat = o * inner + i;
                Value[flat] = y;
                ties[flat] = k;
                if (k > 1 && KinkCount++ == 0) FirstKink = flat;
            }
    }

    internal override (string Convention, double[] Operands) KinkAt(int flat)
    {
        int o = flat / inner, i = flat % inner;
        return ($"{ties[flat]} elements tie for the maximum; each gets 1/{ties[flat]} of the derivative",
            [.. Enumerable.Range(0, n).Select(j => Inputs[0].Value[At(o, j, i)])]);
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        for (int flat = 0; flat < Length; flat++)
        {
            int o = flat / inner, i = flat % inner;
            double share = Adjoint[flat] / ties[flat];
            for (int j = 0; j < n; j++)
                if (Wins(x.Value[At(o, j, i)], Value[flat])) x.Adjoint[At(o, j, i)] += share;
        }
    }

    internal override void ForwardTangent()
    {
        var x = Inputs[0];
        for (int flat = 0; flat < Length; flat++)
        {
            int o = flat / inner, i = flat % inner;
            double s = 0;
            for (int j = 0; j < n; j++)
                if (Wins(x.Value[At(o, j, i)], Value[flat])) s += x.Tangent[At(o, j, i)];
            Tangent[flat] = s / ties[flat];
        }
    }
}
