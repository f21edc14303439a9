using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.GraphTests;

/// <summary>
/// Re-use of a recorded graph: Graph.At(x′) equals a fresh recording at x′ while every branch decision
/// holds, is null the moment one changes, and reports the kinks and diagnostics of the new point.
/// </summary>
public class ReuseTests
{
    private static void SameAsFresh(Graph replayed, Graph fresh, string what)
    {
        Assert.Equal(fresh.Value, replayed.Value);
        Assert.Equal(fresh.Point, replayed.Point);
        Assert.Equal(fresh.Gradient(), replayed.Gradient());
        Approx.Equal(fresh.Jacobian(JacobianMode.Forward).Jacobian, replayed.Jacobian(JacobianMode.Forward).Jacobian, 0, 0, what + " forward");
        Approx.Equal(fresh.Hessian(), replayed.Hessian(), 0, 0, what + " Hessian");
        Assert.Equal(fresh.Kinks.Select(k => k.Where), replayed.Kinks.Select(k => k.Where));
        Assert.Equal(fresh.BranchCount, replayed.BranchCount);
    }

    [Theory]
    [MemberData(nameof(ScalarCorpus.Cases), MemberType = typeof(ScalarCorpus))]
    public void ReplayAtANewPointEqualsAFreshRecordingThere(ScalarCase c)
    {
        var recorded = Differentiate.Record(c.F, c.Points[0]);
        var rng = new Random(5);
        foreach (var x in c.Points.Concat(Enumerable.Range(0, 10).Select(_ => Dense.Random(rng, c.Dimension, -2, 2))))
        {
            var replayed = recorded.At(x);
            Assert.NotNull(replayed);
            SameAsFresh(replayed!, Differentiate.Record(c.F, x), $"{c} at {CorpusTests.Show(x)}");
        }
    }

    [Fact]
    public void ReplayOfAGraphWithBranchesHoldsOnTheSameSideAndIsNullWhenADecisionChanges()
    {
        // f = x > 0 ? x·y : −y. Recorded at x = 1: valid for every x > 0, invalid at x ≤ 0.
        ScalarFunction f = v => v[0] > 0 ? v[0] * v[1] : -v[1];
        var recorded = Differentiate.Record(f, [1.0, 2.0]);
        Assert.Equal(1, recorded.BranchCount);
        var same = recorded.At([3.0, -1.0])!;
        SameAsFresh(same, Differentiate.Record(f, [3.0, -1.0]), "same side");
        Assert.Equal([-1.0, 3.0], same.Gradient());
        Assert.Null(recorded.At([-0.5, 2.0]));
        Assert.Null(recorded.At([0.0, 2.0])); // 0 > 0 is false: the decision changes exactly on the boundary
        var other = Differentiate.Record(f, [-0.5, 2.0]);
        Assert.Equal([0.0, -1.0], other.Gradient());
        Assert.Null(other.At([0.25, 2.0]));
        Assert.NotNull(other.At([0.0, 5.0])); // recorded on the false side: 0 > 0 is still false there
    }

    [Fact]
    public void ReplayOfAMaxGraphAcrossTheTieIsValidBecauseMaxIsAPrimitiveNotABranch()
    {
        ScalarFunction f = v => Var.Max(v[0], v[1]) * v[0];
        var recorded = Differentiate.Record(f, [2.0, 1.0]);
        Assert.Equal(0, recorded.BranchCount);
        var swapped = recorded.At([1.0, 2.0])!;
        Assert.Equal([2.0, 1.0], swapped.Gradient()); // max = y: ∂(xy)/∂x = y, ∂/∂y = x
        var tie = recorded.At([1.5, 1.5])!;
        var kink = Assert.Single(tie.Kinks);
        Assert.Equal("max", kink.Primitive);
        Assert.Equal([1.5, 1.5], kink.Operands);
        Assert.Equal([1.5 + 0.5 * 1.5, 0.5 * 1.5], tie.Gradient());
        Assert.Empty(recorded.Kinks);
    }

    [Fact]
    public void ReplayReportsKinksAndComparisonBoundariesAtTheNewPoint()
    {
        ScalarFunction f = v => Var.Relu(v[0]) * v[1] + (v[1] >= 1 ? v[1] : 0);
        var recorded = Differentiate.Record(f, [1.0, 2.0]);
        Assert.Empty(recorded.Kinks);
        var at = recorded.At([0.0, 1.0])!;
        Assert.Equal(["relu(0)", "if(1, 1)"], at.Kinks.Select(k => k.Where));
        Assert.Equal([0.0, 1.0], at.Gradient()); // relu′(0) = 0; the taken branch y
        Assert.Empty(recorded.At([2.0, 3.0])!.Kinks);
    }

    [Fact]
    public void ReplayOfAReplayEqualsAFreshRecordingAndConstantsAreKept()
    {
        ScalarFunction f = v => Var.Pow(v[0], 3.0) + 2.5 / v[1] - Var.Pow(2.0, v[0]) + Var.Max(v[1], 0.5);
        var g = Differentiate.Record(f, [1.0, 2.0]).At([1.5, 3.0])!.At([-0.7, 0.25])!;
        SameAsFresh(g, Differentiate.Record(f, [-0.7, 0.25]), "replay of a replay");
    }

    [Fact]
    public void ReplayAtANaNPointGivesNaNWithADiagnosticAndDomainErrorsNameThePrimitive()
    {
        var g = Differentiate.Record(v => Var.Log(v[0]) + v[1], [1.0, 1.0]);
        var nan = g.At([double.NaN, 1.0])!;
        Assert.True(double.IsNaN(nan.Value[0]));
        Assert.Contains(nan.Diagnostics, d => d.Primitive == "input");
        var log = g.At([-1.0, 1.0])!;
        Assert.True(double.IsNaN(log.Value[0]));
        Assert.True(double.IsNaN(log.Gradient()[0]));
        Assert.Contains(log.Diagnostics, d => d.Primitive == "log" && d.Message.Contains("outside the domain"));
        Assert.Empty(g.Diagnostics);
    }

    [Fact]
    public void ReplayOfAVectorMapEqualsAFreshJacobian()
    {
        foreach (var c in VectorCorpus.All)
        {
            var g = Differentiate.Record(c.F, c.Points[0]);
            foreach (var x in c.Points)
            {
                var at = g.At(x)!;
                Approx.Equal(c.Jacobian(x), at.Jacobian().Jacobian, 1e-12, 1e-12 * (1 + Approx.MaxAbs(c.Jacobian(x))), $"{c} replayed at {CorpusTests.Show(x)}");
                Approx.Equal(c.Plain(x), at.Value, 0, 0, $"{c} replayed value");
            }
        }
    }
}
