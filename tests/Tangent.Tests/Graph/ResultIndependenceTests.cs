using Tangent.Optimisation;

namespace Tangent.Tests.GraphTests;

/// <summary>
/// A result handed to the caller owns what it shows: a later recording on the same thread (which clears and refills
/// the tape's lists) or a later run of the same objective does not change it.
/// </summary>
public class ResultIndependenceTests
{
    [Fact]
    public void AJacobiansKinksSurviveTheNextRecordingOnTheThread()
    {
        var first = Differentiate.Jacobian((VectorFunction)(x => [Var.Abs(x[0]), x[1]]), [0.0, 1.0]);
        Assert.Equal("abs", Assert.Single(first.Kinks).Primitive);
        Differentiate.Jacobian((VectorFunction)(x => [x[0] * 2]), [1.0]);
        Differentiate.Gradient(x => Var.Abs(x[0]) + Var.Abs(x[1]), [0.0, 0.0]);
        Assert.Equal("abs", Assert.Single(first.Kinks).Primitive);
    }

    [Fact]
    public void AMinimisationsKinksAreNotTheObjectivesLiveList()
    {
        // f = max(x₀, x₁) + x₀² + x₁², started on the tie x₀ = x₁: each start meets a kink at a new place, max(1, 1) and
        // max(2, 2), and the objective collects every place it meets.
        var objective = Objective.FromFunction(x => Var.Max(x[0], x[1]) + x[0] * x[0] + x[1] * x[1], 2);
        var first = Minimizer.Minimize(objective, [1.0, 1.0]);
        int count = first.Kinks.Count;
        Assert.True(count > 0);
        Minimizer.Minimize(objective, [2.0, 2.0]);
        Assert.True(objective.Kinks.Count > count);
        Assert.Equal(count, first.Kinks.Count);
    }
}
