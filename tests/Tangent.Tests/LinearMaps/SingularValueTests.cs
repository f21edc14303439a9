using MathNet.Numerics.LinearAlgebra;
using Tangent.Tests.Support;

namespace Tangent.Tests.LinearMaps;

/// <summary>
/// σ₁ of a matrix-free map by Golub–Kahan–Lanczos equals MathNet's dense SVD, with L·v = σ₁·u for the
/// returned vectors, on plain, composed and transposed maps, including nearly equal top singular values.
/// </summary>
public class SingularValueTests
{
    private static double[,] RandomMatrix(Random rng, int m, int n)
    {
        var a = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) a[i, j] = rng.NextDouble() * 2 - 1;
        return a;
    }

    private static double DenseSigma(double[,] a) => Matrix<double>.Build.DenseOfArray(a).Svd(false).S[0];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    [InlineData(40, 40)]
    [InlineData(64, 17)]
    public void LargestSingularValueMatchesTheDenseSvd(int m, int n)
    {
        var a = RandomMatrix(new Random(m * 100 + n), m, n);
        var s = SingularValue.Largest(LinearMap.FromMatrix(a));
        Assert.True(s.Converged);
        Approx.Equal(DenseSigma(a), s.Value, rel: 1e-10, what: "σ₁");
        // L·v = σ₁·u and Lᵀ·u = σ₁·v for unit vectors.
        Approx.Equal(1, Dense.Dot(s.Right, s.Right), rel: 1e-10, what: "|v|²");
        Approx.Equal(1, Dense.Dot(s.Left, s.Left), rel: 1e-10, what: "|u|²");
        Approx.Equal(s.Left.Select(x => x * s.Value).ToArray(), Dense.Multiply(a, s.Right), rel: 1e-7, abs: 1e-7 * s.Value, what: "Lv");
    }

    [Fact]
    public void ComposedProductOfMapsHasTheSingularValueOfTheMatrixProduct()
    {
        var rng = new Random(5);
        var maps = new List<double[,]>();
        LinearMap? product = null;
        double[,]? dense = null;
        for (int l = 0; l < 6; l++)
        {
            var w = RandomMatrix(rng, 30, 30);
            product = product is null ? LinearMap.FromMatrix(w) : LinearMap.FromMatrix(w).Compose(product);
            dense = dense is null ? w : Dense.Multiply(w, dense);
        }
        var s = SingularValue.Largest(product!);
        Approx.Equal(DenseSigma(dense!), s.Value, rel: 1e-9, what: "σ₁ of the product");
        Approx.Equal(s.Value, SingularValue.Largest(product!.Transpose()).Value, rel: 1e-9, what: "σ₁ of the transpose");
    }

    [Fact]
    public void NearlyEqualTopSingularValuesAreSeparated()
    {
        // diag(1, 0.999999, 0.5, ...) rotated: power iteration would need ~10⁷ steps; Lanczos needs n.
        int n = 50;
        var q = Matrix<double>.Build.Random(n, n, 3).QR().Q;
        var d = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, n).Select(i => i == 0 ? 1.0 : i == 1 ? 0.999999 : 0.5 / i).ToArray());
        var a = (q * d * q.Transpose()).ToArray();
        var s = SingularValue.Largest(LinearMap.FromMatrix(a), tolerance: 1e-12);
        Approx.Equal(1.0, s.Value, rel: 1e-11, what: "σ₁");
        Assert.True(s.Steps <= n);
    }

    [Fact]
    public void MaxStepsBoundsTheWorkAndSaysItDidNotConverge()
    {
        var a = RandomMatrix(new Random(9), 60, 60);
        var s = SingularValue.Largest(LinearMap.FromMatrix(a), tolerance: 1e-15, maxSteps: 3);
        Assert.Equal(3, s.Steps);
        Assert.False(s.Converged);
        Assert.True(s.Value <= DenseSigma(a) * (1 + 1e-12), "a Ritz value never exceeds σ₁");
    }
}
