using System.Text;

namespace Tangent.Tests.Cli;

/// <summary>
/// Every example a <c>--help</c> text shows is run as written (files it names go to a temporary folder) and must exit 0;
/// an example annotated "(diverges: …)" must diverge. <c>explore</c> is left out: it serves until Ctrl-C.
/// </summary>
public class HelpExamplesTests
{
    private static readonly string[][] Pages =
    [
        [], ["grad"], ["partial"], ["dir"], ["jacobian"], ["hessian"], ["report"], ["check"], ["gradcheck"], ["taylor"],
        ["minimize"], ["plot"], ["plot", "contour"], ["plot", "angle"], ["plot", "taylor"], ["plot", "slice"],
        ["plot", "jacobian"], ["plot", "path"], ["help"],
    ];

    /// <summary>The example lines of one help page: those that start with "tangent " after an "Example:" or "Examples:" heading.</summary>
    private static List<string> Examples(string help)
    {
        var found = new List<string>();
        bool inExamples = false;
        foreach (var raw in help.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("Example:", StringComparison.Ordinal) || line.StartsWith("Examples:", StringComparison.Ordinal))
            {
                inExamples = true;
                line = line[(line.IndexOf(':') + 1)..].Trim();
            }
            else if (line.Length == 0 || !line.StartsWith("tangent ", StringComparison.Ordinal)) inExamples = false;
            if (inExamples && line.StartsWith("tangent ", StringComparison.Ordinal) && !line.StartsWith("tangent explore", StringComparison.Ordinal))
                found.Add(line);
        }
        return found;
    }

    /// <summary>Shell words: double quotes group, a "&gt; file" redirection and a trailing "(comment)" are dropped.</summary>
    private static (string[] Args, string Comment) Words(string line)
    {
        string comment = "";
        int open = line.LastIndexOf("  (", StringComparison.Ordinal);
        if (open > 0 && line.TrimEnd().EndsWith(')')) (line, comment) = (line[..open], line[open..].Trim());
        var words = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted) { if (any) words.Add(current.ToString()); current.Clear(); any = false; }
            else { current.Append(c); any = true; }
        }
        if (any) words.Add(current.ToString());
        int redirect = words.IndexOf(">");
        if (redirect >= 0) words.RemoveRange(redirect, words.Count - redirect);
        return ([.. words.Skip(1)], comment); // without "tangent"
    }

    [Fact]
    public void EveryHelpExampleRunsAsWritten()
    {
        string folder = Path.Combine(Path.GetTempPath(), "tangent-help-examples-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            int ran = 0;
            foreach (var page in Pages)
            {
                var help = CliRunner.Run([.. page, "--help"]);
                Assert.Equal(0, help.ExitCode);
                foreach (var line in Examples(help.Out))
                {
                    var (args, comment) = Words(line);
                    for (int i = 0; i + 1 < args.Length; i++)
                    {
                        if (args[i] is "-o" or "--output") args[i + 1] = Path.Combine(folder, args[i + 1]);
                        if (args[i] == "--points")
                        {
                            args[i + 1] = Path.Combine(folder, args[i + 1]);
                            File.WriteAllText(args[i + 1], "x,y\n-1.2,1\n1,1\n0.5,-2\n");
                        }
                    }
                    var r = CliRunner.Run(args);
                    Assert.True(r.ExitCode == 0, $"'{line}' (from tangent {string.Join(' ', page)} --help) exited {r.ExitCode}: {r.Error}");
                    if (comment.Contains("diverges", StringComparison.Ordinal)) Assert.Contains("diverged", r.Out);
                    ran++;
                }
            }
            Assert.True(ran >= 20, $"{ran} examples found in the help pages");
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void JsonIsOfferedByTheCommandsTheReadmeSays()
    {
        // README: "Every command takes --help, and every one but plot, explore and help takes --json".
        foreach (var command in new[] { "grad", "partial", "dir", "jacobian", "hessian", "report", "check", "gradcheck", "taylor", "minimize" })
            Assert.Contains("--json", CliRunner.Run(command, "--help").Out);
        foreach (var page in new[] { new[] { "plot", "contour" }, ["plot", "path"], ["explore"], ["help"] })
            Assert.DoesNotContain("--json", CliRunner.Run([.. page, "--help"]).Out);
        string readme = File.ReadAllText(Path.Combine(Readme.ReadmeExampleTests.RepositoryRoot(), "README.md"));
        Assert.Contains("every one but `plot`, `explore` and `help` takes `--json`", readme);
    }
}
