using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary><c>tangent partial "&lt;expr&gt;" --wrt x --at x=1,y=2 [--json]</c>: ∂f/∂xᵢ by one forward sweep along eᵢ.</summary>
internal static class PartialCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var wrt = new Option<string>("--wrt") { Description = "The variable to differentiate with respect to (one of the --at names).", Required = true };
        var command = new Command("partial", """
            The partial derivative ∂f/∂xᵢ at a point: the rate of change of f along the axis of xᵢ, the others held fixed (one forward sweep along eᵢ).

            Example: tangent partial "x^2*y + sin(y)" --wrt y --at x=1,y=2
            """);
        common.Add(command);
        command.Options.Add(wrt);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            p.RequireScalar("partial");
            string name = parsed.GetValue(wrt)!;
            int i = Array.IndexOf(p.Names, name);
            if (i < 0)
                throw new UsageException($"--wrt {name}: unknown variable; it must be one of the --at variables ({string.Join(", ", p.Names)})");
            var e = new double[p.Names.Length];
            e[i] = 1;
            var graph = Differentiate.Record(p.Scalar, p.Point.Values);
            double value = graph.Value[0], partial = graph.Jvp(e)[0];
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Number(w, "value", value);
                    w.WriteString("wrt", name);
                    JsonOutput.Number(w, "partial", partial);
                    JsonOutput.Notes(w, graph.Kinks, graph.Diagnostics);
                });
            else
            {
                Human.Heading(io.Out, p);
                io.Out.WriteLine($"f = {Human.N(value)}");
                io.Out.WriteLine(graph.Kinks.Count == 0
                    ? $"∂f/∂{name} = {Human.N(partial)}"
                    : $"∂f/∂{name} = {Human.N(partial)} (through the kink convention below: the partial derivative itself may differ or not exist)");
                Human.Notes(io.Out, graph.Kinks, graph.Diagnostics);
            }
            return Cli.Ok;
        });
        return command;
    }
}
