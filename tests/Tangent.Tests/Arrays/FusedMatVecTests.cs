using Tangent.Tests.Support;
using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// A matrix-vector product z = X·w feeding a fused sum (the logistic regression's loss mean(softplus(−y ⊙ X·w)))
/// runs a block of rows at a time: the value and gradient are those of plain loops written from the formula, and
/// of the whole-array sweeps; a NaN in the data past the first block is reported as a data error with its index,
/// and the gradient is then left zero; a finite X whose product overflows is no data error.
/// </summary>
public class FusedMatVecTests
{
    // k = 37: blocks of 16384/37 rounded down to a multiple of 4 = 440 rows; 4403 rows = 10 blocks and 3 rows.
    private const int K = 37;

    private static double[] Point(int n, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => scale * (rng.NextDouble() * 2 - 1))];
    }

    private static (ArrayProgram Program, TensorVar X) Build(int m, bool matrixIsParameter)
    {
        var g = new ArrayGraph();
        var w = g.Parameter("w", K);
        var x = matrixIsParameter ? g.Parameter("X", m, K) : g.Data("X", m, K);
        var y = g.Data("y", m);
        return (new ArrayProgram(A.Mean(A.Softplus(-(y * x.MatMul(w))))), x);
    }

    /// <summary>L = (1/m) Σᵢ ln(1 + e^{tᵢ}), tᵢ = −yᵢ xᵢ·w; ∂L/∂w = (1/m) Σᵢ σ(tᵢ)(−yᵢ) xᵢ, ∂L/∂Xᵢⱼ = (1/m) σ(tᵢ)(−yᵢ) wⱼ.</summary>
    private static (double F, double[] Gw, double[] Gx) Loops(double[] x, double[] w, double[] y, int m)
    {
        double f = 0;
        double[] gw = new double[K], gx = new double[m * K];
        for (int i = 0; i < m; i++)
        {
            double z = 0;
            for (int j = 0; j < K; j++) z += x[i * K + j] * w[j];
            double t = -y[i] * z;
            f += t > 0 ? t + Math.Log(1 + Math.Exp(-t)) : Math.Log(1 + Math.Exp(t));
            double c = -y[i] / (1 + Math.Exp(-t)) / m;
            for (int j = 0; j < K; j++) { gw[j] += c * x[i * K + j]; gx[i * K + j] = c * w[j]; }
        }
        return (f / m, gw, gx);
    }

    [Theory]
    [InlineData(4403, true)]  // the compiled loop over 10 blocks and 3 rows by the chunk rules
    [InlineData(883, false)]  // under the compiled length: the chunk rules, 2 blocks and 3 rows
    public void ByBlocksOfRowsTheValueAndGradientAreThoseOfPlainLoops(int m, bool compiled)
    {
        var (program, _) = Build(m, matrixIsParameter: false);
        var region = Assert.Single(program.FusedRegions);
        Assert.Equal(["matmul", "multiply", "multiply", "softplus"], region.Members.Select(n => n.Operation));
        double[] x = Point(m * K, 1), w = Point(K, 2), y = [.. Point(m, 3).Select(v => v > 0 ? 1.0 : -1.0)];
        var gradient = new Tensor(K);
        double f = program.Gradient([Tensor.From(w, K)], [Tensor.From(x, m, K), Tensor.From(y, m)], [gradient]);
        Assert.Equal(compiled, region.Compiled);
        var (expected, gw, _) = Loops(x, w, y, m);
        Assert.Equal(expected, f, 1e-13 * Math.Abs(expected));
        for (int j = 0; j < K; j++) Assert.Equal(gw[j], gradient.Data[j], 1e-12 * (1e-3 + Math.Abs(gw[j])));
        Assert.Equal(f, program.Value([Tensor.From(w, K)], [Tensor.From(x, m, K), Tensor.From(y, m)]), 1e-15);
    }

    [Fact]
    public void ADifferentiableMatrixGetsItsAdjointRowByRowAsTheWholeArraySweepGivesIt()
    {
        const int m = 4403;
        var (program, _) = Build(m, matrixIsParameter: true);
        double[] x = Point(m * K, 4), w = Point(K, 5), y = [.. Point(m, 6).Select(v => v > 0 ? 1.0 : -1.0)];
        Tensor[] p = [Tensor.From(w, K), Tensor.From(x, m, K)], d = [Tensor.From(y, m)];
        Tensor[] gradient = [new Tensor(K), new Tensor(m, K)];
        program.Gradient(p, d, gradient);
        var (_, gw, gx) = Loops(x, w, y, m);
        for (int j = 0; j < K; j++) Assert.Equal(gw[j], gradient[0].Data[j], 1e-12 * (1e-3 + Math.Abs(gw[j])));
        for (int i = 0; i < m * K; i++) Assert.Equal(gx[i], gradient[1].Data[i], 1e-12 * (1e-6 + Math.Abs(gx[i])));
        // The whole-array reverse sweep (a VJP with weight 1) gives the same numbers.
        Tensor[] vjp = [new Tensor(K), new Tensor(m, K)];
        program.Vjp(p, d, Tensor.From([1.0]), vjp);
        for (int i = 0; i < m * K; i++) Assert.Equal(vjp[1].Data[i], gradient[1].Data[i], 1e-13 * (1e-6 + Math.Abs(vjp[1].Data[i])));
        for (int j = 0; j < K; j++) Assert.Equal(vjp[0].Data[j], gradient[0].Data[j], 1e-12 * (1e-3 + Math.Abs(vjp[0].Data[j])));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void ANonFiniteDataElementPastTheFirstBlockIsADataErrorAndLeavesTheGradientZero(double bad, string text)
    {
        const int m = 4403;
        var (program, _) = Build(m, matrixIsParameter: false);
        double[] x = Point(m * K, 7), w = Point(K, 8), y = [.. Point(m, 9).Select(v => v > 0 ? 1.0 : -1.0)];
        w[5] = 0; // ∞·0 is NaN: still not finite
        x[2000 * K + 5] = bad;
        var gradient = Tensor.From([.. Enumerable.Repeat(3.0, K)], K);
        var e = Assert.Throws<ArgumentException>(() => program.Gradient([Tensor.From(w, K)], [Tensor.From(x, m, K), Tensor.From(y, m)], [gradient]));
        Assert.Equal($"data X: element (2000, 5) is {text}; no result was returned.", e.Message);
        Assert.All(gradient.Data, v => Assert.Equal(0.0, v));
        e = Assert.Throws<ArgumentException>(() => program.Value([Tensor.From(w, K)], [Tensor.From(x, m, K), Tensor.From(y, m)]));
        Assert.Equal($"data X: element (2000, 5) is {text}; no result was returned.", e.Message);
    }

    [Fact]
    public void FiniteDataWhoseProductOverflowsIsNoDataError()
    {
        const int m = 883;
        var (program, _) = Build(m, matrixIsParameter: false);
        double[] x = Point(m * K, 10), w = Point(K, 11), y = [.. Enumerable.Repeat(-1.0, m)];
        for (int j = 0; j < K; j++) { x[500 * K + j] = 1e307; w[j] = 1; }
        double f = program.Value([Tensor.From(w, K)], [Tensor.From(x, m, K), Tensor.From(y, m)]);
        Assert.False(double.IsFinite(f));
        Assert.Contains("element (500) is Infinity", Assert.Single(program.Diagnostics).Message);
    }

    [Fact]
    public void AWarmStepAllocatesNothing()
    {
        const int m = 4403;
        var (program, _) = Build(m, matrixIsParameter: false);
        Tensor[] p = [Tensor.From(Point(K, 12), K)], d = [Tensor.From(Point(m * K, 13), m, K), Tensor.From(Point(m, 14), m)];
        Tensor[] gradient = [new Tensor(K)];
        for (int i = 0; i < 3; i++) program.Gradient(p, d, gradient);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 5; i++) program.Gradient(p, d, gradient);
        }));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(13, 101)]
    [InlineData(9, 3)]
    public void TheRowBlockedMatrixVectorProductsEqualTheNaiveLoops(int rows, int k)
    {
        double[] x = Point(rows * k, 15), w = Point(k, 16), r = Point(rows, 17), g0 = Point(k, 18);
        var z = new double[rows];
        MatVec.Multiply(x, w, z, rows, k);
        var g = (double[])g0.Clone();
        MatVec.MultiplyTransposedAdd(x, r, g, rows, k);
        for (int i = 0; i < rows; i++)
        {
            double s = 0;
            for (int j = 0; j < k; j++) s += x[i * k + j] * w[j];
            Assert.Equal(s, z[i], 1e-14 * (1 + Math.Abs(s)));
        }
        for (int j = 0; j < k; j++)
        {
            double s = g0[j];
            for (int i = 0; i < rows; i++) s += r[i] * x[i * k + j];
            Assert.Equal(s, g[j], 1e-14 * (1 + Math.Abs(s)));
        }
    }
}
