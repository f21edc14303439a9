using System.Globalization;
using Tangent.Formulas;

namespace Tangent.Cli.Shared;

/// <summary>A point: the variable names in --at order and their values.</summary>
internal sealed record Point(string[] Names, double[] Values)
{
    public int Dimension => Names.Length;
}

/// <summary>
/// Reads <c>--at x=1,y=-2.5e-3</c> and other number lists of the command line. Values are decimal literals
/// read with the invariant culture; every mistake is a <see cref="UsageException"/> saying how to fix it.
/// </summary>
internal static class PointParser
{
    /// <summary>Parses name=value pairs joined by commas (several --at options are joined in order).</summary>
    public static Point Parse(IReadOnlyList<string> at)
    {
        var names = new List<string>();
        var seen = new HashSet<string>();
        var values = new List<double>();
        foreach (var option in at)
        {
            if (string.IsNullOrWhiteSpace(option)) throw new UsageException("--at is empty: give the point as name=value pairs, e.g. --at x=1,y=2");
            foreach (var raw in option.Split(','))
            {
                string pair = raw.Trim();
                if (pair.Length == 0) throw new UsageException($"--at '{Human.Clip(option)}' has an empty entry (two commas in a row, or a trailing comma): write --at x=1,y=2");
                int eq = pair.IndexOf('=');
                if (eq < 0) throw new UsageException($"--at entry '{Human.Clip(pair)}' has no value: write {Human.Clip(pair)}=<number>, e.g. --at x=1,y=2");
                string name = pair[..eq].Trim(), text = pair[(eq + 1)..].Trim();
                CheckName(name, pair);
                if (!seen.Add(name)) throw new UsageException($"--at gives {Human.Clip(name)} twice: give each variable once");
                if (text.Length == 0) throw new UsageException($"--at entry '{Human.Clip(pair)}' has no value: write {Human.Clip(name)}=<number>, e.g. {Human.Clip(name)}=1.5");
                names.Add(name);
                values.Add(Number(text, $"the value of {name} in --at"));
            }
        }
        if (names.Count == 0) throw new UsageException("--at is empty: give the point as name=value pairs, e.g. --at x=1,y=2");
        return new Point([.. names], [.. values]);
    }

    /// <summary>A variable name: ASCII letters, digits and '_', not starting with a digit, not a constant or function.</summary>
    public static void CheckName(string name, string context)
    {
        if (name.Length == 0) throw new UsageException($"--at entry '{Human.Clip(context)}' has no variable name: write name=value, e.g. x=1");
        if (!IsIdentifier(name))
            throw new UsageException($"'{Human.Clip(name)}' is not a variable name: use ASCII letters, digits and '_', starting with a letter (e.g. x, x1, alpha)");
        if (name == "e") throw new UsageException("e is Euler's number (2.718…), not a variable: rename the variable, e.g. to e1");
        if (name == "pi") throw new UsageException("pi is the constant π, not a variable: rename the variable, e.g. to p");
        if (Formula.IsReservedName(name)) throw new UsageException($"{name} is a function name, not a variable: rename the variable");
    }

    /// <summary>A finite decimal number, or a <see cref="UsageException"/> naming <paramref name="what"/>.</summary>
    public static double Number(string text, string what)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            throw new UsageException($"{what} is '{Human.Clip(text)}', which is not a number: write a decimal such as -1.2, 4000 or 1e-8");
        if (!double.IsFinite(v))
            throw new UsageException($"{what} is '{Human.Clip(text)}', which is not finite: give a finite number");
        return v;
    }

    /// <summary>A comma-separated list of numbers, e.g. --along 3,4.</summary>
    public static double[] Numbers(string text, string what)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"{what} is empty: give numbers joined by commas, e.g. 3,4");
        return [.. text.Split(',').Select((s, i) => Number(s.Trim(), $"entry {i + 1} of {what}"))];
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_')) return false;
        foreach (char c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }
}
