namespace Tangent.Benchmarks;

/// <summary>Jacobian directions, Hessians and Hessian-vector products, and many points on all cores.</summary>
public static class Derivatives
{
    /// <summary>F: Rⁿ → Rᵐ, Fₖ(x) = Σⱼ sin(x_j·(k+1)/n)·x_j, recorded once; each mode timed over the same graph.</summary>
    public static void Jacobians()
    {
        foreach (var (n, m) in new[] { (1000, 1), (1, 1000), (100, 100) })
        {
            var x = Harness.Point(n);
            VectorFunction F = v =>
            {
                var y = new Var[m];
                for (int k = 0; k < m; k++)
                {
                    Var s = 0;
                    for (int j = 0; j < v.Length; j++) s += Var.Sin(v[j] * ((k + 1.0) / (n + m))) * v[j];
                    y[k] = s;
                }
                return y;
            };
            var graph = Differentiate.Record(F, x);
            double fns = Harness.Measure(() => Differentiate.Record(F, x).OperationCount).MedianNs;
            // The three modes are timed in rotation, three rounds, keeping each one's best median, so that
            // load from other processes does not favour whichever mode ran in a quiet moment.
            var modes = new[] { JacobianMode.Forward, JacobianMode.Reverse, JacobianMode.Auto };
            var times = modes.ToDictionary(m => m, _ => double.MaxValue);
            var results = new Dictionary<JacobianMode, JacobianResult>();
            for (int round = 0; round < 3; round++)
                foreach (var mode in modes)
                {
                    JacobianResult? r = null;
                    times[mode] = Math.Min(times[mode], Harness.Measure(() => (r = graph.Jacobian(mode)).Sweeps).MedianNs);
                    results[mode] = r!;
                }
            var reference = results[JacobianMode.Reverse].Jacobian;
            foreach (var mode in modes)
            {
                var r = results[mode];
                double err = 0;
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) err = Math.Max(err, Math.Abs(r.Jacobian[i, j] - reference[i, j]));
                string note = mode == JacobianMode.Auto
                    ? $"chose {r.Mode} ({r.Sweeps} sweeps); {times[mode] / Math.Min(times[JacobianMode.Forward], times[JacobianMode.Reverse]):F2}× the better fixed direction"
                    : $"{r.Sweeps} sweeps";
                Report.Add(new Row($"jacobian {n}x{m}", n * m, $"Jacobian {mode} (sweeps of one graph)", fns, times[mode], err, 0, note));
            }
        }
    }

    /// <summary>
    /// Hessian-vector products and Hessians of extended Rosenbrock, in multiples of plain f: recording every call
    /// (Differentiate) and on a graph recorded once (Graph), each checked against the analytic Hessian.
    /// </summary>
    public static void Hessians(int[] sizes)
    {
        foreach (int n in sizes)
        {
            var x = Harness.Point(n);
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Math.Cos(i);
            var graph = Differentiate.Record(Rosenbrock.OnVar, x);
            var hvOut = new double[n];
            var compiledHvp = CompiledHvp.Compile(graph);
            var chvOut = new double[n];
            // Compiled at another point, so that nothing of x is known before the call.
            var elsewhere = Differentiate.Record(Rosenbrock.OnVar, Harness.Point(n).Select(xi => xi + 0.01).ToArray());
            var anyPoint = CompiledGradient.Compile(elsewhere);
            var hvpElsewhere = CompiledHvp.Compile(elsewhere);
            var ahvOut = new double[n];
            var handOut = new double[n];
            // Exact Hessian of Rosenbrock: H_ii = 1200 xᵢ² − 400 x_{i+1} + 2 (+200 for i ≥ 1), H_{i,i+1} = −400 xᵢ.
            var expected = new double[n];
            for (int i = 0; i < n; i++)
            {
                double d = (i + 1 < n ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
                expected[i] = d * v[i] + (i + 1 < n ? -400 * x[i] * v[i + 1] : 0) + (i > 0 ? -400 * x[i - 1] * v[i - 1] : 0);
            }
            // Each form is timed in alternation with plain f, batch against batch, and its cost is the median of the
            // per-pair ratios: load from other processes slows both sides of a pair alike.
            var forms = new (string Problem, string Tool, Func<double> Call)[]
            {
                ("rosenbrock f", "plain C# f", () => Rosenbrock.F(x)),
                ("rosenbrock hvp", "Var: Hvp (record + forward-over-reverse)", () => Differentiate.Hvp(Rosenbrock.OnVar, x, v)[0]),
                ("rosenbrock hvp", "Var: Hvp of a recorded graph (one sweep)", () => { graph.Hvp(v, default, hvOut); return hvOut[0]; }),
                ("rosenbrock hvp", "Var: CompiledHvp (recorded once)", () => { compiledHvp.Hvp(v, chvOut); return chvOut[0]; }),
                ("rosenbrock hvp", "Var: CompiledGradient.Hvp at any point", () => { anyPoint.Hvp(x, v, ahvOut, out _); return ahvOut[0]; }),
                ("rosenbrock hvp", "hand-written HVP", () => { Rosenbrock.Hvp(x, v, handOut); return handOut[0]; }),
                ("rosenbrock hessian", "Var: Hessian (record + sweeps)", () => Differentiate.Hessian(Rosenbrock.OnVar, x).Hessian[0, 0]),
                ("rosenbrock hessian", "Var: Hessian of a recorded graph", () => graph.Hessian()[0, 0]),
                ("rosenbrock hessian", "Var: SparseHessian (record + sweeps)", () => Differentiate.Record(Rosenbrock.OnVar, x).SparseHessian().Values[0]),
                ("rosenbrock hessian", "Var: SparseHessian of a recorded graph", () => graph.SparseHessian().Values[0]),
                ("rosenbrock hessian", "Var: CompiledHvp.SparseHessian at any point", () => hvpElsewhere.SparseHessian(x, out _).Values[0]),
            };
            var best = new Timing[forms.Length];
            var fOf = new double[forms.Length]; // f's median in the pairing of form k: the ratio printed is form k / fOf[k]
            for (int k = 1; k < forms.Length; k++)
            {
                best[k] = Paired(forms[0].Call, forms[k].Call, out var fk);
                fOf[k] = fk.MedianNs;
            }
            var fromRecording = Differentiate.Hvp(Rosenbrock.OnVar, x, v);
            graph.Hvp(v, default, hvOut);
            Report.Add(new Row(forms[1].Problem, n, forms[1].Tool, fOf[1], best[1].MedianNs, Harness.RelativeError(fromRecording, expected), best[1].BytesPerCall));
            Report.Add(new Row(forms[2].Problem, n, forms[2].Tool, fOf[2], best[2].MedianNs, Harness.RelativeError(hvOut, expected), best[2].BytesPerCall));
            compiledHvp.Hvp(v, chvOut);
            Report.Add(new Row(forms[3].Problem, n, forms[3].Tool, fOf[3], best[3].MedianNs, Harness.RelativeError(chvOut, expected), best[3].BytesPerCall,
                $"at the recorded point; {Harness.RelativeError(chvOut, hvOut):E1} from the graph's Hvp"));
            anyPoint.Hvp(x, v, ahvOut, out bool holds);
            Report.Add(new Row(forms[4].Problem, n, forms[4].Tool, fOf[4], best[4].MedianNs, Harness.RelativeError(ahvOut, expected), best[4].BytesPerCall,
                $"branches hold: {holds}; compiled at another point"));
            Rosenbrock.Hvp(x, v, handOut);
            Report.Add(new Row(forms[5].Problem, n, forms[5].Tool, fOf[5], best[5].MedianNs, Harness.RelativeError(handOut, expected), best[5].BytesPerCall));
            var products = graph.HessianProducts();
            for (int k = 6; k < forms.Length; k++)
            {
                var h = k switch
                {
                    6 => Differentiate.Hessian(Rosenbrock.OnVar, x).Hessian,
                    7 => graph.Hessian(),
                    8 => Differentiate.Record(Rosenbrock.OnVar, x).SparseHessian().ToDense(),
                    9 => graph.SparseHessian().ToDense(),
                    _ => hvpElsewhere.SparseHessian(x, out _).ToDense(),
                };
                double err = 0, scale = 0;
                for (int i = 0; i < n; i++)
                {
                    double row = 0;
                    for (int j = 0; j < n; j++) row += h[i, j] * v[j];
                    err = Math.Max(err, Math.Abs(row - expected[i]));
                    scale = Math.Max(scale, Math.Abs(expected[i]));
                }
                Report.Add(new Row(forms[k].Problem, n, forms[k].Tool, fOf[k], best[k].MedianNs, err / scale, best[k].BytesPerCall,
                    $"{products} Hessian-vector products{(k < 8 ? ", dense n×n result" : $", {graph.SparseHessian().Count} entries")}; checked as H·v against the analytic Hessian"));
            }
        }
    }

    /// <summary>
    /// Times <paramref name="form"/> against <paramref name="f"/> in alternating batches of about 0.2 ms each and returns
    /// the form's timing with MedianNs = (median of the per-pair ratios) × (median time of f), so that MedianNs / f is
    /// the median ratio; <paramref name="fTiming"/> gets f's median.
    /// </summary>
    static Timing Paired(Func<double> f, Func<double> form, out Timing fTiming)
    {
        var tf = Harness.Measure(f);
        var tg = Harness.Measure(form);
        int bf = (int)Math.Clamp(2e5 / Math.Max(tf.MedianNs, 1), 1, 1 << 20), bg = (int)Math.Clamp(2e5 / Math.Max(tg.MedianNs, 1), 1, 1 << 20);
        int samples = Harness.Quick ? 15 : 41;
        var ratios = new double[samples];
        var fs = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < bf; i++) Harness.Sink += f();
            double perF = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds / bf;
            t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int i = 0; i < bg; i++) Harness.Sink += form();
            double perG = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds / bg;
            ratios[s] = perG / perF;
            fs[s] = perF;
        }
        Array.Sort(ratios);
        Array.Sort(fs);
        fTiming = new Timing(fs[samples / 2], fs[0], tf.BytesPerCall, samples);
        return new Timing(ratios[samples / 2] * fs[samples / 2], tg.MinNs, tg.BytesPerCall, samples);
    }

    /// <summary>
    /// Value + gradient of the 2-variable Rosenbrock at many points, recorded once: compiled IL one point per call,
    /// and the batched evaluator (BatchGradient: points in SIMD lanes, blocks over the cores), 1 core and all cores.
    /// Every gradient is checked against the hand-written adjoint at all points.
    /// </summary>
    public static void ManyPoints(int points)
    {
        var pts = new double[points * 2];
        for (int k = 0; k < points; k++) { pts[2 * k] = -1.2 + 0.1 * Math.Sin(k); pts[2 * k + 1] = 1 + 0.1 * Math.Cos(k); }
        var graph = Differentiate.Record(Rosenbrock.OnVar, [-1.2, 1.0]);
        var compiled = CompiledGradient.Compile(graph);
        var expectedValue = new double[points];
        var expectedGrad = new double[points * 2];
        for (int k = 0; k < points; k++) expectedValue[k] = Rosenbrock.Adjoint(pts.AsSpan(2 * k, 2), expectedGrad.AsSpan(2 * k, 2));
        var outValue = new double[points];
        var outGrad = new double[points * 2];
        int cores = Environment.ProcessorCount;
        double Compiled(int threads)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                int lo = (int)((long)points * t / threads), hi = (int)((long)points * (t + 1) / threads);
                for (int k = lo; k < hi; k++) outValue[k] = compiled.Evaluate(pts.AsSpan(2 * k, 2), outGrad.AsSpan(2 * k, 2), out _);
            });
            return sw.Elapsed.TotalNanoseconds;
        }
        var batchOne = BatchGradient.FromGraph(graph);
        var batchAll = BatchGradient.FromGraph(graph, new BatchOptions { MaxDegreeOfParallelism = -1 });
        double Batched(BatchGradient b)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var summary = b.Evaluate(pts, outValue, outGrad);
            double ns = sw.Elapsed.TotalNanoseconds;
            if (summary.Unresolved.Length > 0) throw new InvalidOperationException("Rosenbrock has no branch: no point may be unresolved");
            return ns;
        }
        double Adjoint()
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (int k = 0; k < points; k++) outValue[k] = Rosenbrock.Adjoint(pts.AsSpan(2 * k, 2), outGrad.AsSpan(2 * k, 2));
            return sw.Elapsed.TotalNanoseconds;
        }
        double Error() => Math.Max(Harness.RelativeError(outGrad, expectedGrad), Harness.RelativeError(outValue, expectedValue));
        // Each variant is timed in rotation, keeping its best round, so that load from other processes favours none.
        Compiled(1);
        Batched(batchOne);
        Batched(batchAll);
        double one = double.MaxValue, all = double.MaxValue, bOne = double.MaxValue, bAll = double.MaxValue, adjoint = double.MaxValue;
        double eOne = 0, eAll = 0, ebOne = 0, ebAll = 0;
        for (int r = 0; r < (Harness.Quick ? 3 : 7); r++)
        {
            one = Math.Min(one, Compiled(1)); eOne = Math.Max(eOne, Error());
            all = Math.Min(all, Compiled(cores)); eAll = Math.Max(eAll, Error());
            bOne = Math.Min(bOne, Batched(batchOne)); ebOne = Math.Max(ebOne, Error());
            bAll = Math.Min(bAll, Batched(batchAll)); ebAll = Math.Max(ebAll, Error());
            adjoint = Math.Min(adjoint, Adjoint());
        }
        var plain = Harness.Measure(() => { double s = 0; for (int k = 0; k < 1000; k++) s += Rosenbrock.F(pts.AsSpan(2 * k, 2)); return s; });
        double fPerPoint = plain.MedianNs / 1000;
        string P(double ns) => $"{points / (ns / 1e9):E2} points/s";
        Report.Add(new Row("many points (2-var)", points, "hand-written adjoint (1 core)", fPerPoint, adjoint / points, 0, 0, P(adjoint)));
        Report.Add(new Row("many points (2-var)", points, "compiled IL gradient (1 core)", fPerPoint, one / points, eOne, 0, $"{P(one)}; one point per call"));
        Report.Add(new Row("many points (2-var)", points, $"compiled IL gradient ({cores} cores)", fPerPoint, all / points, eAll, 0, $"{P(all)}; one point per call"));
        Report.Add(new Row("many points (2-var)", points, "BatchGradient lanes (1 core)", fPerPoint, bOne / points, ebOne, 0,
            $"{P(bOne)}; {(batchOne.IsCompiled ? "compiled to 4-lane vector code" : $"{batchOne.LanesPerSweep} lanes per sweep")}; {one / bOne:F1}x the compiled 1-core rate, {bOne / adjoint:F2}x the adjoint's time"));
        Report.Add(new Row("many points (2-var)", points, $"BatchGradient lanes ({cores} cores)", fPerPoint, bAll / points, ebAll, 0,
            $"{P(bAll)}; {bOne / bAll:F2}x its 1-core rate"));
    }
}
