using Tangent.Optimisation;

namespace Tangent.Benchmarks;

/// <summary>
/// L-BFGS (m = 10, strong Wolfe) on extended Rosenbrock with the compiled objective: the wall time per iteration over the
/// time of one compiled value-and-gradient evaluation at the start (target ≤ 3×), both measured in this run.
/// </summary>
public static class OptimisationBench
{
    public static void Run(int n)
    {
        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? -1.2 : 1;
        var objective = Objective.Compile(Rosenbrock.OnVar, x0);
        var g = new double[n];
        var gradient = Harness.Measure(() => objective.ValueAndGradient(x0, g));
        var runs = new List<double>();
        MinimizeResult? last = null;
        for (int k = 0; k < (Harness.Quick ? 3 : 7); k++)
        {
            last = Minimizer.Minimize(Objective.Compile(Rosenbrock.OnVar, x0), x0, new MinimizeOptions { Method = Method.Lbfgs, ExplainSteps = false, MaxIterations = 100_000 });
            runs.Add(last.Seconds * 1e9 / last.Iterations);
        }
        runs.Sort();
        double perIteration = runs[runs.Count / 2];
        Console.WriteLine($"L-BFGS on extended Rosenbrock n = {n}: {last!.Status} in {last.Iterations} iterations, {last.Evaluations.Gradient} gradients; "
            + $"median {Harness.Time(perIteration)} per iteration = {perIteration / gradient.MedianNs:F2}× one compiled gradient ({Harness.Time(gradient.MedianNs)})");
        Report.Add(new Row("lbfgs-iteration", n, "Tangent L-BFGS (compiled)", gradient.MedianNs, perIteration, double.NaN, double.NaN,
            $"{perIteration / gradient.MedianNs:F2}x a compiled gradient; {last.Iterations} iterations, {last.Status}"));
    }
}
