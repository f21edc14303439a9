using System.Diagnostics;
using Tangent.Formulas;

namespace Tangent.Benchmarks;

/// <summary>
/// The `tangent grad --points` engine without the CSV: a formula recorded once at the first point and
/// compiled to IL, then value + gradient at 10⁶ points (issue: points per second, and compiled-gradient
/// time over compiled-value time, target ≤ 3). Also the interpreted re-use (Graph.At) for comparison.
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
        int sample = Math.Min(points, 20_000);
        double interpreted = Loop(InterpretedAt, sample);
        Report.Add(new Row($"points: {problem}", points, "compiled IL value only", bestValue, bestValue, double.NaN, 0,
            $"{1e9 / bestValue:E2} points/s; compiled in {compile.Elapsed.TotalMilliseconds:F0} ms"));
        Report.Add(new Row($"points: {problem}", points, "compiled IL value + gradient", bestValue, best, double.NaN, 0,
            $"{1e9 / best:E2} points/s; compiled gradient / compiled value = {best / bestValue:F2} (target ≤ 3)"));
        Report.Add(new Row($"points: {problem}", sample, "interpreted re-use (Graph.At + reverse sweep)", bestValue, interpreted, double.NaN, 0,
            $"{1e9 / interpreted:E2} points/s"));
    }
}
