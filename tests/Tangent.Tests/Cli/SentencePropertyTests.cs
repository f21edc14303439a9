using System.Text.Json;
using CsCheck;
using Tangent.Tests.Support;

namespace Tangent.Tests.Cli;

/// <summary>
/// Properties of what the CLI says, over generated formulas at points chosen to hit kinks, domain boundaries and
/// overflow (CsCheck, in-process): no sentence of <c>report</c> claims what needs differentiability when a kink was hit,
/// and every NaN or ±Infinity printed by any command comes with a note naming its cause.
/// </summary>
public class SentencePropertyTests
{
    private static readonly string[] Unary = ["sin", "abs", "relu", "sqrt", "log", "exp", "asin", "tanh", "sign", "cbrt", "floor", "-"];
    private static readonly string[] Binary = ["+", "-", "*", "/", "^", "max", "min", "atan2", "hypot"];

    private static Gen<string> Formula(int depth)
    {
        Gen<string> g = Gen.OneOf("x", "y", "x", "y", "0", "1", "2", "-1", "710", "1e308", "0.5");
        for (int d = 0; d < depth; d++)
        {
            var sub = g;
            g = Gen.Frequency(
                (2, g),
                (3, Gen.Select(Gen.OneOf(Unary), sub, (f, a) => f == "-" ? $"-({a})" : $"{f}({a})")),
                (4, Gen.Select(Gen.OneOf(Binary), sub, sub, (op, a, b) => op.Length == 1 ? $"({a}{op}{b})" : $"{op}({a},{b})")));
        }
        return g;
    }

    /// <summary>Points on the kinks and boundaries of the primitives above, and one where exp overflows.</summary>
    private static readonly Gen<string> Point = Gen.OneOf("x=0,y=0", "x=0,y=1", "x=1,y=-1", "x=-1,y=0", "x=709,y=1", "x=1,y=1e-300");

    [Fact]
    public void NoSentenceOfReportNeedsDifferentiabilityWhereAKinkWasHit()
    {
        Gen.Select(Formula(3), Point).SampleRepeatably((formula, at) =>
        {
            var text = CliRunner.Run("report", formula, "--at", at);
            if (text.ExitCode != 0 || !text.Out.Contains("kinks hit (")) return;
            // At a kink ∇f is a convention's value: no critical point, no D_u f = ∇f·u, no u* = ∇f/|∇f|.
            Assert.DoesNotContain("critical point", text.Out);
            Assert.DoesNotContain("D_u f = ∇f·u is", text.Out);
            Assert.DoesNotContain("u* = ∇f/|∇f|", text.Out);
            var json = CliRunner.Run("report", formula, "--at", at, "--json").Json;
            Assert.Equal(JsonValueKind.Null, json.GetProperty("steepest_ascent").GetProperty("direction").ValueKind);
            Assert.DoesNotContain("critical point", json.GetProperty("steepest_ascent").GetProperty("note").GetString());
            Assert.DoesNotContain("critical point", json.GetProperty("meaning").GetString());
        }, 40);
    }

    /// <summary>True when the text has a note beyond the generic "any NaN or ±Infinity printed above comes from …".</summary>
    private static bool HasNote(string text) =>
        text.Split('\n').Any(l => l.StartsWith("note: ") && !l.StartsWith("note: any NaN"));

    private static bool HasNonFinite(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() is "NaN" or "Infinity" or "-Infinity",
        JsonValueKind.Array => e.EnumerateArray().Any(HasNonFinite),
        // The condition number of a singular Hessian is ∞ by definition, and "singular": true says so beside it.
        JsonValueKind.Object => e.EnumerateObject().Any(p => HasNonFinite(p.Value)
            && !(p.Name == "condition_number" && e.TryGetProperty("singular", out var s) && s.ValueKind == JsonValueKind.True)),
        _ => false,
    };

    [Fact]
    public void EveryNaNOrInfinityInAnyOutputHasANote()
    {
        string[][] Commands(string f, string at) =>
        [
            ["grad", f, "--at", at], ["partial", f, "--wrt", "x", "--at", at], ["dir", f, "--along", "1,2", "--at", at],
            ["hessian", f, "--at", at], ["jacobian", $"[{f}, x*y]", "--at", at], ["gradcheck", f, "--at", at],
            ["taylor", f, "--at", at], ["report", f, "--at", at],
        ];
        Gen.Select(Formula(3), Point).SampleRepeatably((formula, at) =>
        {
            foreach (var args in Commands(formula, at))
            {
                var text = CliRunner.Run(args);
                if (text.ExitCode != 0) continue;
                // The heading echoes the formula, which may itself contain "1e308": only the results are read.
                string results = string.Join('\n', text.Out.Split('\n').Where(l => !l.StartsWith("f(") && !l.StartsWith("F(")));
                if (results.Contains("NaN") || results.Contains("Infinity"))
                    Assert.True(HasNote(text.Out), $"{string.Join(" ", args)}: a non-finite number without a note:\n{text.Out}");
                var json = CliRunner.Run([.. args, "--json"]).Json;
                if (HasNonFinite(json))
                    Assert.True(json.TryGetProperty("diagnostics", out var d) && d.GetArrayLength() > 0,
                        $"{string.Join(" ", args)} --json: a non-finite number without a diagnostic:\n{json}");
            }
        }, 25);
    }
}
