using Tangent.Tests.Support;
using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// Sums of chains of pointwise operations run chunk by chunk (FusedSum): over several chunks and a partial last
/// one, the value and the gradient are the scalar engine's, an operand of one number gets the sum of its adjoints
/// over every chunk, kinks and NaNs are found past the first chunk, and the whole arrays of the chain are not kept.
/// </summary>
public class FusedSumTests
{
    // 2·2048 + 907: two whole chunks and a partial one, whose last 3 elements are not a whole step of four.
    private const int N = 5003;

    private static double[] Point(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    /// <summary>
    /// mean over i of 100(hᵢ − lᵢ²)² + (1 − lᵢ)² + exp(lᵢ)/(2 + hᵢ²) + tanh(s·yᵢ)·hᵢ/3 − s, with l, h the two
    /// shifted slices of x (length N + 1), y data and s a parameter of one number.
    /// </summary>
    private static ArrayProgram Build()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", N + 1);
        var s = g.Parameter("s", 1);
        var y = g.Data("y", N);
        var (lo, hi) = (A.Slice(x, 0, 0, N), A.Slice(x, 0, 1, N));
        return new ArrayProgram(A.Mean(100.0 * A.Square(hi - A.Square(lo)) + A.Square(1.0 - lo)
                                       + A.Exp(lo) / (2.0 + A.Square(hi)) + A.Apply<Tangent.Primitives.Tanh>(s * y) * hi / 3.0 - s));
    }

    /// <summary>The same function on the scalar engine, over (x, s): its value and gradient.</summary>
    private static (double F, double[] Gradient) Scalar(double[] x, double s, double[] y)
    {
        var gradient = new double[N + 2];
        double f = Differentiate.Gradient(v =>
        {
            Var total = 0;
            for (int i = 0; i < N; i++)
            {
                Var l = v[i], h = v[i + 1], t = h - l * l, u = 1 - l;
                total += 100 * t * t + u * u + Var.Exp(l) / (2 + h * h) + Var.Tanh(v[N + 1] * y[i]) * h / 3 - v[N + 1];
            }
            return total / N;
        }, [.. x, s], gradient);
        return (f, gradient);
    }

    [Fact]
    public void OverSeveralChunksTheValueAndGradientAreTheScalarEngines()
    {
        var program = Build();
        double[] xv = Point(N + 1, 1), yv = Point(N, 2);
        Tensor[] gradient = [new Tensor(N + 1), new Tensor(1)];
        double f = program.Gradient([Tensor.From(xv, N + 1), Tensor.From([0.7], 1)], [Tensor.From(yv, N)], gradient);
        var (expected, g) = Scalar(xv, 0.7, yv);
        Assert.True(Assert.Single(program.FusedRegions).Compiled);
        Assert.Equal(expected, f, 1e-12 * Math.Abs(expected));
        for (int i = 0; i <= N; i++) Assert.Equal(g[i], gradient[0].Data[i], 1e-12 * (1 + Math.Abs(g[i])));
        // s is read by every element of every chunk: its derivative is the sum over all of them.
        Assert.Equal(g[N + 1], gradient[1].Data[0], 1e-12 * (1 + Math.Abs(g[N + 1])));
        Assert.Equal(f, program.Value([Tensor.From(xv, N + 1), Tensor.From([0.7], 1)], [Tensor.From(yv, N)]));
    }

    [Fact]
    public void TheFusedGradientAgreesWithCentralDifferencesAndTheWholeArraySweeps()
    {
        var program = Build();
        Tensor[] p = [Tensor.From(Point(N + 1, 3), N + 1), Tensor.From([-0.4], 1)];
        Tensor[] d = [Tensor.From(Point(N, 4), N)];
        Tensor[] gradient = [new Tensor(N + 1), new Tensor(1)];
        program.Gradient(p, d, gradient);
        foreach (int i in (int[])[0, 2047, 2048, 4095, 4096, N])
        {
            double h = 1e-5, keep = p[0].Data[i];
            p[0].Data[i] = keep + h;
            double up = program.Value(p, d);
            p[0].Data[i] = keep - h;
            double down = program.Value(p, d);
            p[0].Data[i] = keep;
            Assert.Equal((up - down) / (2 * h), gradient[0].Data[i], 1e-6 * (1 + Math.Abs(gradient[0].Data[i])));
        }
        // The whole-array reverse sweep (a VJP with weight 1, as the LinearMap's transpose runs it) gives the same numbers.
        Tensor[] vjp = [new Tensor(N + 1), new Tensor(1)];
        program.Vjp(p, d, Tensor.From([1.0]), vjp);
        for (int i = 0; i <= N; i++) Assert.Equal(vjp[0].Data[i], gradient[0].Data[i], 1e-13 * (1 + Math.Abs(vjp[0].Data[i])));
        Assert.Equal(vjp[1].Data[0], gradient[1].Data[0], 1e-12 * (1 + Math.Abs(vjp[1].Data[0])));
        // ... and after whole-array sweeps the fused gradient is unchanged.
        Tensor[] again = [new Tensor(N + 1), new Tensor(1)];
        program.Gradient(p, d, again);
        Assert.Equal(gradient[0].Data, again[0].Data);
    }

    [Fact]
    public void KinksPastTheFirstChunkAreCountedWithTheirIndexAndOperand()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", N);
        var program = new ArrayProgram(A.Sum(A.Relu(x - 1.0) * 2.0));
        var value = Point(N, 5);
        value[3000] = 1;
        value[4500] = 1;
        var gradient = new Tensor(N);
        program.Gradient([Tensor.From(value, N)], [], [gradient]);
        Assert.False(Assert.Single(program.FusedRegions).Compiled); // kinks are counted by the chunk rules
        var kink = Assert.Single(program.Kinks);
        Assert.Equal(("relu", 2, "(3000)"), (kink.Operation, kink.Count, kink.FirstIndex));
        Assert.Equal([0.0], kink.Operands);
        Assert.Equal(0.0, gradient.Data[3000]); // relu'(0) = 0
        program.KinkPolicy = KinkPolicy.Throw;
        var e = Assert.Throws<KinkException>(() => program.Gradient([Tensor.From(value, N)], [], [gradient]));
        Assert.Contains("element (3000) of relu (5003), the first of 2", e.Message);
    }

    [Fact]
    public void ANaNPastTheFirstChunkIsLocatedInTheOperationThatMadeIt()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", N);
        var program = new ArrayProgram(A.Sum(A.Log(x * x - 0.5)));
        var value = Enumerable.Repeat(2.0, N).ToArray();
        value[4100] = 0.5; // 0.25 − 0.5 < 0
        Assert.True(double.IsNaN(program.Value([Tensor.From(value, N)], [])));
        var d = Assert.Single(program.Diagnostics);
        Assert.Equal("log", d.Primitive);
        Assert.Contains("element (4100) is NaN", d.Message);
    }

    [Fact]
    public void TheChainsWholeArraysAreNotKeptAndAWarmStepAllocatesNothing()
    {
        const int n = 100_000;
        var g = new ArrayGraph();
        var x = g.Parameter("x", n);
        var (lo, hi) = (A.Slice(x, 0, 0, n - 1), A.Slice(x, 0, 1, n - 1));
        var program = new ArrayProgram(A.Sum(100.0 * A.Square(hi - A.Square(lo)) + A.Square(1.0 - lo)));
        // 8 operations of 10⁵ elements would keep 8 values and 8 adjoints of 800 KB each; fused, chunks of 2048.
        Assert.InRange(program.GraphBytes, 0, 8L * n + 40L * 8 * FusedSum.ChunkLength);
        Tensor[] p = [Tensor.From(Point(n, 6), n)];
        Tensor[] gradient = [new Tensor(n)];
        for (int i = 0; i < 3; i++) program.Gradient(p, [], gradient);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 5; i++) program.Gradient(p, [], gradient);
        }));
    }
}
