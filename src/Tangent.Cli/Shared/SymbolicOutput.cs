using System.CommandLine;
using System.Text.Json;
using Tangent.Symbolic;

namespace Tangent.Cli.Shared;

/// <summary>
/// The --symbolic and --latex options of grad, jacobian and hessian: the derivative formulas read off
/// the graph recorded at --at (so an if() is fixed to the branch taken there, and the output says so).
/// Human output prints them after the numbers (--latex: as a LaTeX aligned block; it implies
/// --symbolic); --json adds "symbolic": {"definitions": [{"name", "formula", "latex"}],
/// "entries": [...] or [[...]], "latex": [...] or [[...]], "conditions": [...]}.
/// </summary>
internal sealed class SymbolicOptions
{
    /// <summary>--symbolic: print the derivative formulas.</summary>
    public Option<bool> Symbolic { get; } = new("--symbolic")
    {
        Description = "Also print the derivative formulas, simplified, with shared subexpressions named t1, t2, … (valid where the branch decisions taken at --at hold).",
    };

    /// <summary>--latex: print the formulas in LaTeX.</summary>
    public Option<bool> Latex { get; } = new("--latex") { Description = "Print the derivative formulas in LaTeX (implies --symbolic)." };

    /// <summary>Adds --symbolic and --latex to <paramref name="command"/>.</summary>
    public void Add(Command command)
    {
        command.Options.Add(Symbolic);
        command.Options.Add(Latex);
    }

    /// <summary>Whether formulas were asked for, and in LaTeX.</summary>
    public (bool Wanted, bool Latex) Read(ParseResult parsed)
    {
        bool latex = parsed.GetValue(Latex);
        return (latex || parsed.GetValue(Symbolic), latex);
    }
}

/// <summary>Computes and writes the symbolic part of a command's output.</summary>
internal static class SymbolicOutput
{
    /// <summary>
    /// The formulas of <paramref name="what"/> ("gradient", "jacobian", "hessian") for the problem, or the
    /// reason there are none (a graph too large to print): a note, not an error, since the numbers stand.
    /// </summary>
    public static (SymbolicResult? Result, string? Note) Compute(Problem p, string what)
    {
        try
        {
            if (what == "jacobian")
                return (SymbolicDerivatives.Jacobian(Differentiate.Record(p.Vector, p.Point.Values), p.Names), null);
            var g = Differentiate.Record(p.Scalar, p.Point.Values);
            return (what == "hessian" ? SymbolicDerivatives.Hessian(g, p.Names) : SymbolicDerivatives.Gradient(g, p.Names), null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>A blank line, then the formulas as text or LaTeX (or the note why there are none).</summary>
    public static void Human(TextWriter o, (SymbolicResult? Result, string? Note) s, bool latex)
    {
        o.WriteLine();
        if (s.Result is null)
        {
            o.WriteLine($"note: no symbolic formulas: {s.Note}");
            return;
        }
        o.Write(latex ? s.Result.ToLatex() : s.Result.ToText());
    }

    /// <summary>The "symbolic" member (or "symbolic_note" when there are no formulas).</summary>
    public static void Json(Utf8JsonWriter w, (SymbolicResult? Result, string? Note) s)
    {
        if (s.Result is not { } r)
        {
            w.WriteString("symbolic_note", s.Note);
            return;
        }
        w.WriteStartObject("symbolic");
        w.WriteStartArray("definitions");
        foreach (var d in r.Definitions)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("formula", d.Text);
            w.WriteString("latex", d.Latex);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        switch (r)
        {
            case SymbolicGradient g:
                Strings(w, "entries", g.Entries);
                Strings(w, "latex", g.LatexEntries);
                break;
            case SymbolicMatrix m:
                Rows(w, "entries", m.Entries);
                Rows(w, "latex", m.LatexEntries);
                break;
        }
        Strings(w, "conditions", r.Conditions);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string? name, IEnumerable<string> items)
    {
        if (name is null) w.WriteStartArray();
        else w.WriteStartArray(name);
        foreach (var s in items) w.WriteStringValue(s);
        w.WriteEndArray();
    }

    private static void Rows(Utf8JsonWriter w, string name, TextMatrix m)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < m.Rows; i++) Strings(w, null, Enumerable.Range(0, m.Columns).Select(j => m[i, j]));
        w.WriteEndArray();
    }
}
