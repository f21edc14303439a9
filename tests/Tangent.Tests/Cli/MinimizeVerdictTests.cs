using Tangent.Optimisation;

namespace Tangent.Tests.Cli;

/// <summary>
/// The sentence <c>tangent minimize</c> ends with ("∇²f at the point: eigenvalues (…) — …") and the trust region's stopping
/// reason say only what is true of the point. Each case checks the sentence against f itself: where it is no minimum, a
/// nearby point with a lower value is exhibited.
/// </summary>
public class MinimizeVerdictTests
{
    private static string Verdict(string text) => text.Split('\n').Single(l => l.StartsWith("∇²f at the point:", StringComparison.Ordinal));

    private static string Reason(string text) => text.Split('\n').Single(l => l.StartsWith("converged", StringComparison.Ordinal));

    [Theory]
    [InlineData("auto")]
    [InlineData("newton")]
    [InlineData("bfgs")]
    public void PositiveDefiniteIteratesClosingInOnAnInflectionAreNotCalledAMinimum(string method)
    {
        // f = x² + y³ from y > 0: ∇²f = diag(2, 6y) is positive definite at every iterate, and the runs stop at y ≈ 3e-5
        // with ‖∇f‖ ≤ 1e-8. f has no local minimum: f(0, −t) = −t³ is below every value near the end point.
        var r = CliRunner.Run("minimize", "x^2 + y^3", "--from", "x=1,y=1", "--method", method);
        Assert.Equal(0, r.ExitCode);
        var j = CliRunner.Run("minimize", "x^2 + y^3", "--from", "x=1,y=1", "--method", method, "--json").Json;
        var point = j.GetProperty("point").Doubles();
        Assert.True(j.GetProperty("converged").GetBoolean());
        double below = Math.Pow(-10 * Math.Abs(point[1]), 3);
        Assert.True(below < point[0] * point[0] + Math.Pow(point[1], 3), "a point within 11|y| has a lower value");
        Assert.DoesNotContain("minimum", Verdict(r.Out));
        Assert.Contains("cannot classify", Verdict(r.Out));
        Assert.DoesNotContain("minimum", Reason(r.Out));
    }

    [Fact]
    public void ASingularHessianIsInconclusiveNotAMinimum()
    {
        // f = x² − y⁴ from (1, 0): the run stops at (0, 0), ∇²f = diag(2, 0). f(0, t) = −t⁴ < 0 = f(0, 0): a saddle.
        var r = CliRunner.Run("minimize", "x^2 - y^4", "--from", "x=1,y=0");
        Assert.Equal(0, r.ExitCode);
        var point = CliRunner.Run("minimize", "x^2 - y^4", "--from", "x=1,y=0", "--json").Json.GetProperty("point").Doubles();
        Assert.True(-Math.Pow(0.01, 4) < point[0] * point[0] - Math.Pow(point[1], 4), "f(0, 0.01) = −1e-8 lies below f at the end point");
        Assert.DoesNotContain("a minimum to second order", Verdict(r.Out));
        Assert.DoesNotContain("not strict", Verdict(r.Out));
        Assert.Contains("inconclusive", Verdict(r.Out));
        Assert.DoesNotContain("minimum", Reason(r.Out));
    }

    [Fact]
    public void ANondegenerateMinimumIsStillNamed()
    {
        // Rosenbrock at (1, 1): ∇²f has eigenvalues 0.4 and 1001.6, far from 0 against the last Newton step.
        var r = CliRunner.Run("minimize", "100*(y - x^2)^2 + (1 - x)^2", "--from", "x=-1.2,y=1", "--method", "lbfgs");
        Assert.EndsWith("all positive: a strict local minimum", Verdict(r.Out));
    }

    [Fact]
    public void AMaximumIsCalledAMaximum()
    {
        // −x² − y² at 0: ∇f = 0 at the start, so BFGS stops at once; the Hessian −2I says maximum, not saddle.
        var r = CliRunner.Run("minimize", "-x^2 - y^2", "--from", "x=0,y=0", "--method", "bfgs");
        Assert.EndsWith("all negative: a strict local maximum, not a minimum", Verdict(r.Out));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TheTrustRegionLeavesASaddleItStartsOn(int which)
    {
        // ∇f(0) = 0 and ∇²f(0) has a negative eigenvalue: the trust region is documented to leave saddles, so it must
        // not stop there as "converged". x² − y² and −x² + y² + x⁴/4 both fall below f(0) = 0 near 0.
        ScalarFunction f = which == 0 ? x => x[0] * x[0] - x[1] * x[1] : x => -x[0] * x[0] + x[1] * x[1] + x[0] * x[0] * x[0] * x[0] / 4;
        var r = Minimizer.Minimize(f, [0.0, 0.0]);
        Assert.Equal(Method.TrustExact, r.Method);
        Assert.True(r.Value < 0, $"f = {r.Value}: the run stayed at the saddle ({r.Reason})");
        Assert.DoesNotContain("∇f = 0 exactly", r.Reason);
    }
}
