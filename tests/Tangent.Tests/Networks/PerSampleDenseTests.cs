using CsCheck;
using Tangent.Networks;
using Tangent.Tests.Support;
using Dense = Tangent.Networks.Dense;
using Vec = Tangent.Tests.Support.Dense;

namespace Tangent.Tests.Networks;

/// <summary>
/// The per-sample gradient of a dense layer from one adjoint row per sample (an outer product) equals the
/// gradient of that sample's loss alone, taken by a reverse sweep per sample on the scalar tape; the norms
/// computed without outer products equal the norms of those gradients.
/// </summary>
public class PerSampleDenseTests
{
    // ℓ(W, b; x) = Σ_r c_r·tanh((W·x + b)_r): a loss that depends on the layer's output nonlinearly.
    private const int In = 5, Out = 3, Samples = 7;
    private static readonly double[] C = [0.7, -1.3, 0.4];

    private static Var[] Layer(ReadOnlySpan<Var> wb, ReadOnlySpan<double> x)
    {
        var y = new Var[Out];
        for (int r = 0; r < Out; r++)
        {
            Var s = wb[Out * In + r];
            for (int j = 0; j < In; j++) s += wb[j * Out + r] * x[j]; // W is in × out
            y[r] = s;
        }
        return y;
    }

    private static Var Loss(ReadOnlySpan<Var> y)
    {
        Var l = 0;
        for (int r = 0; r < Out; r++) l += C[r] * Var.Tanh(y[r]);
        return l;
    }

    [Fact]
    public void OuterProductsEqualOneReverseSweepPerSample()
    {
        var rng = new Random(11);
        var wb = Enumerable.Range(0, Out * In + Out).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var x = Enumerable.Range(0, Samples * In).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var delta = new double[Samples * Out];
        var loop = new double[Samples][];
        for (int i = 0; i < Samples; i++)
        {
            var xi = x.AsSpan(i * In, In).ToArray();
            // δᵢ = ∂ℓᵢ/∂yᵢ at yᵢ = W·xᵢ + b, and the reference ∂ℓᵢ/∂(W, b) by a sweep through layer and loss.
            var yi = Layer(wb.Select(v => (Var)v).ToArray(), xi).Select(v => v.Value).ToArray();
            Differentiate.Gradient(y => Loss(y), yi).Gradient.CopyTo(delta, i * Out);
            loop[i] = Differentiate.Gradient(p => Loss(Layer(p, xi)), wb).Gradient;
        }
        var g = new double[Samples * (Out * In + Out)];
        // δ scaled by 1/2 and scale 2 back: the scale multiplies every entry.
        var half = delta.Select(d => d / 2).ToArray();
        PerSampleDense.Gradients(x, half, Samples, 2, g, Out * In + Out, 0);
        var norms = new double[Samples];
        PerSampleDense.AddSquaredNorms(x, half, Samples, 2, norms);
        for (int i = 0; i < Samples; i++)
        {
            Approx.Equal(loop[i], g.AsSpan(i * loop[i].Length, loop[i].Length).ToArray(), rel: 1e-13, abs: 1e-15, what: $"sample {i}");
            Approx.Equal(Vec.Dot(loop[i], loop[i]), norms[i], rel: 1e-13, what: $"‖g_{i}‖²");
        }
    }

    [Fact]
    public void RowsThatDoNotFitTheBatchAreAnError()
    {
        var e = Assert.Throws<ArgumentException>(() => PerSampleDense.Gradients(new double[10], new double[6], 3, 1, new double[100], 1, 0));
        Assert.Contains("3 whole rows", e.Message);
        e = Assert.Throws<ArgumentException>(() => PerSampleDense.Gradients(new double[6], new double[3], 3, 1, new double[5], 3, 0));
        Assert.Contains("2→1 dense layer", e.Message);
    }
    [Theory]
    [InlineData(7, 37, 3, 2)]
    [InlineData(4, 64, 0, 1)]
    [InlineData(3, 9, 5, 4)]
    [InlineData(6, 4, 1, 3)]
    [InlineData(5, 6, 2, 0)]
    public void WideRowsWrittenByStreamingStoresHoldEveryEntryOfTheOuterProducts(int inWidth, int outWidth, int offset, int extra) =>
        CheckOuterProducts(inWidth, outWidth, offset, extra);

    [Fact]
    public void BlocksStreamedAcrossRowEndsHoldEveryEntryOnRandomShapes() =>
        // the eight-entry chunks aligned to memory straddle rows of W, the bias row and the block's end at random places
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 40], Gen.Int[0, 9], Gen.Int[0, 9]).SampleRepeatably(CheckOuterProducts, iter: 60);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void ADestinationSlicedAtAnOddPositionHoldsTheOuterProductsAndNothingAroundItChanges(int start)
    {
        // The destination a caller passes need not start an array: a slice starting `start` doubles in moves every
        // 64-byte boundary the streaming stores align to; 9 samples (not a multiple of eight) of a 13→11 layer.
        int samples = 9, inWidth = 13, outWidth = 11, p = inWidth * outWidth + outWidth;
        var rng = new Random(start);
        var x = Vec.Random(rng, samples * inWidth);
        var delta = Vec.Random(rng, samples * outWidth);
        var whole = Enumerable.Repeat(-7.0, start + samples * p + 5).ToArray();
        PerSampleDense.Gradients(x, delta, samples, 0.5, whole.AsSpan(start, samples * p), p, 0);
        for (int q = 0; q < whole.Length; q++)
        {
            int e = q - start, i = e / p, r = e % p;
            double expected = e < 0 || e >= samples * p ? -7.0
                : r < inWidth * outWidth ? 0.5 * x[i * inWidth + r / outWidth] * delta[i * outWidth + r % outWidth]
                : 0.5 * delta[i * outWidth + r - inWidth * outWidth];
            Assert.Equal(expected, whole[q]);
        }
    }

    private static void CheckOuterProducts(int inWidth, int outWidth, int offset, int extra)
    {
        // Rows long enough for the aligned non-temporal middle, at every alignment (odd widths, offsets and strides),
        // against the outer products written out here; the entries outside the block are left alone.
        int samples = 5, p = inWidth * outWidth + outWidth, stride = offset + p + extra;
        var rng = new Random(inWidth * 100 + outWidth);
        var x = Vec.Random(rng, samples * inWidth);
        var delta = Vec.Random(rng, samples * outWidth);
        var g = Enumerable.Repeat(-7.0, samples * stride).ToArray();
        PerSampleDense.Gradients(x, delta, samples, 2.5, g, stride, offset);
        for (int i = 0; i < samples; i++)
            for (int q = 0; q < stride; q++)
            {
                double expected = q < offset || q >= offset + p ? -7.0
                    : q - offset < inWidth * outWidth ? 2.5 * x[i * inWidth + (q - offset) / outWidth] * delta[i * outWidth + (q - offset) % outWidth]
                    : 2.5 * delta[i * outWidth + q - offset - inWidth * outWidth];
                Assert.Equal(expected, g[i * stride + q], 1e-15);
            }
    }
}
