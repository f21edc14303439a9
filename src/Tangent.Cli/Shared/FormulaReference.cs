using System.Text;
using Tangent.Formulas;
using Tangent.Primitives;

namespace Tangent.Cli.Shared;

/// <summary>
/// The formula language in one Markdown page: what <c>tangent help formulas</c> prints and docs/formulas.md holds
/// (a test keeps the file equal to this text). The function table is generated from the primitive registry
/// (<see cref="Primitive.All"/>: formula name, signature, domain, kink convention), so a new primitive appears here
/// by its declaration alone.
/// </summary>
internal static class FormulaReference
{
    /// <summary>Where the page lives in the repository.</summary>
    public const string Path = "docs/formulas.md";

    /// <summary>A sample outside every stated domain is looked for here when a declaration states none.</summary>
    private static readonly double[] Probes = [-1e6, -10, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2, 10, 1e6];

    public static string Text()
    {
        var o = new StringBuilder();
        o.Append($$"""
            # The formula language

            <!-- Generated: `tangent help formulas` prints this page. After adding a primitive, regenerate it with
                 dotnet run --project src/Tangent.Cli -- help formulas > docs/formulas.md -->

            Every `tangent` command takes one formula, quoted as one argument (`"x^2*y + sin(y)"`), or `-` to read it
            from standard input. Variables get their values from `--at x=1,y=2`; their order there is the order of every
            vector and matrix printed.

            ## Grammar

            ```
            formula := expr | "[" expr ("," expr)* "]"          a scalar f, or a vector map [f1, f2, ...] (jacobian, taylor)
            expr    := term (("+" | "-") term)*
            term    := unary (("*" | "/") unary)*
            unary   := ("-" | "+") unary | power
            power   := atom ("^" unary)?                         right-associative
            atom    := number | name | name "(" args ")" | "(" expr ")"
            cond    := comparisons < <= > >= == != combined by && || ! and ( )   (only as the first argument of if)
            ```

            ## Operators, loosest first

            | operator | meaning | notes |
            |---|---|---|
            | `a + b`, `a - b` | sum, difference | left-associative |
            | `a * b`, `a / b` | product, quotient | left-associative; `a / b` needs b ≠ 0 |
            | `-a`, `+a` | negation | binds tighter than `*` and `/`, looser than `^`: `-x^2` = −(x²), `-2^x` = −(2ˣ) |
            | `a ^ b` | power | right-associative: `x^y^z` = x^(y^z); `2^-x` is allowed; see `pow` below for its domain |

            There is no implicit product: `2x` is an error with the hint "write 2*x". Constant integer exponents apply to
            negative and zero bases (`x^2` at x = −1.2; the derivative of `u^2` at u = 0 is 0).

            ## Numbers, names, constants

            - Numbers are decimal literals read with the invariant culture: `4000`, `-1.2`, `1e-8`, `2.855e-6`, `.5`.
            - Names are ASCII letters, digits and `_`, not starting with a digit, and case-sensitive (`X` is not `x`).
            - Constants: `pi` (π) and `e` (Euler's number; `e^x` is `exp(x)`). Neither can be a variable, and no function
              name can be one.
            - Typographic look-alikes (− × · ÷ π √ ² ≤ ≥ ≠ and curly quotes) are refused with the ASCII to type instead.

            ## Conditions: `if(cond, a, b)`

            `if` is lazy: only the branch selected at the point is evaluated, so the other may be undefined there
            (`if(x > 0, sqrt(x), sqrt(-x))` at x = −3). Conditions compare with `<` `<=` `>` `>=` `==` `!=` and combine
            with `&&` (binds tighter), `||` and `!`; comparisons do not chain (write `a < b && b < c`). A comparison that
            sits exactly on its boundary (`x > 0` at x = 0) is reported as a kink: the branch taken gives a one-sided
            derivative. Derivatives are those of the branch taken, valid while every comparison keeps its outcome.

            ## Functions

            Each function is one primitive of the library, declared once with its value, derivatives, domain and kink
            convention. Outside its domain a function gives NaN (or ±∞), and the output says which operation produced it.
            At a kink the derivative printed is the stated convention, and the output lists the kink (see
            [kinks.md](kinks.md)).

            | function | domain | at a kink |
            |---|---|---|

            """);
        foreach (var p in Primitive.All.Where(p => p.FormulaName.Length > 0).OrderBy(p => p.FormulaName, StringComparer.Ordinal))
            o.Append($"| `{p.Signature}` | {DomainOf(p)} | {(p.KinkConvention.Length == 0 ? "smooth" : Cell(p.KinkConvention))} |\n");
        o.Append($$"""

            The operators are primitives too: {{string.Join(", ", Primitive.All.Where(p => p.FormulaName.Length == 0).Select(p => $"`{p.Name}`{(p.Domain.Length > 0 ? $" ({p.Domain})" : "")}"))}}.

            ## Limits

            - A formula is at most {{Formula.MaxLength:N0}} characters and nests at most {{Formula.MaxDepth}} levels of
              parentheses, calls and operators; past either, an error says so (never a stack overflow).
            - A number too large for a double (over about 1.8e308) is an error.
            - The recorded graph of a formula is limited in size; a formula whose evaluation would exceed it is an error
              that names the limit.
            - Errors name the position with a caret under it, say how to fix the formula, and exit with status 2.

            """);
        return o.ToString();
    }

    /// <summary>
    /// The declared domain; where a declaration states none but rejects some probe, "restricted" rather than a false
    /// "all real numbers".
    /// </summary>
    private static string DomainOf(Primitive p)
    {
        if (p.Domain.Length > 0) return Cell(p.Domain);
        bool restricted = p.Arity == 1
            ? Probes.Any(a => p.OutsideDomain(a, 0))
            : Probes.Any(a => Probes.Any(b => p.OutsideDomain(a, b)));
        return restricted ? "restricted (NaN outside; the output names the operation)" : "all real numbers";
    }

    /// <summary>Text for a Markdown table cell ('|' escaped).</summary>
    private static string Cell(string text) => text.Replace("|", "\\|");
}
