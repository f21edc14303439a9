using System.Text.RegularExpressions;
using Tangent.Primitives;

namespace Tangent.Tests.Layout;

/// <summary>
/// The layout keeps showing the architecture: no source file under src/ grows past 400 lines, and a primitive's type
/// is named in its own file, the registry and at most one other file (a named convenience member), with the
/// exceptions listed below at today's counts, which may only go down.
/// </summary>
public class SourceLayoutTests
{
    private const int MaxLines = 400;

    /// <summary>Generated sources, exempt from the size guard, by path under the repository (none today).</summary>
    private static readonly string[] Generated = [];

    /// <summary>
    /// Primitives named in more than 3 files of src/, with the most files allowed. The arithmetic ones are the C#
    /// operators of Var, Dual, Expr and Dependence, the simplifier's algebra and the parser's operators; the others are
    /// compositions (softplus′ = σ, silu = x·σ), a second facade (ArrayMath beside Activation), or a check that treats
    /// a primitive specially (max and min ties in ZeroSets, e^x in the parser, relu kinks in Classifier).
    /// </summary>
    private static readonly Dictionary<string, int> Allowed = new()
    {
        ["Add"] = 12, ["Subtract"] = 12, ["Multiply"] = 13, ["Divide"] = 13, ["Negate"] = 10, ["Power"] = 9,
        ["Exp"] = 4, ["Max"] = 4, ["Min"] = 4, ["Relu"] = 4, ["Sigmoid"] = 5, ["Sin"] = 4, ["Softplus"] = 4,
    };

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src")) && File.Exists(Path.Combine(dir.FullName, "README.md"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (README.md, src/) was not found above the test binaries");
    }

    private static IEnumerable<(string Path, string Text)> Sources()
    {
        string root = Root();
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}") && !f.Contains($"{separator}bin{separator}"))
            .Select(f => (Path.GetRelativePath(root, f).Replace(separator, '/'), File.ReadAllText(f)));
    }

    [Fact]
    public void NoSourceFileUnderSrcIsOver400Lines()
    {
        var sources = Sources().ToList();
        Assert.True(sources.Count > 100, "the sources were found");
        var over = sources.Select(s => (s.Path, Lines: s.Text.Split('\n').Length - (s.Text.EndsWith('\n') ? 1 : 0)))
            .Where(s => s.Lines > MaxLines && !Generated.Contains(s.Path))
            .Select(s => $"{s.Path} ({s.Lines} lines)").ToList();
        Assert.True(over.Count == 0, $"Over {MaxLines} lines, split by what each part does: {string.Join(", ", over)}");
        foreach (var g in Generated) Assert.Contains(g, sources.Select(s => s.Path));
    }

    /// <summary>
    /// The files that name primitive P's type: a static member of it (P.Value), a type argument (&lt;P&gt;), typeof(P),
    /// Primitives.P or a cref to it. Members named after it (Var.Sigmoid, Math.Sqrt, ArrayMath.Relu(x)) are not the type.
    /// </summary>
    private static List<string> FilesNaming(string p, List<(string Path, string Text)> sources)
    {
        var type = new Regex($@"(?<![\w.]){p}(?=\.\w)|[<,]\s*{p}\s*[>,]|typeof\({p}\)|(?<!\w)Primitives\.{p}\b|cref=""{p}""|&lt;{p}&gt;");
        return [.. sources.Where(s => type.IsMatch(s.Text)).Select(s => s.Path)];
    }

    [Fact]
    public void APrimitivesTypeIsNamedInItsFileTheRegistryAndAtMostOneOther()
    {
        var sources = Sources().ToList();
        var failures = new List<string>();
        foreach (var p in Primitive.All)
        {
            string name = p.Declaration.Name;
            var files = FilesNaming(name, sources);
            Assert.Contains($"src/Tangent/Primitives/{name}.cs", files);
            Assert.Contains("src/Tangent/Primitives/Registry.cs", files);
            int allowed = Allowed.GetValueOrDefault(name, 3);
            if (files.Count > allowed)
                failures.Add($"{name} is named in {files.Count} files (at most {allowed}): {string.Join(", ", files)}");
        }
        Assert.True(failures.Count == 0,
            "Reach a primitive through the registry or Apply<P> instead of naming it: " + string.Join("; ", failures));
    }

    [Fact]
    public void TheTypeNameCheckSeesEveryFormOfReference()
    {
        List<(string, string)> sources =
        [
            ("a", "x = Sigmoid.Value(z);"), ("b", "Apply<Sigmoid>(x)"), ("c", "[typeof(Sigmoid)] = k"), ("d", "Primitives.Sigmoid.Name"),
            ("e", "<see cref=\"Sigmoid\"/>"), ("f", "Lanes<Sigmoid, SigmoidLanes>"),
            ("g", "T.Sigmoid(x)"), ("h", "public static Var Sigmoid(Var x)"), ("i", "TensorPrimitives.Sigmoid(z, y)"), ("j", "Math.Sigmoid"),
        ];
        Assert.Equal(["a", "b", "c", "d", "e", "f"], FilesNaming("Sigmoid", sources));
    }
}
