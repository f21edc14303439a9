using System.Text;

namespace Tangent.Symbolic;

/// <summary>A named shared subexpression: <c>Name = Text</c>, used by later definitions and by the entries.</summary>
/// <param name="Name">t1, t2, … (another letter when a variable is called t1).</param>
/// <param name="Text">The definition in the formula language.</param>
/// <param name="Latex">The definition in LaTeX.</param>
public sealed record SymbolicDefinition(string Name, string Text, string Latex);

/// <summary>
/// Derivative formulas read off a recorded graph: the entries, written in the formula language (they
/// parse back) and in LaTeX, after the shared subexpressions they use (<see cref="Definitions"/>).
/// </summary>
/// <remarks>
/// The formulas describe the function along the control flow that was recorded: where the function
/// branched (an <c>if</c>, a comparison in C# code), the branch taken at the recorded point is fixed,
/// so they are valid where the <see cref="Conditions"/> hold.
/// </remarks>
public abstract class SymbolicResult
{
    private protected SymbolicResult(string what, IReadOnlyList<string> variables, IReadOnlyList<SymbolicDefinition> definitions,
        IReadOnlyList<string> conditions, IReadOnlyList<string> latexConditions)
    {
        What = what;
        Variables = variables;
        Definitions = definitions;
        Conditions = conditions;
        LatexConditions = latexConditions;
    }

    /// <summary>"gradient", "Jacobian" or "Hessian".</summary>
    public string What { get; }

    /// <summary>The variables, in the order of the entries.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>The named shared subexpressions, each using only earlier names.</summary>
    public IReadOnlyList<SymbolicDefinition> Definitions { get; }

    /// <summary>The recorded branch decisions as conditions (e.g. "x &gt; 0"); empty when the function did not branch.</summary>
    public IReadOnlyList<string> Conditions { get; }

    /// <summary>The conditions in LaTeX.</summary>
    public IReadOnlyList<string> LatexConditions { get; }

    /// <summary>Where the formulas hold, in words; null when the function did not branch.</summary>
    public string? Note => Conditions.Count == 0 ? null
        : "valid where the recorded branch decisions hold: " + string.Join(", ", Conditions);

    /// <summary>Each entry with its label, e.g. ("∂f/∂x", "2*x", "\frac{\partial f}{\partial x}", "2 \cdot x").</summary>
    private protected abstract IEnumerable<(string Label, string Text, string LatexLabel, string Latex)> Labelled();

    /// <summary>The formulas as readable text: definitions, then one line per entry.</summary>
    public string ToText()
    {
        var s = new StringBuilder();
        s.Append("symbolic ").Append(What);
        if (Note is not null) s.Append(" (").Append(Note).Append(')');
        s.AppendLine(":");
        foreach (var d in Definitions) s.Append("  ").Append(d.Name).Append(" = ").AppendLine(d.Text);
        foreach (var (label, text, _, _) in Labelled()) s.Append("  ").Append(label).Append(" = ").AppendLine(text);
        return s.ToString();
    }

    /// <summary>The formulas as a LaTeX <c>aligned</c> block: definitions, then one row per entry.</summary>
    public string ToLatex()
    {
        var rows = Definitions.Select(d => $"{ExprText.LatexName(d.Name)} &= {d.Latex}")
            .Concat(Labelled().Select(e => $"{e.LatexLabel} &= {e.Latex}"))
            .ToList();
        var s = new StringBuilder();
        if (LatexConditions.Count > 0)
            s.Append("% valid where the recorded branch decisions hold: ").AppendLine(string.Join(", ", LatexConditions));
        s.AppendLine("\\begin{aligned}");
        s.AppendLine(string.Join(" \\\\\n", rows));
        s.AppendLine("\\end{aligned}");
        return s.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();
}

/// <summary>Symbolic gradient: <see cref="Entries"/>[j] = ∂f/∂xⱼ.</summary>
public sealed class SymbolicGradient : SymbolicResult
{
    internal SymbolicGradient(IReadOnlyList<string> variables, IReadOnlyList<SymbolicDefinition> definitions,
        IReadOnlyList<string> conditions, IReadOnlyList<string> latexConditions, string[] entries, string[] latexEntries, Expr[] expressions)
        : base("gradient", variables, definitions, conditions, latexConditions)
    {
        // Read-only views: the printed text (ToText, ToLatex) reads these lists, so a caller must not be able to edit them.
        Entries = Array.AsReadOnly(entries);
        LatexEntries = Array.AsReadOnly(latexEntries);
        Expressions = expressions;
    }

    /// <summary>∂f/∂xⱼ in the formula language, using the names of <see cref="SymbolicResult.Definitions"/>.</summary>
    public IReadOnlyList<string> Entries { get; }

    /// <summary>∂f/∂xⱼ in LaTeX.</summary>
    public IReadOnlyList<string> LatexEntries { get; }

    /// <summary>The entries as expressions, shared subexpressions in place.</summary>
    internal Expr[] Expressions { get; }

    private protected override IEnumerable<(string, string, string, string)> Labelled() =>
        Variables.Select((v, j) => ($"∂f/∂{v}", Entries[j], $"\\frac{{\\partial f}}{{\\partial {ExprText.LatexName(v)}}}", LatexEntries[j]));
}

/// <summary>
/// A symbolic matrix of derivatives: the Jacobian (<see cref="Entries"/>[i, j] = ∂fᵢ/∂xⱼ) or the
/// Hessian (<see cref="Entries"/>[i, j] = ∂²f/∂xᵢ∂xⱼ, symmetric).
/// </summary>
public sealed class SymbolicMatrix : SymbolicResult
{
    internal SymbolicMatrix(string what, IReadOnlyList<string> variables, IReadOnlyList<SymbolicDefinition> definitions,
        IReadOnlyList<string> conditions, IReadOnlyList<string> latexConditions, string[,] entries, string[,] latexEntries, Expr[,] expressions)
        : base(what, variables, definitions, conditions, latexConditions)
    {
        // Read-only views, as for the gradient: the printed text reads these entries.
        Entries = new TextMatrix(entries);
        LatexEntries = new TextMatrix(latexEntries);
        Expressions = expressions;
    }

    /// <summary>The entries in the formula language, using the names of <see cref="SymbolicResult.Definitions"/> (read-only).</summary>
    public TextMatrix Entries { get; }

    /// <summary>The entries in LaTeX (read-only).</summary>
    public TextMatrix LatexEntries { get; }

    /// <summary>The entries as expressions.</summary>
    internal Expr[,] Expressions { get; }

    private protected override IEnumerable<(string, string, string, string)> Labelled()
    {
        bool hessian = What == "Hessian";
        for (int i = 0; i < Entries.Rows; i++)
            for (int j = 0; j < Entries.Columns; j++)
            {
                string xj = Variables[j], lj = ExprText.LatexName(xj);
                if (!hessian)
                {
                    yield return ($"∂f{i + 1}/∂{xj}", Entries[i, j], $"\\frac{{\\partial f_{{{i + 1}}}}}{{\\partial {lj}}}", LatexEntries[i, j]);
                    continue;
                }
                if (j < i) continue; // symmetric: the upper triangle says it all
                string xi = Variables[i], li = ExprText.LatexName(xi);
                string label = i == j ? $"∂²f/∂{xi}²" : $"∂²f/∂{xi}∂{xj}";
                string latexLabel = i == j ? $"\\frac{{\\partial^2 f}}{{\\partial {li}^2}}" : $"\\frac{{\\partial^2 f}}{{\\partial {li} \\partial {lj}}}";
                yield return (label, Entries[i, j], latexLabel, LatexEntries[i, j]);
            }
    }
}
