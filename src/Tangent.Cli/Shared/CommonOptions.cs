using System.CommandLine;

namespace Tangent.Cli.Shared;

/// <summary>
/// The arguments and options every formula command shares, built fresh per command (System.CommandLine
/// symbols belong to one parent). A new command adds them with <see cref="Add"/> and reads them back
/// through <see cref="Problem.Load"/>.
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>The formula: one argument; "-" reads it from stdin.</summary>
    public Argument<string?> Formula { get; }

    /// <summary>--at x=1,y=2: the point, and the order of the variables in every vector and matrix.</summary>
    public Option<string[]> At { get; } = new("--at")
    {
        Description = "The point as name=value pairs joined by commas, e.g. x=1,y=-2.5e-3. Their order is the order of every vector and matrix. May be repeated.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>--json: one JSON object on stdout instead of the human form.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object (RFC 8259) instead of the human form." };

    public CommonOptions(bool formulaOptional = false)
    {
        Formula = new Argument<string?>("formula")
        {
            Description = "The formula, e.g. \"x^2*y + sin(y)\" (quote it); \"-\" reads it from standard input.",
            Arity = formulaOptional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
    }

    /// <summary>Adds the formula argument, --at and --json to <paramref name="command"/>.</summary>
    public void Add(Command command)
    {
        command.Arguments.Add(Formula);
        command.Options.Add(At);
        command.Options.Add(Json);
    }
}
