using System.CommandLine;
using System.Globalization;

namespace Tangent.Cli;

/// <summary>The subcommands of <c>tangent</c>, one builder each.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All => [Grad()];

    /// <summary>tangent grad: the gradient. Without a formula: the built-in example, the 2-variable Rosenbrock at (−1.2, 1).</summary>
    private static Command Grad()
    {
        var command = new Command("grad", "The gradient ∇f at a point. Example: tangent grad");
        command.SetAction(_ =>
        {
            var x = new[] { -1.2, 1.0 };
            var r = Differentiate.Gradient(v => 100 * (v[1] - v[0] * v[0]) * (v[1] - v[0] * v[0]) + (1 - v[0]) * (1 - v[0]), x);
            Console.WriteLine("built-in example: f(x, y) = 100(y − x²)² + (1 − x)² at (x, y) = (-1.2, 1)");
            Console.WriteLine($"f = {F(r.Value)}");
            Console.WriteLine($"∇f = ({string.Join(", ", r.Gradient.Select(F))})");
            return Cli.Ok;
        });
        return command;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
