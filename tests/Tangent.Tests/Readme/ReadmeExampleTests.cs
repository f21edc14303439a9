namespace Tangent.Tests.Readme;

/// <summary>The README's C# example, compiled and run: it must keep working as written there.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExampleGivesTheAnalyticGradientAndHessian()
    {
        // --- README example begins ---
        // f(x, y) = x²y + sin y
        var r = Differentiate.Gradient(x => x[0] * x[0] * x[1] + Var.Sin(x[1]), [3.0, 0.5]);
        // r.Value = 9·0.5 + sin 0.5, r.Gradient = [2xy, x² + cos y] = [3, 9 + cos 0.5]

        var h = Differentiate.Hessian(x => x[0] * x[0] * x[1] + Var.Sin(x[1]), [3.0, 0.5]);
        // h.Hessian = [[2y, 2x], [2x, −sin y]] = [[1, 6], [6, −sin 0.5]]
        // --- README example ends ---

        Assert.Equal(4.5 + Math.Sin(0.5), r.Value, 15);
        Assert.Equal([3.0, 9 + Math.Cos(0.5)], r.Gradient);
        Assert.Equal(1.0, h.Hessian[0, 0]);
        Assert.Equal(6.0, h.Hessian[0, 1]);
        Assert.Equal(6.0, h.Hessian[1, 0]);
        Assert.Equal(-Math.Sin(0.5), h.Hessian[1, 1], 15);
        Assert.Empty(r.Kinks);
    }

    [Fact]
    public void ReadmeShowsExactlyTheCodeThisTestRuns()
    {
        string root = RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int start = Array.FindIndex(readme, l => l.Trim() == "```csharp");
        int end = Array.FindIndex(readme, start + 1, l => l.Trim() == "```");
        var shown = Code(readme[(start + 1)..end]).Where(l => l != "using Tangent;").ToArray();

        var test = File.ReadAllLines(Path.Combine(root, "tests", "Tangent.Tests", "Readme", "ReadmeExampleTests.cs"));
        int begin = Array.FindIndex(test, l => l.Trim() == "// --- README example begins ---");
        int stop = Array.FindIndex(test, l => l.Trim() == "// --- README example ends ---");
        Assert.Equal(Code(test[(begin + 1)..stop]), shown);
    }

    internal static string[] Code(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "tests"))) return dir.FullName;
        throw new InvalidOperationException("README.md not found above the test binaries.");
    }
}
