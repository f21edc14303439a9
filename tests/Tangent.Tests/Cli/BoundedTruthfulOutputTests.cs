using System.Text.Json;
using Tangent.Checks;

namespace Tangent.Tests.Cli;

/// <summary>
/// gradcheck and taylor say "not measured" (never FAILED, never "rounding") where a number they measure away from x is
/// not finite, and name its cause; report in many variables prints a summary of the Hessian, saying what it left out.
/// </summary>
public class BoundedTruthfulOutputTests
{
    [Fact]
    public void GradcheckWhoseCentralDifferencesOverflowIsNotMeasuredNotFailed()
    {
        // exp′(709) = exp(709) ≈ 8.2e307 is right; the differences at 709 ± 0.69 reach 1.8e308 and their extrapolation overflows.
        var r = CliRunner.Run("gradcheck", "exp(x)", "--at", "x=709");
        Assert.DoesNotContain("FAIL", r.Out);
        Assert.Contains("not measured", r.Out);
        Assert.Contains("note: no finite central difference in x", r.Out);
        Assert.Contains("exceed the double range", r.Out);
    }

    [Fact]
    public void GradcheckNamesThePointSampledOutsideTheDomain()
    {
        // √x at 0: the central difference samples x − h = −2⁻¹⁰, where √ is not defined; y is measured and passes.
        var j = CliRunner.Run("gradcheck", "sqrt(x)+y", "--at", "x=0,y=1", "--json").Json;
        var entries = j.GetProperty("entries");
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("passed").ValueKind);
        Assert.True(entries[1].GetProperty("passed").GetBoolean());
        Assert.False(j.GetProperty("measured").GetBoolean());
        var notes = j.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("sqrt(-0.0009765625) is outside the domain of sqrt"));
    }

    [Fact]
    public void ACentralDifferenceOfSubnormalValuesIsWithinItsRounding()
    {
        // exp(−745) = 4.9e−324 is the smallest subnormal: f carries one bit, so the differences are rounding, not a failure.
        var r = FiniteDifferences.CheckGradient(x => Var.Exp(x[0]), [-745.0]);
        Assert.True(r.Passed, $"difference {r.Entries[0].Difference} tolerance {r.Entries[0].Tolerance}");
    }

    [Fact]
    public void ATaylorRemainderThatIsNotFiniteIsNotRounding()
    {
        // √x at 0 has ∇f = ∞: every first-order remainder is ∞, which is not "exact to the last bits".
        var t = TaylorTest.FirstOrder(x => Var.Sqrt(x[0]), [0.0], [1.0]);
        Assert.False(t.AtRoundingLevel);
        Assert.False(t.Measured);
        Assert.False(t.Passed);
        Assert.Equal(t.Steps.Count, t.NotFiniteSteps);

        var text = CliRunner.Run("taylor", "sqrt(x)", "--at", "x=0").Out;
        Assert.DoesNotContain("rounding level at every step", text);
        Assert.Contains("not measured", text);
        Assert.Contains("∇f(x) is not finite", text);
        var j = CliRunner.Run("taylor", "sqrt(x)", "--at", "x=0", "--json").Json;
        Assert.Equal(JsonValueKind.Null, j.GetProperty("first_order").GetProperty("passed").ValueKind);
        Assert.False(j.GetProperty("first_order").GetProperty("at_rounding_level").GetBoolean());
        Assert.True(j.GetProperty("diagnostics").GetArrayLength() > 0);
    }

    [Fact]
    public void TaylorStepsOutsideTheDomainAreLeftOutOfTheOrderAndExplained()
    {
        // log x at 0.1 along −1: h = 0.5, 0.25, 0.125 step to x ≤ 0; the smaller steps give the order 2 of a right derivative.
        var text = CliRunner.Run("taylor", "log(x)", "--at", "x=0.1", "--along", "-1").Out;
        Assert.Contains("observed order 2.00, expected 2: consistent with a right ∇f(x)", text);
        Assert.Contains("not finite at 3", text);
        Assert.Contains("log(-0.4) is outside the domain of log", text);
    }

    [Fact]
    public void ReportOfElevenVariablesSummarisesTheHessian()
    {
        // f = Σ xᵢ²xᵢ₊₁ (i < 10) at xᵢ = 1 + i/10: ∂²f/∂xᵢ² = 2xᵢ₊₁ (10 of them), ∂²f/∂xᵢ∂xᵢ₊₁ = 2xᵢ (10 pairs, both
        // orders): 30 nonzero entries of 121, at most 3 in a row, the largest 2·x₁₀ = 4.
        string formula = string.Join("+", Enumerable.Range(0, 10).Select(i => $"v{i}^2*v{i + 1}"));
        string at = string.Join(",", Enumerable.Range(0, 11).Select(i => $"v{i}={1 + i / 10.0}"));
        var text = CliRunner.Run("report", formula, "--at", at).Out;
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("  [")); // no matrix row
        Assert.Contains("Hessian ∇²f: 11×11, not printed", text);
        Assert.Contains("30 of 121 entries are nonzero", text);
        Assert.Contains("at most 3 in a row", text);
        Assert.Contains("the largest |entry| is 4", text);
        Assert.Contains("eigenvalues: 11 of them, not all printed", text);
        var j = CliRunner.Run("report", formula, "--at", at, "--json").Json;
        Assert.Equal(11, j.GetProperty("hessian").GetArrayLength());
        Assert.Equal(30, j.GetProperty("hessian_summary").GetProperty("nonzeros").GetInt32());
        Assert.Equal(4, j.GetProperty("hessian_summary").GetProperty("largest_entry").GetDouble(), 12);
    }

    [Fact]
    public void ReportListsThePartialsOfTheFirstTenOfManyVariables()
    {
        // f = Σ xᵢ in 101 variables: ∇f = (1, …, 1), ∇²f = 0; the text lists 10 partials and says how many it left out,
        // the JSON gives the Hessian's summary but not its 10 201 entries.
        string formula = string.Join("+", Enumerable.Range(0, 101).Select(i => $"v{i}"));
        string at = string.Join(",", Enumerable.Range(0, 101).Select(i => $"v{i}=1"));
        var text = CliRunner.Run("report", formula, "--at", at).Out;
        Assert.Contains("… 91 more partials, not printed", text);
        Assert.Contains("101 entries in all", text);
        Assert.True(text.Split('\n').Length < 60, $"{text.Split('\n').Length} lines");
        var j = CliRunner.Run("report", formula, "--at", at, "--json").Json;
        Assert.Equal(JsonValueKind.Null, j.GetProperty("hessian").ValueKind);
        Assert.Contains("101×101", j.GetProperty("hessian_omitted").GetString());
        Assert.Equal(0, j.GetProperty("hessian_summary").GetProperty("nonzeros").GetInt32());
        Assert.Equal(101, j.GetProperty("gradient").GetArrayLength());
    }
}
