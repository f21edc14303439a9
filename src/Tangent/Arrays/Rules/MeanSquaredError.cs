using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// The mean squared error L = (1/N) Σ (y − t)² of a prediction y and a target t of the same shape (N elements).
/// With r = y − t kept from the forward sweep: JVP dL = (2/N)⟨r, dy − dt⟩;  VJP ȳ += L̄·(2/N)·r, t̄ −= L̄·(2/N)·r.
/// </summary>
internal sealed class MeanSquaredErrorVar : TensorVar
{
    private double[] residual = [];

    private MeanSquaredErrorVar(TensorVar prediction, TensorVar target) : base(prediction.Graph, [], prediction, target) { }

    public static TensorVar Record(TensorVar prediction, TensorVar target)
    {
        if (!ArrayShape.Equal(prediction.Shape, target.Shape))
            throw new ArgumentException(
                $"mse: prediction {ArrayShape.Format(prediction.Shape)} and target {ArrayShape.Format(target.Shape)} must have the same shape.");
        if (prediction.Length == 0)
            throw new ArgumentException($"mse: the prediction {ArrayShape.Format(prediction.Shape)} is empty; its mean is undefined.");
        return prediction.Graph.Add(new MeanSquaredErrorVar(prediction, target));
    }

    public override string Operation => "mse";

    internal override long Bytes => base.Bytes + 8L * residual.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        residual = new double[Inputs[0].Length];
    }

    internal override void Forward()
    {
        TensorPrimitives.Subtract(Inputs[0].Value, Inputs[1].Value, residual);
        Value[0] = TensorPrimitives.SumOfSquares(residual) / residual.Length;
    }

    internal override void Backward()
    {
        double s = 2 * Adjoint[0] / residual.Length;
        TensorVar y = Inputs[0], t = Inputs[1];
        if (y.Differentiable) TensorPrimitives.MultiplyAdd(residual, s, y.Adjoint, y.Adjoint);
        if (t.Differentiable) TensorPrimitives.MultiplyAdd(residual, -s, t.Adjoint, t.Adjoint);
    }

    // ȳ = L̄·(2/N)·r moves by L̄·(2/N)·ṙ, ṙ = ẏ − ṫ; t̄ by the opposite.
    internal override void BackwardCurvature()
    {
        TensorVar y = Inputs[0], t = Inputs[1];
        double s = 2 * Adjoint[0] / residual.Length;
        for (int i = 0; i < residual.Length; i++)
        {
            double dr = (y.Differentiable ? y.Tangent[i] : 0) - (t.Differentiable ? t.Tangent[i] : 0);
            if (y.Differentiable) y.AdjointTangent[i] += s * dr;
            if (t.Differentiable) t.AdjointTangent[i] -= s * dr;
        }
    }

    internal override void ForwardTangent()
    {
        TensorVar y = Inputs[0], t = Inputs[1];
        double d = 0;
        if (y.Differentiable) d += TensorPrimitives.Dot(residual, y.Tangent);
        if (t.Differentiable) d -= TensorPrimitives.Dot(residual, t.Tangent);
        Tangent[0] = 2 * d / residual.Length;
    }
}
