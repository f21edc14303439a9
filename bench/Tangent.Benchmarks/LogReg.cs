namespace Tangent.Benchmarks;

/// <summary>
/// Logistic-regression loss L(w) = (1/m) Σᵢ softplus(−yᵢ aᵢ·w) over m = 10 000 samples of d = 100
/// features: a_ij = sin(0.001·(i·d + j) + 0.5·j), yᵢ = +1 when i mod 3 = 0 else −1, w_j = 0.01·cos j
/// (the same data in bench/peers).
/// </summary>
public static class LogReg
{
    public const int M = 10_000, D = 100;
    public static readonly double[] A = new double[M * D], Y = new double[M];

    static LogReg()
    {
        for (int i = 0; i < M; i++)
        {
            Y[i] = i % 3 == 0 ? 1 : -1;
            for (int j = 0; j < D; j++) A[i * D + j] = Math.Sin(0.001 * (i * D + j) + 0.5 * j);
        }
    }

    public static double[] Weights()
    {
        var w = new double[D];
        for (int j = 0; j < D; j++) w[j] = 0.01 * Math.Cos(j);
        return w;
    }

    public static double F(ReadOnlySpan<double> w)
    {
        double loss = 0;
        for (int i = 0; i < M; i++)
        {
            var a = A.AsSpan(i * D, D);
            double z = 0;
            for (int j = 0; j < D; j++) z += a[j] * w[j];
            loss += Math.Log(1 + Math.Exp(-Y[i] * z));
        }
        return loss / M;
    }

    /// <summary>Hand-written adjoint: ∂L/∂w = (1/m) Σᵢ σ(tᵢ)(−yᵢ) aᵢ with tᵢ = −yᵢ aᵢ·w.</summary>
    public static double Adjoint(ReadOnlySpan<double> w, Span<double> g)
    {
        double loss = 0;
        g.Clear();
        for (int i = 0; i < M; i++)
        {
            var a = A.AsSpan(i * D, D);
            double z = 0;
            for (int j = 0; j < D; j++) z += a[j] * w[j];
            double t = -Y[i] * z;
            loss += Math.Log(1 + Math.Exp(t));
            double c = -Y[i] / (1 + Math.Exp(-t)) / M;
            for (int j = 0; j < D; j++) g[j] += c * a[j];
        }
        return loss / M;
    }

    /// <summary>Hand-written Hessian-vector product: ∇²L·v = (1/m) Σᵢ σ′(tᵢ) yᵢ² (aᵢ·v) aᵢ, σ′ = σ(1 − σ).</summary>
    public static void Hvp(ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> hv)
    {
        hv.Clear();
        for (int i = 0; i < M; i++)
        {
            var a = A.AsSpan(i * D, D);
            double z = 0, d = 0;
            for (int j = 0; j < D; j++)
            {
                z += a[j] * w[j];
                d += a[j] * v[j];
            }
            double sigma = 1 / (1 + Math.Exp(Y[i] * z)); // σ(tᵢ), tᵢ = −yᵢ z
            double c = sigma * (1 - sigma) * Y[i] * Y[i] * d / M;
            for (int j = 0; j < D; j++) hv[j] += c * a[j];
        }
    }

    /// <summary>The same loops on the tape: 2 operations per multiply-add, softplus as one primitive.</summary>
    public static Var OnVar(ReadOnlySpan<Var> w)
    {
        Var loss = 0;
        for (int i = 0; i < M; i++)
        {
            var a = A.AsSpan(i * D, D);
            Var z = 0;
            for (int j = 0; j < D; j++) z += a[j] * w[j];
            loss += Var.Softplus(-Y[i] * z);
        }
        return loss / M;
    }

    public static void Run()
    {
        var w = Weights();
        var g = new double[D];
        var reference = new double[D];
        Adjoint(w, reference);
        var f = Harness.Measure(() => F(w));
        double fns = f.MedianNs;
        Report.Add(new Row("logreg", M * D, "plain C# f (double[])", fns, fns, double.NaN, f.BytesPerCall, "10000x100"));
        var adj = Harness.Measure(() => Adjoint(w, g));
        Report.Add(new Row("logreg", M * D, "hand-written adjoint", fns, adj.MedianNs, Harness.RelativeError(g, reference), adj.BytesPerCall));
        ScalarFunction fv = OnVar;
        var graph = Differentiate.Record(fv, w);
        var tape = Harness.Measure(() => Differentiate.Gradient(fv, w, g));
        Report.Add(new Row("logreg", M * D, "Var tape: record + reverse (Span overload)", fns, tape.MedianNs, Harness.RelativeError(g, reference), tape.BytesPerCall,
            $"{graph.OperationCount} ops, {Graph.BytesPerOperation} B/op"));
        // Recorded once, compiled to IL (the loops rolled), re-used while the branches hold.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var compiled = CompiledGradient.Compile(graph);
        compiled.Evaluate(w, g, out _);
        double compileMs = sw.Elapsed.TotalMilliseconds;
        var cg = Harness.Measure(() => compiled.Evaluate(w, g, out _));
        Report.Add(new Row("logreg", M * D, "Var: recorded once + compiled IL gradient", fns, cg.MedianNs, Harness.RelativeError(g, reference), cg.BytesPerCall,
            $"{cg.MedianNs / adj.MedianNs:F2}× hand-written adjoint; {compiled.LoopCount} loops over {compiled.RolledOperations} of {graph.OperationCount} ops, {compiled.MethodCount} methods, compiled in {compileMs:F0} ms"));
        // Hessian-vector products at w: the compiled gradient's (its first call records and compiles the tangent graph).
        var v = new double[D];
        for (int j = 0; j < D; j++) v[j] = Math.Cos(3.0 * j);
        double[] hv = new double[D], hvReference = new double[D];
        var hand = Harness.Measure(() => { Hvp(w, v, hvReference); return hvReference[0]; });
        Report.Add(new Row("logreg hvp", M * D, "hand-written HVP", fns, hand.MedianNs, double.NaN, hand.BytesPerCall));
        sw.Restart();
        compiled.Hvp(w, v, hv, out _);
        double tangentMs = sw.Elapsed.TotalMilliseconds;
        var chv = Harness.Measure(() => { compiled.Hvp(w, v, hv, out _); return hv[0]; });
        Report.Add(new Row("logreg hvp", M * D, "Var: CompiledGradient.Hvp at any point", fns, chv.MedianNs, Harness.RelativeError(hv, hvReference), chv.BytesPerCall,
            $"{chv.MedianNs / hand.MedianNs:F2}× hand-written HVP; first call (records and compiles the tangent graph) {tangentMs:F0} ms"));
        FiniteDifferences.Run("logreg", M * D, fns, v => F(v), w, reference);
    }
}
