using System.Text.Json;

using Tangent.Tests.Support;

namespace Tangent.Tests.Cli;

/// <summary>
/// <c>tangent minimize</c> against its contract: the JSON fields, the default method reaching the known minimum to the
/// acceptance rule (value within 1e-10 of f* = 0), exact statuses for fixed-step gradient descent on both sides of
/// 2/λmax, and bad input as one line on stderr with exit 2.
/// </summary>
public class MinimizeCommandTests
{
    private const string Rosenbrock = "100*(y - x^2)^2 + (1 - x)^2";

    [Fact]
    public void DefaultMethodReachesRosenbrockMinimumWithEveryContractField()
    {
        var r = CliRunner.Run("minimize", Rosenbrock, "--from", "x=-1.2,y=1", "--json");
        var j = r.Json;
        Assert.Equal(["x", "y"], j.GetProperty("variables").Strings());
        Assert.Equal("trust-exact", j.GetProperty("method").GetString());
        Assert.Equal([-1.2, 1.0], j.GetProperty("start").Doubles());
        Assert.True(j.GetProperty("converged").GetBoolean());
        Assert.Equal("converged", j.GetProperty("status").GetString());
        var point = j.GetProperty("point").Doubles();
        Assert.All(point, v => Assert.Equal(1.0, v, 1e-9));
        double value = j.GetProperty("value").GetDouble();
        Assert.True(value <= 1e-10, $"f = {value}");
        // The reported value is f at the reported point.
        Assert.Equal(100 * Math.Pow(point[1] - point[0] * point[0], 2) + Math.Pow(1 - point[0], 2), value, 1e-20);
        Assert.True(j.GetProperty("gradient_norm").GetDouble() <= 1e-8);
        Assert.True(j.GetProperty("iterations").GetInt32() <= 40);
        var ev = j.GetProperty("evaluations");
        foreach (var key in new[] { "value", "gradient", "hessian", "hvp" }) Assert.True(ev.GetProperty(key).GetInt32() >= 0);
        var trace = j.GetProperty("trace").EnumerateArray().ToArray();
        Assert.Equal(j.GetProperty("iterations").GetInt32() + 1, trace.Length);
        Assert.Equal(24.2, trace[0].GetProperty("value").GetDouble(), 1e-12);
        // Every step carries both predictions and the actual decrease; an accepted step decreases f.
        foreach (var row in trace[..^1])
        {
            Assert.True(row.GetProperty("predicted_quadratic").GetDouble() > 0);
            if (row.GetProperty("accepted").GetBoolean()) Assert.True(row.GetProperty("actual").GetDouble() > 0);
        }
        // ∇²f(1, 1) = [[802, −400], [−400, 200]], eigenvalues 501 ∓ √250601.
        Approx.Equal([501 - Math.Sqrt(250601), 501 + Math.Sqrt(250601)], j.GetProperty("hessian_eigenvalues").Doubles(), 1e-6);
    }

    [Theory]
    [InlineData("0.019", "converged")]
    [InlineData("0.0199", "converged")]
    [InlineData("0.0201", "diverged")]
    [InlineData("0.021", "diverged")]
    public void FixedStepGradientDescentConvergesBelowTwoOverLambdaMaxAndDivergesAbove(string lr, string status)
    {
        // 50x² + 0.5y²: Hessian diag(100, 1), λmax = 100, so η < 2/λmax = 0.02 is the stability bound.
        var j = CliRunner.Run("minimize", "50*x^2 + 0.5*y^2", "--from", "x=1,y=1", "--method", "gd", "--lr", lr, "--gtol", "1e-6", "--max-iter", "5000", "--json").Json;
        Assert.Equal("gd", j.GetProperty("method").GetString());
        Assert.Equal(status, j.GetProperty("status").GetString());
        Assert.Equal(100, j.GetProperty("largest_curvature_at_start").GetDouble(), 1e-6);
        if (status == "diverged")
        {
            string reason = j.GetProperty("reason").GetString()!;
            Assert.Contains($"η = {lr} > 2/λmax = 0.02", reason);
            Assert.Contains("grew", reason);
        }
        else
        {
            Assert.True(j.GetProperty("gradient_norm").GetDouble() <= 1e-6);
            Assert.True(j.GetProperty("value").GetDouble() <= 1e-9);
        }
    }

    [Fact]
    public void RotatedQuadraticFollowsTheSameBound()
    {
        // Q diag(10, 2, 0.5) Qᵀ written out: a rotated 3-D quadratic with λmax = 10, bound η < 0.2.
        const string f = "0.5*(10*((x + y)/sqrt(2))^2 + 2*((x - y)/sqrt(2))^2 + 0.5*z^2)";
        string Status(string lr) => CliRunner.Run("minimize", f, "--from", "x=1,y=-2,z=1", "--method", "gd", "--lr", lr, "--gtol", "1e-6", "--max-iter", "5000", "--json").Json.GetProperty("status").GetString()!;
        Assert.Equal("converged", Status("0.19"));
        Assert.Equal("diverged", Status("0.21"));
    }

    [Theory]
    [InlineData("newton")]
    [InlineData("trust-region")]
    [InlineData("newton-cg")]
    [InlineData("bfgs")]
    [InlineData("lbfgs")]
    public void EveryMethodReachesRosenbrockMinimum(string method)
    {
        var j = CliRunner.Run("minimize", Rosenbrock, "--from", "x=-1.2,y=1", "--method", method, "--json").Json;
        Assert.Equal(method, j.GetProperty("method").GetString());
        Assert.Equal("converged", j.GetProperty("status").GetString());
        Assert.All(j.GetProperty("point").Doubles(), v => Assert.Equal(1.0, v, 1e-7));
    }

    [Fact]
    public void HumanOutputExplainsTheRun()
    {
        var r = CliRunner.Run("minimize", Rosenbrock, "--from", "x=-1.2,y=1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("method: trust-exact — auto:", r.Out);
        Assert.Contains("pred quad", r.Out);
        Assert.Contains("converged", r.Out);
        Assert.Contains("a strict local minimum", r.Out);
    }

    [Theory]
    [InlineData("trust-exact")]
    [InlineData("bfgs")]
    public void ASmallGradientWithoutAMinimumNearIsNotCalledAMinimum(string method)
    {
        // eˣ has no minimum, yet ‖∇f‖ = eˣ falls below gtol near x = −27 where ∇²f = eˣ > 0: the quadratic model's
        // minimiser lies a Newton step ∇f/∇²f = 1 away, so no sentence may call the point a minimum (17047cf's Newton–Kantorovich verdict).
        var r = CliRunner.Run("minimize", "exp(x)", "--from", "x=1", "--method", method);
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("strict local minimum", r.Out);
        Assert.Contains("cannot classify", r.Out);
        // The same test passes Rosenbrock's minimum, where the Newton step is tiny.
        var rosenbrock = CliRunner.Run("minimize", Rosenbrock, "--from", "x=-1.2,y=1", "--method", method);
        Assert.Contains("a strict local minimum", rosenbrock.Out);
        Assert.DoesNotContain("cannot classify", rosenbrock.Out);
    }

    [Theory]
    [InlineData("--lr must be > 0", "minimize", "x^2", "--from", "x=1", "--method", "gd", "--lr", "0")]
    [InlineData("--lr", "minimize", "x^2", "--from", "x=1", "--method", "gd", "--lr", "-0.1")]
    [InlineData("newtonn", "minimize", "x^2", "--from", "x=1", "--method", "newtonn")]
    [InlineData("outside its domain", "minimize", "log(x) + x^2", "--from", "x=-1")]
    [InlineData("(∂f/∂y = Infinity)", "minimize", "x^2 + sqrt(y)", "--from", "x=1,y=0")]
    [InlineData("--from", "minimize", "x^2 + y", "--from", "x=1")]
    [InlineData("--max-iter", "minimize", "x^2", "--from", "x=1", "--max-iter", "-3")]
    [InlineData("formula error", "minimize", "x^^2", "--from", "x=1")]
    [InlineData("scalar", "minimize", "[x, x^2]", "--from", "x=1")]
    public void BadInputIsOneLineOnStderrAndExitTwo(string expected, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains(expected.Replace(" must be > 0", ""), r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void KinksUnderASecondOrderMethodAreListed()
    {
        var j = CliRunner.Run("minimize", "abs(x) + y^2", "--from", "x=0,y=1", "--method", "newton", "--json").Json;
        Assert.Contains(j.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("kinks") && n.GetString()!.Contains("abs(0)"));
    }

    [Theory]
    [InlineData("newton")]
    [InlineData("trust-exact")]
    public void AStallBesideAKinkIsExplainedAndNotCalledAMinimum(string method)
    {
        // |x| + y² from (1, 1): the iterates reach x ≈ 0 with y still far from 0, where ∇f = (±1, 2y) and every second-order
        // step stalls on the kink. The eigenvalues (0, 2) must not be read as "a minimum" beside ‖∇f‖ ≈ 1 or more.
        var r = CliRunner.Run("minimize", "abs(x) + y^2", "--from", "x=1,y=1", "--method", method);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("stalled", r.Out);
        Assert.DoesNotContain("local minimum", r.Out);
        Assert.DoesNotContain("a minimum to second order", r.Out);
        Assert.Contains("the run did not converge", r.Out);
        Assert.Contains("f is not smooth on the scale of the last steps", r.Out);
    }

    [Fact]
    public void AnIterationLimitOnASmoothFunctionIsNotCalledAKink()
    {
        var j = CliRunner.Run("minimize", Rosenbrock, "--from", "x=-1.2,y=1", "--method", "gd", "--lr", "1e-4", "--max-iter", "20", "--json").Json;
        Assert.Equal("max-iterations", j.GetProperty("status").GetString());
        Assert.DoesNotContain(j.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("not smooth"));
    }
}
