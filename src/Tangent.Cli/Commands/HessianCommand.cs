using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary><c>tangent hessian "&lt;expr&gt;" --at x=1,y=2 [--json]</c>: f(x), ∇f(x) and the exact symmetric Hessian ∇²f(x).</summary>
internal static class HessianCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var command = new Command("hessian", """
            The Hessian ∇²f(x), H[i][j] = ∂²f/∂xᵢ∂xⱼ, of a scalar formula at a point, exact to rounding, with f(x) and ∇f(x). Its sparsity pattern is read off the recorded graph and its columns star-coloured, so it costs one Hessian-vector product (forward over reverse) per colour: a few for a banded or sparse Hessian, at most n.

            Example: tangent hessian "x^2*y + sin(y)" --at x=1,y=2
            """);
        common.Add(command);
        var symbolic = new SymbolicOptions();
        symbolic.Add(command);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            p.RequireScalar("hessian");
            var r = Differentiate.Hessian(p.Scalar, p.Point.Values);
            var (wanted, latex) = symbolic.Read(parsed);
            var formulas = wanted ? SymbolicOutput.Compute(p, "hessian") : default;
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Number(w, "value", r.Value);
                    JsonOutput.Vector(w, "gradient", r.Gradient);
                    JsonOutput.Matrix(w, "hessian", r.Hessian);
                    JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
                    if (wanted) SymbolicOutput.Json(w, formulas);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p);
                o.WriteLine($"f = {Human.N(r.Value)}");
                o.WriteLine($"∇f = {Human.Vector(r.Gradient)}");
                o.WriteLine($"∇²f (rows and columns {string.Join(", ", p.Names)}):");
                Human.Matrix(o, r.Hessian);
                Human.Notes(o, r.Kinks, r.Diagnostics);
                if (wanted) SymbolicOutput.Human(o, formulas, latex);
            }
            return Cli.Ok;
        });
        return command;
    }
}
