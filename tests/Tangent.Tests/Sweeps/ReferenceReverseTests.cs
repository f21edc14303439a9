using Tangent.Tests.Support;
using CsCheck;
using Tangent.Tests.Corpus;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// The tuned reverse sweep (register carry, unchecked references) computes the textbook sweep's sums in the same
/// order, so on every graph the two give the same bits: the plain sweep of a few lines is the oracle.
/// </summary>
public class ReferenceReverseTests
{
    private static double[] Tuned(Graph g, double[] w)
    {
        var xbar = new double[g.InputDimension];
        Reverse.Sweep(g, w, xbar);
        return xbar;
    }

    [Fact]
    public void TheTunedSweepGivesTheReferenceSweepsBitsOnRandomGraphs()
    {
        Gen.Select(ExpressionTrees.Map(), Gen.Double[-2, 2].Array[5]).SampleRepeatably((t, weights) =>
        {
            var g = Differentiate.Record(ExpressionTrees.AsVectorFunction(t.Outputs), t.Point);
            var w = weights[..g.OutputDimension];
            Assert.Equal(ReferenceReverse.Sweep(g, w), Tuned(g, w));
        }, iter: 300);
    }

    [Fact]
    public void TheTunedSweepFollowsTheReferenceAtInfinitePartials()
    {
        // f = √x₀·x₁ + √x₀ (two square-root nodes): ∂f/∂x₀ = x₁/(2√x₀) + 1/(2√x₀), each term infinite at x₀ = 0 unless its
        // adjoint is 0, which passes nothing back (0·∞ = 0); at (0, −2) the two terms are −∞ and +∞.
        (double[] X, double Expected)[] cases = [([0.0, 0.0], double.PositiveInfinity), ([0.0, 1.0], double.PositiveInfinity),
            ([4.0, 0.0], 0.25), ([0.0, -2.0], double.NaN)];
        foreach (var (x, expected) in cases)
        {
            var g = Differentiate.Record(v => Var.Sqrt(v[0]) * v[1] + Var.Sqrt(v[0]), x);
            var reference = ReferenceReverse.Sweep(g, [1.0]);
            Assert.Equal(reference, Tuned(g, [1.0]));
            Assert.Equal(expected, reference[0]);
            Assert.Equal(Math.Sqrt(x[0]), reference[1]);
        }
    }
}
