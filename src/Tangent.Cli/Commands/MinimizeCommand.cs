using System.CommandLine;
using Tangent.Cli.Shared;
using Tangent.Optimisation;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent minimize "&lt;expr&gt;" --from x=-1.2,y=1 [--method …] [--lr η] [--gtol g] [--max-iter k] [--json]</c>:
/// a minimisation with every step explained against the local models. Exit 0 whether or not it converged (the
/// result says), 2 for a usage or formula error or a start outside f's domain.
/// </summary>
internal static class MinimizeCommand
{
    /// <summary>The --method names, in the order --help lists them.</summary>
    public static readonly (string Name, Method Method)[] Methods =
    [
        ("auto", Method.Auto), ("trust-exact", Method.TrustExact), ("trust-region", Method.TrustRegion), ("newton", Method.Newton),
        ("newton-cg", Method.NewtonCg), ("bfgs", Method.Bfgs), ("lbfgs", Method.Lbfgs), ("gd", Method.GradientDescent),
        ("momentum", Method.Momentum), ("nesterov", Method.Nesterov), ("adam", Method.Adam), ("adamw", Method.AdamW),
    ];

    /// <summary>The CLI name of a method.</summary>
    public static string Name(Method m) => Methods.First(e => e.Method == m).Name;

    public static Command Create(Io io)
    {
        var formula = new Argument<string?>("formula") { Description = "The formula f to minimise, e.g. \"100*(y - x^2)^2 + (1 - x)^2\" (quote it); \"-\" reads it from standard input." };
        var from = new Option<string[]>("--from") { Description = "The starting point as name=value pairs joined by commas, e.g. x=-1.2,y=1; their order is the order of every vector.", Required = true };
        var method = new Option<string>("--method") { Description = "auto (default: trust region on the exact Hessian for n ≤ 500, on Hessian-vector products above), trust-exact, trust-region (Steihaug–Toint CG on HVPs), newton, newton-cg, bfgs, lbfgs, gd (fixed --lr, or Armijo backtracking without one), momentum, nesterov, adam, adamw.", DefaultValueFactory = _ => "auto" };
        method.AcceptOnlyFromAmong([.. Methods.Select(m => m.Name)]);
        var lr = new Option<string?>("--lr") { Description = "A fixed learning rate η > 0 for gd, momentum, nesterov, adam, adamw (never adapted; gd states the stability bound 2/λmax). Without it gd backtracks (Armijo) and the others take η = 1e-3; the other methods choose their own steps and refuse it." };
        var gtol = new Option<string?>("--gtol") { Description = "Converged when ‖∇f‖₂ ≤ this (default 1e-8); second-order methods also ask that the model predict no decrease above 1e-12·max(1, |f|)." };
        var maxIter = new Option<string?>("--max-iter") { Description = "The most iterations (default 1000; 10000 for gd, momentum, nesterov, adam, adamw)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (RFC 8259) instead of the human form." };
        var command = new Command("minimize", """
            Minimise f from a starting point, every step explained against the local models: per iteration f, ‖∇f‖, the step length, the decrease predicted by the linear model (−∇f·s) and by the quadratic model (−(∇f·s + ½sᵀ∇²f s)), and the actual decrease. Ends with the point, the stopping reason and, for small n, the Hessian's eigenvalues there (a minimum or a saddle?). Exit 0 whether or not it converged.

            Examples:
              tangent minimize "100*(y - x^2)^2 + (1 - x)^2" --from x=-1.2,y=1
              tangent minimize "100*(y - x^2)^2 + (1 - x)^2" --from x=-1.2,y=1 --method lbfgs --json
              tangent minimize "50*x^2 + 0.5*y^2" --from x=1,y=1 --method gd --lr 0.021     (diverges: η > 2/λmax = 0.02)
              tangent minimize "(x - 1)^4 + (y + 2)^2" --from x=0,y=0 --method newton --gtol 1e-10
            """);
        command.Arguments.Add(formula);
        foreach (var o in new Option[] { from, method, lr, gtol, maxIter, json }) command.Options.Add(o);
        command.SetAction(parsed =>
        {
            var f = Problem.LoadFormula(parsed.GetValue(formula), io)
                ?? throw new UsageException("no formula given: write e.g. tangent minimize \"(x - 1)^2 + y^2\" --from x=0,y=0");
            var start = parsed.GetValue(from);
            if (start is null || start.Length == 0)
                throw new UsageException($"no starting point given: add --from with a value for each variable, e.g. --from {Problem.Example(f)}");
            Problem p;
            try { p = Problem.Create(f, PointParser.Parse(start), parsed.GetValue(json)); }
            catch (UsageException e) { throw new UsageException(e.Message.Replace("--at", "--from")); }
            p.RequireScalar("minimize");
            var chosen = Methods.First(m => m.Name == parsed.GetValue(method)).Method;
            if (parsed.GetValue(lr) is not null && !TakesLearningRate(chosen))
                throw new UsageException($"--lr is a fixed step for gd, momentum, nesterov, adam and adamw; --method {Name(chosen)} chooses its own steps: drop --lr, or give e.g. --method gd");
            var options = new MinimizeOptions
            {
                Method = chosen,
                LearningRate = Positive(parsed.GetValue(lr), "--lr", "a learning rate η"),
                GradientTolerance = parsed.GetValue(gtol) is { } g ? NonNegative(g) : null,
                MaxIterations = parsed.GetValue(maxIter) is { } k ? Iterations(k) : null,
                ExplainSteps = true, // the command's table and JSON promise the quadratic model's prediction at any n
            };
            var objective = Objective.FromFunction(p.Scalar, p.Names.Length);
            objective.VariableNames = p.Names;   // messages say ∂f/∂y, not ∂f/∂x[1]
            MinimizeResult r;
            try { r = Minimizer.Minimize(objective, p.Point.Values, options); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var eigenvalues = p.Names.Length <= MinimizeOutput.EigenvalueLimit ? MinimizeVerdict.Eigenvalues(p, r) : null;
            if (p.Json) MinimizeOutput.Json(io.Out, p, r, eigenvalues);
            else MinimizeOutput.Human(io.Out, p, r, eigenvalues);
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The fixed-step methods, the ones that read <see cref="MinimizeOptions.LearningRate"/>.</summary>
    private static bool TakesLearningRate(Method m) => m is Method.GradientDescent or Method.Momentum or Method.Nesterov or Method.Adam or Method.AdamW;

    private static double? Positive(string? text, string option, string what)
    {
        if (text is null) return null;
        double v = PointParser.Number(text, option);
        if (!(v > 0)) throw new UsageException($"{option} is {text}, but {what} must be > 0: give e.g. {option} 0.01");
        return v;
    }

    private static double NonNegative(string text)
    {
        double v = PointParser.Number(text, "--gtol");
        if (v < 0) throw new UsageException($"--gtol is {text}, but a gradient tolerance must be ≥ 0: give e.g. --gtol 1e-8");
        return v;
    }

    private static int Iterations(string text)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k))
            throw new UsageException($"--max-iter is '{text}', which is not a whole number ≥ 0: give e.g. --max-iter 500");
        return k;
    }
}
