namespace Tangent.Formulas;

/// <summary>
/// A formula that cannot be read: what is wrong, where (a 0-based character position), and how to
/// fix it. <see cref="Exception.Message"/> holds the one-line summary followed by the formula (or the
/// part of it around the spot) and a caret under the spot.
/// </summary>
public sealed class FormulaException : FormatException
{
    /// <summary>A parse error at <paramref name="position"/> of <paramref name="formula"/>.</summary>
    public FormulaException(string formula, int position, string problem, string hint)
        : base(Compose(formula, position, ClipQuoted(problem), ClipQuoted(hint)))
    {
        Formula = formula;
        Position = position;
        Problem = ClipQuoted(problem);
        Hint = ClipQuoted(hint);
    }

    /// <summary>The longest piece of the formula quoted back in a message; a longer one is cut and its length given.</summary>
    private const int MaxQuoted = 40;

    /// <summary>
    /// The message with every quoted piece of the formula ('…') cut to <see cref="MaxQuoted"/> characters: a
    /// 60 000-digit number or a 5 000-letter name is refused in one readable line, not echoed whole.
    /// </summary>
    private static string ClipQuoted(string message) => System.Text.RegularExpressions.Regex.Replace(message, "'([^']{" + (MaxQuoted + 1) + ",})'",
        m => $"'{m.Groups[1].Value[..MaxQuoted]}…' ({m.Groups[1].Value.Length:N0} characters)");

    /// <summary>The formula as given.</summary>
    public string Formula { get; }

    /// <summary>The 0-based character position of the mistake (the length of the formula for "at the end").</summary>
    public int Position { get; }

    /// <summary>What is wrong, e.g. "unknown function 'sine'".</summary>
    public string Problem { get; }

    /// <summary>How to fix it, e.g. "did you mean sin?".</summary>
    public string Hint { get; }

    /// <summary>One line: the problem, its column (1-based) and the hint.</summary>
    public string Summary => SummaryOf(Position, Problem, Hint);

    /// <summary>The formula, or a window of it around the mistake, on one line (control characters shown as spaces).</summary>
    public string Excerpt => Window(Formula, Position).Text;

    /// <summary>A line with a caret under the mistake in <see cref="Excerpt"/>.</summary>
    public string Caret => new string(' ', Window(Formula, Position).Column) + "^";

    private static string SummaryOf(int position, string problem, string hint)
        => $"{problem} at column {position + 1}" + (hint.Length > 0 ? $": {hint}" : "");

    private static string Compose(string formula, int position, string problem, string hint)
    {
        var (text, column) = Window(formula, position);
        return $"{SummaryOf(position, problem, hint)}{Environment.NewLine}  {text}{Environment.NewLine}  {new string(' ', column)}^";
    }

    /// <summary>At most ~70 characters of the formula around <paramref name="position"/>, and the caret's column in them.</summary>
    private static (string Text, int Column) Window(string formula, int position)
    {
        const int Before = 35, After = 35;
        position = Math.Clamp(position, 0, formula.Length);
        int start = Math.Max(0, position - Before);
        int end = Math.Min(formula.Length, position + After);
        var chars = formula.AsSpan(start, end - start).ToArray();
        for (int i = 0; i < chars.Length; i++)
            if (char.IsControl(chars[i])) chars[i] = ' ';
        string prefix = start > 0 ? "…" : "", suffix = end < formula.Length ? "…" : "";
        return (prefix + new string(chars) + suffix, prefix.Length + position - start);
    }
}
