using System.Diagnostics;

namespace Tangent.Tests.Cli;

/// <summary>
/// Generated command lines through the real entry point, in-process: a few thousand formulas (most of them broken,
/// many undefined or on a kink at the point) through every formula command. Whatever the input: exit 0 or 2, never a
/// stack trace; a usage error prints nothing on stdout; every NaN or ±Infinity printed comes with a note that explains
/// it; a report that hit a kink claims no critical point; every call returns promptly.
/// </summary>
public class FuzzTests
{
    private static readonly string[] Tokens =
    [
        "x", "y", "x", "y", "1", "0", "2", "0.5", "1e308", "1e-320", "e", "pi", "+", "-", "*", "/", "^", "(", ")", ",",
        "sin(", "abs(", "relu(", "sqrt(", "log(", "exp(", "asin(", "atan2(", "max(", "if(x>0,", "if(x==0&&y==0,", "sign(",
        "sine(", "2x", "×", "[", "]", "<", "&&", "!", "1e999", "pow(",
    ];

    private static readonly string[] Functions = ["sin", "cos", "abs", "relu", "sqrt", "log", "exp", "asin", "tanh", "sign", "softplus", "atan"];

    /// <summary>A well-formed formula in x and y (often undefined or on a kink at the points used).</summary>
    private static string Valid(Random r, int depth)
    {
        if (depth == 0 || r.Next(4) == 0)
            return r.Next(5) switch { 0 => "x", 1 => "y", 2 => "0", 3 => "1", _ => (r.Next(7) - 3).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        string a = Valid(r, depth - 1), b = Valid(r, depth - 1);
        return r.Next(9) switch
        {
            0 => $"({a}+{b})",
            1 => $"({a}-{b})",
            2 => $"{a}*{b}",
            3 => $"{a}/{b}",
            4 => $"({a})^{r.Next(4)}",
            5 => $"max({a},{b})",
            6 => $"if({a}>{b},{a},{b})",
            7 => $"atan2({a},{b})",
            _ => $"{Functions[r.Next(Functions.Length)]}({a})",
        };
    }

    /// <summary>Tokens thrown together: mostly not a formula.</summary>
    private static string Noise(Random r) => string.Concat(Enumerable.Range(0, 1 + r.Next(10)).Select(_ => Tokens[r.Next(Tokens.Length)]));

    private static readonly string[] Points = ["x=0,y=0", "x=1,y=-1", "x=0.5,y=2", "x=1e-9,y=1e6", "x=-1,y=0"];

    private static void AssertWellBehaved(string[] args, CliRunner.Outcome r, TimeSpan elapsed)
    {
        string call = string.Join(" ", args.Select(a => $"'{a}'"));
        Assert.True(r.ExitCode is 0 or 2, $"exit {r.ExitCode} for {call}: {r.Error}");
        Assert.DoesNotContain("   at ", r.Error);
        Assert.DoesNotContain("   at ", r.Out);
        Assert.DoesNotContain("internal error", r.Error);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"{call} took {elapsed.TotalSeconds:F1} s");
        if (r.ExitCode == 2)
        {
            Assert.True(r.Out == "", $"a usage error wrote to stdout: {call}");
            Assert.StartsWith("tangent: ", r.Error);
            return;
        }
        // Every NaN or ±Infinity printed is explained (the formula's own text, echoed in the heading, is not a result).
        string results = string.Join('\n', r.Out.Split('\n').Where(l => !l.StartsWith("f(") && !l.StartsWith("F(")));
        if (results.Contains("NaN") || results.Contains("Infinity"))
            Assert.True(results.Contains("note: ") || results.Contains("\"diagnostics\""), $"a non-finite number without a note for {call}:\n{r.Out}");
    }

    [Fact]
    public void ThousandsOfGeneratedFormulasThroughEveryCommandExitCleanly()
    {
        var random = new Random(20261203);
        var clock = Stopwatch.StartNew();
        int calls = 0;
        for (int i = 0; i < 2000; i++)
        {
            string formula = i % 2 == 0 ? Valid(random, 3) : Noise(random);
            string at = Points[random.Next(Points.Length)];
            string[][] commands =
            [
                ["grad", formula, "--at", at],
                ["grad", formula, "--at", at, "--json"],
                ["hessian", formula, "--at", at],
                ["partial", formula, "--wrt", "x", "--at", at],
                ["dir", formula, "--at", at, "--along", "3,4"],
                ["jacobian", $"[{formula}, x*y]", "--at", at],
            ];
            foreach (var args in i % 4 == 0 ? commands : commands[..2])
            {
                var start = clock.Elapsed;
                var r = CliRunner.Run(args);
                AssertWellBehaved(args, r, clock.Elapsed - start);
                calls++;
            }
        }
        Assert.True(calls > 4000);
    }

    [Fact]
    public void GeneratedFormulasThroughTheMeasuringCommandsExitCleanlyAndReportNoCriticalPointAtAKink()
    {
        // check, report, taylor and gradcheck sample f many times per call: fewer formulas, the same guarantees.
        var random = new Random(20261204);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 60; i++)
        {
            string formula = i % 3 == 2 ? Noise(random) : Valid(random, 2);
            string at = Points[random.Next(Points.Length)];
            foreach (var args in (string[][])[["check", formula, "--at", at], ["report", formula, "--at", at], ["taylor", formula, "--at", at], ["gradcheck", formula, "--at", at]])
            {
                var start = clock.Elapsed;
                var r = CliRunner.Run(args);
                AssertWellBehaved(args, r, clock.Elapsed - start);
                if (args[0] == "report" && r.ExitCode == 0 && r.Out.Contains("kinks hit ("))
                    Assert.DoesNotContain("critical point", r.Out);
            }
        }
    }
}
