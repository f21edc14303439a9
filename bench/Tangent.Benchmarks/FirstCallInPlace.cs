using System.Diagnostics;
using Tangent;

namespace Tangent.Benchmarks;

/// <summary>
/// The first call of a fresh <c>Compile(f)</c> against a plain tape gradient timed in the same place: each measured call
/// follows the same preamble (another object used three times and compiled, two plain gradients, a 2 ms pause), so
/// both meet the same caches and the same idle compiler. A tight loop's median (the "warm tape gradient" of the rounds
/// above) runs with every cache hot; any single call after other work reads 2–3 times that, the plain one included.
/// </summary>
internal static class FirstCallInPlace
{
    public static void Run(int n, int rounds)
    {
        var x = Harness.Point(n);
        var g = new double[n];
        ScalarFunction f = v => Rosenbrock.OnVar(v);
        for (int i = 0; i < 200; i++) Differentiate.Gradient(f, x, g);
        void Preamble()
        {
            var p = Differentiate.Compile(f);
            p.Gradient(x, g); p.Gradient(x, g); p.Gradient(x, g);
            p.WaitForCompilation();
            Differentiate.Gradient(f, x, g);
            Differentiate.Gradient(f, x, g);
            Thread.Sleep(2);
        }
        var firsts = new List<double>();
        var seconds = new List<double>();
        var plains = new List<double>();
        var ratios = new List<double>();
        var clock = new Stopwatch();
        for (int r = 0; r < rounds; r++)
        {
            Preamble();
            var cf = Differentiate.Compile(f);
            clock.Restart(); cf.Gradient(x, g); double first = clock.Elapsed.TotalNanoseconds;
            clock.Restart(); cf.Gradient(x, g); double second = clock.Elapsed.TotalNanoseconds;
            cf.WaitForCompilation();
            Preamble();
            clock.Restart(); Differentiate.Gradient(f, x, g); double plain = clock.Elapsed.TotalNanoseconds;
            if (r == 0) continue; // the JIT of both paths
            firsts.Add(first); seconds.Add(second); plains.Add(plain); ratios.Add(first / plain);
        }
        firsts.Sort(); seconds.Sort(); plains.Sort(); ratios.Sort();
        double Median(List<double> v) => v[v.Count / 2];
        string line = $"in place, rosenbrock n = {n}: fresh Compile(f) first call {Median(firsts) / 1e3:F0} µs, second {Median(seconds) / 1e3:F0} µs; "
            + $"plain tape gradient {Median(plains) / 1e3:F0} µs after the same preamble: first call {Median(ratios):F2}× (per-round ratios {ratios[0]:F2}–{ratios[^1]:F2}), "
            + $"second {Median(seconds) / Median(plains):F2}× (medians of {ratios.Count} rounds); target ≤ 2×";
        Console.WriteLine(line);
        Report.Add(new Row("first call (in place)", n, "rosenbrock: fresh Compile(f) first Gradient / plain tape gradient, same preamble", Median(plains), Median(firsts), double.NaN, double.NaN, line));
    }
}
