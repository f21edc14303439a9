using System.Numerics.Tensors;
using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;
using Tensor = Tangent.Arrays.Tensor;

namespace Tangent.Benchmarks;

/// <summary>
/// Where the logistic regression's array gradient spends its time (<c>--only logreg-profile</c>): the whole gradient
/// beside each piece of it run alone on the same arrays — the data check (one read of X), X·w, Xᵀ·r, the loss
/// chain — and the floor, two plain passes over X. Medians of alternating rounds, one run.
/// </summary>
public static class LogRegProfile
{
    public static void Run()
    {
        int m = LogReg.M, d = LogReg.D;
        var w = LogReg.Weights();
        var g = new ArrayGraph();
        var wv = g.Parameter("w", d);
        var x = g.Data("X", m, d);
        var y = g.Data("y", m);
        var program = new ArrayProgram(A.Mean(A.Softplus(-(y * x.MatMul(wv)))));
        Tensor[] parameters = [Tensor.From(w, d)];
        Tensor[] data = [Tensor.From(LogReg.A, m, d), Tensor.From(LogReg.Y, m)];
        Tensor[] gradient = [new Tensor(d)];
        var z = new double[m];
        // The loss chain alone, on z = X·w given as a parameter: mean(softplus(−y ⊙ z)).
        var gc = new ArrayGraph();
        var zv = gc.Parameter("z", m);
        var yc = gc.Data("y", m);
        var chain = new ArrayProgram(A.Mean(A.Softplus(-(yc * zv))));
        Gemm.Multiply(LogReg.A, false, w, false, z, m, 1, d, false);
        Tensor[] zt = [Tensor.From((double[])z.Clone(), m)], yt = [Tensor.From(LogReg.Y, m)], zg = [new Tensor(m)];
        var gw = new double[d];
        var pieces = new (string Name, Func<double> Call)[]
        {
            ("gradient (ArrayProgram)", () => program.Gradient(parameters, data, gradient)),
            ("value (ArrayProgram)", () => program.Value(parameters, data)),
            ("loss chain alone: gradient w.r.t. z", () => chain.Gradient(zt, yt, zg)),
            ("finite check of X (one read)", () => Finite.FirstNonFinite(LogReg.A)),
            ("X·w (Gemm.Multiply, n = 1)", () => { Gemm.Multiply(LogReg.A, false, w, false, z, m, 1, d, false); return z[0]; }),
            ("Xᵀ·r (Gemm.Multiply, transposed)", () => { Gemm.Multiply(LogReg.A, true, z, false, gw, d, 1, m, false); return gw[0]; }),
            ("hand-written adjoint (scalar loops)", () => LogReg.Adjoint(w, gw)),
        };
        var medians = new List<double>[pieces.Length];
        for (int i = 0; i < pieces.Length; i++) medians[i] = [];
        for (int round = 0; round < 3; round++)
            for (int i = 0; i < pieces.Length; i++) medians[i].Add(Harness.Measure(pieces[i].Call).MedianNs);
        Console.WriteLine($"logreg {m}×{d} gradient, per piece (medians of 3 alternating rounds; GEMM backend {Gemm.Backend}):");
        foreach (var region in program.FusedRegions)
            Console.WriteLine($"  fused sum of {region.Length}: {string.Join(", ", region.Members.Select(n => n.Operation))}; {(region.Compiled ? "compiled loop" : "chunk rules")}");
        for (int i = 0; i < pieces.Length; i++)
            Console.WriteLine($"  {pieces[i].Name,-40} {Harness.Time(medians[i].OrderBy(t => t).ElementAt(1))}");
    }

    private static double FiniteSum(double[] a)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i += 4096) s += TensorPrimitives.Sum(a.AsSpan(i, Math.Min(4096, a.Length - i)));
        return s;
    }
}
