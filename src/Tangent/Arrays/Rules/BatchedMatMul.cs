namespace Tangent.Arrays;

/// <summary>
/// The batched matrix product Cₛ = Aₛ·Bₛ for s = 0 .. b − 1, A (b×m×k) and B (b×k×n) giving C (b×m×n); an operand
/// of rank 2 is the same matrix for every s (broadcast over the batch): (b×m×k)·(k×n) and (m×k)·(b×k×n).
/// JVP (bilinear in each slice): dCₛ = dAₛ·Bₛ + Aₛ·dBₛ.
/// VJP: Āₛ += C̄ₛ·Bₛᵀ, B̄ₛ += Aₛᵀ·C̄ₛ; the adjoint of a broadcast operand is the sum over the batch, Ā += Σₛ C̄ₛ·Bₛᵀ or
/// B̄ += Σₛ Aₛᵀ·C̄ₛ. Every product is one <see cref="Gemm"/> call, the transposes read in place.
/// </summary>
/// <remarks>
/// With B broadcast, the b products Aₛ·B are one product of A viewed as (b·m)×k with B, and B̄ += Σₛ Aₛᵀ·C̄ₛ is one
/// product Aᵀ·C̄ of the same views: a batch of inputs through one weight matrix is a single GEMM each way.
/// </remarks>
internal sealed class BatchedMatMulVar : TensorVar
{
    private readonly int batch, m, n, k;
    private readonly bool batchA, batchB;

    private BatchedMatMulVar(TensorVar a, TensorVar b, int batch, int m, int n, int k)
        : base(a.Graph, [batch, m, n], a, b)
        => (this.batch, this.m, this.n, this.k, batchA, batchB) = (batch, m, n, k, a.Rank == 3, b.Rank == 3);

    /// <summary>Records a·b with at least one operand of rank 3; the other of rank 3 or 2 (shapes checked here).</summary>
    public static BatchedMatMulVar Record(TensorVar a, TensorVar b)
    {
        string shapes = $"{ArrayShape.Format(a.Shape)}·{ArrayShape.Format(b.Shape)}";
        if (a.Rank is < 2 or > 3 || b.Rank is < 2 or > 3)
            throw new ArgumentException(
                $"matmul: {shapes}: a batched product takes operands of rank 3 (a batch of matrices) or 2 (one matrix for the whole batch), not rank {(a.Rank is < 2 or > 3 ? a.Rank : b.Rank)}.");
        int ka = a.Shape[^1], kb = b.Shape[^2];
        if (ka != kb)
            throw new ArgumentException($"matmul: {shapes}: inner dimensions {ka} and {kb} differ.");
        if (a.Rank == 3 && b.Rank == 3 && a.Shape[0] != b.Shape[0])
            throw new ArgumentException($"matmul: {shapes}: batch dimensions {a.Shape[0]} and {b.Shape[0]} differ.");
        int batch = a.Rank == 3 ? a.Shape[0] : b.Shape[0];
        return a.Graph.Add(new BatchedMatMulVar(a, b, batch, a.Shape[^2], b.Shape[^1], ka));
    }

    public override string Operation => "matmul";

    // Slice s of each operand (the whole operand when it is broadcast) and of the result.
    private static Span<double> Of(double[] x, int s, int size, bool batched) => x.AsSpan(batched ? s * size : 0, size);

    internal override void Forward() => Product(Inputs[0].Value, Inputs[1].Value, Value, accumulate: false);

    /// <summary>C = A·B slice by slice (one product when B is broadcast), or C += A·B.</summary>
    private void Product(double[] a, double[] b, double[] c, bool accumulate)
    {
        if (!batchB) { Gemm.Multiply(a, false, b, false, c, batch * m, n, k, accumulate); return; }
        for (int s = 0; s < batch; s++)
            Gemm.Multiply(Of(a, s, m * k, batchA), false, Of(b, s, k * n, true), false, Of(c, s, m * n, true), m, n, k, accumulate);
    }

    internal override void Backward()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        if (a.Differentiable) AdjointA(Adjoint, b.Value, a.Adjoint);
        if (b.Differentiable) AdjointB(a.Value, Adjoint, b.Adjoint);
    }

    /// <summary>Ā += C̄ₛ·Bₛᵀ for each s (summed over the batch when A is broadcast).</summary>
    private void AdjointA(double[] gc, double[] b, double[] ga)
    {
        if (!batchB) { Gemm.Multiply(gc, false, b, true, ga, batch * m, k, n, accumulate: true); return; }
        for (int s = 0; s < batch; s++)
            Gemm.Multiply(Of(gc, s, m * n, true), false, Of(b, s, k * n, true), true, Of(ga, s, m * k, batchA), m, k, n, accumulate: true);
    }

    /// <summary>B̄ += Aₛᵀ·C̄ₛ for each s (summed over the batch when B is broadcast: one product of the (b·m)-row views).</summary>
    private void AdjointB(double[] a, double[] gc, double[] gb)
    {
        if (!batchB) { Gemm.Multiply(a, true, gc, false, gb, k, n, batch * m, accumulate: true); return; }
        for (int s = 0; s < batch; s++)
            Gemm.Multiply(Of(a, s, m * k, batchA), true, Of(gc, s, m * n, true), false, Of(gb, s, k * n, true), k, n, m, accumulate: true);
    }

    // Āₛ = C̄ₛ·Bₛᵀ and B̄ₛ = Aₛᵀ·C̄ₛ are bilinear: along (Ȧ, Ḃ) with C̄ fixed they change by C̄ₛ·Ḃₛᵀ and Ȧₛᵀ·C̄ₛ.
    internal override void BackwardCurvature()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        if (!a.Differentiable || !b.Differentiable) return;
        AdjointA(Adjoint, b.Tangent, a.AdjointTangent);
        AdjointB(a.Tangent, Adjoint, b.AdjointTangent);
    }

    internal override void ForwardTangent()
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        bool any = false;
        if (a.Differentiable) { Product(a.Tangent, b.Value, Tangent, accumulate: false); any = true; }
        if (b.Differentiable) Product(a.Value, b.Tangent, Tangent, accumulate: any);
    }
}
