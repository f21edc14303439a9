using System.CommandLine;
using Tangent.Cli.Shared;
using Tangent.Checks;
using Tangent.Formulas;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent report ["&lt;expr&gt;"] [--at ...] [--json]</c>: everything about the local model of f at x —
/// value, partials, gradient, steepest ascent, Hessian with eigenvalues and their meaning, condition number,
/// the linear and quadratic models with their measured remainders, and the kinks hit.
/// With no formula it reports on a built-in example and says which.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The built-in example: Rosenbrock's banana function at its classical starting point.</summary>
    public const string ExampleFormula = "100*(y - x^2)^2 + (1 - x)^2";
    public const string ExamplePoint = "x=-1.2,y=1";

    public static Command Create(Io io)
    {
        var common = new CommonOptions(formulaOptional: true);
        var command = new Command("report", $"""
            Everything about the local model of a scalar formula at a point: value, partials, gradient, steepest ascent, the Hessian with its eigenvalues (minimum, maximum, saddle or degenerate) and condition number, the linear model f(x) + ∇f·h and the quadratic model with their remainders measured at |h| = 1e-1 … 1e-4 (they shrink like |h|² and |h|³), the kinks hit, and the verdict on differentiability (as tangent check gives it). With no formula: the built-in example {ExampleFormula} at {ExamplePoint}.

            Example: tangent report "x^2*y + sin(y)" --at x=1,y=2
                     tangent report
            """);
        common.Add(command);
        command.SetAction(parsed =>
        {
            var formula = Problem.LoadFormula(parsed.GetValue(common.Formula), io);
            bool builtIn = formula is null;
            formula ??= Formula.Parse(ExampleFormula);
            var at = parsed.GetValue(common.At);
            if (at is null || at.Length == 0)
            {
                if (!builtIn) throw new UsageException($"no point given: add --at with a value for each variable, e.g. --at {Problem.Example(formula)}");
                at = [ExamplePoint];
            }
            var p = Problem.Create(formula, PointParser.Parse(at), parsed.GetValue(common.Json));
            p.RequireScalar("report");
            var model = LocalModel.At(p);
            p.RequireCheckable();
            var verdict = Differentiability.Check(p.Formula.ToFunction(p.Names), p.Point.Values, p.Names);
            if (p.Json) ReportJson.Write(io.Out, p, model, verdict, builtIn);
            else ReportText.Write(io.Out, p, model, verdict, builtIn);
            return Cli.Ok;
        });
        return command;
    }
}
