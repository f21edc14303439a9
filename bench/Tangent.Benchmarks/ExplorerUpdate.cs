using System.Diagnostics;
using Tangent.Cli.Explorer;

namespace Tangent.Benchmarks;

/// <summary>
/// The explorer's server time for one update after a drag, through HTTP on loopback as the page sends it: the contour
/// view on a 100×100 grid (values, the 10% region at the new point, 15×15 gradient arrows) together with the panel
/// (the report: gradient, Hessian, eigenvalues, the differentiability check), the angle and the Taylor views, all four
/// requests at once. Target: ≤ 100 ms. Usage: dotnet run -c Release --project bench/Tangent.Benchmarks -- explorer
/// </summary>
public static class ExplorerUpdate
{
    public static async Task Run(bool quick)
    {
        await using var server = await ExplorerServer.StartAsync(0);
        using var http = new HttpClient { BaseAddress = server.Address };
        const string f = "x^2 + 3*y^2 - x*y + sin(x)*exp(y/4)";
        string Query(string view, double a, double b) => $"api/{view}?f={Uri.EscapeDataString(f)}&p={a},{b}&c=1,0.5&radius=1.5" + (view == "contour" ? "&n=100" : "");
        int rounds = quick ? 20 : 60;
        var views = new[] { "contour", "point", "angle", "taylor" };
        var each = views.ToDictionary(v => v, _ => new List<double>());
        var update = new List<double>();
        var random = new Random(1);
        // CPU time of this process (server and client) per update: on a loaded machine the wall time mostly measures waiting.
        var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan cpu = TimeSpan.Zero;
        for (int k = 0; k < rounds + 5; k++)
        {
            double a = 1 + random.NextDouble() - 0.5, b = 0.5 + random.NextDouble() - 0.5;
            foreach (var v in views)
            {
                var t = Stopwatch.StartNew();
                (await http.GetAsync(Query(v, a, b))).EnsureSuccessStatusCode();
                if (k >= 5) each[v].Add(t.Elapsed.TotalMilliseconds);
            }
            process.Refresh();
            var before = process.TotalProcessorTime;
            var all = Stopwatch.StartNew();
            var responses = await Task.WhenAll(views.Select(v => http.GetAsync(Query(v, a + 0.01, b))));
            foreach (var r in responses) r.EnsureSuccessStatusCode();
            if (k >= 5) update.Add(all.Elapsed.TotalMilliseconds);
            process.Refresh();
            if (k >= 5) cpu += process.TotalProcessorTime - before;
        }
        Console.WriteLine($"explorer update after a drag, f = {f}, 100x100 grid, {rounds} drags, median (min-max) ms:");
        foreach (var v in views) Console.WriteLine($"  /api/{v,-8} {Median(each[v]),7:F1}  ({each[v].Min():F1}-{each[v].Max():F1})");
        Console.WriteLine($"  all four at once (the page's update): {Median(update):F1} ms ({update.Min():F1}-{update.Max():F1}); target <= 100 ms");
        Console.WriteLine($"  CPU time per update (server and client threads together): {cpu.TotalMilliseconds / rounds:F1} ms; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
