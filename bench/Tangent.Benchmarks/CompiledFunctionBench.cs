using System.Diagnostics;

namespace Tangent.Benchmarks;

/// <summary>
/// The targets of the compiled function object (<see cref="Differentiate.Compile(ScalarFunction, CompileOptions?)"/>), each
/// as a ratio measured side by side with its hand-written adjoint in one run: the two are timed in alternation
/// (several rounds) and the median of the per-round ratios is reported with its range, since the machine is shared.
/// </summary>
public static class CompiledFunctionBench
{
    static int Rounds => Harness.Quick ? 3 : 5;

    /// <summary>Times a and b in alternation; the median per-call times and the median, min and max of the ratios b/a.</summary>
    static (Timing A, Timing B, double Ratio, double Low, double High) Alternate(Func<double> a, Func<double> b)
    {
        var ta = new List<Timing>();
        var tb = new List<Timing>();
        var ratios = new List<double>();
        for (int r = 0; r < Rounds; r++)
        {
            ta.Add(Harness.Measure(a));
            tb.Add(Harness.Measure(b));
            ratios.Add(tb[^1].MedianNs / ta[^1].MedianNs);
        }
        ratios.Sort();
        return (Median(ta), Median(tb), ratios[ratios.Count / 2], ratios[0], ratios[^1]);
    }

    /// <summary>The median over rounds of the ratio of process CPU time b/a (each timed over a few calls in turn): on a shared machine a single-threaded ratio without the other engineers' work in it.</summary>
    static (double Ratio, double Low, double High) CpuRatio(Func<double> a, Func<double> b, int calls)
    {
        static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalNanoseconds;
        var ratios = new List<double>();
        for (int r = 0; r < Rounds; r++)
        {
            double c0 = Cpu();
            for (int k = 0; k < calls; k++) Harness.Consume(a());
            double c1 = Cpu();
            for (int k = 0; k < calls; k++) Harness.Consume(b());
            ratios.Add((Cpu() - c1) / (c1 - c0));
        }
        ratios.Sort();
        return (ratios[ratios.Count / 2], ratios[0], ratios[^1]);
    }

    static Timing Median(List<Timing> t) => t.OrderBy(x => x.MedianNs).ElementAt(t.Count / 2);

    static string Range(double ratio, double low, double high) => $"{ratio:F2}× hand-written adjoint (median of {Rounds} alternated rounds; {low:F2}–{high:F2})";

    public static void Run()
    {
        foreach (int n in (int[])[10, 1000]) Rosenbrocks(n);
        LogRegWithData();
        LogRegRows();
        Flip(100);
        PerRow();
        FirstCall("rosenbrock", 1000, x => Rosenbrock.OnVar(x), Harness.Point(1000));
        CompileTime();
    }

    static void Rosenbrocks(int n)
    {
        var x = Harness.Point(n);
        double[] g = new double[n], reference = new double[n];
        Rosenbrock.Adjoint(x, reference);
        var f = Differentiate.Compile(Rosenbrock.OnVar);
        f.Gradient(x, g);
        f.WaitForCompilation();
        var (adj, cf, ratio, low, high) = Alternate(() => Rosenbrock.Adjoint(x, g), () => f.Gradient(x, g));
        double fns = Harness.Measure(() => Rosenbrock.F(x)).MedianNs;
        Report.Add(new Row("compiled fn", n, "rosenbrock: hand-written adjoint", fns, adj.MedianNs, double.NaN, adj.BytesPerCall));
        f.Gradient(x, g);
        Report.Add(new Row("compiled fn", n, "rosenbrock: Compile(f).Gradient, warm", fns, cf.MedianNs, Harness.RelativeError(g, reference), cf.BytesPerCall,
            $"{Range(ratio, low, high)}; {f.Recordings} recording(s)"));
    }

    /// <summary>Logistic regression 10 000 × 100 with the features and labels as data arguments.</summary>
    static Var Loss(ReadOnlySpan<Var> w, Data data)
    {
        Var loss = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            Var z = 0;
            for (int j = 0; j < data.Columns; j++) z += data[i, j] * w[j];
            loss += Var.Softplus(-data.Label(i) * z);
        }
        return loss / data.Rows;
    }

    static void LogRegWithData()
    {
        var w = LogReg.Weights();
        double[] g = new double[LogReg.D], reference = new double[LogReg.D];
        LogReg.Adjoint(w, reference);
        var f = Differentiate.Compile(Loss);
        var clock = Stopwatch.StartNew();
        f.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g);
        double first = clock.Elapsed.TotalMilliseconds;
        f.WaitForCompilation();
        double ready = clock.Elapsed.TotalMilliseconds;
        var (adj, cf, ratio, low, high) = Alternate(() => LogReg.Adjoint(w, g), () => f.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g));
        var cpu = CpuRatio(() => LogReg.Adjoint(w, g), () => f.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g), 100);
        // The manual way, side by side: the data recorded as constants, the graph compiled by hand.
        var manual = CompiledGradient.Compile(Differentiate.Record(LogReg.OnVar, w));
        var (_, cm, manualRatio, manualLow, manualHigh) = Alternate(() => LogReg.Adjoint(w, g), () => manual.Evaluate(w, g, out _));
        double fns = Harness.Measure(() => LogReg.F(w)).MedianNs;
        f.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g);
        var v = f.Variants[0];
        Report.Add(new Row("compiled fn", LogReg.M * LogReg.D, "logreg data arg: hand-written adjoint", fns, adj.MedianNs, double.NaN, adj.BytesPerCall));
        Report.Add(new Row("compiled fn", LogReg.M * LogReg.D, "logreg data arg: Compile(f).Gradient", fns, cf.MedianNs, Harness.RelativeError(g, reference), cf.BytesPerCall,
            $"{Range(ratio, low, high)}; CPU time {cpu.Ratio:F2}× ({cpu.Low:F2}–{cpu.High:F2}); first call {first:F0} ms (tape), compiled {ready - first:F0} ms later ({v.Operations} ops, {v.Loops} loops, {v.CompileSeconds * 1e3:F0} ms)"));
        Report.Add(new Row("compiled fn", LogReg.M * LogReg.D, "logreg data as constants: CompiledGradient", fns, cm.MedianNs, double.NaN, cm.BytesPerCall,
            $"{Range(manualRatio, manualLow, manualHigh)} (the manual record/compile pattern)"));
    }

    /// <summary>The hand-written adjoint of the loss over the first m rows of the data.</summary>
    static double Adjoint(ReadOnlySpan<double> w, Span<double> g, ReadOnlySpan<double> a, ReadOnlySpan<double> y)
    {
        int d = w.Length, m = y.Length;
        double loss = 0;
        g.Clear();
        for (int i = 0; i < m; i++)
        {
            var row = a.Slice(i * d, d);
            double z = 0;
            for (int j = 0; j < d; j++) z += row[j] * w[j];
            double t = -y[i] * z;
            loss += Math.Log(1 + Math.Exp(t));
            double c = -y[i] / (1 + Math.Exp(-t)) / m;
            for (int j = 0; j < d; j++) g[j] += c * row[j];
        }
        return loss / m;
    }

    /// <summary>
    /// The data-argument logistic regression against its hand-written adjoint in CPU time at m = 1 000 and 10 000 rows,
    /// compiled on the caller's thread (nothing else of this process runs meanwhile): whether the ratio grows with the
    /// size of the compiled code's node-indexed work arrays.
    /// </summary>
    static void LogRegRows()
    {
        var w = LogReg.Weights();
        var g = new double[LogReg.D];
        foreach (int m in (int[])[1000, LogReg.M])
        {
            var a = LogReg.A.AsSpan(0, m * LogReg.D).ToArray();
            var y = LogReg.Y.AsSpan(0, m).ToArray();
            var f = Differentiate.Compile(Loss, new CompileOptions { Background = false });
            f.Gradient(w, a, (ReadOnlySpan<double>)y, g);
            var (ratio, low, high) = CpuRatio(() => Adjoint(w, g, a, y), () => f.Gradient(w, a, (ReadOnlySpan<double>)y, g), 1_000_000 / m);
            Report.Add(new Row("compiled fn rows", m * LogReg.D, $"logreg data arg, m = {m}, compiled here", double.NaN, double.NaN, double.NaN, double.NaN,
                $"CPU time {ratio:F2}× hand-written adjoint ({low:F2}–{high:F2}), Background = false"));
        }
    }

    /// <summary>Rosenbrock plus a hand-written |x₀| (a branch), with x₀ changing sign on every call.</summary>
    static Var Kinked(ReadOnlySpan<Var> x) => Rosenbrock.OnVar(x) + (x[0] > 0 ? x[0] : -x[0]);

    static double KinkedAdjoint(ReadOnlySpan<double> x, Span<double> g)
    {
        double y = Rosenbrock.Adjoint(x, g);
        g[0] += x[0] > 0 ? 1 : -1;
        return y + Math.Abs(x[0]);
    }

    static void Flip(int n)
    {
        double[] a = Harness.Point(n), b = Harness.Point(n), g = new double[n], reference = new double[n];
        b[0] = -a[0];
        var f = Differentiate.Compile(Kinked);
        // Two rounds: the first call's recording is lent to the compiler and forgotten when the second call (the other
        // branch) records on the same tape storage; that pattern is compiled when it recurs (see docs/compilation.md).
        for (int round = 0; round < 2; round++)
        {
            f.Gradient(a, g);
            f.Gradient(b, g);
            f.WaitForCompilation();
        }
        int call = 0;
        var (adj, cf, ratio, low, high) = Alternate(
            () => KinkedAdjoint(++call % 2 == 0 ? a : b, g),
            () => f.Gradient(++call % 2 == 0 ? a : b, g));
        double fns = Harness.Measure(() => Rosenbrock.F(a)).MedianNs;
        KinkedAdjoint(b, reference);
        f.Gradient(b, g);
        Report.Add(new Row("compiled fn flip", n, "rosenbrock + |x0| by a branch: hand adjoint", fns, adj.MedianNs, double.NaN, adj.BytesPerCall, "x0 changes sign every call"));
        Report.Add(new Row("compiled fn flip", n, "rosenbrock + |x0|: Compile(f).Gradient", fns, cf.MedianNs, Harness.RelativeError(g, reference), cf.BytesPerCall,
            $"{Range(ratio, low, high)}; {f.Variants.Count} variants, {f.Recordings} recordings"));
    }

    /// <summary>One row's loss softplus(−y ⟨w, a⟩): per-row gradients of logistic regression.</summary>
    static Var RowLoss(ReadOnlySpan<Var> w, Data data)
    {
        Var z = 0;
        for (int j = 0; j < data.Length; j++) z += data[j] * w[j];
        return Var.Softplus(-data.Label(0) * z);
    }

    static void PerRow()
    {
        var w = LogReg.Weights();
        int m = LogReg.M, p = LogReg.D;
        var grads = new double[m * p];
        var g = new double[p];
        var full = Differentiate.Compile(Loss);
        full.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g);
        full.WaitForCompilation();
        var rows = Differentiate.Compile(RowLoss);
        rows.Gradient(w, LogReg.A.AsSpan(0, p), LogReg.Y.AsSpan(0, 1), g);
        rows.WaitForCompilation();
        var (batch, one, ratio, low, high) = Alternate(
            () => full.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g),
            () => { rows.RowGradients(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, grads); return grads[0]; });
        var cpu = CpuRatio(() => full.Gradient(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, g),
            () => { rows.RowGradients(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, grads); return grads[0]; }, 20);
        var two = Harness.Measure(() => { rows.RowGradients(w, LogReg.A, (ReadOnlySpan<double>)LogReg.Y, grads, default, 2); return grads[0]; });
        double error = CheckRows(w, grads);
        double fns = Harness.Measure(() => LogReg.F(w)).MedianNs;
        Report.Add(new Row("per-row grads", m * p, "full-batch Compile(f).Gradient (1 core)", fns, batch.MedianNs, double.NaN, batch.BytesPerCall));
        Report.Add(new Row("per-row grads", m * p, "RowGradients, 1 core (m × p out)", fns, one.MedianNs, error, one.BytesPerCall,
            $"{ratio:F2}× one full-batch gradient (median of {Rounds} alternated rounds; {low:F2}–{high:F2}); CPU time {cpu.Ratio:F2}× ({cpu.Low:F2}–{cpu.High:F2})"));
        Report.Add(new Row("per-row grads", m * p, "RowGradients, 2 cores", fns, two.MedianNs, error, two.BytesPerCall,
            $"{one.MedianNs / two.MedianNs:F2}× faster than 1 core"));
    }

    /// <summary>Max relative error of the per-row gradients against the analytic ∂/∂w softplus(−y a·w) = −y σ(y a·w − …) a.</summary>
    static double CheckRows(double[] w, double[] grads)
    {
        int p = LogReg.D;
        double worst = 0;
        var expected = new double[p];
        for (int i = 0; i < LogReg.M; i += 97)
        {
            double z = 0;
            for (int j = 0; j < p; j++) z += LogReg.A[i * p + j] * w[j];
            double t = -LogReg.Y[i] * z, c = -LogReg.Y[i] / (1 + Math.Exp(-t));
            for (int j = 0; j < p; j++) expected[j] = c * LogReg.A[i * p + j];
            worst = Math.Max(worst, Harness.RelativeError(grads.AsSpan(i * p, p), expected));
        }
        return worst;
    }

    /// <summary>First-call latency of a fresh function object against a warm tape gradient, and how soon compiled code takes over.</summary>
    static void FirstCall(string name, int n, ScalarFunction fv, double[] x)
    {
        var g = new double[n];
        var tape = Harness.Measure(() => Differentiate.Gradient(fv, x, g));
        var firsts = new List<double>();
        var handover = new List<double>();
        var calls = new List<int>();
        for (int r = 0; r < Rounds * 2; r++)
        {
            var f = Differentiate.Compile(fv);
            var clock = Stopwatch.StartNew();
            f.Gradient(x, g);
            firsts.Add(clock.Elapsed.TotalNanoseconds);
            int k = 1;
            while (f.Recordings == k) { f.Gradient(x, g); k++; } // calls answered by the tape until the compiled code is ready
            handover.Add(clock.Elapsed.TotalMilliseconds);
            calls.Add(k);
        }
        firsts.Sort();
        handover.Sort();
        calls.Sort();
        double first = firsts[firsts.Count / 2];
        Report.Add(new Row("first call", n, $"{name}: fresh Compile(f), first Gradient", tape.MedianNs, first, double.NaN, double.NaN,
            $"{first / tape.MedianNs:F2}× a warm tape gradient (median of {firsts.Count}; {firsts[0] / tape.MedianNs:F2}–{firsts[^1] / tape.MedianNs:F2}); " +
            $"compiled code answered from call {calls[calls.Count / 2]} on, {handover[handover.Count / 2]:F0} ms after the first"));
    }

    /// <summary>
    /// First-call latency in detail (<c>--only first-call</c>): per round in this process, the first call of a fresh
    /// function object over a warm tape gradient with the collections that ran during it; then the honest measure of a
    /// call that happens once per process: the first gradient in fresh processes, <paramref name="processes"/> of each
    /// kind (a plain <c>Differentiate.Gradient</c>, and <c>Compile(f).Gradient</c>), alternated, medians compared.
    /// </summary>
    public static void FirstCallDetail(int n, int processes)
    {
        var x = Harness.Point(n);
        var g = new double[n];
        ScalarFunction fv = v => Rosenbrock.OnVar(v);
        var tape = Harness.Measure(() => Differentiate.Gradient(fv, x, g));
        var seconds = new List<double>();
        var thirds = new List<double>();
        var fresh = new List<double>();
        var faultCounts = new List<long>();
        for (int r = 0; r < 8; r++)
        {
            var f = Differentiate.Compile(fv);
            int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var clock = Stopwatch.StartNew();
            f.Gradient(x, g);
            double first = clock.Elapsed.TotalNanoseconds;
            int[] after = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            long secondFaults = MinorFaults();
            clock.Restart();
            f.Gradient(x, g);
            double second = clock.Elapsed.TotalNanoseconds;
            secondFaults = MinorFaults() - secondFaults;
            int byTape = f.Recordings;
            clock.Restart();
            f.Gradient(x, g);
            double third = clock.Elapsed.TotalNanoseconds;
            Console.WriteLine($"   second call by {(byTape == 2 ? "the tape" : "compiled code")}, third call {third / tape.MedianNs:F2}× by {(f.Recordings > byTape ? "the tape" : "compiled code")}");
            f.WaitForCompilation();
            clock.Restart();
            Differentiate.Gradient(fv, x, g);
            double plain = clock.Elapsed.TotalNanoseconds;
            Console.WriteLine($"   then a plain tape gradient: {plain / tape.MedianNs:F2}×");
            // The tape's storage after a fresh object's first call, with the compiler out of the way: it once went to the
            // variant, and a plain tape gradient then recorded on new storage (its page faults were the second call's cost);
            // the recording is now lent and exchanged for storage the compiler's thread mapped (see CompiledFunction.Loans.cs).
            var idle = Differentiate.Compile(fv);
            idle.Gradient(x, g);
            idle.WaitForCompilation();
            Thread.Sleep(5);
            long faults = MinorFaults();
            clock.Restart();
            Differentiate.Gradient(fv, x, g);
            double onNew = clock.Elapsed.TotalNanoseconds;
            faults = MinorFaults() - faults;
            long again = MinorFaults();
            Differentiate.Gradient(fv, x, g);
            again = MinorFaults() - again;
            Console.WriteLine($"   a plain tape gradient after a fresh object's first call, compiler idle: {onNew / tape.MedianNs:F2}×, {faults} minor page faults (the next one: {again})");
            if (r > 0) faultCounts.Add(faults);
            if (r > 0 && byTape == 2) seconds.Add(second);
            if (r > 0) thirds.Add(third);
            if (r > 0) fresh.Add(onNew);
            Console.WriteLine($"round {r}: first call {first / tape.MedianNs:F2}× a warm tape gradient ({first / 1e3:F0} µs; tape {tape.MedianNs / 1e3:F0} µs), "
                + $"second call {second / tape.MedianNs:F2}× ({secondFaults} minor page faults); collections during the first call: gen0 {after[0] - before[0]}, gen1 {after[1] - before[1]}, gen2 {after[2] - before[2]}");
        }
        seconds.Sort();
        thirds.Sort();
        fresh.Sort();
        if (seconds.Count > 0)
            Report.Add(new Row("second call", n, "rosenbrock: fresh Compile(f), second Gradient (by the tape, compiler working)", tape.MedianNs, seconds[seconds.Count / 2], double.NaN, double.NaN,
                $"{seconds[seconds.Count / 2] / tape.MedianNs:F1}× a warm tape gradient (median of rounds 1–7, {seconds[0] / tape.MedianNs:F1}–{seconds[^1] / tape.MedianNs:F1}); target ≤ 2×"));
        if (thirds.Count > 0)
            Report.Add(new Row("third call", n, "rosenbrock: fresh Compile(f), third Gradient (tape or compiled code)", tape.MedianNs, thirds[thirds.Count / 2], double.NaN, double.NaN,
                $"{thirds[thirds.Count / 2] / tape.MedianNs:F1}× a warm tape gradient (median of rounds 1–7, {thirds[0] / tape.MedianNs:F1}–{thirds[^1] / tape.MedianNs:F1}); target ≤ 2×"));
        if (fresh.Count > 0)
            Report.Add(new Row("second call", n, "rosenbrock: plain tape gradient after a fresh object's first call, compiler idle", tape.MedianNs, fresh[fresh.Count / 2], double.NaN, double.NaN,
                $"{fresh[fresh.Count / 2] / tape.MedianNs:F1}× a warm tape gradient ({fresh[0] / tape.MedianNs:F1}–{fresh[^1] / tape.MedianNs:F1}), {faultCounts.Min()}–{faultCounts.Max()} minor page faults: the tape's storage cost alone"));
        var tapeFirst = new List<double>();
        var compiledFirst = new List<double>();
        for (int k = 0; k < processes; k++)
        {
            tapeFirst.Add(Child("tape", n));
            compiledFirst.Add(Child("compiled", n));
        }
        tapeFirst.Sort();
        compiledFirst.Sort();
        double t = tapeFirst[processes / 2], c = compiledFirst[processes / 2];
        string line = $"first gradient in a fresh process, rosenbrock n = {n}: Compile(f).Gradient {c / 1e3:F0} µs ({compiledFirst[0] / 1e3:F0}–{compiledFirst[^1] / 1e3:F0}), "
            + $"Differentiate.Gradient {t / 1e3:F0} µs ({tapeFirst[0] / 1e3:F0}–{tapeFirst[^1] / 1e3:F0}): {c / t:F2}× (medians of {processes} processes each, alternated)";
        Console.WriteLine(line);
        Report.Add(new Row("first call (process)", n, "rosenbrock: Compile(f).Gradient / Differentiate.Gradient, fresh processes", t, c, double.NaN, double.NaN, line));
    }

    /// <summary>This thread's minor page faults so far (Linux: /proc/thread-self/stat, field 10); 0 elsewhere.</summary>
    static long MinorFaults()
    {
        const string path = "/proc/thread-self/stat";
        if (!File.Exists(path)) return 0;
        string stat = File.ReadAllText(path);
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7]); // after "pid (comm) ": state is field 3, minflt field 10
    }

    /// <summary>Runs this program as a child that times one first gradient (<see cref="FirstCallChild"/>) and returns its nanoseconds.</summary>
    static double Child(string kind, int n)
    {
        string path = Environment.ProcessPath!;
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet") info.ArgumentList.Add(typeof(CompiledFunctionBench).Assembly.Location);
        foreach (var a in (string[])["first-call-child", kind, n.ToString()]) info.ArgumentList.Add(a);
        using var child = Process.Start(info)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>In a fresh process: the nanoseconds of the first gradient of Rosenbrock n, by the tape or by a compiled function object.</summary>
    public static void FirstCallChild(string kind, int n)
    {
        var x = Harness.Point(n);
        var g = new double[n];
        ScalarFunction fv = v => Rosenbrock.OnVar(v);
        var clock = Stopwatch.StartNew();
        if (kind == "tape") Differentiate.Gradient(fv, x, g);
        else Differentiate.Compile(fv).Gradient(x, g);
        Console.WriteLine(clock.Elapsed.TotalNanoseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A scalar multilayer perceptron d-h-10 on B images (tanh hidden layer, softmax cross-entropy), data as data arguments.</summary>
    static DataFunction Mlp(int d, int h) => (theta, data) =>
    {
        Var loss = 0;
        int rows = data.Rows;
        Span<Var> hidden = new Var[h];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < h; k++)
            {
                Var z = theta[d * h + k];
                for (int j = 0; j < d; j++) z += theta[k * d + j] * data[i, j];
                hidden[k] = Var.Tanh(z);
            }
            int o0 = d * h + h;
            Var sum = 0, picked = 0;
            for (int c = 0; c < 10; c++)
            {
                Var z = theta[o0 + 10 * h + c];
                for (int k = 0; k < h; k++) z += theta[o0 + c * h + k] * hidden[k];
                sum += Var.Exp(z);
                picked += data.Label(i * 10 + c) * z; // one-hot labels as data: no branch on the label
            }
            loss += Var.Log(sum) - picked;
        }
        return loss / rows;
    };

    /// <summary>Compile seconds per 10⁶ recorded operations for Rosenbrock-like and MLP-like graphs.</summary>
    static void CompileTime()
    {
        foreach (int n in Harness.Quick ? (int[])[100_000] : [100_000, 1_000_000])
        {
            var x = Harness.Point(n);
            Compiled($"rosenbrock", n, Differentiate.Compile(Rosenbrock.OnVar), f => f.Gradient(x, new double[n]));
        }
        foreach (var (d, h, b) in Harness.Quick ? [(784, 16, 4)] : new[] { (784, 16, 4), (784, 128, 64) })
        {
            var r = new Random(1);
            int p = d * h + h + 10 * h + 10;
            double[] theta = [.. Enumerable.Range(0, p).Select(_ => (r.NextDouble() - 0.5) * 0.1)];
            double[] images = [.. Enumerable.Range(0, b * d).Select(_ => r.NextDouble())];
            var labels = new double[b * 10];
            for (int i = 0; i < b; i++) labels[i * 10 + r.Next(10)] = 1;
            Compiled($"mlp {d}-{h}-10 x{b}", p, Differentiate.Compile(Mlp(d, h), new CompileOptions { Columns = d }), f => f.Gradient(theta, images, labels, new double[p]));
        }
    }

    /// <summary>
    /// The issue's large case alone (<c>--only compile-mlp</c>): the scalar MLP d-h-10 on b images compiled in the background
    /// while the tape serves its first gradient; prints the recorded operations, the compile seconds, the loops it rolled
    /// into, the first (tape) gradient's time, a warm compiled gradient's time and the process's peak working set.
    /// </summary>
    public static void CompileMlp(int d, int h, int b)
    {
        var r = new Random(1);
        int p = d * h + h + 10 * h + 10;
        double[] theta = [.. Enumerable.Range(0, p).Select(_ => (r.NextDouble() - 0.5) * 0.1)];
        double[] images = [.. Enumerable.Range(0, b * d).Select(_ => r.NextDouble())];
        var labels = new double[b * 10];
        for (int i = 0; i < b; i++) labels[i * 10 + r.Next(10)] = 1;
        var g = new double[p];
        var f = Differentiate.Compile(Mlp(d, h), new CompileOptions { Columns = d });
        var clock = Stopwatch.StartNew();
        f.Gradient(theta, images, labels, g);
        double first = clock.Elapsed.TotalSeconds;
        bool compiledYet = f.Variants[0].Compiled;
        f.WaitForCompilation();
        double ready = clock.Elapsed.TotalSeconds;
        var v = f.Variants[0];
        clock.Restart();
        f.Gradient(theta, images, labels, g);
        double warm = clock.Elapsed.TotalSeconds;
        clock.Restart();
        f.Gradient(theta, images, labels, g);
        double warm2 = clock.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"mlp {d}-{h}-10 x{b}: {v.Operations:N0} ops; first gradient (tape, compiler working meanwhile: {(compiledYet ? "no, already compiled" : "yes")}) {first:F2} s; "
            + $"compiled {(v.Compiled ? "" : "NOT ")}in {v.CompileSeconds:F2} s ({v.SecondsPerMillionOperations:F2} s per 10^6 ops), ready {ready:F2} s after the first call; "
            + $"{v.Loops} loops over {v.RolledOperations:N0} ops; compiled gradients {warm:F3} s, {warm2:F3} s; peak working set {self.PeakWorkingSet64 / 1e9:F1} GB");
    }

    static void Compiled(string name, int n, CompiledFunction f, Func<CompiledFunction, double> call)
    {
        var clock = Stopwatch.StartNew();
        call(f);
        double first = clock.Elapsed.TotalMilliseconds;
        f.WaitForCompilation();
        var v = f.Variants[0];
        Report.Add(new Row("compile time", n, name, double.NaN, v.CompileSeconds * 1e9, double.NaN, double.NaN,
            $"{v.Operations:N0} ops: {v.SecondsPerMillionOperations:F2} s per 10^6 ops; {v.Loops} loops over {v.RolledOperations:N0} ops; first gradient by the tape in {first:F0} ms while compiling"));
    }
}
