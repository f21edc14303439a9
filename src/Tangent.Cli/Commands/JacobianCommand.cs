using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary><c>tangent jacobian "[f1, f2, ...]" --at x=1,y=2 [--json]</c>: F(x) and the m×n Jacobian DF(x), rows = components.</summary>
internal static class JacobianCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var command = new Command("jacobian", """
            The Jacobian J = DF(x) of a vector map F = [f1, ..., fm] at a point: the m×n matrix J[i][j] = ∂fᵢ/∂xⱼ (row i is ∇fᵢ). Columns come from forward sweeps or rows from reverse sweeps, whichever is fewer.

            Example: tangent jacobian "[x*y, x + sin(y)]" --at x=1,y=2
            """);
        common.Add(command);
        var symbolic = new SymbolicOptions();
        symbolic.Add(command);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            if (!p.Formula.IsVector)
                throw new UsageException("jacobian needs a vector map such as \"[x*y, x + y]\", but this formula is a scalar: write it as [f] for a 1×n Jacobian, or use tangent grad");
            var r = Differentiate.Jacobian(p.Vector, p.Point.Values);
            var (wanted, latex) = symbolic.Read(parsed);
            var formulas = wanted ? SymbolicOutput.Compute(p, "jacobian") : default;
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Vector(w, "value", r.Value);
                    JsonOutput.Matrix(w, "jacobian", r.Jacobian);
                    JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
                    if (wanted) SymbolicOutput.Json(w, formulas);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p, "F");
                o.WriteLine($"F = {Human.Vector(r.Value)}");
                o.WriteLine($"J = DF ({r.Value.Length}×{p.Names.Length}; row i = ∇fᵢ, columns {string.Join(", ", p.Names)}):");
                Human.Matrix(o, r.Jacobian);
                o.WriteLine($"computed by {r.Sweeps} {r.Mode.ToString().ToLowerInvariant()} sweep{(r.Sweeps == 1 ? "" : "s")}");
                Human.Notes(o, r.Kinks, r.Diagnostics);
                if (wanted) SymbolicOutput.Human(o, formulas, latex);
            }
            return Cli.Ok;
        });
        return command;
    }
}
