using CsCheck;
using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// Hessian-vector products: against the hand-derived Hessians of the corpus and central differences of the
/// gradient, the dot-product test ⟨u, H v⟩ = ⟨H u, v⟩, several directions per sweep giving the same numbers
/// as one at a time, and no allocation once warm.
/// </summary>
public class HessianVectorTests
{
    public static TheoryData<ScalarCase> Scalars => [.. ScalarCorpus.All];

    [Theory]
    [MemberData(nameof(Scalars))]
    public void HvpEqualsTheHandDerivedHessianTimesVAndCentralDifferencesOfTheGradient(ScalarCase c)
    {
        var rng = new Random(3);
        foreach (var x in c.Points)
        {
            var v = Dense.Random(rng, c.Dimension);
            var g = Differentiate.Record(c.F, x);
            var hv = g.Hvp(v);
            var expected = Dense.Multiply(c.Hessian(x), v);
            double scale = 1 + Approx.MaxAbs(c.Hessian(x));
            Approx.Equal(expected, hv, 1e-12, 1e-12 * scale, $"{c} H·v at [{string.Join(", ", x)}]");
            Approx.Equal(hv, Differentiate.Hvp(c.F, x, v), 0, 0, $"{c}: recording each call gives the same numbers");
            // (∇f(x + hv) − ∇f(x − hv)) / 2h = H v + O(h²).
            double h = 1e-4;
            var plus = Differentiate.Gradient(c.F, x.Zip(v, (a, b) => a + h * b).ToArray()).Gradient;
            var minus = Differentiate.Gradient(c.F, x.Zip(v, (a, b) => a - h * b).ToArray()).Gradient;
            var fd = plus.Zip(minus, (p, m) => (p - m) / (2 * h)).ToArray();
            Approx.Equal(fd, hv, 1e-6, 1e-6 * scale, $"{c} H·v vs difference of ∇");
        }
    }

    [Fact]
    public void DotProductTestHoldsForHvpsOfRandomCompositions()
    {
        // H is symmetric, so ⟨u, H v⟩ = ⟨H u, v⟩: the two sides come from different sweeps.
        Gen.Select(ExpressionTrees.Tree(4, 4, smooth: true), Gen.Double[-2, 2].Array[4], Gen.Double[-1, 1].Array[4], Gen.Double[-1, 1].Array[4])
            .SampleRepeatably((tree, x, u, v) =>
            {
                var g = Differentiate.Record(new ExpressionTrees.AsScalarFunction(tree), x);
                var hu = g.Hvp(u);
                var hv = g.Hvp(v);
                double left = Dense.Dot(u, hv), right = Dense.Dot(hu, v);
                double scale = Dense.Norm(u) * Dense.Norm(hv) + Dense.Norm(hu) * Dense.Norm(v);
                Assert.True(Math.Abs(left - right) <= 1e-12 * (1 + scale), $"⟨u, Hv⟩ = {left:R}, ⟨Hu, v⟩ = {right:R} for {tree}");
            }, iter: 200);
    }

    [Fact]
    public void SeveralDirectionsInOneSweepGiveBitForBitTheProductsOfOneDirectionAtATime()
    {
        Gen.Select(ExpressionTrees.Tree(3, 4), Gen.Double[-2, 2].Array[3], Gen.Double[-1, 1].Array[15]).SampleRepeatably((tree, x, directions) =>
        {
            var g = Differentiate.Record(new ExpressionTrees.AsScalarFunction(tree), x);
            const int c = 5;
            var seeds = new double[3 * c];
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < c; k++) seeds[j * c + k] = directions[k * 3 + j];
            var together = new double[3 * c];
            SecondOrder.Sweep(g, null, [1.0], seeds, c, together);
            for (int k = 0; k < c; k++)
            {
                var alone = g.Hvp(directions.AsSpan(k * 3, 3));
                for (int j = 0; j < 3; j++)
                    Assert.True(alone[j].Equals(together[j * c + k]), $"direction {k}, component {j}: {alone[j]:R} alone, {together[j * c + k]:R} in a chunk, for {tree}");
            }
        }, iter: 200);
    }

    [Fact]
    public void HvpIntoASpanAllocatesNothingOnceWarm()
    {
        var f = new ExtendedRosenbrock();
        var x = Enumerable.Range(0, 200).Select(i => 0.5 + 0.01 * i).ToArray();
        var v = Enumerable.Range(0, 200).Select(i => Math.Cos(i)).ToArray();
        var g = Differentiate.Record(p => f.Invoke(p), x);
        var hv = new double[200];
        g.Hvp(v, default, hv);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int k = 0; k < 10; k++) g.Hvp(v, default, hv);
        }));
        Approx.Equal(Dense.Multiply(ExtendedRosenbrock.Hessian(x), v), hv, 1e-13, 1e-10, "H·v");
    }

    [Fact]
    public void HvpOfAVectorMapWithNodesThatNeedTheirValuesIsTheWeightedSumOfComponentProducts()
    {
        // sin, exp, log, division and powers need the node values for their second partials; the values are kept per graph.
        VectorFunction f = x => [Var.Sin(x[0] * x[1]) + Var.Exp(x[2]) / x[0], Var.Log(x[1]) * Var.Pow(x[2], x[0])];
        double[] x0 = [0.7, 1.3, 0.4], v = [0.2, -0.5, 0.9], w = [1.5, -2.0];
        var g = Differentiate.Record(f, x0);
        var h0 = Differentiate.Hessian(p => f(p)[0], x0).Hessian;
        var h1 = Differentiate.Hessian(p => f(p)[1], x0).Hessian;
        var expected = Dense.Multiply(h0, v).Zip(Dense.Multiply(h1, v), (a, b) => w[0] * a + w[1] * b).ToArray();
        for (int round = 0; round < 2; round++) // the second round reads the kept values
            Approx.Equal(expected, g.Hvp(v, w), 1e-13, 1e-13, $"round {round}");
    }
}
