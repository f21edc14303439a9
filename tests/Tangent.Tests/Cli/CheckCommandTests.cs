using System.Text.Json;
using Tangent.Cli.Shared;

namespace Tangent.Tests.Cli;

/// <summary>tangent check, gradcheck and taylor, run in-process with their own streams.</summary>
public class CheckCommandTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Tangent.Cli.Cli.Run(args, new Io(new StringReader(""), output, error));
        return (code, output.ToString(), error.ToString());
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Theory]
    [InlineData("if(x==0 && y==0, 0, x*y/(x^2+y^2))", "x=0,y=0", "not-differentiable")]
    [InlineData("if(x==0 && y==0, 0, x^2*y/(x^4+y^2))", "x=0,y=0", "not-differentiable")]
    [InlineData("relu(x)^2", "x=0", "differentiable")]
    [InlineData("x*abs(y)", "x=0,y=0", "differentiable")]
    [InlineData("x*abs(y)", "x=1,y=0", "not-differentiable")]
    [InlineData("abs(x) + abs(y)", "x=1,y=2", "differentiable")]
    public void CheckPrintsTheVerdictOfTheClassicalCase(string formula, string at, string verdict)
    {
        var j = Json("check", formula, "--at", at, "--json");
        Assert.Equal(verdict, j.GetProperty("verdict").GetString());
        Assert.False(string.IsNullOrWhiteSpace(j.GetProperty("reason").GetString()));
        Assert.Equal(at.Split(',').Select(p => p.Split('=')[0]), j.GetProperty("variables").EnumerateArray().Select(v => v.GetString()));
        Assert.True(j.TryGetProperty("evidence", out var evidence) && evidence.TryGetProperty("remainder", out _));
    }

    [Fact]
    public void CheckListsTheKinksHitAndOmitsThemWhenNone()
    {
        var kinked = Json("check", "x*abs(y)", "--at", "x=1,y=0", "--json");
        Assert.Equal("abs(0)", kinked.GetProperty("kinks")[0].GetProperty("where").GetString());
        var smooth = Json("check", "x^2*y", "--at", "x=1,y=2", "--json");
        Assert.False(smooth.TryGetProperty("kinks", out _));
        Assert.Equal("differentiable", smooth.GetProperty("verdict").GetString());
    }

    [Fact]
    public void CheckHumanFormStatesVerdictReasonAndEvidence()
    {
        var (code, output, _) = Run("check", "relu(x)", "--at", "x=0");
        Assert.Equal(0, code);
        Assert.Contains("verdict: not-differentiable", output);
        Assert.Contains("reason: ", output);
        Assert.Contains("one-sided partials in x: 1 from the right, 0 from the left", output);
    }

    [Theory]
    [InlineData("check", "x^2*y", "--at", "x=1")]        // y has no value
    [InlineData("check", "x^2*", "--at", "x=1")]         // formula error
    [InlineData("check", "[x, y]", "--at", "x=1,y=2")]   // a vector map has no single verdict
    [InlineData("taylor", "x*y", "--at", "x=1,y=2", "--along", "1")]
    [InlineData("gradcheck", "x*y", "--at", "x=1,y=two")]
    public void BadInputExitsWithTwoAndOneMessage(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("tangent: ", error);
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    [Fact]
    public void GradcheckPassesOnASmoothFormulaAndFailsAcrossAKink()
    {
        var smooth = Json("gradcheck", "x^2*y + sin(y)", "--at", "x=1,y=2", "--json");
        Assert.True(smooth.GetProperty("passed").GetBoolean());
        var entries = smooth.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(4.0, entries[0].GetProperty("finite_difference").GetDouble(), 1e-9); // ∂f/∂x = 2xy = 4
        Assert.True(entries[0].GetProperty("tolerance").GetDouble() > 0);

        var kink = Json("gradcheck", "relu(x)", "--at", "x=0", "--json");
        Assert.False(kink.GetProperty("passed").GetBoolean());
        Assert.Equal("relu", kink.GetProperty("kinks")[0].GetProperty("primitive").GetString());
    }

    [Fact]
    public void GradcheckChecksEveryJacobianEntryOfAVectorMap()
    {
        var j = Json("gradcheck", "[x*cos(y), x*sin(y)]", "--at", "x=2,y=0.5", "--json");
        Assert.True(j.GetProperty("passed").GetBoolean());
        Assert.Equal(4, j.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public void TaylorReportsOrderTwoAndThreeForASmoothFormula()
    {
        var j = Json("taylor", "x^2*y + sin(y)", "--at", "x=1,y=2", "--along", "1,-1", "--json");
        Assert.Equal(2, j.GetProperty("orders").GetProperty("first").GetDouble(), 0.2);
        Assert.Equal(3, j.GetProperty("orders").GetProperty("second").GetDouble(), 0.2);
        Assert.True(j.GetProperty("first_order").GetProperty("steps").GetArrayLength() >= 20);
        Assert.Equal([1.0, -1.0], j.GetProperty("direction").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void TaylorOfAVectorMapTestsItsJacobian()
    {
        var j = Json("taylor", "[x*cos(y), x*sin(y)]", "--at", "x=2,y=0.5", "--json");
        Assert.Equal(2, j.GetProperty("orders").GetProperty("first").GetDouble(), 0.2);
        Assert.False(j.TryGetProperty("second_order", out _));
    }

    [Fact]
    public void TaylorHumanFormPrintsATable()
    {
        var (code, output, _) = Run("taylor", "exp(x)*y", "--at", "x=0.5,y=2");
        Assert.Equal(0, code);
        Assert.Contains("observed order 2", output);
        Assert.Contains("r1(h)", output);
    }

    [Fact]
    public void TheLinearityLineSaysOnHowManyLinesTheDirectionalDerivativeWasMeasured()
    {
        // xy/(x² + y²) with f(0) = 0: along the line at angle θ, f = sin θ cos θ ≠ 0 for every θ off the axes, so
        // (f(tu) − f(0))/t = sin θ cos θ / t diverges and no directional derivative exists there. Only lines where it
        // settled can agree with L·u; "along the lines tried" without the count claimed the diagonal too.
        const string jump = "if(x==0 && y==0, 0, x*y/(x^2+y^2))";
        var j = CliRunner.Run("check", jump, "--at", "x=0,y=0", "--json").Json.GetProperty("evidence");
        int settled = j.GetProperty("lines_settled").GetInt32(), tried = j.GetProperty("lines_tried").GetInt32();
        Assert.True(settled < tried, $"{settled} of {tried} lines settled");
        var line = CliRunner.Run("check", jump, "--at", "x=0,y=0").Out.Split('\n').Single(l => l.Contains("L tested"));
        Assert.Contains($"along the {settled} of {tried} lines tried where the difference quotient settled", line);
        Assert.Contains("along the others it did not settle", line);

        // x²y + sin y at (1, 2) is smooth: every line's quotient settles, and the sentence says all.
        var smooth = CliRunner.Run("check", "x^2*y + sin(y)", "--at", "x=1,y=2", "--json").Json.GetProperty("evidence");
        Assert.Equal(smooth.GetProperty("lines_tried").GetInt32(), smooth.GetProperty("lines_settled").GetInt32());
    }

    [Theory]
    [InlineData("if(x==0, 0, sin(1/x))")]   // f(h) − f(0) = sin(1/h) wanders over [−1, 1]
    [InlineData("if(x==0, 0, 1/x)")]        // 1/h grows without bound
    [InlineData("sqrt(abs(x))")]            // remainder/|h| = |h|^(−1/2) grows without bound
    public void AQuantityThatDoesNotSettleIsNeverSaidToStayNearAValue(string formula)
    {
        string reason = CliRunner.Run("check", formula, "--at", "x=0", "--json").Json.GetProperty("reason").GetString()!;
        Assert.DoesNotContain("stays near", reason);
        Assert.Contains("does not tend to 0", reason);
    }

    [Fact]
    public void AJumpThatHoldsStillIsSaidToStayNearIt()
    {
        // sign(h) − sign(0) = 1 for every h > 0.
        string reason = CliRunner.Run("check", "sign(x)", "--at", "x=0", "--json").Json.GetProperty("reason").GetString()!;
        Assert.Contains("stays near 1 as |h| → 0", reason);
    }

    [Fact]
    public void AnOscillatingQuotientIsNotCalledADirectionalDerivative()
    {
        // x·sin(1/x) at 0: (f(t) − f(0))/t = sin(1/t), which is 1 at t = 1/(π/2 + 2πk) and −1 at t = 1/(3π/2 + 2πk) for
        // every k: no directional derivative exists. Two radii where it happened to agree made it "exist" (D_u f = 1.4008).
        const int k = 1_000_000;
        Assert.Equal(1, Math.Sin(Math.PI / 2 + 2 * Math.PI * k), 1e-6);
        Assert.Equal(-1, Math.Sin(3 * Math.PI / 2 + 2 * Math.PI * k), 1e-6);
        var r = CliRunner.Run("check", "if(x==0, 0, x*sin(1/x))", "--at", "x=0", "--json").Json;
        Assert.Equal("not-differentiable", r.GetProperty("verdict").GetString());
        Assert.DoesNotContain("directional derivatives exist", r.GetProperty("reason").GetString());
    }
}
