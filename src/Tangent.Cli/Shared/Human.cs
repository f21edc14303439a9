using System.Globalization;

namespace Tangent.Cli.Shared;

/// <summary>
/// The human form of results: numbers to 15 significant digits, vectors in parentheses, matrices as aligned rows, and notes on kinks and domain errors.
/// </summary>
internal static class Human
{
    /// <summary>
    /// A double to 15 significant digits, the digits a double holds reliably (so 24.199999999999996, the rounded
    /// result of 24.2, reads 24.2); invariant culture; "NaN", "Infinity", "-Infinity" for non-finite values.
    /// --json prints the exact shortest round-trip form instead.
    /// </summary>
    public static string N(double v) => G(v, 15);

    /// <summary>A double in its shortest round-trip form (for machine-read output such as CSV).</summary>
    public static string Exact(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A double to <paramref name="digits"/> significant digits (exponent as e-07), for tables of measured quantities.</summary>
    public static string G(double v, int digits = 4) => v.ToString("G" + digits, CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>(v₁, v₂, …).</summary>
    public static string Vector(IEnumerable<double> v) => "(" + string.Join(", ", v.Select(N)) + ")";

    /// <summary>The variables as a tuple, e.g. "(x, y)".</summary>
    public static string Names(IEnumerable<string> names) => "(" + string.Join(", ", names) + ")";

    /// <summary>"f(x, y) = formula at (x, y) = (1, 2)".</summary>
    public static void Heading(TextWriter o, Problem p, string f = "f")
    {
        o.WriteLine($"{f}{Names(p.Names)} = {Shorten(p.Formula.Text)}");
        o.WriteLine($"at {Names(p.Names)} = {Vector(p.Point.Values)}");
    }

    /// <summary>The text, or its first 200 characters and how long it is (a formula may be 100 000 characters).</summary>
    public static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}… ({text.Length:N0} characters)";

    /// <summary>
    /// A token of the user's input quoted back in a message: itself, or its first <paramref name="limit"/> characters and
    /// how long it is (a 60 000-digit number is refused, not echoed).
    /// </summary>
    public static string Clip(string text, int limit = 40) => text.Length <= limit ? text : $"{text[..limit]}… ({text.Length:N0} characters)";

    /// <summary>A matrix as rows "[a  b]" with the columns right-aligned, each line indented.</summary>
    public static void Matrix(TextWriter o, double[,] m, string indent = "  ")
    {
        int rows = m.GetLength(0), cols = m.GetLength(1);
        var cells = new string[rows, cols];
        var width = new int[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                width[j] = Math.Max(width[j], (cells[i, j] = N(m[i, j])).Length);
        for (int i = 0; i < rows; i++)
            o.WriteLine(indent + "[" + string.Join("  ", Enumerable.Range(0, cols).Select(j => cells[i, j].PadLeft(width[j]))) + "]");
    }

    /// <summary>The kinks hit and the diagnostics (domain errors, non-finite values), one per line; nothing when there are none.</summary>
    public static void Notes(TextWriter o, IReadOnlyList<Kink> kinks, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (kinks.Count > 0)
        {
            o.WriteLine($"kinks hit ({kinks.Count}): the derivative there is a one-sided value or a convention, not a Fréchet derivative");
            foreach (var k in kinks) o.WriteLine($"  {k.Where}: {k.Convention}");
        }
        foreach (var d in diagnostics) o.WriteLine($"note: {d.Message}");
        if (diagnostics.Count > 0)
            o.WriteLine("note: NaN results above come from that; the formula is not defined (or not differentiable) at this point");
    }
}
