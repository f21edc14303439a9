using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Tangent.Tests.Layout;

/// <summary>
/// Which files of src/ name a type of <c>Tangent.Primitives</c>, read off the C# syntax tree (Roslyn's parser, doc
/// comments included) by C#'s own lookup rules, not by a search for the word: the name after a dot is a member of
/// what stands before it (<c>Math.Max</c>, <c>list.Add</c>, <c>Var.Sigmoid</c>, <c>TensorPrimitives.Sigmoid</c>) unless
/// that is the namespace (<c>Primitives.Add</c>); a name that is called is a method (<c>Sigmoid(x)</c>); a name that an
/// enclosing type declares as a member binds to that member (outside type-only places such as <c>&lt;P&gt;</c> and
/// <c>typeof(P)</c>); and an unqualified name reaches the namespace only from a file inside it or with its using.
/// What remains is the type: <c>Apply&lt;Sigmoid&gt;</c>, <c>Sigmoid.Value(x)</c>, <c>typeof(Sigmoid)</c>,
/// <c>new Sigmoid()</c>, <c>&lt;see cref="Sigmoid"/&gt;</c>; the file that declares it counts too.
/// </summary>
/// <remarks>
/// Binding every candidate with Roslyn's semantic model gave the same files on the sources of Dec 2026 but cost
/// 6–10 s of the suite on this machine class; the parser alone costs about 1 s. The rules above are checked by
/// <c>SourceLayoutTests.TheTypeNameCheckSeesEveryFormOfReferenceAndNothingElse</c>.
/// </remarks>
internal static class TypeReferences
{
    private const string Namespace = "Tangent.Primitives";

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest, DocumentationMode.Parse);

    /// <summary>The C# sources under src/ (bin and obj excluded), by path relative to the repository root.</summary>
    public static IEnumerable<(string Path, string Text)> Sources(string root)
    {
        var separator = System.IO.Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(System.IO.Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories).Order()
            .Where(f => !f.Contains($"{separator}obj{separator}") && !f.Contains($"{separator}bin{separator}"))
            .Select(f => (System.IO.Path.GetRelativePath(root, f).Replace(separator, '/'), File.ReadAllText(f)));
    }

    /// <summary>For each simple name of a type of Tangent.Primitives, the paths of the sources that declare or name it.</summary>
    public static Dictionary<string, SortedSet<string>> FilesNaming(IEnumerable<(string Path, string Text)> sources, IEnumerable<string> names)
    {
        var found = names.ToDictionary(n => n, _ => new SortedSet<string>());
        var trees = sources.Select(s => (s.Path, Root: CSharpSyntaxTree.ParseText(s.Text, Options, s.Path).GetRoot())).ToList();
        // The members of each type over all its partial declarations (Var.Sin is declared in Sin.cs).
        var members = trees.SelectMany(t => t.Root.DescendantNodes().OfType<TypeDeclarationSyntax>())
            .GroupBy(t => t.Identifier.ValueText)
            .ToDictionary(g => g.Key, g => g.SelectMany(t => t.Members).SelectMany(MemberNames).ToHashSet());
        foreach (var (path, root) in trees)
        {
            bool inside = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString() == Namespace);
            bool imported = inside || root.DescendantNodes().OfType<UsingDirectiveSyntax>()
                .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == Namespace);
            foreach (var node in root.DescendantNodes(descendIntoTrivia: true))
            {
                var (name, declares) = node switch
                {
                    BaseTypeDeclarationSyntax d when inside => (d.Identifier.ValueText, true),
                    IdentifierNameSyntax id => (id.Identifier.ValueText, false),
                    _ => ("", false),
                };
                if (found.TryGetValue(name, out var files) && (declares || NamesTheType((IdentifierNameSyntax)node, imported, members)))
                    files.Add(path);
            }
        }
        return found;
    }

    private static bool NamesTheType(IdentifierNameSyntax node, bool imported, Dictionary<string, HashSet<string>> members)
    {
        switch (node.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Name == node: return IsTheNamespace(access.Expression);
            case QualifiedNameSyntax qualified when qualified.Right == node: return IsTheNamespace(qualified.Left);
            case NameMemberCrefSyntax { Parent: QualifiedCrefSyntax q }: return IsTheNamespace(q.Container);
            case MemberBindingExpressionSyntax: return false;
            case InvocationExpressionSyntax call when call.Expression == node: return false;
        }
        if (!imported) return false;
        if (SyntaxFacts.IsInTypeOnlyContext(node)) return true;
        string name = node.Identifier.ValueText;
        return !node.Ancestors().OfType<TypeDeclarationSyntax>().Any(t => members[t.Identifier.ValueText].Contains(name));
    }

    /// <summary>The names a member declaration introduces (a method, property, field, event, nested type).</summary>
    private static IEnumerable<string> MemberNames(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => [m.Identifier.ValueText],
        PropertyDeclarationSyntax p => [p.Identifier.ValueText],
        EventDeclarationSyntax e => [e.Identifier.ValueText],
        BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.ValueText),
        BaseTypeDeclarationSyntax t => [t.Identifier.ValueText],
        DelegateDeclarationSyntax d => [d.Identifier.ValueText],
        _ => [],
    };

    /// <summary>Primitives, Tangent.Primitives or global::Tangent.Primitives (files in namespace Tangent… see Primitives).</summary>
    private static bool IsTheNamespace(SyntaxNode left) =>
        left.ToString() is "Primitives" or Namespace or "global::" + Namespace;
}
