namespace Tangent.Arrays;

/// <summary>
/// y = xᵀ for a matrix: y[j, i] = x[i, j]. It is linear and its own adjoint's transpose:
/// JVP dy = dxᵀ;  VJP x̄ += ȳᵀ.
/// </summary>
internal sealed class TransposeVar : TensorVar
{
    private readonly int rows, columns;

    private TransposeVar(TensorVar x) : base(x.Graph, [x.Shape[1], x.Shape[0]], x) => (rows, columns) = (x.Shape[0], x.Shape[1]);

    public static TensorVar Record(TensorVar x)
    {
        if (x.Rank != 2)
            throw new ArgumentException($"transpose: a matrix (rank 2) is needed, but the operand has shape {ArrayShape.Format(x.Shape)}; use reshape for vectors.");
        return x.Graph.Add(new TransposeVar(x));
    }

    public override string Operation => "transpose";

    internal override void Forward() => Transpose(Inputs[0].Value, Value, rows, columns, accumulate: false);

    internal override void ForwardTangent() => Transpose(Inputs[0].Tangent, Tangent, rows, columns, accumulate: false);

    internal override void Backward()
    {
        var x = Inputs[0];
        if (x.Differentiable) Transpose(Adjoint, x.Adjoint, columns, rows, accumulate: true);
    }

    /// <summary>y (c×r) = x (r×c)ᵀ, or y += xᵀ; in 32×32 blocks so both sides stay in cache.</summary>
    private static void Transpose(double[] x, double[] y, int r, int c, bool accumulate)
    {
        const int B = 32;
        for (int i0 = 0; i0 < r; i0 += B)
            for (int j0 = 0; j0 < c; j0 += B)
                for (int i = i0; i < Math.Min(i0 + B, r); i++)
                    for (int j = j0; j < Math.Min(j0 + B, c); j++)
                    {
                        if (accumulate) y[j * r + i] += x[i * c + j];
                        else y[j * r + i] = x[i * c + j];
                    }
    }
}
