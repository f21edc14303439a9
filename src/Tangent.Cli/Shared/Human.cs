using System.Globalization;

namespace Tangent.Cli.Shared;

/// <summary>
/// The human form of results: vectors in parentheses, matrices as aligned rows, and notes on kinks and domain errors.
/// One rule for digits: a quantity computed exactly to rounding (value, partials, gradient, Hessian, eigenvalues,
/// condition number, model coefficients) prints 15 significant digits (<see cref="N"/>); a quantity measured from
/// samples of f (difference quotients, remainders, rates, orders, errors) prints 6 (<see cref="Measured"/>), since its
/// own error is larger than that; an observed order of convergence (a slope of log remainders) prints 2 decimals
/// (<see cref="Order"/>). --json prints every number in its exact shortest round-trip form.
/// </summary>
internal static class Human
{
    /// <summary>
    /// A double to 15 significant digits, the digits a double holds reliably (so 24.199999999999996, the rounded
    /// result of 24.2, reads 24.2); invariant culture; "NaN", "Infinity", "-Infinity" for non-finite values.
    /// --json prints the exact shortest round-trip form instead.
    /// </summary>
    public static string N(double v) => G(v, 15);

    /// <summary>A measured quantity (difference quotient, remainder, rate, error estimate) to 6 significant digits.</summary>
    public static string Measured(double v) => G(v, 6);

    /// <summary>An observed order of convergence (the slope of log r against log h) to 2 decimals: 2.00, 0.99.</summary>
    public static string Order(double q) => q.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A double in its shortest round-trip form (for machine-read output such as CSV).</summary>
    public static string Exact(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A double to <paramref name="digits"/> significant digits (exponent as e-07), for tables of measured quantities.</summary>
    public static string G(double v, int digits = 4) => v.ToString("G" + digits, CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>(v₁, v₂, …).</summary>
    public static string Vector(IEnumerable<double> v) => "(" + string.Join(", ", v.Select(N)) + ")";

    /// <summary>A vector of up to 12 entries in full; a longer one as its first 10 and how many there are (--json lists all).</summary>
    public static string Clipped(double[] v) =>
        v.Length <= 12 ? Vector(v) : $"({string.Join(", ", v.Take(10).Select(N))}, … {v.Length:N0} entries in all)";

    /// <summary>The variables as a tuple, e.g. "(x, y)".</summary>
    public static string Names(IEnumerable<string> names) => "(" + string.Join(", ", names) + ")";

    /// <summary>"f(x, y) = formula at (x, y) = (1, 2)".</summary>
    public static void Heading(TextWriter o, Problem p, string f = "f")
    {
        int n = p.Names.Length;
        if (n <= MaxListed)
        {
            o.WriteLine($"{f}{Names(p.Names)} = {Shorten(p.Formula.Text)}");
            o.WriteLine($"at {Names(p.Names)} = {Vector(p.Point.Values)}");
            return;
        }
        // Thousands of variables would make the heading the whole output: the first few and the last, and the count.
        string names = $"({string.Join(", ", p.Names.Take(MaxListed - 2))}, …, {p.Names[^1]})";
        o.WriteLine($"{f}{names} = {Shorten(p.Formula.Text)}   ({n:N0} variables)");
        o.WriteLine($"at {names} = ({string.Join(", ", p.Point.Values.Take(MaxListed - 2).Select(N))}, …, {N(p.Point.Values[^1])})");
    }

    /// <summary>The most variables a heading lists one by one.</summary>
    private const int MaxListed = 12;

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

    /// <summary>
    /// The kinks hit (each place once, with how often when repeated) and the diagnostics (domain errors, overflow,
    /// non-finite derivatives), one per line; nothing when there are none.
    /// </summary>
    public static void Notes(TextWriter o, IReadOnlyList<Kink> kinks, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (kinks.Count > 0)
        {
            o.WriteLine($"kinks hit ({kinks.Count}): the derivative there is a one-sided value or a convention, not a Fréchet derivative");
            foreach (var same in kinks.GroupBy(k => (k.Where, k.Convention)))
                o.WriteLine($"  {same.Key.Where}: {same.Key.Convention}{(same.Count() > 1 ? $" ({same.Count()} times)" : "")}");
        }
        foreach (var d in diagnostics) o.WriteLine($"note: {d.Message}");
        // The note on a non-finite value of f (Diagnostic.Output) names no operation; the others each name one.
        int operations = diagnostics.Count(d => d.Primitive != Diagnostic.Output);
        if (operations > 0)
            // Only what is always true: the notes name the operations a non-finite number can come from. Whether f is
            // undefined there, overflowed, or was defined all along (NaN in an if's condition) is the note's to say.
            o.WriteLine($"note: any NaN or ±Infinity printed above comes from {(operations == 1 ? "that operation" : "those operations")}");
    }
}
