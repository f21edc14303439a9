using System.Globalization;
using System.Text.Json;
using Tangent.Checks;
using Tangent.Formulas;

namespace Tangent.Tests.Adversary;

/// <summary>
/// An adversarial corpus for the differentiability verdict, in the acceptance suite's own format
/// (differentiability-cases.json beside this file). Every label is the mathematics of the formula at the
/// exact decimal point, worked out by hand, and every case carries its one-line reason: rational functions
/// x^a y^b/(x^c + y^d) on both sides of their critical exponents, powers of |x| and |xy| around 1, kinks that
/// cancel or are flattened by a factor that vanishes, ties of max/min with equal and unequal slopes,
/// removable singularities, oscillations, logarithms, branch cuts, points near a kink, large and tiny
/// coordinates, 1 to 4 variables and variables the formula does not use. A second round
/// (differentiability-cases-2.json) attacks the sampler itself: curve exponents outside the sampled range,
/// curves bent in two pairs of variables, slowly decaying or slowly oscillating remainders, bad directions
/// along rotated or irrational-slope lines, kinks of compositions, shifted and scaled points, and C¹ glues.
/// </summary>
public class DifferentiabilityCorpusTests
{
    private static readonly string[] FileNames = ["differentiability-cases.json", "differentiability-cases-2.json"];

    private sealed record Case(string Id, string Expr, string[] Vars, string[] Point, string Label, string Reason);

    private static readonly Lazy<Dictionary<string, Case>> Corpus = new(Load);

    /// <summary>A corpus file, found by walking up from the test binaries to tests/Tangent.Tests.</summary>
    private static string Locate(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Adversary", fileName);
            if (File.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, "tests", "Tangent.Tests", "Adversary", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{fileName} was not found above {AppContext.BaseDirectory}");
    }

    private static Dictionary<string, Case> Load()
    {
        var cases = new Dictionary<string, Case>();
        foreach (string name in FileNames)
            LoadInto(cases, name);
        return cases;
    }

    private static void LoadInto(Dictionary<string, Case> cases, string fileName)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Locate(fileName)));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string[] Strings(string name) => [.. c.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
            var item = new Case(c.GetProperty("id").GetString()!, c.GetProperty("expr").GetString()!, Strings("vars"), Strings("point"),
                c.GetProperty("label").GetString()!, c.GetProperty("reason").GetString()!);
            cases.Add(item.Id, item);
        }
    }

    public static TheoryData<string> Ids => [.. Corpus.Value.Keys];

    [Theory]
    [MemberData(nameof(Ids))]
    public void VerdictIsTheMathematicalLabel(string id)
    {
        var c = Corpus.Value[id];
        var f = Formula.Parse(c.Expr).ToScalarFunction(c.Vars);
        var point = c.Point.Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        var result = Differentiability.Check(f, point, c.Vars);
        Assert.True(result.VerdictName == c.Label,
            $"{c.Expr} at ({string.Join(", ", c.Point)}): expected {c.Label} ({c.Reason}), got {result.VerdictName}: {result.Reason}");
    }

    [Fact]
    public void CorpusIsLargeBalancedAndWellFormed()
    {
        var cases = Corpus.Value.Values.ToList();
        Assert.True(cases.Count >= 80, $"only {cases.Count} cases");
        Assert.All(cases, c =>
        {
            Assert.Contains(c.Label, (string[])["differentiable", "not-differentiable"]);
            Assert.Equal(c.Vars.Length, c.Point.Length);
            Assert.False(string.IsNullOrWhiteSpace(c.Reason));
        });
        // Both verdicts are well represented, so neither "always differentiable" nor "never" can pass.
        Assert.InRange(cases.Count(c => c.Label == "differentiable"), cases.Count / 3, 2 * cases.Count / 3);
    }
}
