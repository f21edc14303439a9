namespace Tangent.Benchmarks;

/// <summary>Extended Rosenbrock at several n: plain f, hand-written adjoint, and the tape (record + reverse every call).</summary>
public static class RosenbrockBench
{
    public static void Run(int[] sizes, (double CopyGBs, double ReadGBs) bandwidth)
    {
        foreach (int n in sizes)
        {
            var x = Harness.Point(n);
            var g = new double[n];
            var reference = new double[n];
            Rosenbrock.Adjoint(x, reference);

            var f = Harness.Measure(() => Rosenbrock.F(x));
            double fns = f.MedianNs;
            Report.Add(new Row("rosenbrock", n, "plain C# f (double[])", fns, fns, double.NaN, f.BytesPerCall));

            var adj = Harness.Measure(() => Rosenbrock.Adjoint(x, g));
            Report.Add(new Row("rosenbrock", n, "hand-written adjoint", fns, adj.MedianNs, Harness.RelativeError(g, reference), adj.BytesPerCall));

            // The graph's size, from one recording.
            var graph = Differentiate.Record(Rosenbrock.OnVar, x);
            long ops = graph.OperationCount;
            double opsPerTerm = ops / (double)(n - 1);
            long graphBytes = (long)graph.OperationCount * Graph.BytesPerOperation;

            ScalarFunction fv = Rosenbrock.OnVar;
            var span = Harness.Measure(() => Differentiate.Gradient(fv, x, g));
            // Memory traffic of one call: the graph is written while recording and read by the sweep,
            // and the adjoint vector (8 bytes per node) is cleared, then read and updated by the sweep.
            double traffic = graphBytes * 2.0 + (graph.OperationCount + n + 1) * 8.0 * 3;
            string note = $"{ops} ops ({opsPerTerm:F2}/term), {Graph.BytesPerOperation} B/op, graph {graphBytes / 1048576.0:F1} MiB";
            if (n >= 100_000) note += $"; ~{traffic / span.MedianNs:F1} GB/s of {bandwidth.CopyGBs:F1} GB/s copy bandwidth";
            Report.Add(new Row("rosenbrock", n, "Var tape: record + reverse (Span overload)", fns, span.MedianNs, Harness.RelativeError(g, reference), span.BytesPerCall, note));

            GradientResult? last = null;
            var full = Harness.Measure(() => (last = Differentiate.Gradient(fv, x)).Value);
            Report.Add(new Row("rosenbrock", n, "Var tape: Gradient → GradientResult", fns, full.MedianNs, Harness.RelativeError(last!.Gradient, reference), full.BytesPerCall));

            var gen = Harness.Measure(() => (last = Differentiate.Gradient(new Rosenbrock.Generic(), x)).Value);
            Report.Add(new Row("rosenbrock", n, "Var tape: generic IScalarFunction", fns, gen.MedianNs, Harness.RelativeError(last!.Gradient, reference), gen.BytesPerCall));

            if (n <= 100_000)
            {
                // Recorded once, compiled to IL, re-used at every call while the branches hold.
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var compiled = CompiledGradient.Compile(graph);
                compiled.Evaluate(x, g, out _);
                double compileMs = sw.Elapsed.TotalMilliseconds;
                var cg = Harness.Measure(() => compiled.Evaluate(x, g, out _));
                Report.Add(new Row("rosenbrock", n, "Var: recorded once + compiled IL gradient", fns, cg.MedianNs, Harness.RelativeError(g, reference), cg.BytesPerCall,
                    $"{cg.MedianNs / adj.MedianNs:F2}× hand-written adjoint; {compiled.LoopCount} loops over {compiled.RolledOperations} of {ops} ops, {compiled.MethodCount} methods, compiled in {compileMs:F0} ms"));
                var cv = Harness.Measure(() => compiled.Value(x, out _));
                Report.Add(new Row("rosenbrock", n, "Var: compiled IL value only", fns, cv.MedianNs, double.NaN, cv.BytesPerCall,
                    $"{cv.MedianNs / fns:F2}× plain f; compiled gradient / compiled value = {cg.MedianNs / cv.MedianNs:F2}"));
            }

            if (n <= 1000) FiniteDifferences.Run("rosenbrock", n, fns, v => Rosenbrock.F(v), x, reference);

            // The floor of the design: a minimal check-free tape (see MinimalTape), side by side.
            if (n <= 1000)
            {
                var floor = Harness.Measure(() => MinimalTape.Gradient(x, g));
                Report.Add(new Row("rosenbrock", n, "  (profile: minimal check-free tape, record + reverse)", fns, floor.MedianNs, Harness.RelativeError(g, reference), floor.BytesPerCall,
                    $"{floor.MedianNs / ops:F2} ns/op; the Var tape takes {span.MedianNs / floor.MedianNs:F2}× its time"));
            }

            // Profile split: the recording alone (the sweep's share is the rest).
            var rec = Harness.Measure(() => RecordOnly(fv, x));
            Report.Add(new Row("rosenbrock", n, "  (profile: recording only)", fns, rec.MedianNs, double.NaN, rec.BytesPerCall,
                $"reverse sweep ≈ {Harness.Time(span.MedianNs - rec.MedianNs)} = {(span.MedianNs - rec.MedianNs) / ops:F2} ns/op; recording {rec.MedianNs / ops:F2} ns/op"));
        }
    }

    /// <summary>Records f on this thread's tape and ends the recording (no sweep): the recording's cost.</summary>
    static double RecordOnly(ScalarFunction f, double[] x)
    {
        var g = Tape.Begin(x, DifferentiationOptions.Default, out var inputs);
        try { return f(inputs).Value; }
        finally { Tape.End(g); }
    }
}
