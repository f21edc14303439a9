using CsCheck;
using MathNet.Numerics.LinearAlgebra;
using Tangent.Krylov;
using Tangent.Tests.Support;

namespace Tangent.Tests.Krylov;

/// <summary>Lanczos against MathNet's dense symmetric eigenvalues, and conjugate gradients on SPD systems against a dense solve.</summary>
public class KrylovTests
{
    /// <summary>A random symmetric n×n matrix QΛQᵀ with the given eigenvalues.</summary>
    private static double[,] WithEigenvalues(double[] lambda, int seed)
    {
        int n = lambda.Length;
        var rng = new Random(seed);
        var a = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() - 0.5);
        var q = a.QR().Q;
        return (q * Matrix<double>.Build.DiagonalOfDiagonalArray(lambda) * q.Transpose()).ToArray();
    }

    private static double[] Dense(double[,] m) => [.. Matrix<double>.Build.DenseOfArray(m).Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).Order()];

    [Fact]
    public void LanczosFindsExtremeEigenvaluesOfRandomSymmetricMatrices()
    {
        Gen.Int[5, 60].Select(Gen.Int[0, 100000]).SampleRepeatably((n, seed) =>
        {
            var rng = new Random(seed);
            var m = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextDouble() * 2 - 1);
            var a = (m + m.Transpose()).ToArray();
            var exact = Dense(a);
            var r = Lanczos.Run(LinearMap.FromMatrix(a), 2, 1e-10, 200, seed);
            Assert.True(r.Converged);
            Approx.Equal(exact[..2], r.Smallest, 1e-8, 1e-8, "smallest");
            Approx.Equal(exact[^2..].Reverse().ToArray(), r.Largest, 1e-8, 1e-8, "largest");
        }, iter: 40);
    }

    [Fact]
    public void LanczosNeedsFarFewerProductsThanNOnAnIsolatedLargestEigenvalue()
    {
        var lambda = Enumerable.Range(0, 300).Select(i => 1 + i / 300.0).ToArray();
        lambda[^1] = 50;
        var a = WithEigenvalues(lambda, 3);
        var r = Lanczos.Run(LinearMap.FromMatrix(a), 1, 1e-10, 300, 1, SpectrumEnd.Largest);
        Assert.Equal(50, r.Largest[0], 1e-8);
        Assert.True(r.Steps < 60, $"{r.Steps} steps");
    }

    [Fact]
    public void LanczosOnHessianVectorProductsGivesTheHessiansEigenvalues()
    {
        // f = x² + 3y² + xy + z⁴ at z = 1: H = [[2, 1, 0], [1, 6, 0], [0, 0, 12]].
        var map = Tangent.Optimisation.Objective.FromFunction(x => x[0] * x[0] + 3 * x[1] * x[1] + x[0] * x[1] + x[2] * x[2] * x[2] * x[2], 3).HessianMap([0.3, -0.2, 1.0]);
        var r = Lanczos.Run(map, 1);
        Assert.Equal(12, r.Largest[0], 1e-9);
        Assert.Equal(4 - Math.Sqrt(5), r.Smallest[0], 1e-9);
    }

    [Fact]
    public void ConjugateGradientsSolveSpdSystems()
    {
        Gen.Int[1, 80].Select(Gen.Int[0, 100000]).SampleRepeatably((n, seed) =>
        {
            var rng = new Random(seed);
            var lambda = Enumerable.Range(0, n).Select(_ => Math.Exp(rng.NextDouble() * 6)).ToArray(); // κ ≤ e⁶ ≈ 400
            var a = WithEigenvalues(lambda, seed);
            var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var r = ConjugateGradient.Solve(LinearMap.FromMatrix(a), b, 1e-12);
            Assert.True(r.Converged);
            Assert.False(r.NegativeCurvature);
            var exact = Matrix<double>.Build.DenseOfArray(a).Solve(Vector<double>.Build.DenseOfArray(b)).ToArray();
            Approx.Equal(exact, r.Solution, 1e-8, 1e-10);
        }, iter: 40);
    }

    [Fact]
    public void ConjugateGradientsStopAtNegativeCurvature()
    {
        var r = ConjugateGradient.Solve(LinearMap.Diagonal([1.0, -1.0]), [1.0, 1.0]);
        Assert.True(r.NegativeCurvature);
        Assert.False(r.Converged);
        Assert.NotNull(r.Direction);
    }

    [Fact]
    public void PreconditionedConjugateGradientsConvergeInOneStepWithTheExactInverse()
    {
        double[] d = [1, 10, 100, 1000, 1e4];
        var r = ConjugateGradient.Solve(LinearMap.Diagonal(d), [1.0, 1, 1, 1, 1], 1e-14, null, LinearMap.Diagonal(d.Select(v => 1 / v).ToArray()));
        Assert.Equal(1, r.Iterations);
        Approx.Equal(d.Select(v => 1 / v).ToArray(), r.Solution, 1e-14);
    }

    [Fact]
    public void BadShapesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(LinearMap.FromMatrix(new double[2, 3]), [1.0, 2.0]));
        Assert.Contains("2×3", e.Message);
        Assert.Throws<ArgumentException>(() => ConjugateGradient.Solve(LinearMap.Identity(3), [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => Lanczos.Run(LinearMap.FromMatrix(new double[2, 3])));
    }
}
