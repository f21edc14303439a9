using System.Numerics.Tensors;

namespace Tangent.Networks;

/// <summary>
/// Per-sample gradients of a dense layer y = x·W + b (x a row of in entries, W: in × out) without one reverse
/// sweep per sample.
/// In a network where each sample's forward pass reads only its own row (no batch statistics), row i of
/// the adjoint ∂L/∂Y of the batch loss L = Σᵢ cᵢ·ℓᵢ is cᵢ·∂ℓᵢ/∂yᵢ, the adjoint of sample i's loss alone. So
/// one batch reverse sweep gives every δᵢ = ∂ℓᵢ/∂yᵢ, and the chain rule through y = W·x + b gives
/// ∂ℓᵢ/∂W = xᵢᵀ·δᵢ (an outer product, in × out) and ∂ℓᵢ/∂b = δᵢ, whose squared norm is
/// ‖δᵢ‖²·(‖xᵢ‖² + 1) since ‖xᵀ·δ‖_F = ‖x‖·‖δ‖ — the norms need no outer product at all.
/// (Goodfellow, "Efficient per-example gradient computations", 2015.)
/// </summary>
public static class PerSampleDense
{
    /// <summary>
    /// Writes sample i's gradient [∂ℓᵢ/∂W (in × out, row-major), ∂ℓᵢ/∂b (out)], each times
    /// <paramref name="scale"/>, into row i of <paramref name="gradients"/> (m rows of <paramref name="stride"/>
    /// entries, this layer's block starting at <paramref name="offset"/>).
    /// </summary>
    /// <param name="inputs">X, m × in, the layer's input rows.</param>
    /// <param name="outputAdjoints">Δ, m × out, row i = ∂ℓᵢ/∂yᵢ.</param>
    /// <param name="samples">m.</param>
    /// <param name="scale">A factor on δ (m for the rows of a mean loss's adjoint, which are ∂ℓᵢ/∂yᵢ / m).</param>
    /// <param name="gradients">m rows of <paramref name="stride"/> entries.</param>
    /// <param name="stride">The length of a row of <paramref name="gradients"/> (≥ offset + in·out + out).</param>
    /// <param name="offset">Where this layer's block starts in a row.</param>
    /// <exception cref="ArgumentException">A span's length does not fit m rows; both shapes are named.</exception>
    public static void Gradients(ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputAdjoints, int samples, double scale,
        Span<double> gradients, int stride, int offset)
    {
        var (inWidth, outWidth) = Widths(inputs.Length, outputAdjoints.Length, samples);
        int p = inWidth * outWidth + outWidth;
        if (offset < 0 || offset + p > stride || gradients.Length != (long)samples * stride)
            throw new ArgumentException($"The per-sample gradients have length {gradients.Length} (rows of {stride}, this layer's block at {offset}), but {samples} samples of an {inWidth}→{outWidth} dense layer with bias need {samples} rows holding {p} entries from there.", nameof(gradients));
        for (int i = 0; i < samples; i++)
        {
            var x = inputs.Slice(i * inWidth, inWidth);
            var delta = outputAdjoints.Slice(i * outWidth, outWidth);
            var g = gradients.Slice(i * stride + offset, p);
            for (int j = 0; j < inWidth; j++) TensorPrimitives.Multiply(delta, scale * x[j], g.Slice(j * outWidth, outWidth));
            TensorPrimitives.Multiply(delta, scale, g.Slice(inWidth * outWidth));
        }
    }

    /// <summary>
    /// Adds ‖∂ℓᵢ/∂(W, b)‖² = scale²·‖δᵢ‖²·(‖xᵢ‖² + 1) to <paramref name="squaredNorms"/>[i] for each sample
    /// (add over the layers of a network, then take the square root, to get the norm of each sample's whole gradient).
    /// </summary>
    /// <exception cref="ArgumentException">A span's length does not fit m rows.</exception>
    public static void AddSquaredNorms(ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputAdjoints, int samples, double scale, Span<double> squaredNorms)
    {
        var (inWidth, outWidth) = Widths(inputs.Length, outputAdjoints.Length, samples);
        if (squaredNorms.Length != samples)
            throw new ArgumentException($"There are {squaredNorms.Length} norms for {samples} samples.", nameof(squaredNorms));
        for (int i = 0; i < samples; i++)
        {
            double xx = TensorPrimitives.SumOfSquares(inputs.Slice(i * inWidth, inWidth));
            double dd = TensorPrimitives.SumOfSquares(outputAdjoints.Slice(i * outWidth, outWidth));
            squaredNorms[i] += scale * scale * dd * (xx + 1);
        }
    }

    private static (int In, int Out) Widths(int inputs, int adjoints, int samples)
    {
        if (samples <= 0) throw new ArgumentException($"A batch of {samples} samples has no per-sample gradients.");
        if (inputs % samples != 0 || adjoints % samples != 0)
            throw new ArgumentException($"The inputs ({inputs} numbers) and output adjoints ({adjoints} numbers) are not {samples} whole rows each.");
        return (inputs / samples, adjoints / samples);
    }
}
