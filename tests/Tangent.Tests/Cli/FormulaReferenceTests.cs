using Tangent.Primitives;

namespace Tangent.Tests.Cli;

/// <summary>The formula language is in the repository (docs/formulas.md) and on the command line (tangent help formulas).</summary>
public class FormulaReferenceTests
{
    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "docs"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (README.md, docs/) was not found above the test binaries");
    }

    /// <remarks>
    /// When the page is out of date (a primitive was added or changed), the test writes the page the registry gives into
    /// docs/formulas.md and fails once, so that nobody edits the page by hand: review the change and commit it.
    /// </remarks>
    [Fact]
    public void HelpFormulasPrintsThePageTheRepositoryHolds()
    {
        var r = CliRunner.Run("help", "formulas");
        Assert.Equal(0, r.ExitCode);
        string path = Path.Combine(Root(), "docs", "formulas.md");
        string page = r.Out.ReplaceLineEndings("\n");
        if (File.ReadAllText(path).ReplaceLineEndings("\n") == page) return;
        File.WriteAllText(path, page);
        Assert.Fail("docs/formulas.md was out of date and has been regenerated from the registry (tangent help formulas): review and commit it.");
    }

    [Fact]
    public void ThePageNamesEveryRegisteredPrimitiveWithItsDomainAndKinkConvention()
    {
        string page = File.ReadAllText(Path.Combine(Root(), "docs", "formulas.md"));
        foreach (var p in Primitive.All)
        {
            if (p.FormulaName.Length == 0)
            {
                Assert.Contains($"`{p.Name}`", page);
                continue;
            }
            var row = page.Split('\n').SingleOrDefault(l => l.StartsWith($"| `{p.Signature}` |"));
            Assert.True(row is not null, $"{p.FormulaName} has no row in docs/formulas.md");
            if (p.KinkConvention.Length > 0) Assert.Contains(p.KinkConvention.Replace("|", "\\|"), row);
            if (p.Domain.Length > 0) Assert.Contains(p.Domain, row);
        }
        foreach (var word in (string[])["if(cond, a, b)", "pi", "`e`", "&&", "right-associative", "-x^2", $"{Tangent.Formulas.Formula.MaxDepth}"])
            Assert.Contains(word, page);
    }

    [Fact]
    public void AnUnknownFunctionPointsToTheReference()
    {
        var r = CliRunner.Run("grad", "sine(x)", "--at", "x=1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("tangent help formulas", r.Error);
        Assert.Contains("docs/formulas.md", r.Error);
    }

    [Fact]
    public void AnUnknownHelpTopicIsAUsageError()
    {
        var r = CliRunner.Run("help", "nonsense");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Contains("formulas", r.Error);
        Assert.Equal(0, CliRunner.Run("help").ExitCode);
    }

    [Fact]
    public void TheReadmePointsIntoTheRepositoryAndTellsHowToInstallTheTool()
    {
        string readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        Assert.DoesNotContain("../shared", readme);
        Assert.Contains("docs/formulas.md", readme);
        Assert.Contains("dotnet tool install", readme);
        string project = File.ReadAllText(Path.Combine(Root(), "src", "Tangent.Cli", "Tangent.Cli.csproj"));
        Assert.Contains("<PackAsTool>true</PackAsTool>", project);
        Assert.Contains("<ToolCommandName>tangent</ToolCommandName>", project);
    }
}
