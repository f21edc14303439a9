using System.Globalization;
using Tangent.Primitives;

namespace Tangent.Symbolic;

/// <summary>
/// Writes an <see cref="Expr"/> in the plain-text formula language (so that the text parses back to
/// the same function) or in LaTeX. Subexpressions listed in a name map are written as their names.
/// </summary>
/// <remarks>
/// Precedence, loosest first: + − (1), · / (2), unary minus (3), ^ (4, right-associative, its base
/// an atom), atoms (5). Parentheses are written only where the precedence needs them.
/// −(a·b) is written −a·b: it parses as (−a)·b, which is the same number bit for bit.
/// </remarks>
internal sealed class ExprText
{
    private const int SumLevel = 1, ProductLevel = 2, UnaryLevel = 3, PowerLevel = 4, AtomLevel = 5;

    private readonly IReadOnlyDictionary<Expr, string> names;
    private readonly bool latex;
    private readonly bool piIsFree, eIsFree;

    /// <param name="names">Subexpressions to write by name (shared ones), empty for none.</param>
    /// <param name="latex">LaTeX instead of the formula language.</param>
    /// <param name="variables">The variable names in use: pi and e are written by name only when no variable takes those names.</param>
    internal ExprText(IReadOnlyDictionary<Expr, string> names, bool latex, IEnumerable<string> variables)
    {
        this.names = names;
        this.latex = latex;
        var used = variables.ToHashSet();
        piIsFree = !used.Contains("pi");
        eIsFree = !used.Contains("e");
    }

    /// <summary>e in the formula language, written out in full.</summary>
    internal static string Plain(Expr e) => new ExprText(new Dictionary<Expr, string>(), false, []).Write(e);

    /// <summary>e, with the names of the map in place of their subexpressions (but not in place of e itself).</summary>
    internal string Write(Expr e) => Text(e, top: true).Text;

    private (string Text, int Level) Text(Expr e, bool top = false)
    {
        if (!top && names.TryGetValue(e, out var name)) return (latex ? LatexName(name) : name, AtomLevel);
        return e.Kind switch
        {
            ExprKind.Constant => NumberText(e.Number),
            ExprKind.Variable => (latex ? LatexName(e.Name!) : e.Name!, AtomLevel),
            _ => e.B is null ? Unary(e) : Binary(e),
        };
    }

    private string At(Expr e, int level)
    {
        var (text, own) = Text(e);
        return own >= level ? text : latex ? $"\\left({text}\\right)" : $"({text})";
    }

    private (string, int) Unary(Expr e)
    {
        var a = e.A!;
        if (e.Is(Operators.Negate))
        {
            // −(a·b) as −a·b (see remarks): the text is then a product.
            if ((a.Is(Operators.Multiply) || a.Is(Operators.Divide)) && !names.ContainsKey(a)) return ("-" + At(a, ProductLevel), ProductLevel);
            return ("-" + At(a, UnaryLevel), UnaryLevel);
        }
        string name = e.Primitive!.FormulaName;
        if (!latex) return ($"{name}({At(a, 0)})", AtomLevel);
        var (tex, atom) = e.Primitive.Latex(At(a, 0), null);
        return (tex, atom ? AtomLevel : PowerLevel);
    }

    private (string, int) Binary(Expr e)
    {
        Expr a = e.A!, b = e.B!;
        if (e.Is(Operators.Add)) return ($"{At(a, SumLevel)} + {At(b, ProductLevel)}", SumLevel);
        if (e.Is(Operators.Subtract)) return ($"{At(a, SumLevel)} - {At(b, ProductLevel)}", SumLevel);
        if (e.Is(Operators.Multiply)) return ($"{At(a, ProductLevel)}{(latex ? " \\cdot " : "*")}{At(b, UnaryLevel)}", ProductLevel);
        if (e.Is(Operators.Divide))
            return latex ? ($"\\frac{{{At(a, 0)}}}{{{At(b, 0)}}}", PowerLevel) : ($"{At(a, ProductLevel)}/{At(b, UnaryLevel)}", ProductLevel);
        if (e.Is(Operators.Power))
            return latex ? ($"{At(a, AtomLevel)}^{{{At(b, 0)}}}", PowerLevel) : ($"{At(a, AtomLevel)}^{At(b, UnaryLevel)}", PowerLevel);
        string name = e.Primitive!.FormulaName;
        if (!latex) return ($"{name}({At(a, 0)}, {At(b, 0)})", AtomLevel);
        var (tex, atom) = e.Primitive.Latex(At(a, 0), At(b, 0));
        return (tex, atom ? AtomLevel : PowerLevel);
    }

    private (string, int) NumberText(double c)
    {
        if (double.IsNaN(c)) return (latex ? "\\mathrm{NaN}" : "(0/0)", AtomLevel);
        if (double.IsInfinity(c))
            return latex ? (c > 0 ? "\\infty" : "-\\infty", c > 0 ? AtomLevel : UnaryLevel) : (c > 0 ? "(1/0)" : "(-1/0)", AtomLevel);
        if (Math.Abs(c) == Math.PI && piIsFree) return (Signed(c, latex ? "\\pi" : "pi"), c > 0 ? AtomLevel : UnaryLevel);
        // k·π for a small integer k (2π in a Fourier term) when the double is exactly k·Math.PI, so it parses back bit for bit.
        double k = Math.Round(c / Math.PI);
        if (piIsFree && k != 0 && Math.Abs(k) <= 100 && k * Math.PI == c)
            return (latex ? $"{Number(k)}\\pi" : $"{Number(k)}*pi", ProductLevel);
        if (Math.Abs(c) == Math.E && eIsFree) return (Signed(c, "e"), c > 0 ? AtomLevel : UnaryLevel);
        string r = c.ToString("R", CultureInfo.InvariantCulture);
        int level = c < 0 ? UnaryLevel : AtomLevel;
        int exponent = r.IndexOf('E');
        if (exponent < 0) return (r, level);
        string mantissa = r[..exponent], power = r[(exponent + 1)..].TrimStart('+');
        power = power.StartsWith('-') ? "-" + power[1..].TrimStart('0') : power.TrimStart('0');
        if (latex) return ($"{mantissa} \\cdot 10^{{{power}}}", c < 0 ? UnaryLevel : ProductLevel);
        return ($"{mantissa}e{power}", level);
    }

    private static string Number(double c) => c.ToString("R", CultureInfo.InvariantCulture);

    private static string Signed(double c, string name) => c < 0 ? "-" + name : name;

    /// <summary>x → x, x1 → x_{1}, t12 → t_{12}, alpha → \alpha, longer names upright.</summary>
    internal static string LatexName(string name)
    {
        int digits = name.Length;
        while (digits > 0 && char.IsAsciiDigit(name[digits - 1])) digits--;
        string stem = name[..digits], index = name[digits..];
        string head = stem.Length == 1 ? stem
            : Greek.Contains(stem) ? "\\" + stem
            : $"\\mathrm{{{stem.Replace("_", "\\_")}}}";
        return index.Length == 0 ? head : $"{head}_{{{index}}}";
    }

    private static readonly HashSet<string> Greek =
    [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
        "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
        "Xi", "Sigma", "Phi", "Psi", "Omega",
    ];
}
