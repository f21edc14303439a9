namespace Tangent.Arrays;

/// <summary>
/// C = A·B for A (m×k) and B (k×n); a vector operand is a k-vector on the shared side ((m×k)·(k) is (m),
/// (k)·(k×n) is (n), (k)·(k) is a scalar).
/// JVP (the product rule, C being bilinear): dC = dA·B + A·dB.
/// VJP: Ā += C̄·Bᵀ, B̄ += Aᵀ·C̄; all three are one <see cref="Gemm"/> call each, the transposes read in place.
/// </summary>
internal sealed class MatMulVar : TensorVar
{
    private readonly int m, n, k;

    private MatMulVar(TensorVar a, TensorVar b, int[] shape, int m, int n, int k) : base(a.Graph, shape, a, b)
        => (this.m, this.n, this.k) = (m, n, k);

    public static MatMulVar Record(TensorVar a, TensorVar b)
    {
        if (a.Rank is < 1 or > 2 || b.Rank is < 1 or > 2)
            throw new ArgumentException(
                $"matmul: {ArrayShape.Format(a.Shape)}·{ArrayShape.Format(b.Shape)}: the operands must be matrices or vectors (rank 1 or 2), not rank {(a.Rank is < 1 or > 2 ? a.Rank : b.Rank)}.");
        int m = a.Rank == 2 ? a.Shape[0] : 1, ka = a.Shape[^1];
        int kb = b.Shape[0], n = b.Rank == 2 ? b.Shape[1] : 1;
        if (ka != kb)
            throw new ArgumentException(
                $"matmul: {ArrayShape.Format(a.Shape)}·{ArrayShape.Format(b.Shape)}: inner dimensions {ka} and {kb} differ.");
        int[] shape = (a.Rank, b.Rank) switch
        {
            (2, 2) => [m, n],
            (2, 1) => [m],
            (1, 2) => [n],
            _ => [],
        };
        return a.Graph.Add(new MatMulVar(a, b, shape, m, n, ka));
    }

    public override string Operation => "matmul";

    internal override void Forward() =>
        Gemm.Multiply(Inputs[0].Value, false, Inputs[1].Value, false, Value, m, n, k, accumulate: false);

    internal override void Backward()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        if (a.Differentiable) Gemm.Multiply(Adjoint, false, b.Value, true, a.Adjoint, m, k, n, accumulate: true);
        if (b.Differentiable) Gemm.Multiply(a.Value, true, Adjoint, false, b.Adjoint, k, n, m, accumulate: true);
    }

    // Ā = C̄·Bᵀ and B̄ = Aᵀ·C̄ are bilinear: along (Ȧ, Ḃ) with C̄ fixed they change by C̄·Ḃᵀ and Ȧᵀ·C̄.
    internal override void BackwardCurvature()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        if (!a.Differentiable || !b.Differentiable) return;
        Gemm.Multiply(Adjoint, false, b.Tangent, true, a.AdjointTangent, m, k, n, accumulate: true);
        Gemm.Multiply(a.Tangent, true, Adjoint, false, b.AdjointTangent, k, n, m, accumulate: true);
    }

    internal override void ForwardTangent()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        bool any = false;
        if (a.Differentiable) { Gemm.Multiply(a.Tangent, false, b.Value, false, Tangent, m, n, k, accumulate: false); any = true; }
        if (b.Differentiable) Gemm.Multiply(a.Value, false, b.Tangent, false, Tangent, m, n, k, accumulate: any);
    }
}
