using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// Along the last axis, each row x ↦ y = x − log Σ exp(x) (computed with the max shift, so it never overflows).
/// With p = softmax(x), kept from the forward sweep, the Jacobian is I − 1·pᵀ:
/// JVP dy = dx − ⟨p, dx⟩·1;  VJP x̄ += ȳ − p·Σ ȳ.
/// </summary>
internal sealed class LogSoftmaxVar : TensorVar
{
    private readonly int width;
    private double[] p = [];

    private LogSoftmaxVar(TensorVar x) : base(x.Graph, x.ShapeArray, x) => width = x.Shape[^1];

    public static TensorVar Record(TensorVar x)
    {
        if (x.Rank == 0 || x.Shape[^1] == 0)
            throw new ArgumentException($"log-softmax: the last axis of shape {ArrayShape.Format(x.Shape)} must hold at least one element.");
        return x.Graph.Add(new LogSoftmaxVar(x));
    }

    public override string Operation => "log-softmax";

    internal override long Bytes => base.Bytes + 8L * p.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        p = new double[Length];
    }

    internal override void Forward()
    {
        var x = Inputs[0].Value;
        for (int r = 0; r < Length / width; r++)
        {
            double lse = Rows.Softmax(x.AsSpan(r * width, width), p.AsSpan(r * width, width));
            TensorPrimitives.Subtract(x.AsSpan(r * width, width), lse, Value.AsSpan(r * width, width));
        }
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        for (int r = 0; r < Length / width; r++)
        {
            var g = x.Adjoint.AsSpan(r * width, width);
            var gy = Adjoint.AsSpan(r * width, width);
            double s = TensorPrimitives.Sum(gy);
            TensorPrimitives.Add(g, gy, g);
            TensorPrimitives.MultiplyAdd(p.AsSpan(r * width, width), -s, g, g);
        }
    }

    // x̄ = ȳ − p·Σȳ moves by −ṗ·Σȳ, with ṗ = p ⊙ (ẋ − ⟨p, ẋ⟩).
    internal override void BackwardCurvature()
    {
        var x = Inputs[0];
        for (int r = 0; r < Length / width; r++)
        {
            var row = p.AsSpan(r * width, width);
            var tx = x.Tangent.AsSpan(r * width, width);
            double s = TensorPrimitives.Sum(Adjoint.AsSpan(r * width, width)), d = TensorPrimitives.Dot(row, tx);
            for (int j = 0; j < width; j++) x.AdjointTangent[r * width + j] -= s * row[j] * (tx[j] - d);
        }
    }

    internal override void ForwardTangent()
    {
        var tx = Inputs[0].Tangent;
        for (int r = 0; r < Length / width; r++)
        {
            double d = TensorPrimitives.Dot(p.AsSpan(r * width, width), tx.AsSpan(r * width, width));
            TensorPrimitives.Subtract(tx.AsSpan(r * width, width), d, Tangent.AsSpan(r * width, width));
        }
    }
}
