using System.Diagnostics;
using Tangent.Optimisation;

namespace Tangent.Benchmarks;

/// <summary>
/// L-BFGS (m = 10, strong Wolfe) on extended Rosenbrock with the compiled objective: the wall time per iteration over the
/// time of one compiled value-and-gradient evaluation (target ≤ 3×). The two are timed in alternation, several rounds
/// in one run (a block of L-BFGS iterations from the standard start, then a block of gradients at that start lasting
/// about as long), and the median of the per-round ratios is reported with its range; the same ratio in CPU time is
/// printed beside it, since the machine is shared and wall time counts the other engineers' work too.
/// </summary>
/// <remarks>
/// Each round compiles a fresh objective (recording f's graph allocates megabytes) and collects the garbage before each
/// timed block. Without that, a run's own allocations (about 4.2 MB at n = 10⁴: its vectors, and the work array of the
/// value the end-of-run kink probe takes on a fresh objective) set off a collection inside the timed block in about
/// half the rounds, which then also deals with the recording's garbage: pauses of 2.9–29.6 ms at load average 1.6 and
/// 0.6–27.6 ms at load 13.6 were measured on this machine (4 Dec 2026), up to 30 µs per iteration of a 1000-iteration
/// block against an iteration of about 100 µs. The collections that still fall inside the L-BFGS blocks are counted and
/// their pauses printed. CPU time is this thread's (<c>CLOCK_THREAD_CPUTIME_ID</c>, in nanoseconds) on Linux; the
/// process's, used elsewhere and before, comes in 10 ms ticks (±10% of a 100 ms block) and counts the runtime's
/// background threads too.
/// </remarks>
public static class OptimisationBench
{
    public static void Run(int n)
    {
        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? -1.2 : 1;
        var objective = Objective.Compile(Rosenbrock.OnVar, x0);
        var g = new double[n];
        int block = Harness.Quick ? 1000 : 3000, rounds = Harness.Quick ? 3 : 5;
        var options = new MinimizeOptions { Method = Method.Lbfgs, ExplainSteps = false, MaxIterations = block };
        Minimizer.Minimize(Objective.Compile(Rosenbrock.OnVar, x0), x0, options); // warm-up: the JIT's final code
        var wall = new List<double>();
        var cpu = new List<double>();
        int collections = 0;
        double paused = 0;
        double gradientNs = 0, iterationNs = 0;
        for (int r = 0; r < rounds; r++)
        {
            var run = Objective.Compile(Rosenbrock.OnVar, x0);
            Settle();
            int before = GC.CollectionCount(0);
            var pause = GC.GetTotalPauseDuration();
            double c0 = CpuNs();
            var result = Minimizer.Minimize(run, x0, options);
            double iterationCpu = (CpuNs() - c0) / result.Iterations;
            collections += GC.CollectionCount(0) - before;
            paused += (GC.GetTotalPauseDuration() - pause).TotalMilliseconds;
            iterationNs = result.Seconds * 1e9 / result.Iterations;
            // The gradient as one block of calls lasting about as long as the L-BFGS block: on a shared machine a long
            // block is preempted more often than a short sample, so both sides are timed the same way.
            int calls = Math.Max(100, 3 * result.Iterations);
            Settle();
            var clock = Stopwatch.StartNew();
            c0 = CpuNs();
            for (int k = 0; k < calls; k++) objective.ValueAndGradient(x0, g);
            double gradientCpu = (CpuNs() - c0) / calls;
            gradientNs = clock.Elapsed.TotalNanoseconds / calls;
            wall.Add(iterationNs / gradientNs);
            cpu.Add(iterationCpu / gradientCpu);
        }
        wall.Sort();
        cpu.Sort();
        string convergence = "";
        if (!Harness.Quick)
        {
            var full = Minimizer.Minimize(Objective.Compile(Rosenbrock.OnVar, x0), x0, options with { MaxIterations = 100_000 });
            convergence = $"; to convergence: {full.Status} in {full.Iterations} iterations, {full.Evaluations.Gradient} gradients, "
                + $"{Harness.Time(full.Seconds * 1e9 / full.Iterations)} per iteration";
        }
        string ratio = $"{wall[rounds / 2]:F2}× one compiled gradient in wall time (median of {rounds} alternated rounds of {block} iterations; "
            + $"{wall[0]:F2}–{wall[^1]:F2}), {cpu[rounds / 2]:F2}× in {CpuClock} CPU time ({cpu[0]:F2}–{cpu[^1]:F2}); "
            + $"{collections} collection{(collections == 1 ? "" : "s")} inside the L-BFGS blocks, {paused:F1} ms paused";
        ratio += "; " + Direction(n, objective, x0, g);
        Console.WriteLine($"L-BFGS on extended Rosenbrock n = {n}: {ratio}{convergence}");
        Report.Add(new Row("lbfgs-iteration", n, "Tangent L-BFGS (compiled)", gradientNs, iterationNs, double.NaN, double.NaN, ratio + convergence));
    }

    /// <summary>
    /// Where an iteration's time goes: L-BFGS's own work per iteration with its m = 10 pairs filled, the step's pass (s,
    /// y and their products with the stored pairs) and the direction's pass, in CPU time against the same gradient, at
    /// n and at n/10 (where the 2m stored vectors fit in a core's L2 cache).
    /// </summary>
    static string Direction(int n, Objective objective, double[] x0, double[] g)
    {
        string Ratio(int size, Func<double> gradient)
        {
            var r = new Random(1);
            var lbfgs = new Tangent.Optimisation.Methods.Lbfgs(size, 10);
            double[] x = new double[size], xNew = new double[size], gOld = new double[size], gNew = new double[size], d = new double[size], t = new double[size];
            for (int i = 0; i < size; i++)
            {
                x[i] = r.NextDouble();
                gOld[i] = r.NextDouble();
                double s = r.NextDouble() - 0.5;
                xNew[i] = x[i] + s;
                gNew[i] = gOld[i] + s * (1 + r.NextDouble());
            }
            for (int k = 0; k < 10; k++) lbfgs.Take(xNew, x, gNew, gOld);
            var ratios = new List<double>();
            int calls = Math.Max(200, 20_000_000 / size);
            for (int round = 0; round < 3; round++)
            {
                double c0 = CpuNs();
                for (int k = 0; k < calls; k++)
                {
                    lbfgs.Take(xNew, x, gNew, gOld);
                    lbfgs.Direction(gNew, d, xNew, t);
                }
                double c1 = CpuNs();
                for (int k = 0; k < calls; k++) gradient();
                ratios.Add((c1 - c0) / (CpuNs() - c1));
            }
            ratios.Sort();
            return $"{ratios[1]:F2}× at n = {size}";
        }
        var small = new double[n / 10];
        for (int i = 0; i < small.Length; i++) small[i] = i % 2 == 0 ? -1.2 : 1;
        var smallObjective = Objective.Compile(Rosenbrock.OnVar, small);
        var gs = new double[small.Length];
        return $"L-BFGS's update and direction (m = 10) cost {Ratio(n, () => objective.ValueAndGradient(x0, g))} "
            + $"and {Ratio(n / 10, () => smallObjective.ValueAndGradient(small, gs))} one gradient ({CpuClock} CPU time)";
    }

    /// <summary>Collects everything collectable now, so that no collection of earlier garbage lands in a timed block.</summary>
    static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    static string CpuClock => OperatingSystem.IsLinux() ? "thread" : "process";

    /// <summary>CPU time in ns: this thread's on Linux (to the nanosecond), else the process's (in scheduler ticks).</summary>
    static double CpuNs()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0) return t.Seconds * 1e9 + t.Nanoseconds;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalNanoseconds;
    }

    const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);
}
