using System.CommandLine;
using Tangent.Formulas;

namespace Tangent.Cli.Shared;

/// <summary>
/// What a formula command works on: the parsed formula and the point, with the variable order of
/// --at, checked against each other (every variable of the formula must have a value).
/// </summary>
/// <param name="Formula">The parsed formula.</param>
/// <param name="Point">The point, in --at order.</param>
/// <param name="Json">Whether --json was given.</param>
internal sealed record Problem(Formula Formula, Point Point, bool Json)
{
    /// <summary>The variable names in --at order.</summary>
    public string[] Names => Point.Names;

    /// <summary>f as a function on the tape, inputs in --at order.</summary>
    public ScalarFunction Scalar => Formula.ToScalarFunction(Names);

    /// <summary>F as a function on the tape, inputs in --at order.</summary>
    public VectorFunction Vector => Formula.ToVectorFunction(Names);

    /// <summary>Reads the formula (stdin for "-"), --at and --json of a command built with <paramref name="options"/>.</summary>
    public static Problem Load(ParseResult parsed, CommonOptions options, Io io)
    {
        var formula = LoadFormula(parsed.GetValue(options.Formula), io)
            ?? throw new UsageException("no formula given: write e.g. tangent grad \"x^2*y\" --at x=1,y=2");
        var at = parsed.GetValue(options.At);
        if (at is null || at.Length == 0)
            throw new UsageException(formula.Variables.Count == 0
                ? "no point given: the formula has no variables (it is a constant), and derivatives are taken in the variables --at names: name at least one, e.g. --at x=1 (every partial is then 0)"
                : $"no point given: add --at with a value for each variable, e.g. --at {Example(formula)}");
        return Create(formula, PointParser.Parse(at), parsed.GetValue(options.Json));
    }

    /// <summary>Checks that the point gives every variable of the formula.</summary>
    public static Problem Create(Formula formula, Point point, bool json)
    {
        var missing = formula.Variables.Where(v => !point.Names.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"the formula uses {string.Join(", ", missing.Select(m => Human.Clip(m)))}, but --at does not give {(missing.Count == 1 ? "it" : "them")}: add {string.Join(",", missing.Select(m => Human.Clip(m) + "=<value>"))} to --at");
        return new Problem(formula, point, json);
    }

    /// <summary>The formula text, read from stdin when it is "-"; null when none was given.</summary>
    public static Formula? LoadFormula(string? text, Io io)
    {
        if (text is null) return null;
        if (text == "-")
        {
            // Read at most one character over the limit, so a huge input is an error, not a memory spike.
            var buffer = new char[Formula.MaxLength + 2];
            int read = 0, n;
            while (read < buffer.Length && (n = io.In.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            if (read == buffer.Length)
                throw new UsageException($"the formula on standard input is longer than the limit of {Formula.MaxLength:N0} characters: shorten it");
            text = new string(buffer, 0, read).TrimEnd('\r', '\n');
            if (text.Length == 0) throw new UsageException("the formula read from standard input ('-') is empty: pipe a formula in, e.g. echo \"x^2\" | tangent grad - --at x=1");
        }
        return Formula.Parse(text);
    }

    /// <summary>An example --at for the formula's variables, e.g. "x=1,y=1".</summary>
    public static string Example(Formula f) => f.Variables.Count == 0 ? "x=1" : string.Join(",", f.Variables.Select(v => v + "=1"));

    /// <summary>Throws when the formula uses more variables than a differentiability check analyses (a usage error, stated before any work).</summary>
    public void RequireCheckable()
    {
        if (Formula.Variables.Count > Tangent.Checks.Differentiability.MaxVariables)
            throw new UsageException($"the formula uses {Formula.Variables.Count:N0} variables; the differentiability check analyses at most {Tangent.Checks.Differentiability.MaxVariables:N0} (its work grows with each): fix some of them as numbers");
    }

    /// <summary>Throws unless the formula is a scalar f: Rⁿ → R; <paramref name="command"/> names the command for the hint.</summary>
    public void RequireScalar(string command)
    {
        if (Formula.IsVector)
            throw new UsageException($"{command} needs a scalar formula, but this is a vector map of {Formula.Dimension} components: use tangent jacobian for [f1, f2, ...], or give one component");
    }
}
