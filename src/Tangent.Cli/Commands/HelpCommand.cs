using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent help formulas</c>: the formula language (grammar, operators and precedence, numbers and names, constants,
/// <c>if</c>, every function with its domain and kink convention, limits), the page docs/formulas.md holds.
/// </summary>
internal static class HelpCommand
{
    /// <summary>The topics, each with what it prints.</summary>
    private static readonly Dictionary<string, Func<string>> Topics = new() { ["formulas"] = FormulaReference.Text };

    public static Command Create(Io io)
    {
        var topic = new Argument<string?>("topic")
        {
            Description = "formulas: the formula language, every function with its domain and kink convention.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("help", """
            Reference pages. tangent help formulas prints the formula language (also in docs/formulas.md).
            For a command's options: tangent <command> --help.
            """);
        command.Arguments.Add(topic);
        command.SetAction(parsed =>
        {
            string? name = parsed.GetValue(topic);
            if (name is null)
            {
                io.Out.WriteLine("tangent help formulas   the formula language: grammar, operators, constants, if, every function with its domain and kink convention, limits");
                io.Out.WriteLine("tangent <command> --help   a command's options, e.g. tangent grad --help; tangent --help lists the commands");
                return Cli.Ok;
            }
            if (!Topics.TryGetValue(name, out var text))
                throw new UsageException($"no help topic '{Human.Clip(name)}': the topics are {string.Join(", ", Topics.Keys)} (for a command's options: tangent <command> --help)");
            io.Out.Write(text());
            return Cli.Ok;
        });
        return command;
    }
}
