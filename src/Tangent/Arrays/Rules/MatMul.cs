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
                $"matmul: {ArrayShape.Format(a.Shape)}·{ArrayShape.Format(b.Shape)}: the operands must be vectors, matrices or batches of matrices (rank 1, 2 or 3), not rank {(a.Rank is < 1 or > 2 ? a.Rank : b.Rank)}.");
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

    /// <summary>
    /// True for z = X·w with X a matrix (m×k) and w a vector (k): element i of z reads row i of X only, so a
    /// <see cref="FusedSum"/> can take z a block of rows at a time (<see cref="ForwardChunk"/>) and run the VJP
    /// w̄ += X[rows]ᵀ·z̄[rows] on the same rows while they are still in cache: X is read from memory once per gradient.
    /// </summary>
    internal bool MatrixVector => Inputs[0].Rank == 2 && Inputs[1].Rank == 1;

    /// <summary>
    /// True when this product checks its matrix operand, a data input, for NaN and ∞ through its own result (see
    /// <see cref="CheckData"/>), so that the program need not read the data once more before the run.
    /// </summary>
    internal bool ChecksData { get; set; }

    // z[rows] = X[rows]·w: a block of rows of the matrix times the whole vector.
    internal override void ForwardChunk(FusedSum region, int start, int count)
    {
        var rows = Inputs[0].Value.AsSpan(start * k, count * k);
        Gemm.Multiply(rows, false, Inputs[1].Value, false, ChunkValue, count, 1, k, accumulate: false);
        if (ChecksData) CheckData(ChunkValue.AsSpan(0, count), start);
    }

    // The VJP on the same rows: w̄ += X[rows]ᵀ·z̄[rows], X̄[rows] += z̄[rows]·wᵀ.
    internal override void BackwardChunk(FusedSum region, int start, int count)
    {
        TensorVar a = Inputs[0], b = Inputs[1];
        var gz = ChunkAdjoint.AsSpan(0, count);
        if (b.Differentiable) Gemm.Multiply(a.Value.AsSpan(start * k, count * k), true, gz, false, b.Adjoint, k, 1, count, accumulate: true);
        if (a.Differentiable) Gemm.Multiply(gz, false, b.Value, false, a.Adjoint.AsSpan(start * k, count * k), count, k, 1, accumulate: true);
    }

    /// <summary>
    /// Rows start .. start + z.Length − 1 of the data X, checked through z = X·w: a NaN or ±∞ in row i makes zᵢ NaN
    /// or ±∞ (NaN·w and ±∞·0 are NaN, ±∞·w ≠ 0 is ±∞, and a sum with a NaN or an ∞ term is not finite), so when z is
    /// finite the rows are. Only when z is not finite are the rows read, to name the element (a finite X whose
    /// product overflows is no data error: the run goes on and reports the NaN or ∞ as any other).
    /// </summary>
    private void CheckData(ReadOnlySpan<double> z, int start)
    {
        if (Finite.FirstNonFinite(z) < 0) return;
        var x = (InputVar)Inputs[0];
        int bad = Finite.FirstNonFinite(x.Value.AsSpan(start * k, z.Length * k));
        if (bad >= 0) throw x.NonFiniteData(start * k + bad);
    }

    internal override void Forward()
    {
        Gemm.Multiply(Inputs[0].Value, false, Inputs[1].Value, false, Value, m, n, k, accumulate: false);
        if (ChecksData) CheckData(Value, 0);
    }

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
