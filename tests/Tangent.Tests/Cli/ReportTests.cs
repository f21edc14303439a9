namespace Tangent.Tests.Cli;

/// <summary><c>tangent report</c>: the local picture, checked against the mathematics of each case.</summary>
public class ReportTests
{
    [Fact]
    public void WithoutAFormulaItRunsTheBuiltInExampleAndSaysSo()
    {
        var r = CliRunner.Run("report");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("built-in example", r.Out);
        // Rosenbrock at (−1.2, 1): f = 24.2, ∇f = (−215.6, −88), ∇²f = [[1330, 480], [480, 200]].
        var j = CliRunner.Run("report", "--json").Json;
        Assert.Equal(24.2, j.GetProperty("value").Number(), 12);
        var g = j.GetProperty("gradient").Doubles();
        Assert.Equal(-215.6, g[0], 11);
        Assert.Equal(-88, g[1], 11);
        var h = j.GetProperty("hessian").Matrix();
        Assert.Equal(1330, h[0][0], 10);
        Assert.Equal(480, h[0][1], 10);
        Assert.Equal(200, h[1][1], 10);
    }

    [Fact]
    public void ReportCarriesTheDifferentiabilityVerdictAndTheKinkLog()
    {
        // abs(x) + y² at (0, 1): the one-sided partials in x are +1 and −1, so no linear map fits: not differentiable.
        var kinked = CliRunner.Run("report", "abs(x) + y^2", "--at", "x=0,y=1", "--json").Json;
        Assert.Equal("not-differentiable", kinked.GetProperty("verdict").GetString());
        Assert.Contains("abs", kinked.GetProperty("kinks").ToString());
        Assert.Contains("differentiable at x? not-differentiable", CliRunner.Run("report", "abs(x) + y^2", "--at", "x=0,y=1").Out);
        // relu(x)² at 0 hits the relu kink, yet (relu x)² = x²·[x > 0] is C¹ with derivative 0: differentiable.
        var smooth = CliRunner.Run("report", "relu(x)^2", "--at", "x=0", "--json").Json;
        Assert.Equal("differentiable", smooth.GetProperty("verdict").GetString());
    }

    [Fact]
    public void AtAMinimumThereIsNoSteepestDirectionAndTheHessianSaysMinimum()
    {
        // f = x² + 3y² at the origin: ∇f = 0, ∇²f = diag(2, 6): eigenvalues 2 and 6, condition number 3.
        var r = CliRunner.Run("report", "x^2 + 3*y^2", "--at", "x=0,y=0");
        Assert.Contains("no first-order steepest direction", r.Out);
        Assert.Contains("strict local minimum", r.Out);
        var j = CliRunner.Run("report", "x^2 + 3*y^2", "--at", "x=0,y=0", "--json").Json;
        Assert.Equal([2.0, 6.0], j.GetProperty("eigenvalues").Doubles().Select(l => Math.Round(l, 12)));
        Assert.Equal("positive-definite", j.GetProperty("curvature").GetString());
        Assert.Equal(3, j.GetProperty("condition_number").Number(), 12);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty("steepest_ascent").GetProperty("direction").ValueKind);
    }

    [Fact]
    public void SaddleAndDegenerateCriticalPointsAreNamed()
    {
        Assert.Contains("saddle point", CliRunner.Run("report", "x^2 - y^2", "--at", "x=0,y=0").Out);
        var j = CliRunner.Run("report", "x^4 + y^2", "--at", "x=0,y=0", "--json").Json;
        Assert.Equal("degenerate", j.GetProperty("curvature").GetString());
        Assert.Contains("inconclusive", j.GetProperty("meaning").GetString());
        Assert.Equal("Infinity", j.GetProperty("condition_number").GetString());
        Assert.True(j.GetProperty("singular").GetBoolean());
    }

    [Fact]
    public void SteepestAscentIsTheNormalisedGradientWithRateItsLength()
    {
        // f = 3x + 4y: ∇f = (3, 4), |∇f| = 5, u* = (0.6, 0.8).
        var s = CliRunner.Run("report", "3*x + 4*y", "--at", "x=1,y=1", "--json").Json.GetProperty("steepest_ascent");
        Assert.Equal(5, s.GetProperty("rate").Number(), 14);
        var u = s.GetProperty("direction").Doubles();
        Assert.Equal(0.6, u[0], 14);
        Assert.Equal(0.8, u[1], 14);
    }

    [Fact]
    public void RemaindersOfTheLinearAndQuadraticModelsShrinkLikeHSquaredAndHCubed()
    {
        // A smooth non-polynomial f: r₁ = O(|h|²) and r₂ = O(|h|³), so the observed orders per decade are ≈ 2 and ≈ 3.
        var m = CliRunner.Run("report", "exp(x)*sin(y) + x*y^3", "--at", "x=0.3,y=0.7", "--json").Json.GetProperty("models");
        foreach (var q in m.GetProperty("linear_orders").Doubles()) Assert.InRange(q, 1.9, 2.1);
        var cubic = m.GetProperty("quadratic_orders").Doubles().Where(q => !double.IsNaN(q)).ToArray();
        Assert.NotEmpty(cubic);
        foreach (var q in cubic) Assert.InRange(q, 2.8, 3.2);
        Assert.Equal(4, m.GetProperty("remainders").GetArrayLength());
    }

    [Fact]
    public void QuadraticModelOfAQuadraticIsExactToRounding()
    {
        // For f quadratic, f(x+h) = Q(h) exactly: r₂ is at the level of rounding at every step.
        var rs = CliRunner.Run("report", "x^2 + x*y - 2*y^2", "--at", "x=1,y=2", "--json").Json.GetProperty("models").GetProperty("remainders");
        foreach (var r in rs.EnumerateArray())
            Assert.True(r.GetProperty("quadratic").Number() <= 10 * r.GetProperty("round_off").Number());
    }

    [Fact]
    public void AtAKinkTheLinearRemainderShrinksOnlyLikeHAndTheReadingSaysSo()
    {
        // f = x² − y² + relu(x) at 0, along v with v_x > 0: f(h) − 0 = t·v_x + O(t²), so r₁ = Θ(|h|), order 1.
        var m = CliRunner.Run("report", "x^2 - y^2 + relu(x)", "--at", "x=0,y=0", "--json").Json.GetProperty("models");
        Assert.True(m.GetProperty("direction").Doubles()[0] > 0, "the seeded direction must step into x > 0 for this test");
        foreach (var q in m.GetProperty("linear_orders").Doubles()) Assert.InRange(q, 0.9, 1.1);
        Assert.Contains("NOT a first-order approximation", m.GetProperty("linear_reading").GetString());
    }

    [Fact]
    public void ASlowlyVanishingRemainderIsNotCalledNonDifferentiable()
    {
        // |x|^1.1 at 0 is differentiable (f' = 0, r₁/|h| = |h|^0.1 → 0), though r₁ has order 1.1 over four radii.
        var json = CliRunner.Run("report", "abs(x)^1.1", "--at", "x=0", "--json").Json;
        var reading = json.GetProperty("models").GetProperty("linear_reading").GetString()!;
        Assert.DoesNotContain("not differentiable", reading);
        Assert.DoesNotContain("NOT a first-order", reading);
        Assert.Contains("falls slowly", reading);
    }

    [Fact]
    public void RemaindersOfHigherOrderThanPromisedAreNotCalledByTheLowerOne()
    {
        // x³ − 3xy² at 0: ∇f = 0 and ∇²f = 0, so r₁ = r₂ = |t³·(v_x³ − 3v_x v_y²)|: order 3 for both. The reading said
        // "r₁ shrinks like |h|² (order 3.00)". x⁴ at 0: r₂ = t⁴, order 4, not "like |h|³".
        var m = CliRunner.Run("report", "x^3 - 3*x*y^2", "--at", "x=0,y=0", "--json").Json.GetProperty("models");
        foreach (var q in m.GetProperty("linear_orders").Doubles()) Assert.InRange(q, 2.9, 3.1);
        var linear = m.GetProperty("linear_reading").GetString()!;
        Assert.DoesNotContain("like |h|²", linear);
        Assert.Contains("faster than |h|²", linear);
        var quartic = CliRunner.Run("report", "x^4", "--at", "x=0", "--json").Json.GetProperty("models");
        foreach (var q in quartic.GetProperty("quadratic_orders").Doubles()) Assert.InRange(q, 3.9, 4.1);
        Assert.Contains("faster than |h|³", quartic.GetProperty("quadratic_reading").GetString()!);
    }

    [Fact]
    public void TheModelsAreWrittenOutWithTheirCoefficients()
    {
        // f = x² + 3xy at (1, 2): f = 7, ∇f = (2x + 3y, 3x) = (8, 3), ∇²f = [[2, 3], [3, 0]].
        var r = CliRunner.Run("report", "x^2 + 3*x*y", "--at", "x=1,y=2");
        Assert.Contains("linear model     f(x + h) ≈ 7 + 8·h_x + 3·h_y", r.Out);
        Assert.Contains("quadratic model  f(x + h) ≈ 7 + 8·h_x + 3·h_y + ½(2·h_x² + 6·h_x·h_y)", r.Out);
    }

    [Fact]
    public void KinksAppearInTheReport()
    {
        var r = CliRunner.Run("report", "abs(x) + y^2", "--at", "x=0,y=1");
        Assert.Contains("abs(0)", r.Out);
    }

    [Fact]
    public void AnEigenvalueBelowTheRoundingThresholdIsNotCalledZero()
    {
        // 1e-14·x² + y² at 0: ∇²f = diag(2e-14, 2), exactly; the condition number is 1e14, not ∞, and the eigenvalue
        // 2e-14 is not 0: it is below the 1e-12·|λ|max the report treats as rounding, and the text says that instead.
        var j = CliRunner.Run("report", "1e-14*x^2 + y^2", "--at", "x=0,y=0", "--json").Json;
        Assert.Equal("degenerate", j.GetProperty("curvature").GetString());
        Assert.Equal(1e14, j.GetProperty("condition_number").Number(), 1e14 * 1e-12);
        Assert.False(j.GetProperty("singular").GetBoolean());
        var text = CliRunner.Run("report", "1e-14*x^2 + y^2", "--at", "x=0,y=0").Out;
        Assert.DoesNotContain("an eigenvalue is 0 (", text);
        Assert.Contains("an eigenvalue is 0 to rounding (|λ| ≤ 1e-12·|λ|max", text);
        Assert.Contains("(singular to rounding)", text);
        Assert.DoesNotContain("∞", text);
    }

    [Theory]
    [InlineData("log(x) + y", "x=-1,y=0")]   // no kink: f is undefined (log(−1)), so no convention gave ∇f
    [InlineData("relu(x)^2 + y", "x=0,y=1")] // a kink, yet f is differentiable at 0 with ∇f = (0, 1): ∇f is a derivative
    public void PartialsPastAKinkOrANonFiniteNumberAreNotKnownToBeDerivativesNotCalledConventions(string formula, string at)
    {
        var text = CliRunner.Run("report", formula, "--at", at).Out;
        Assert.DoesNotContain("convention's value", text);
        Assert.DoesNotContain("value, not a derivative", text);
        Assert.Contains("∂f/∂y = 1 (not known to be a derivative: see below)", text);
        Assert.DoesNotContain("a convention's value, not a derivative", CliRunner.Run("report", formula, "--at", at, "--json").Out);
    }

    [Fact]
    public void NoKinkIsNotSaidToMeanSmooth()
    {
        // elu at 0 is no kink (both one-sided slopes are 1) but not C²: elu′(h) = 1 for h > 0 and eʰ for h < 0, so
        // (elu′(h) − elu′(0))/h is 0 from the right and about 1 from the left.
        const double h = 1e-6;
        Assert.Equal(0, (1 - 1) / h);
        Assert.Equal(1, (1 - Math.Exp(-h)) / h, 1e-5);
        var text = CliRunner.Run("report", "elu(x)", "--at", "x=0").Out;
        Assert.DoesNotContain("where it is smooth", text);
        Assert.Contains("kinks hit: none (no primitive was evaluated on its kink set", text);
    }
}
