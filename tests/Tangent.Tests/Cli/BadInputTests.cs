namespace Tangent.Tests.Cli;

/// <summary>
/// Every kind of bad input gives exit code 2, nothing on stdout, and a short message on stderr that says what is
/// wrong and how to fix it: one line, or for a formula error that line plus the formula and a caret under the spot.
/// </summary>
public class BadInputTests
{
    private static readonly string Deep = new string('(', 10_000) + "x" + new string(')', 10_000);
    private static readonly string Huge = string.Concat(Enumerable.Repeat("x+", 500_000)) + "x";

    public static TheoryData<string, string[], string> Cases => new()
    {
        { "unbalanced '(' says where it opened", ["grad", "sin(x + (y", "--at", "x=1,y=2"], "the '(' at column 9 is never closed" },
        { "stray ')'", ["grad", "x + y)", "--at", "x=1,y=2"], "unmatched ')'" },
        { "unknown function suggests the nearest name", ["grad", "sine(x)", "--at", "x=1"], "did you mean sin?" },
        { "wrong case of a function", ["grad", "Exp(x)", "--at", "x=1"], "did you mean exp?" },
        { "wrong number of arguments", ["grad", "atan2(x)", "--at", "x=1"], "atan2 takes 2 arguments, but 1 was given" },
        { "too many arguments to if", ["grad", "if(x > 0, 1, 2, 3)", "--at", "x=1"], "if takes 3 arguments" },
        { "empty formula", ["grad", "", "--at", "x=1"], "the formula is empty" },
        { "blank formula", ["grad", "   ", "--at", "x=1"], "the formula is empty" },
        { "trailing operator", ["grad", "x*y +", "--at", "x=1,y=2"], "the formula ends after '+'" },
        { "two operators in a row", ["grad", "x */ y", "--at", "x=1,y=2"], "two operators in a row" },
        { "2x needs a star", ["grad", "2x + 1", "--at", "x=1"], "write 2*x" },
        { "call without arguments", ["grad", "sin()", "--at", "x=1"], "sin takes 1 argument, but 0 were given" },
        { "empty parentheses", ["grad", "x*()", "--at", "x=1"], "empty parentheses" },
        { "unknown variable in --wrt", ["partial", "x*y", "--wrt", "z", "--at", "x=1,y=2"], "--wrt z: unknown variable" },
        { "variable missing from --at", ["grad", "x*y", "--at", "x=1"], "the formula uses y, but --at does not give it" },
        { "duplicated variable in --at", ["grad", "x", "--at", "x=1,x=2"], "--at gives x twice" },
        { "non-numeric value", ["grad", "x", "--at", "x=one"], "'one', which is not a number" },
        { "value missing in --at", ["grad", "x", "--at", "x="], "has no value" },
        { "entry without '=' in --at", ["grad", "x", "--at", "x"], "has no value" },
        { "e as a variable", ["grad", "x", "--at", "x=1,e=2"], "e is Euler's number" },
        { "pi as a variable", ["grad", "x", "--at", "pi=3,x=1"], "pi is the constant" },
        { "10 000-deep nesting", ["grad", Deep, "--at", "x=1"], "nested deeper than 256 levels" },
        { "1 MB formula", ["grad", Huge, "--at", "x=1"], "over the limit of 100,000" },
        { "vector map given to grad", ["grad", "[x, y]", "--at", "x=1,y=2"], "grad needs a scalar formula" },
        { "vector map given to hessian", ["hessian", "[x, y]", "--at", "x=1,y=2"], "hessian needs a scalar formula" },
        { "vector map given to dir", ["dir", "[x, y]", "--at", "x=1,y=2", "--along", "1,0"], "dir needs a scalar formula" },
        { "scalar given to jacobian", ["jacobian", "x*y", "--at", "x=1,y=2"], "jacobian needs a vector map" },
        { "--along of the wrong length", ["dir", "x*y", "--at", "x=1,y=2", "--along", "1,2,3"], "--along has 3 numbers, but --at has 2 variables" },
        { "--along zero", ["dir", "x*y", "--at", "x=1,y=2", "--along", "0,0"], "--along is the zero vector" },
        { "--along not a number", ["dir", "x*y", "--at", "x=1,y=2", "--along", "1,a"], "entry 2 of --along is 'a'" },
        { "unicode minus", ["grad", "x − y", "--at", "x=1,y=2"], "type '-' (ASCII minus) instead" },
        { "unicode times", ["grad", "x × y", "--at", "x=1,y=2"], "type '*' (ASCII asterisk) instead" },
        { "unicode division", ["grad", "x ÷ y", "--at", "x=1,y=2"], "type '/' (ASCII slash) instead" },
        { "comparison outside if", ["grad", "x > 1", "--at", "x=2"], "comparisons go only in the first argument of if" },
        { "number as the condition of if", ["grad", "if(x, 1, 2)", "--at", "x=2"], "the first argument of if is not a condition" },
        { "e called as a function", ["grad", "e(x)", "--at", "x=1"], "e is a constant, not a function" },
        { "function used as a variable", ["grad", "sin + x", "--at", "x=1"], "sin is a function, not a variable" },
        { "python power", ["grad", "x**2", "--at", "x=1"], "write ^ for a power" },
        { "vector map inside an expression", ["grad", "1 + [x, y]", "--at", "x=1,y=2"], "must be the whole formula" },
        { "no --at", ["grad", "x*y"], "no point given" },
        { "unknown command", ["gradient", "x", "--at", "x=1"], "unknown command 'gradient'" },
        { "unknown option", ["grad", "x", "--at", "x=1", "--wat"], "'--wat'" },
        { "points file missing", ["grad", "x", "--points", "/nonexistent/points.csv"], "no such file" },
        { "infinite value in --at", ["grad", "x", "--at", "x=1e999"], "not finite" },
        { "empty stdin", ["grad", "-", "--at", "x=1"], "standard input ('-') is empty" },
        { "a --method not offered lists the methods on one line", ["minimize", "x^2", "--from", "x=1", "--method", "foo"], "'auto', 'trust-exact'" },
        { "a --plot --method not offered", ["plot", "path", "x^2+y^2", "--at", "x=1,y=1", "--method", "foo"], "'foo'" },
        { "--lr where the method chooses its steps", ["minimize", "x^2", "--from", "x=1", "--method", "newton", "--lr", "0.1"], "--method newton chooses its own steps" },
        { "--lr with the default method", ["minimize", "x^2", "--from", "x=1", "--lr", "0.1"], "--method auto chooses its own steps" },
        { "an unknown help topic names no command that does not exist", ["help", "grad"], "tangent <command> --help" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GivesExitCode2AndAShortClearMessage(string what, string[] args, string expected)
    {
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 2, $"{what}: exit code {r.ExitCode}, stderr: {r.Error}");
        Assert.Equal("", r.Out);
        var lines = r.ErrorLines;
        Assert.StartsWith("tangent: ", lines[0]);
        Assert.Contains(expected, r.Error);
        Assert.DoesNotContain("   at ", r.Error); // no stack trace
        if (lines[0].StartsWith("tangent: formula error: "))
        {
            Assert.Equal(3, lines.Length);
            Assert.EndsWith("^", lines[2]);
        }
        else Assert.Single(lines);
    }

    [Fact]
    public void TheCaretSitsUnderTheMistake()
    {
        var lines = CliRunner.Run("grad", "x + sine(y)", "--at", "x=1,y=2").ErrorLines;
        Assert.Equal("  x + sine(y)", lines[1]);
        Assert.Equal(lines[1].IndexOf("sine"), lines[2].IndexOf('^'));
    }
}
