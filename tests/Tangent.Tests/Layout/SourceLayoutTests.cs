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
    /// Today's count of files of src/ naming each primitive's type (by <see cref="TypeReferences"/>), which may only go
    /// down: a count that rises fails, and a count that falls fails until this table is lowered to it. A primitive
    /// not listed (a new one) may be named in 3: its own file, the registry and one convenience member (ArrayMath's,
    /// Activation's). The infix operators are named in their own file (which also declares Var's and Dual's C#
    /// operators), the registry and Primitives/Operators.cs, the one table that the code treating them by their algebra
    /// reads. Relu's third file is ArrayMath.cs (ArrayMath.Relu, and the declaration the classifier's kink count reads);
    /// log1p's is Softplus.cs and expm1's Elu.cs, whose values are written through them.
    /// </summary>
    private static readonly Dictionary<string, int> Allowed = new()
    {
        ["Negate"] = 3, ["Sin"] = 3, ["Cos"] = 3, ["Tan"] = 2, ["Asin"] = 2, ["Acos"] = 2, ["Atan"] = 2, ["Sinh"] = 2,
        ["Cosh"] = 2, ["Tanh"] = 3, ["Exp"] = 3, ["Log"] = 3, ["Sqrt"] = 3, ["Abs"] = 3, ["Relu"] = 3, ["Sigmoid"] = 3,
        ["Softplus"] = 3, ["Sign"] = 2, ["Log1p"] = 3, ["Expm1"] = 3, ["Erf"] = 2, ["Erfc"] = 2, ["Cbrt"] = 2,
        ["Log2"] = 2, ["Log10"] = 2, ["Exp2"] = 2, ["Floor"] = 2, ["Ceil"] = 2, ["Gelu"] = 3, ["Silu"] = 3,
        ["Elu"] = 3, ["LeakyRelu"] = 3, ["Add"] = 3, ["Subtract"] = 3, ["Multiply"] = 3, ["Divide"] = 3, ["Power"] = 3,
        ["Atan2"] = 2, ["Max"] = 3, ["Min"] = 3, ["Hypot"] = 2,
    };

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src")) && File.Exists(Path.Combine(dir.FullName, "README.md"))) return dir.FullName;
        throw new InvalidOperationException("the repository root (README.md, src/) was not found above the test binaries");
    }

    [Fact]
    public void NoSourceFileUnderSrcIsOver400Lines()
    {
        var sources = TypeReferences.Sources(Root()).ToList();
        Assert.True(sources.Count > 100, "the sources were found");
        var over = sources.Select(s => (s.Path, Lines: s.Text.Split('\n').Length - (s.Text.EndsWith('\n') ? 1 : 0)))
            .Where(s => s.Lines > MaxLines && !Generated.Contains(s.Path))
            .Select(s => $"{s.Path} ({s.Lines} lines)").ToList();
        Assert.True(over.Count == 0, $"Over {MaxLines} lines, split by what each part does: {string.Join(", ", over)}");
        foreach (var g in Generated) Assert.Contains(g, sources.Select(s => s.Path));
    }

    [Fact]
    public void APrimitivesTypeIsNamedInItsFileTheRegistryAndAtMostOneOther()
    {
        var naming = TypeReferences.FilesNaming(TypeReferences.Sources(Root()), Primitive.All.Select(p => p.Declaration.Name));
        var failures = new List<string>();
        foreach (var p in Primitive.All)
        {
            string name = p.Declaration.Name;
            var files = naming[name];
            Assert.Contains($"src/Tangent/Primitives/{name}.cs", files);
            Assert.Contains("src/Tangent/Primitives/Registry.cs", files);
            int allowed = Allowed.GetValueOrDefault(name, 3);
            if (files.Count > allowed)
                failures.Add($"{name} is named in {files.Count} files (at most {allowed}): {string.Join(", ", files)}");
            else if (Allowed.ContainsKey(name) && files.Count < allowed)
                failures.Add($"{name} is named in {files.Count} files, fewer than its allowance {allowed}: lower it ({string.Join(", ", files)})");
        }
        Assert.True(failures.Count == 0,
            "Reach a primitive through the registry, Apply<P> or a declared property instead of naming it: " + string.Join("; ", failures));
    }

    [Fact]
    public void TheTypeNameCheckSeesEveryFormOfReferenceAndNothingElse()
    {
        const string Usings = "using Tangent.Primitives; using System.Numerics.Tensors; namespace Tangent.Somewhere; ";
        (string Path, string Text) File(string name, string body, string usings = Usings) => (name, usings + "static class C" + name + " { " + body + " }");
        List<(string, string)> sources =
        [
            File("a", "static double F(double z) => Sigmoid.Value(z);"),
            File("b", "static Var F(Var x) => Var.Apply<Sigmoid>(x);"),
            File("c", "static System.Type F() => typeof(Sigmoid);"),
            File("d", "static string F() => Primitives.Sigmoid.Name;", "namespace Tangent.Elsewhere; "),
            File("e", "/// <summary><see cref=\"Sigmoid\"/></summary>\n static void F() { }"),
            File("f", "static Sigmoid F() => new Sigmoid();"),
            File("g", "static T F<T>(T x) where T : IScalar<T> => T.Sigmoid(x);"),
            File("h", "/// <summary><see cref=\"Sigmoid\"/>, <see cref=\"Var.Sigmoid\"/></summary>\n static Var Sigmoid(Var x) => Var.Sigmoid(x); static Var G(Var x) => Sigmoid(x);"),
            File("i", "static void F(System.Span<float> z) => TensorPrimitives.Sigmoid(z, z);"),
            File("j", "static double F(double a) => System.Math.Max(a, 1) + Math.Exp(a); static void G(List<int> l) => l?.Add(1);"),
            File("k", "static string F() => Sigmoid.Name;", "namespace Tangent.Elsewhere; "),
            File("l", "/// <summary><see cref=\"Add\"/></summary>\n public void Add(int x) { } static Var G(Var x) => Var.Apply<Sigmoid>(x);"),
        ];
        var naming = TypeReferences.FilesNaming(sources, ["Sigmoid", "Max", "Exp", "Add"]);
        Assert.Equal(["a", "b", "c", "d", "e", "f", "l"], naming["Sigmoid"]);
        Assert.Empty(naming["Max"]);
        Assert.Empty(naming["Exp"]);
        Assert.Empty(naming["Add"]);
    }
}
