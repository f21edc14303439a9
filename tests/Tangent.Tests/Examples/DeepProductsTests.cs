using MathNet.Numerics.LinearAlgebra;
using Tangent.Arrays;
using Tangent.Examples.VanishingGradients;
using Tangent.Networks;

namespace Tangent.Tests.Examples;

/// <summary>
/// The vanishing/exploding example in its quick mode: the tables print, the backpropagated gradient at the
/// input shrinks with gain 0.5 and grows with gain 2, and the σ₁ it reports for the whole product equals the
/// dense SVD of the product of the layer Jacobians (materialised here only to check).
/// </summary>
public class DeepProductsTests
{
    [Fact]
    public void QuickRunPrintsTheTables()
    {
        var output = new StringWriter();
        Assert.Equal(0, DeepProducts.Run(output, quick: true));
        string text = output.ToString();
        Assert.Contains("| layer | g = 0.5 | g = 1 | g = 2 | g = 0.5, residual | g = 1, residual | g = 2, residual |", text);
        Assert.Contains("σ₁(∂h_6/∂h_l)", text);
        Assert.Contains("| l = 0 |", text);
    }

    [Fact]
    public void SmallGainsVanishLargeGainsExplode()
    {
        double Sigma0(double gain) => DeepProducts.Measure(12, 16, gain, residual: false, seed: 3).Sigmas[0].Sigma;
        double small = Sigma0(0.5), large = Sigma0(2);
        Assert.True(small < 1e-2, $"gain 0.5: σ₁ = {small}");
        Assert.True(large > 10, $"gain 2: σ₁ = {large}");
        var m = DeepProducts.Measure(12, 16, 0.5, residual: false, seed: 3);
        Assert.True(m.ActivationGradientNorms[0] < 1e-2 * m.ActivationGradientNorms[^1]);
    }

    [Fact]
    public void ReportedSigmaIsTheDenseSvdOfTheJacobianProduct()
    {
        int depth = 5, width = 8;
        var r = DeepProducts.Measure(depth, width, 1.5, residual: true, seed: 2);
        // Rebuild the same network (same seeds) and materialise every layer Jacobian.
        var blocks = Enumerable.Range(0, depth).Select(_ => (Layer)new Residual(new Dense(width, width, Initializer.LeCunNormal(1.5)), Activation.Tanh(width))).ToArray();
        var net = new Sequential(blocks);
        var theta = net.Initialize(2);
        var rng = new Random(3);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var x = Tensor.From([.. Enumerable.Range(0, width).Select(_ => Normal())], 1, width);
        var product = Matrix<double>.Build.DenseIdentity(width);
        foreach (var d in net.LayerDerivatives(theta, x))
            product = Matrix<double>.Build.DenseOfArray(d.WithRespectToInput.ToMatrix()) * product;
        Assert.Equal(0, r.Sigmas[0].From);
        Assert.Equal(product.Svd(false).S[0], r.Sigmas[0].Sigma, 1e-8 * product.Svd(false).S[0]);
    }
}
