using System.Text.Json;
using Tangent.Cli.Shared;

namespace Tangent.Tests.Cli;

/// <summary>Runs the real <c>tangent</c> entry point in-process with its own stdin/stdout/stderr writers.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public JsonElement Json
        {
            get
            {
                Assert.Equal(0, ExitCode);
                return JsonDocument.Parse(Out).RootElement;
            }
        }

        /// <summary>The stderr lines, without the trailing empty one.</summary>
        public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    public static Outcome Run(params string[] args) => RunWithInput("", args);

    public static Outcome RunWithInput(string stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int code = Tangent.Cli.Cli.Run(args, new Io(new StringReader(stdin), output, error));
        return new Outcome(code, output.ToString(), error.ToString());
    }

    public static double[] Doubles(this JsonElement e) => [.. e.EnumerateArray().Select(Number)];

    public static double[][] Matrix(this JsonElement e) => [.. e.EnumerateArray().Select(Doubles)];

    /// <summary>A JSON number, or one of the strings "NaN", "Infinity", "-Infinity".</summary>
    public static double Number(this JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var s => throw new FormatException(s) }
        : e.GetDouble();

    public static string[] Strings(this JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];
}
