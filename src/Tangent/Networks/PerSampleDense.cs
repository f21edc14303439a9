using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    public static unsafe void Gradients(ReadOnlySpan<double> inputs, ReadOnlySpan<double> outputAdjoints, int samples, double scale,
        Span<double> gradients, int stride, int offset)
    {
        var (inWidth, outWidth) = Widths(inputs.Length, outputAdjoints.Length, samples);
        int p = inWidth * outWidth + outWidth;
        if (offset < 0 || offset + p > stride || gradients.Length != (long)samples * stride)
            throw new ArgumentException($"The per-sample gradients have length {gradients.Length} (rows of {stride}, this layer's block at {offset}), but {samples} samples of an {inWidth}→{outWidth} dense layer with bias need {samples} rows holding {p} entries from there.", nameof(gradients));
        if (Vector512.IsHardwareAccelerated && outWidth >= Vector512<double>.Count)
        {
            // δ followed by its first eight entries, so that an eight-lane load at column c reads on across the row's end
            Span<double> twice = outWidth <= 1024 ? stackalloc double[outWidth + 8] : new double[outWidth + 8];
            fixed (double* g0 = gradients)
            fixed (double* x0 = inputs)
            fixed (double* d0 = outputAdjoints)
            fixed (double* t0 = twice)
                for (int i = 0; i < samples; i++)
                {
                    double* delta = d0 + (long)i * outWidth;
                    new ReadOnlySpan<double>(delta, outWidth).CopyTo(twice);
                    new ReadOnlySpan<double>(delta, 8).CopyTo(twice[outWidth..]);
                    StreamBlock(g0 + (long)i * stride + offset, x0 + (long)i * inWidth, inWidth, delta, t0, outWidth, scale);
                }
        }
        else
        {
            fixed (double* g0 = gradients)
            fixed (double* x0 = inputs)
            fixed (double* d0 = outputAdjoints)
                for (int i = 0; i < samples; i++)
                {
                    double* g = g0 + (long)i * stride + offset, x = x0 + (long)i * inWidth, delta = d0 + (long)i * outWidth;
                    for (int j = 0; j < inWidth; j++) Stream(delta, scale * x[j], g + (long)j * outWidth, outWidth);
                    for (int c = 0; c < outWidth; c++) g[inWidth * outWidth + c] = scale * delta[c];
                }
        }
        if (Sse2.IsSupported) Sse2.MemoryFence(); // the streaming stores are weakly ordered: complete them before returning
    }

    /// <summary>
    /// One sample's block [∂ℓ/∂W, ∂ℓ/∂b] = (s·[x, 1]) ⊗ δ, an (in + 1) × out matrix row-major (the bias is the row
    /// whose input is 1), written as one stream: entry e is s·x̂[e / out]·δ[e % out]. The block starts anywhere (a
    /// sample's row of p entries is rarely 64-byte aligned), so the stores are aligned to the memory, not to the
    /// rows of W: each aligned eight-entry chunk is at most two rows (out ≥ 8), x̂ of the first row in the lanes
    /// before the row's end and of the next after it, times eight entries of δ read on across its end
    /// (<paramref name="deltaTwice"/>). Every cache line of the middle is then written whole by one non-temporal
    /// store, where a stream per row of W leaves a partly written line at each of the row's ends (in rows a sample).
    /// </summary>
    private static unsafe void StreamBlock(double* g, double* x, int inWidth, double* delta, double* deltaTwice, int outWidth, double scale)
    {
        long total = (long)(inWidth + 1) * outWidth, e = 0;
        int j = 0, c = 0; // e = j·out + c
        for (; e < total && ((nuint)(g + e) & 63) != 0; e++)
        {
            g[e] = (j < inWidth ? scale * x[j] : scale) * delta[c];
            if (++c == outWidth) { c = 0; j++; }
        }
        var lane = Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7);
        while (e + 8 <= total)
        {
            var xj = Vector512.Create(j < inWidth ? scale * x[j] : scale);
            // the chunks inside row j (a whole chunk left in the row is inside the block)
            for (; c + 8 <= outWidth; c += 8, e += 8) Vector512.StoreAlignedNonTemporal(xj * Vector512.Load(delta + c), g + e);
            if (c < outWidth && e + 8 <= total)
            {
                // lanes from outWidth − c on belong to row j + 1 (≤ in, the bias row, since the chunk ends inside the block)
                var next = Vector512.Create(j + 1 < inWidth ? scale * x[j + 1] : scale);
                var v = Vector512.ConditionalSelect(Vector512.LessThan(lane, Vector512.Create((double)(outWidth - c))), xj, next) * Vector512.Load(deltaTwice + c);
                Vector512.StoreAlignedNonTemporal(v, g + e);
                c += 8;
                e += 8;
            }
            if (c < outWidth) break; // fewer than eight entries left, all in row j
            c -= outWidth;
            j++;
        }
        for (; e < total; e++)
        {
            g[e] = (j < inWidth ? scale * x[j] : scale) * delta[c];
            if (++c == outWidth) { c = 0; j++; }
        }
    }

    /// <summary>
    /// row = c·δ (n entries). The m × p per-sample gradients are far larger than the caches (64 × 101 770 doubles = 52 MB
    /// for a 784-128-10 network) and are written once, so a write that first reads its cache line (as an ordinary store
    /// does) doubles the memory traffic: the aligned middle of the row is written with non-temporal stores, which do not.
    /// </summary>
    private static unsafe void Stream(double* delta, double c, double* row, int n)
    {
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; k < n && ((nuint)(row + k) & 63) != 0; k++) row[k] = c * delta[k];
            var cv = Vector512.Create(c);
            for (; k + 8 <= n; k += 8) Vector512.StoreAlignedNonTemporal(cv * Vector512.Load(delta + k), row + k);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; k < n && ((nuint)(row + k) & 31) != 0; k++) row[k] = c * delta[k];
            var cv = Vector256.Create(c);
            for (; k + 4 <= n; k += 4) Vector256.StoreAlignedNonTemporal(cv * Vector256.Load(delta + k), row + k);
        }
        for (; k < n; k++) row[k] = c * delta[k];
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
