using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// Along the last axis, each row x ↦ p = exp(x − max x) / Σ exp(x − max x) (the shift by the row's maximum
/// changes nothing mathematically and keeps exp from overflowing). Its Jacobian is diag(p) − p·pᵀ, symmetric:
/// JVP dp = p ⊙ (dx − ⟨p, dx⟩);  VJP x̄ += p ⊙ (p̄ − ⟨p, p̄⟩).
/// </summary>
internal sealed class SoftmaxVar : TensorVar
{
    private readonly int width;

    private SoftmaxVar(TensorVar x) : base(x.Graph, x.ShapeArray, x) => width = x.Shape[^1];

    public static TensorVar Record(TensorVar x)
    {
        if (x.Rank == 0 || x.Shape[^1] == 0)
            throw new ArgumentException($"softmax: the last axis of shape {ArrayShape.Format(x.Shape)} must hold at least one element.");
        return x.Graph.Add(new SoftmaxVar(x));
    }

    public override string Operation => "softmax";

    internal override void Forward()
    {
        var x = Inputs[0].Value;
        for (int r = 0; r < Length / width; r++) Rows.Softmax(x.AsSpan(r * width, width), Value.AsSpan(r * width, width));
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (x.Differentiable)
            for (int r = 0; r < Length / width; r++)
                Rows.SoftmaxProduct(Value.AsSpan(r * width, width), Adjoint.AsSpan(r * width, width), x.Adjoint.AsSpan(r * width, width), accumulate: true);
    }

    // x̄ = p ⊙ (ȳ − ⟨p, ȳ⟩) moves along ṗ (the tangent) by ṗ ⊙ (ȳ − ⟨p, ȳ⟩) − p·⟨ṗ, ȳ⟩.
    internal override void BackwardCurvature()
    {
        var g = Inputs[0].AdjointTangent;
        for (int r = 0; r < Length / width; r++)
        {
            var p = Value.AsSpan(r * width, width);
            var dp = Tangent.AsSpan(r * width, width);
            var gy = Adjoint.AsSpan(r * width, width);
            double py = TensorPrimitives.Dot(p, gy), dpy = TensorPrimitives.Dot(dp, gy);
            for (int j = 0; j < width; j++) g[r * width + j] += dp[j] * (gy[j] - py) - p[j] * dpy;
        }
    }

    internal override void ForwardTangent()
    {
        for (int r = 0; r < Length / width; r++)
            Rows.SoftmaxProduct(Value.AsSpan(r * width, width), Inputs[0].Tangent.AsSpan(r * width, width), Tangent.AsSpan(r * width, width), accumulate: false);
    }
}

/// <summary>Row kernels shared by softmax, log-softmax and cross-entropy.</summary>
internal static class Rows
{
    /// <summary>p = softmax(x), shifted by max x; returns log Σ exp(x) (the log-sum-exp, with the shift added back).</summary>
    public static double Softmax(ReadOnlySpan<double> x, Span<double> p)
    {
        double m = TensorPrimitives.Max(x);
        if (double.IsNegativeInfinity(m)) m = 0; // every logit −∞: exp(x − 0) = 0, and the result is NaN as it should be
        TensorPrimitives.Subtract(x, m, p);
        TensorPrimitives.Exp(p, p);
        double s = TensorPrimitives.Sum(p);
        TensorPrimitives.Divide(p, s, p);
        return m + Math.Log(s);
    }

    /// <summary>out (+)= p ⊙ (v − ⟨p, v⟩): the softmax Jacobian diag(p) − ppᵀ times v.</summary>
    public static void SoftmaxProduct(ReadOnlySpan<double> p, ReadOnlySpan<double> v, Span<double> result, bool accumulate)
    {
        double d = TensorPrimitives.Dot(p, v);
        for (int j = 0; j < p.Length; j++)
        {
            double t = p[j] * (v[j] - d);
            result[j] = accumulate ? result[j] + t : t;
        }
    }
}
