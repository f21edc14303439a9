using System.Text.Json;

namespace Tangent.Tests.Cli;

/// <summary>Each command run through the real entry point, its JSON checked against analytic derivatives.</summary>
public class CommandTests
{
    private static void Close(double expected, double actual, double tolerance = 1e-13) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void GradOfPolynomialIsTheAnalyticGradient()
    {
        // f = x³y − 2xy² + 5, ∇f = (3x²y − 2y², x³ − 4xy); at (2, −1): f = −8 − 4 + 5 = −7, ∇f = (−12 − 2, 8 + 8) = (−14, 16).
        var j = CliRunner.Run("grad", "x^3*y - 2*x*y^2 + 5", "--at", "x=2,y=-1", "--json").Json;
        Assert.Equal(["x", "y"], j.GetProperty("variables").Strings());
        Assert.Equal([2.0, -1.0], j.GetProperty("point").Doubles());
        Assert.Equal(-7, j.GetProperty("value").Number());
        Assert.Equal([-14.0, 16.0], j.GetProperty("gradient").Doubles());
        Assert.False(j.TryGetProperty("kinks", out _));
    }

    [Fact]
    public void VariablesFollowTheAtOrderAndUnusedOnesHaveZeroDerivative()
    {
        // f = y·sin x: ∂f/∂y = sin x, ∂f/∂x = y cos x, ∂f/∂z = 0 (z is not used).
        var j = CliRunner.Run("grad", "y*sin(x)", "--at", "z=7,y=3,x=0.5", "--json").Json;
        Assert.Equal(["z", "y", "x"], j.GetProperty("variables").Strings());
        var g = j.GetProperty("gradient").Doubles();
        Assert.Equal(0, g[0]);
        Close(Math.Sin(0.5), g[1]);
        Close(3 * Math.Cos(0.5), g[2]);
    }

    [Fact]
    public void PartialIsOneEntryOfTheGradient()
    {
        // ∂/∂y (x² e^y) = x² e^y = 4e at (2, 1).
        var j = CliRunner.Run("partial", "x^2*e^y", "--wrt", "y", "--at", "x=2,y=1", "--json").Json;
        Assert.Equal("y", j.GetProperty("wrt").GetString());
        Close(4 * Math.E, j.GetProperty("partial").Number());
        Close(4 * Math.E, j.GetProperty("value").Number());
    }

    [Fact]
    public void DirNormalisesTheDirectionAndEqualsGradientDotU()
    {
        // f = x² + xy, ∇f = (2x + y, x) = (4, 1) at (1, 2); along (3, 4)/5: D_u f = (12 + 4)/5 = 3.2.
        var r = CliRunner.Run("dir", "x^2 + x*y", "--at", "x=1,y=2", "--along", "3,4", "--json");
        var j = r.Json;
        Assert.True(j.GetProperty("normalised").GetBoolean());
        Assert.Equal([3.0, 4.0], j.GetProperty("along").Doubles());
        var u = j.GetProperty("direction").Doubles();
        Close(0.6, u[0]);
        Close(0.8, u[1]);
        Close(3.2, j.GetProperty("directional").Number());
        Assert.Contains("normalised", CliRunner.Run("dir", "x^2 + x*y", "--at", "x=1,y=2", "--along", "3,4").Out);
    }

    [Fact]
    public void AtACriticalPointEveryDirectionalDerivativeIsZero()
    {
        // f = (x − 1)² + 3(y + 2)² has ∇f = 0 at (1, −2).
        foreach (var along in new[] { "1,0", "0,1", "3,4", "-1,2", "0.001,-5" })
        {
            var j = CliRunner.Run("dir", "(x-1)^2 + 3*(y+2)^2", "--at", "x=1,y=-2", "--along", along, "--json").Json;
            Assert.Equal(0, j.GetProperty("directional").Number());
        }
    }

    [Fact]
    public void JacobianRowsAreTheComponentGradients()
    {
        // F = (x·y, sin x + y², exp(y)): J = [[y, x], [cos x, 2y], [0, e^y]].
        var j = CliRunner.Run("jacobian", "[x*y, sin(x) + y^2, exp(y)]", "--at", "x=0.5,y=-1.5", "--json").Json;
        var v = j.GetProperty("value").Doubles();
        Close(-0.75, v[0]);
        Close(Math.Sin(0.5) + 2.25, v[1]);
        var m = j.GetProperty("jacobian").Matrix();
        Assert.Equal(3, m.Length);
        Assert.Equal([-1.5, 0.5], m[0]);
        Close(Math.Cos(0.5), m[1][0]);
        Close(-3, m[1][1]);
        Assert.Equal(0, m[2][0]);
        Close(Math.Exp(-1.5), m[2][1]);
    }

    [Fact]
    public void HessianCarriesValueGradientAndTheSymmetricSecondDerivatives()
    {
        // f = x³ + x y², ∇f = (3x² + y², 2xy), ∇²f = [[6x, 2y], [2y, 2x]]; at (1, 2): 5, (7, 4), [[6, 4], [4, 2]].
        var j = CliRunner.Run("hessian", "x^3 + x*y^2", "--at", "x=1,y=2", "--json").Json;
        Assert.Equal(5, j.GetProperty("value").Number());
        Assert.Equal([7.0, 4.0], j.GetProperty("gradient").Doubles());
        var h = j.GetProperty("hessian").Matrix();
        Assert.Equal([6.0, 4.0], h[0]);
        Assert.Equal([4.0, 2.0], h[1]);
    }

    [Fact]
    public void FormulaIsReadFromStdinWhenGivenAsDash()
    {
        var j = CliRunner.RunWithInput("x^2 + y\n", "grad", "-", "--at", "x=3,y=1", "--json").Json;
        Assert.Equal([6.0, 1.0], j.GetProperty("gradient").Doubles());
    }

    [Fact]
    public void KinksHitAreListedInJson()
    {
        var j = CliRunner.Run("grad", "relu(x) + abs(y)", "--at", "x=0,y=0", "--json").Json;
        var kinks = j.GetProperty("kinks").EnumerateArray().Select(k => k.GetProperty("primitive").GetString()).ToArray();
        Assert.Equal(["relu", "abs"], kinks);
    }

    [Fact]
    public void DomainErrorGivesNaNWithADiagnosticAndExitZero()
    {
        var r = CliRunner.Run("grad", "log(x) + y", "--at", "x=-1,y=2", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json;
        Assert.Equal("NaN", j.GetProperty("value").GetString());
        Assert.Contains("log(-1) is outside the domain of log", j.GetProperty("diagnostics")[0].GetString());
        Assert.Equal(1, j.GetProperty("gradient").Doubles()[1]);
        Assert.Contains("outside the domain", CliRunner.Run("grad", "log(x) + y", "--at", "x=-1,y=2").Out);
    }

    [Fact]
    public void LazyIfEvaluatesOnlyTheTakenBranch()
    {
        // At x = −3 only sqrt(−x) is evaluated: value √3, derivative −1/(2√3), and no domain diagnostic.
        var j = CliRunner.Run("grad", "if(x > 0, sqrt(x), sqrt(-x))", "--at", "x=-3", "--json").Json;
        Close(Math.Sqrt(3), j.GetProperty("value").Number());
        Close(-0.5 / Math.Sqrt(3), j.GetProperty("gradient").Doubles()[0]);
        Assert.False(j.TryGetProperty("diagnostics", out _));
    }

    [Fact]
    public void JsonNumbersRoundTripExactly()
    {
        // 0.1 + 0.2 is the double 0.30000000000000004; JSON must give that double back, not 0.3.
        var r = CliRunner.Run("grad", "x + 0.2", "--at", "x=0.1", "--json");
        Assert.Contains("\"value\":0.30000000000000004", r.Out);
        Assert.Equal(0.1 + 0.2, r.Json.GetProperty("value").GetDouble());
    }

    [Fact]
    public void OutputIsOneJsonObjectOnOneLine()
    {
        var r = CliRunner.Run("hessian", "x*y", "--at", "x=1,y=1", "--json");
        Assert.Single(r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(JsonValueKind.Object, r.Json.ValueKind);
    }

    [Fact]
    public void HelpOfEveryCommandShowsAnExample()
    {
        foreach (var command in new[] { "grad", "partial", "dir", "jacobian", "hessian", "report" })
        {
            var r = CliRunner.Run(command, "--help");
            Assert.Equal(0, r.ExitCode);
            Assert.Contains($"Example: tangent {command}", r.Out);
        }
    }

    [Fact]
    public void AtAKinkDirAndPartialDoNotEquateTheConventionWithTheDerivative()
    {
        // abs(x) + y at 0 along +x: (f(t, 0) − f(0, 0))/t = |t|/t = 1 for t > 0, so D_u f = 1, while ∇f·u = abs'(0) = 0.
        var dir = CliRunner.Run("dir", "abs(x) + y", "--at", "x=0,y=0", "--along", "1,0").Out;
        Assert.DoesNotContain("D_u f = ∇f·u = 0", dir);
        Assert.Contains("∇f·u = 0 (through the kink convention below", dir);
        // ∂f/∂x at 0 does not exist (one-sided slopes 1 and −1); the convention gives 0.
        var partial = CliRunner.Run("partial", "abs(x) + y", "--at", "x=0,y=0", "--wrt", "x").Out;
        Assert.Contains("∂f/∂x = 0 (through the kink convention below", partial);
        // Away from the kink the equation stands.
        Assert.Contains("D_u f = ∇f·u = 1", CliRunner.Run("dir", "abs(x) + y", "--at", "x=1,y=0", "--along", "1,0").Out);
    }
}
