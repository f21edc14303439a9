using System.Text.Json;

namespace Tangent.Tests.Cli;

/// <summary>
/// Sentences of <c>report</c> and <c>check</c> that were false (issue 11): a critical point claimed at a kink, a Hessian
/// with infinite entries classified as degenerate, NaN and ∞ without the operation that produced them, evidence lines
/// scaled wrongly or reporting noise, a formula undefined at the point called differentiable.
/// </summary>
public class TrueSentencesTests
{
    [Theory]
    [InlineData("abs(x)", "x=0", 1.0, 1.0)]
    [InlineData("relu(x)", "x=0", 1.0, 0.0)]
    [InlineData("-abs(x) + 3*relu(x)", "x=0", 2.0, -1.0)]
    public void AtAKinkReportMeasuresTheOneSidedRatesAndClaimsNoCriticalPoint(string formula, string at, double plus, double minus)
    {
        // abs at 0: ∇f = 0 by convention, yet D⁺ along +x and −x are both 1; relu: 1 and 0; −|x| + 3 relu(x): 2 and −1.
        var text = CliRunner.Run("report", formula, "--at", at).Out;
        Assert.DoesNotContain("critical point", text);
        Assert.DoesNotContain("every directional derivative", text);
        Assert.Contains("one-sided directional derivatives", text);
        var json = CliRunner.Run("report", formula, "--at", at, "--json").Json;
        var rates = json.GetProperty("one_sided_rates").EnumerateArray().ToArray();
        Assert.Equal("+x", rates[0].GetProperty("along").GetString());
        Assert.Equal(plus, rates[0].GetProperty("rate").GetDouble(), 6);
        Assert.Equal("−x", rates[1].GetProperty("along").GetString());
        Assert.Equal(minus, rates[1].GetProperty("rate").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("steepest_ascent").GetProperty("direction").ValueKind);
    }

    [Fact]
    public void AnInfiniteHessianIsReportedAsNotDefinedNeverClassified()
    {
        // √(x² + y²) at 0: √u'' = −¼u^(−3/2) is −∞ at u = 0, so ∇²f has infinite entries; its eigenvalues do not exist.
        var text = CliRunner.Run("report", "sqrt(x^2+y^2)", "--at", "x=0,y=0").Out;
        Assert.DoesNotContain("degenerate", text);
        Assert.DoesNotContain("eigenvalues: NaN", text);
        Assert.DoesNotContain("quadratic along v", text);
        Assert.Contains("the Hessian is not defined here", text);
        Assert.Contains("second derivative of sqrt(0) is not finite", text);
        var json = CliRunner.Run("report", "sqrt(x^2+y^2)", "--at", "x=0,y=0", "--json").Json;
        Assert.Equal("not-defined", json.GetProperty("curvature").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("eigenvalues").ValueKind);
    }

    [Theory]
    [InlineData("asin(2)", "asin(2) is outside the domain of asin")]
    [InlineData("sqrt(-1)", "sqrt(-1) is outside the domain of sqrt")]
    [InlineData("0/0", "0 / 0 is outside the domain of '/'")]
    [InlineData("(-8)^(1/3)", "(-8) ^ 0.3333333333333333 is outside the domain of '^'")]
    [InlineData("exp(710)*0", "exp(710) overflows to Infinity")]
    [InlineData("x*exp(1000)", "exp(1000) overflows to Infinity")]
    [InlineData("x + log(0)", "log(0) is outside the domain of log")]
    public void ANonFiniteNumberFromAConstantSubExpressionIsExplained(string formula, string note)
    {
        var human = CliRunner.Run("grad", formula, "--at", "x=1");
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("note: " + note, human.Out);
        var json = CliRunner.Run("grad", formula, "--at", "x=1", "--json").Json;
        Assert.Contains(note, json.GetProperty("diagnostics")[0].GetString());
    }

    [Theory]
    [InlineData("if(0/0 > 1, x, 2)")]   // f = 2 and ∂f/∂x = 0 are defined: the NaN stays inside the condition
    [InlineData("x*exp(1000)")]         // an overflow, not a point outside the domain
    public void TheNoteAfterTheDiagnosticsClaimsNothingTheyDoNotSay(string formula)
    {
        var r = CliRunner.Run("grad", formula, "--at", "x=1");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("note: any NaN or ±Infinity printed above comes from that operation", r.Out);
        Assert.DoesNotContain("not defined", r.Out);
        Assert.DoesNotContain("not differentiable", r.Out);
    }

    [Theory]
    [InlineData("log(exp(-x^2))", "x=30", "f = -Infinity")]  // e^(−900) underflows: the chain rule gives 0, the derivative is −60
    [InlineData("log(erfc(x))", "x=30", "f = -Infinity")]    // erfc(30) ≈ 2.6e-393 underflows the same way
    [InlineData("sqrt(x)", "x=-1", "f = NaN")]
    public void AGradientAtANonFiniteValueIsNotCalledADerivative(string formula, string at, string value)
    {
        var human = CliRunner.Run("grad", formula, "--at", at);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains($"note: {value}, so the derivatives computed at this point are not derivatives of f", human.Out);
        // The note names no operation: the generic line still counts the one operation that produced the number.
        Assert.Contains("note: any NaN or ±Infinity printed above comes from that operation", human.Out);
        var json = CliRunner.Run("grad", formula, "--at", at, "--json").Json;
        Assert.Contains(json.GetProperty("diagnostics").EnumerateArray(), d => d.GetString()!.StartsWith(value + ", so"));
        // The same note on the library's result, and none where the value is finite.
        var r = Differentiate.Gradient(x => Var.Log(Var.Exp(-(x[0] * x[0]))), [30.0]);
        Assert.Equal(double.NegativeInfinity, r.Value);
        Assert.Contains(r.Diagnostics, d => d.Primitive == Diagnostic.Output);
        Assert.Empty(Differentiate.Gradient(x => Var.Log(Var.Exp(-(x[0] * x[0]))), [3.0]).Diagnostics);
    }

    [Fact]
    public void AJacobianNamesTheComponentWhoseValueIsNotFinite()
    {
        var r = CliRunner.Run("jacobian", "[x, log(x*0), x^2]", "--at", "x=2");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("note: f₂ = -Infinity, so the derivatives of f₂ computed at this point are not its derivatives", r.Out);
        Assert.DoesNotContain("f₁ =", r.Out);
        Assert.DoesNotContain("f₃ =", r.Out);
    }

    [Fact]
    public void AOneSidedRateAtRoundingLevelIsZeroNotNoise()
    {
        // f = floor(x) − √(y² + 1) at 0: flat along ±y and +x (quotients of ±4e-11 are rounding), a jump along −x.
        var r = CliRunner.Run("report", "floor(x)-hypot(y,-1)", "--at", "x=0,y=0");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("along +y: 0 (to rounding, ±4.4e-10)    along −y: 0 (to rounding, ±4.4e-10)", r.Out);
        Assert.Contains("along −x: did not settle", r.Out);
        Assert.Contains("every rate that settled is 0 to rounding", r.Out);
        Assert.DoesNotContain("e-11", r.Out);
        Assert.DoesNotContain("steepest ascent", r.Out);
    }

    [Fact]
    public void TheVerdictsNumbersAreWrittenAsTheEvidenceWritesThem()
    {
        // The reason wrote L = (1E-09) while the evidence beside it wrote 1e-09.
        var r = CliRunner.Run("check", "1e-9*x + x^2", "--at", "x=0");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("L = ∇f(x) = (1e-09)", r.Out);
        Assert.DoesNotContain("1E-09", r.Out);
    }

    [Fact]
    public void AnInconclusiveRemainderWithoutAMeasurableRateSaysSoInsteadOfPrintingNaN()
    {
        // Past x = 709 the remainder of atan2(−1, x)/min(x, x) sinks into rounding within a decade of radii.
        var r = CliRunner.Run("check", "atan2(-1,x)/min(x,x)", "--at", "x=709");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("NaN", r.Out);
        Assert.Contains("too few of its samples stand above rounding", r.Out);
    }

    [Fact]
    public void RemaindersThatOverflowNextToXAreExplainedByANote()
    {
        // f(0) = e⁰ = 1, but f(x + 0.1·v) = e⁷¹² overflows: the ∞ remainders need the note "see the notes" points to.
        var text = CliRunner.Run("report", "exp(sign(x)*712)", "--at", "x=0,y=0");
        Assert.Contains("see the notes", text.Out);
        Assert.Contains("note: near x, at x + 0.1·v: exp(712) overflows to Infinity", text.Out);
        var json = CliRunner.Run("report", "exp(sign(x)*712)", "--at", "x=0,y=0", "--json").Json;
        Assert.Contains("exp(712) overflows", json.GetProperty("diagnostics")[0].GetString());
    }

    [Fact]
    public void TheLibraryExplainsAConstantDomainErrorInCSharpCodeToo()
    {
        var r = Differentiate.Gradient(x => x[0] + Var.Asin(2), [1.0]);
        Assert.True(double.IsNaN(r.Value));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("asin(2)") && d.Undefined);
    }

    [Theory]
    [InlineData("x+y", "x=0.001,y=1000")]
    [InlineData("x+y", "x=1,y=2")]
    [InlineData("exp(-x^2-y^2)*cos(x*y)", "x=0,y=0")]
    [InlineData("3*x - 2*y + x*y", "x=1e-6,y=4e5")]
    public void EvidenceOnASmoothFunctionReportsNoMissAndNoNoise(string formula, string at)
    {
        var r = CliRunner.Run("check", formula, "--at", at);
        Assert.Contains("verdict: differentiable", r.Out);
        Assert.DoesNotContain("miss L·u", r.Out);
        Assert.DoesNotContain("NaN", r.Out);
        Assert.DoesNotContain("did not settle", r.Out);
        Assert.Contains("L tested: the automatic gradient", r.Out);
        var e = CliRunner.Run("check", formula, "--at", at, "--json").Json.GetProperty("evidence");
        Assert.True(e.GetProperty("linear_misfit").GetDouble() <= 1e-6);
        Assert.Equal("continuous", e.GetProperty("partials_nearby").GetString());
    }

    [Fact]
    public void AFormulaUndefinedAtThePointIsNotCalledDifferentiable()
    {
        // exp(−1/x²) at 0 divides by zero; IEEE arithmetic makes exp(−∞) = 0, the limit, whose extension is differentiable.
        var j = CliRunner.Run("check", "exp(-1/(x^2))", "--at", "x=0", "--json").Json;
        Assert.Equal("not-differentiable", j.GetProperty("verdict").GetString());
        string reason = j.GetProperty("reason").GetString()!;
        Assert.Contains("not defined at x", reason);
        Assert.Contains("extended", reason);
        Assert.Contains("(-1) / 0", j.GetProperty("diagnostics")[0].GetString());
    }

    [Fact]
    public void CheckNeverPrintsTheNoneGradient()
    {
        var r = CliRunner.Run("check", "x*exp(1000)", "--at", "x=1");
        Assert.DoesNotContain("the none gradient", r.Out);
    }

    [Fact]
    public void UnusedVariablesCostNothingInCheck()
    {
        // 2 000 variables the formula does not use (66 s and 8.9 GB before); their partials are exactly 0.
        string at = string.Join(",", Enumerable.Range(0, 2000).Select(i => $"v{i}={i}")) + ",x=1,y=2";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var j = CliRunner.Run("check", "x^2*y + sin(y)", "--at", at, "--json").Json;
        clock.Stop();
        Assert.Equal("differentiable", j.GetProperty("verdict").GetString());
        var g = j.GetProperty("gradient").Doubles();
        Assert.Equal(2002, g.Length);
        Assert.All(g[..2000], v => Assert.Equal(0, v));
        Assert.Equal(4, g[2000], 12);              // 2xy
        Assert.Equal(1 + Math.Cos(2), g[2001], 12); // x² + cos y
        Assert.True(clock.Elapsed.TotalSeconds < 20, $"took {clock.Elapsed.TotalSeconds:F1} s");
        var text = CliRunner.Run("check", "x^2*y + sin(y)", "--at", at).Out;
        Assert.Contains("(2,002 variables)", text);
        Assert.True(text.Split('\n')[0].Length < 300);
    }

    [Fact]
    public void AConstantFormulaWithoutAPointIsToldItHasNoVariablesAndWithOneItsDomainErrorIsExplained()
    {
        var r = CliRunner.Run("grad", "asin(2)");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no variables", r.Error);
        Assert.DoesNotContain("a value for each variable", r.Error);
        foreach (var (formula, cause) in new[] { ("asin(2)", "asin(2) is outside the domain of asin"), ("0/0", "0 / 0 is outside the domain"), ("exp(710)*0", "exp(710) overflows") })
        {
            var ok = CliRunner.Run("grad", formula, "--at", "x=1");
            Assert.Contains("f = NaN", ok.Out);
            Assert.Contains($"note: {cause}", ok.Out);
        }
    }

    [Fact]
    public void AHugeNumberOrNameIsRefusedWithoutEchoingTheWholeToken()
    {
        string digits = new('9', 60_000);
        foreach (var formula in new[] { "x+" + digits, "x+1e" + digits, "x+" + new string('a', 60_000) })
        {
            var r = CliRunner.Run("grad", formula, "--at", "x=1");
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("", r.Out);
            Assert.True(r.Error.Length < 400, $"{r.Error.Length} characters of error");
            Assert.Contains("characters)", r.Error);
        }
    }

    [Fact]
    public void TheBuiltInExampleAnnouncesThePointItUses()
    {
        var r = CliRunner.Run("report", "--at", "x=1,y=1");
        Assert.DoesNotContain("-1.2", r.Out);
        Assert.Contains("at (x, y) = (1, 1)", r.Out);
    }

    [Fact]
    public void RepeatedKinksAtOnePlaceArePrintedOnce()
    {
        var r = CliRunner.Run("grad", "if(x == 0 && y == 0, 0, x*y)", "--at", "x=0,y=0");
        var lines = r.Out.Split('\n').Where(l => l.Contains("if(0, 0)")).ToArray();
        Assert.Single(lines);
        Assert.Contains("(2 times)", lines[0]);
    }

    [Fact]
    public void EigenvaluesAndGradientsFollowOneDigitsRule()
    {
        // f = x²/3 + y² has ∇f = (2x/3, 2y), ∇²f = diag(2/3, 2): exact quantities print 15 significant digits.
        var r = CliRunner.Run("report", "x^2/3 + y^2", "--at", "x=1,y=0");
        Assert.Contains("∂f/∂x = 0.666666666666667", r.Out);
        Assert.Contains("eigenvalues: 0.666666666666667, 2", r.Out);
    }

    [Fact]
    public void JsonKeysAreSnakeCaseEverywhere()
    {
        string[][] commands =
        [
            ["report", "x^2*y + sin(y)", "--at", "x=1,y=2", "--json"],
            ["report", "abs(x)", "--at", "x=0", "--json"],
            ["check", "x*abs(y)", "--at", "x=1,y=0", "--json"],
            ["taylor", "x^2", "--at", "x=1", "--json"],
            ["gradcheck", "x^2", "--at", "x=1", "--json"],
            ["grad", "x^2", "--at", "x=1", "--json", "--symbolic"],
            ["hessian", "x^2", "--at", "x=1", "--json"],
            ["dir", "x*y", "--at", "x=1,y=2", "--along", "3,4", "--json"],
        ];
        foreach (var args in commands)
            foreach (var key in Keys(CliRunner.Run(args).Json))
                Assert.Matches("^[a-z0-9_]+$", key);
    }

    [Fact]
    public void TaylorJsonWritesNullForAnOrderItCouldNotMeasure()
    {
        // f linear: every first-order remainder is at rounding level, so no order is measured.
        var r = CliRunner.Run("taylor", "3*x + 2", "--at", "x=1", "--json");
        Assert.DoesNotContain("\"NaN\"", r.Out);
        Assert.Equal(JsonValueKind.Null, r.Json.GetProperty("orders").GetProperty("first").ValueKind);
    }

    private static IEnumerable<string> Keys(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Keys(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Keys),
        _ => [],
    };
}
