using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary><c>tangent grad "&lt;expr&gt;" --at x=1,y=2 [--json]</c>: f(x) and ∇f(x) by one reverse sweep; with --points, at many points.</summary>
internal static class GradCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var points = new Option<FileInfo?>("--points")
        {
            Description = "A CSV file: a header of variable names, then one point per row. The whole file is checked before anything is written. Writes value, gradient, kinks and notes per row as CSV, or with --json one JSON object per line (the graph is recorded once and re-used while its branch decisions hold).",
        };
        var command = new Command("grad", """
            The gradient ∇f(x) = (∂f/∂x₁, …, ∂f/∂xₙ) of a scalar formula at a point, exact to rounding (one reverse sweep).

            Example: tangent grad "x^2*y + sin(y)" --at x=1,y=2
                     tangent grad "(1-x)^2 + 100*(y-x^2)^2" --points points.csv > gradients.csv
            """);
        common.Add(command);
        var symbolic = new SymbolicOptions();
        symbolic.Add(command);
        command.Options.Add(points);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(points) is { } file)
            {
                if (symbolic.Read(parsed).Wanted)
                    throw new UsageException("--symbolic and --latex print the formulas at one point: use them with --at, not with --points");
                if (parsed.GetValue(common.At) is { Length: > 0 })
                    throw new UsageException("--at and --points both give the points: use --at for one point or --points for a file of them, not both");
                var formula = Problem.LoadFormula(parsed.GetValue(common.Formula), io)
                    ?? throw new UsageException("no formula given: write e.g. tangent grad \"x^2*y\" --points points.csv");
                return GradPoints.Run(formula, file, parsed.GetValue(common.Json), io);
            }
            var p = Problem.Load(parsed, common, io);
            p.RequireScalar("grad");
            var r = Differentiate.Gradient(p.Scalar, p.Point.Values);
            var (wanted, latex) = symbolic.Read(parsed);
            var formulas = wanted ? SymbolicOutput.Compute(p, "gradient") : default;
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Number(w, "value", r.Value);
                    JsonOutput.Vector(w, "gradient", r.Gradient);
                    JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
                    if (wanted) SymbolicOutput.Json(w, formulas);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p);
                o.WriteLine($"f = {Human.N(r.Value)}");
                o.WriteLine($"∇f = {Human.Vector(r.Gradient)}");
                for (int i = 0; i < p.Names.Length; i++) o.WriteLine($"  ∂f/∂{p.Names[i]} = {Human.N(r.Gradient[i])}");
                Human.Notes(o, r.Kinks, r.Diagnostics);
                if (wanted) SymbolicOutput.Human(o, formulas, latex);
            }
            return Cli.Ok;
        });
        return command;
    }
}
