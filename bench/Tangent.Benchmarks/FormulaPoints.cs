using System.Diagnostics;
using Tangent.Formulas;

namespace Tangent.Benchmarks;

/// <summary>
/// The `tangent grad --points` engine without the CSV: a formula recorded once at the first point and
/// compiled to IL, then value + gradient at 10⁶ points (issue: points per second, and compiled-gradient
/// time over compiled-value time, target ≤ 3). Also the batched evaluator (BatchGradient, SIMD lanes) and the
/// interpreted re-use (Graph.At) for comparison.
/// </summary>
public static class FormulaPoints
{
    public static void Run(int points)
    {
        Measure("2-var Rosenbrock", "100*(y - x^2)^2 + (1 - x)^2", ["x", "y"], points);
        // A 20-variable chained Rosenbrock: Σ 100(x_{i+1} − x_i²)² + (1 − x_i)², i = 1..19.
        var names = Enumerable.Range(1, 20).Select(i => $"x{i}").ToArray();
        string text = string.Join(" + ", Enumerable.Range(0, 19).Select(i => $"100*({names[i + 1]} - {names[i]}^2)^2 + (1 - {names[i]})^2"));
        Measure("20-var formula", text, names, points);
    }

    static void Measure(string problem, string text, string[] names, int points)
    {
        int n = names.Length;
        var f = Formula.Parse(text).ToScalarFunction(names);
        var pts = new double[points * n];
        for (int k = 0; k < pts.Length; k++) pts[k] = -1.2 + 0.1 * Math.Sin(k);
        var graph = Differentiate.Record(f, pts.AsSpan(0, n));
        var compile = Stopwatch.StartNew();
        var compiled = CompiledGradient.Compile(graph);
        compile.Stop();
        var grad = new double[n];
        double Loop(Func<int, double> at, int count)
        {
            var sw = Stopwatch.StartNew();
            double s = 0;
            for (int k = 0; k < count; k++) s += at(k);
            Harness.Consume(s);
            return sw.Elapsed.TotalNanoseconds / count;
        }
        double ValueAt(int k) { double v = compiled.Value(pts.AsSpan(k * n, n), out bool ok); return ok ? v : double.NaN; }
        double GradientAt(int k) { double v = compiled.Evaluate(pts.AsSpan(k * n, n), grad, out bool ok); return ok ? v + grad[0] : double.NaN; }
        double InterpretedAt(int k) => graph.At(pts.AsSpan(k * n, n))!.Gradient()[0];
        Loop(ValueAt, 10_000); Loop(GradientAt, 10_000); // warm
        double best = double.MaxValue, bestValue = double.MaxValue;
        for (int r = 0; r < (Harness.Quick ? 2 : 5); r++)
        {
            bestValue = Math.Min(bestValue, Loop(ValueAt, points));
            best = Math.Min(best, Loop(GradientAt, points));
        }
        // The batched evaluator over the same points (SIMD lanes, one core): a graph this size compiled to 4-lane
        // vector code, a larger one swept node by node over rows of lanes.
        var batch = BatchGradient.FromGraph(graph);
        var values = new double[points];
        var gradients = new double[points * n];
        batch.Evaluate(pts, values, gradients); // warm
        double batched = double.MaxValue;
        for (int r = 0; r < (Harness.Quick ? 2 : 5); r++)
        {
            var sw = Stopwatch.StartNew();
            var summary = batch.Evaluate(pts, values, gradients);
            batched = Math.Min(batched, sw.Elapsed.TotalNanoseconds / points);
            if (summary.Unresolved.Length > 0) throw new InvalidOperationException("these formulas have no branch: no point may be unresolved");
        }
        // Without exact transcendentals: powers a² by multiplication, exp/log/sin/cos/σ by vector approximations.
        var fast = BatchGradient.FromGraph(graph, new BatchOptions { ExactTranscendentals = false });
        var fastValues = new double[points];
        var fastGradients = new double[points * n];
        fast.Evaluate(pts, fastValues, fastGradients); // warm
        double approximate = double.MaxValue;
        for (int r = 0; r < (Harness.Quick ? 2 : 5); r++)
        {
            var sw = Stopwatch.StartNew();
            fast.Evaluate(pts, fastValues, fastGradients);
            approximate = Math.Min(approximate, sw.Elapsed.TotalNanoseconds / points);
        }
        double fastError = Math.Max(Harness.RelativeError(fastValues, values), Harness.RelativeError(fastGradients, gradients));
        int sample = Math.Min(points, 20_000);
        double interpreted = Loop(InterpretedAt, sample);
        Report.Add(new Row($"points: {problem}", points, "compiled IL value only", bestValue, bestValue, double.NaN, 0,
            $"{1e9 / bestValue:E2} points/s; compiled in {compile.Elapsed.TotalMilliseconds:F0} ms"));
        Report.Add(new Row($"points: {problem}", points, "compiled IL value + gradient", bestValue, best, double.NaN, 0,
            $"{1e9 / best:E2} points/s; compiled gradient / compiled value = {best / bestValue:F2} (target ≤ 3)"));
        Report.Add(new Row($"points: {problem}", points, "BatchGradient lanes value + gradient (1 core)", bestValue, batched, double.NaN, 0,
            $"{1e9 / batched:E2} points/s; {(batch.IsCompiled ? "compiled to 4-lane vector code" : $"{batch.LanesPerSweep} lanes per sweep")}; {best / batched:F1}x the compiled IL rate"));
        Report.Add(new Row($"points: {problem}", points, "BatchGradient lanes, vector powers/transcendentals (1 core)", bestValue, approximate, fastError, 0,
            $"{1e9 / approximate:E2} points/s; error relative to the exact lanes; {best / approximate:F1}x the compiled IL rate"));
        Report.Add(new Row($"points: {problem}", sample, "interpreted re-use (Graph.At + reverse sweep)", bestValue, interpreted, double.NaN, 0,
            $"{1e9 / interpreted:E2} points/s"));
    }
}
