using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Benchmarks;

/// <summary>
/// Array programs (issue 12): the matrix product (managed kernel against OpenBLAS's dgemm, same run), logistic
/// regression 10 000×100, the 784-128-10 MLP at batch 64 and Rosenbrock n = 10⁶ written with array operations,
/// each beside plain C# f and a hand-written adjoint. Inputs are the formulas of bench/peers/torch_peer.py.
/// </summary>
public static class ArraysBench
{
    public static void Run()
    {
        Console.WriteLine($"array GEMM backend: {Gemm.Backend} (OpenBLAS {(OpenBlas.IsAvailable ? "loaded" : "not installed")})");
        Gemms();
        LogRegOnArrays();
        Mlp.Run();
        RosenbrockOnArrays();
    }

    /// <summary>Runs a and b alternately, three rounds each, and returns the median of each one's medians.</summary>
    public static (Timing A, Timing B) Alternate(Func<double> a, Func<double> b)
    {
        var ta = new List<Timing>();
        var tb = new List<Timing>();
        for (int round = 0; round < 3; round++)
        {
            ta.Add(Harness.Measure(a));
            tb.Add(Harness.Measure(b));
        }
        static Timing Median(List<Timing> t) => t.OrderBy(x => x.MedianNs).ElementAt(t.Count / 2);
        return (Median(ta), Median(tb));
    }

    private static double[] Fill(int n, double scale, double phase)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = scale * Math.Sin(0.37 * i + phase);
        return x;
    }

    private static void Gemms()
    {
        (string Name, int M, int N, int K, bool TA, bool TB)[] shapes =
        [
            ("gemm 512x512x512", 512, 512, 512, false, false),
            ("gemm mlp X·W1", 64, 128, 784, false, false),
            ("gemm mlp Xᵀ·G1", 784, 128, 64, true, false),
            ("gemm mlp G1·W1ᵀ", 64, 784, 128, false, true),
            ("gemm mlp H·W2", 64, 10, 128, false, false),
            ("gemm mlp Hᵀ·G2", 128, 10, 64, true, false),
            ("gemm mlp G2·W2ᵀ", 64, 128, 10, false, true),
        ];
        foreach (var (name, m, n, k, ta, tb) in shapes)
        {
            var a = Fill(m * k, 1, 0.1);
            var b = Fill(k * n, 1, 0.2);
            var c = new double[m * n];
            var reference = new double[m * n];
            Gemm.Naive(a, ta, b, tb, reference, m, n, k, false);
            double flops = 2.0 * m * n * k;
            if (!OpenBlas.IsAvailable)
            {
                var only = Harness.Measure(() => { ManagedGemm.Multiply(a, ta, b, tb, c, m, n, k, false); return c[0]; });
                Report.Add(new Row(name, (long)m * n * k, "managed GEMM (OpenBLAS not installed)", only.MedianNs, only.MedianNs,
                    Harness.RelativeError(c, reference), only.BytesPerCall, $"{flops / only.MedianNs:F1} GFLOP/s"));
                continue;
            }
            var blasC = new double[m * n];
            var (managed, blas) = Alternate(
                () => { ManagedGemm.Multiply(a, ta, b, tb, c, m, n, k, false); return c[0]; },
                () => { OpenBlas.Dgemm(a, ta, b, tb, blasC, m, n, k, false); return blasC[0]; });
            Report.Add(new Row(name, (long)m * n * k, "OpenBLAS dgemm (1 thread)", blas.MedianNs, blas.MedianNs,
                Harness.RelativeError(blasC, reference), blas.BytesPerCall, $"{flops / blas.MedianNs:F1} GFLOP/s"));
            Report.Add(new Row(name, (long)m * n * k, "managed GEMM (Vector512 8x16 tile)", blas.MedianNs, managed.MedianNs,
                Harness.RelativeError(c, reference), managed.BytesPerCall,
                $"{flops / managed.MedianNs:F1} GFLOP/s = {100 * blas.MedianNs / managed.MedianNs:F0}% of OpenBLAS"));
        }
    }

    /// <summary>Only the array programs that fuse (logreg's loss, Rosenbrock): <c>--only arrays-fused</c>.</summary>
    public static void Fused()
    {
        LogRegOnArrays();
        RosenbrockOnArrays();
    }

    /// <summary>Logistic regression 10 000 × 100 on arrays beside the hand-written adjoint: <c>--only arrays-logreg</c>.</summary>
    public static void LogRegOnArrays()
    {
        var w = LogReg.Weights();
        var reference = new double[LogReg.D];
        LogReg.Adjoint(w, reference);
        var g = new ArrayGraph();
        var wv = g.Parameter("w", LogReg.D);
        var x = g.Data("X", LogReg.M, LogReg.D);
        var y = g.Data("y", LogReg.M);
        var program = new ArrayProgram(A.Mean(A.Softplus(-(y * x.MatMul(wv)))));
        Tensor[] parameters = [Tensor.From(w, LogReg.D)];
        Tensor[] data = [Tensor.From(LogReg.A, LogReg.M, LogReg.D), Tensor.From(LogReg.Y, LogReg.M)];
        Tensor[] gradient = [new Tensor(LogReg.D)];
        var hand = new double[LogReg.D];
        var f = Harness.Measure(() => LogReg.F(w));
        var (arrays, adjoint) = Alternate(() => program.Gradient(parameters, data, gradient), () => LogReg.Adjoint(w, hand));
        Report.Add(new Row("logreg", LogReg.M * LogReg.D, "Arrays: ArrayProgram gradient", f.MedianNs, arrays.MedianNs,
            Harness.RelativeError(gradient[0].Data, reference), arrays.BytesPerCall,
            $"{arrays.MedianNs / adjoint.MedianNs:F2}× hand-written adjoint (same run: {Harness.Time(adjoint.MedianNs)}); {program.OperationCount} nodes, {program.GraphBytes / 1024} KiB graph"));
    }

    private static void RosenbrockOnArrays()
    {
        const int n = 1_000_000;
        var x0 = Harness.Point(n);
        var reference = new double[n];
        Rosenbrock.Adjoint(x0, reference);
        var g = new ArrayGraph();
        var x = g.Parameter("x", n);
        var (lo, hi) = (A.Slice(x, 0, 0, n - 1), A.Slice(x, 0, 1, n - 1));
        var program = new ArrayProgram(A.Sum(100.0 * A.Square(hi - A.Square(lo)) + A.Square(1.0 - lo)));
        Tensor[] parameters = [Tensor.From(x0, n)];
        Tensor[] gradient = [new Tensor(n)];
        var hand = new double[n];
        var (f, arrays) = Alternate(() => Rosenbrock.F(x0), () => program.Gradient(parameters, [], gradient));
        var (adjoint, _) = Alternate(() => Rosenbrock.Adjoint(x0, hand), () => 0);
        var region = program.FusedRegions.Single();
        // CPU time beside wall time: on a machine shared with other work, a call of milliseconds waits for a core.
        var cpu = new List<(double F, double Gradient, double Adjoint)>();
        for (int round = 0; round < 7; round++)
            cpu.Add((CpuNs(() => Rosenbrock.F(x0)), CpuNs(() => program.Gradient(parameters, [], gradient)), CpuNs(() => Rosenbrock.Adjoint(x0, hand))));
        double cf = Median(cpu.Select(c => c.F)), cg = Median(cpu.Select(c => c.Gradient)), ca = Median(cpu.Select(c => c.Adjoint));
        Report.Add(new Row("rosenbrock", n, "Arrays: ArrayProgram gradient", f.MedianNs, arrays.MedianNs,
            Harness.RelativeError(gradient[0].Data, reference), arrays.BytesPerCall,
            $"{program.OperationCount} nodes over arrays of 10^6, one fused sum ({(region.Compiled ? "compiled loop" : "chunk rules")}), " +
            $"{program.GraphBytes / 1024} KiB graph; {arrays.MedianNs / adjoint.MedianNs:F2}× hand-written adjoint (same run: {Harness.Time(adjoint.MedianNs)}); " +
            $"CPU time: gradient {Harness.Time(cg)} = {cg / cf:F2}× f ({Harness.Time(cf)}), {cg / ca:F2}× hand-written adjoint ({Harness.Time(ca)})"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>The process's CPU time per call, over calls filling about 50 ms.</summary>
    private static double CpuNs(Func<double> call)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        Harness.Consume(call());
        int calls = 0;
        var wall = System.Diagnostics.Stopwatch.StartNew();
        process.Refresh();
        var before = process.TotalProcessorTime;
        while (wall.ElapsedMilliseconds < 50 || calls < 3) { Harness.Consume(call()); calls++; }
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalNanoseconds / calls;
    }
}
