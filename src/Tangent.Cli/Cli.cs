using System.CommandLine;
using Tangent.Cli.Commands;
using Tangent.Cli.Shared;
using Tangent.Formulas;

namespace Tangent.Cli;

/// <summary>
/// Runs the command line with the tool's exit-code contract: 0 success; 2 for a usage, point or
/// formula error with one message on stderr (a formula error adds the formula and a caret line);
/// never a stack trace for a user's mistake.
/// </summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int UsageError = 2;
    public const int InternalError = 1;

    /// <summary>
    /// The subcommands, one builder each (Commands/*.cs). To add one: a static class with <c>Create(Io io)</c> that
    /// builds a <see cref="CommonOptions"/> (formula argument, --at, --json), reads them with <see cref="Problem.Load"/>,
    /// and prints with <see cref="JsonOutput"/> or <see cref="Human"/>; throw <see cref="UsageException"/> for a user's
    /// mistake (exit 2). Then list it here.
    /// </summary>
    private static IEnumerable<Command> AllCommands(Io io) =>
    [
        GradCommand.Create(io), PartialCommand.Create(io), DirCommand.Create(io),
        JacobianCommand.Create(io), HessianCommand.Create(io), ReportCommand.Create(io),
        CheckCommand.Create(io), GradcheckCommand.Create(io), TaylorCommand.Create(io), MinimizeCommand.Create(io),
        PlotCommand.Create(io), ExploreCommand.Create(io),
        HelpCommand.Create(io),
    ];

    /// <summary>The parse errors as one line, with where to find help.</summary>
    private static string UsageMessage(Command root, ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (command == root)
        {
            var first = parsed.Tokens.FirstOrDefault();
            return first is null
                ? $"no command given: the commands are {commands} (see 'tangent --help'; 'tangent report' shows a built-in example)"
                : $"unknown command '{first.Value}': the commands are {commands} (see 'tangent --help')";
        }
        return $"{string.Join("; ", parsed.Errors.Select(e => OneLine(e.Message).TrimEnd('.')))} (see 'tangent {command.Name} --help')";
    }

    /// <summary>
    /// A parser message on one line: System.CommandLine lists the allowed values of an option one per line
    /// ("Must be one of:\n\t'auto'\n\t'trust-exact'…"), and the contract is one line on stderr.
    /// </summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : $"{lines[0]} {string.Join(", ", lines[1..])}";
    }

    /// <summary>Runs <c>tangent</c> with <paramref name="args"/> on the given streams (tests pass their own writers).</summary>
    public static int Run(string[] args, Io io)
    {
        // A plain command named "tangent" rather than RootCommand, whose name would be the assembly's (Tangent.Cli).
        var root = new Command("tangent", "tangent — exact derivatives in Rⁿ: value, partials, gradient, directional derivative, Jacobian, Hessian and the local linear and quadratic models of a formula at a point.\n\nExample: tangent report \"x^2*y + sin(y)\" --at x=1,y=2");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        foreach (var command in AllCommands(io)) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            io.Error.WriteLine($"tangent: {UsageMessage(root, parsed)}");
            return UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = io.Out, Error = io.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            io.Error.WriteLine($"tangent: {e.Message}");
            return UsageError;
        }
        catch (FormulaException e)
        {
            io.Error.WriteLine($"tangent: formula error: {e.Summary}");
            io.Error.WriteLine($"  {e.Excerpt}");
            io.Error.WriteLine($"  {e.Caret}");
            return UsageError;
        }
        catch (IOException e)
        {
            io.Error.WriteLine($"tangent: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A defect of ours, not the user's: one line that says so, still no stack trace.
            io.Error.WriteLine($"tangent: internal error ({e.GetType().Name}): {e.Message}");
            return InternalError;
        }
    }
}
