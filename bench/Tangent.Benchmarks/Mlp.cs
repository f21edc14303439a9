using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Benchmarks;

/// <summary>
/// The 784-128-10 MLP loss at batch 64: L = CE(relu(X·W1 + b1)·W2 + b2, c), with the inputs of
/// bench/peers/torch_peer.py: W1[i,j] = 0.05 sin(0.37(128i + j) + 0.1), b1[j] = 0.01 cos j,
/// W2[i,j] = 0.1 cos(0.23(10i + j)), b2 = 0, X[r,i] = 0.5 + 0.5 sin(0.011(784r + i)), c[r] = 7r mod 10.
/// Plain f and the hand-written backpropagation use the same matrix product as the array program.
/// </summary>
public static class Mlp
{
    public const int Batch = 64, In = 784, Hidden = 128, Out = 10;

    public static readonly double[] W1 = Make(In * Hidden, k => 0.05 * Math.Sin(0.37 * k + 0.1));
    public static readonly double[] B1 = Make(Hidden, j => 0.01 * Math.Cos(j));
    public static readonly double[] W2 = Make(Hidden * Out, k => 0.1 * Math.Cos(0.23 * k));
    public static readonly double[] B2 = new double[Out];
    public static readonly double[] X = Make(Batch * In, k => 0.5 + 0.5 * Math.Sin(0.011 * k));
    public static readonly double[] Labels = Make(Batch, r => 7 * r % 10);

    private static double[] Make(int n, Func<int, double> f) => [.. Enumerable.Range(0, n).Select(f)];

    private static readonly double[] h = new double[Batch * Hidden], z = new double[Batch * Out], p = new double[Batch * Out];
    private static readonly double[] gz = new double[Batch * Out], gh = new double[Batch * Hidden];

    /// <summary>The loss, forward only, by hand.</summary>
    public static double F()
    {
        Gemm.Multiply(X, false, W1, false, h, Batch, Hidden, In, false);
        for (int r = 0; r < Batch; r++)
            for (int j = 0; j < Hidden; j++) h[r * Hidden + j] = Math.Max(h[r * Hidden + j] + B1[j], 0);
        Gemm.Multiply(h, false, W2, false, z, Batch, Out, Hidden, false);
        double loss = 0;
        for (int r = 0; r < Batch; r++)
        {
            var row = z.AsSpan(r * Out, Out);
            for (int j = 0; j < Out; j++) row[j] += B2[j];
            double m = System.Numerics.Tensors.TensorPrimitives.Max(row), s = 0;
            for (int j = 0; j < Out; j++) s += Math.Exp(row[j] - m);
            loss += m + Math.Log(s) - row[(int)Labels[r]];
        }
        return loss / Batch;
    }

    /// <summary>Hand-written backpropagation: gz = (softmax − onehot)/N, gW2 = hᵀgz, gh = gz·W2ᵀ ⊙ [h &gt; 0], gW1 = Xᵀgh.</summary>
    public static double Backprop(double[] gW1, double[] gB1, double[] gW2, double[] gB2)
    {
        double loss = F();
        for (int r = 0; r < Batch; r++)
        {
            var row = z.AsSpan(r * Out, Out);
            double m = System.Numerics.Tensors.TensorPrimitives.Max(row), s = 0;
            for (int j = 0; j < Out; j++) s += p[r * Out + j] = Math.Exp(row[j] - m);
            for (int j = 0; j < Out; j++) gz[r * Out + j] = p[r * Out + j] / s / Batch;
            gz[r * Out + (int)Labels[r]] -= 1.0 / Batch;
        }
        Gemm.Multiply(h, true, gz, false, gW2, Hidden, Out, Batch, false);
        Array.Clear(gB2);
        for (int r = 0; r < Batch; r++) for (int j = 0; j < Out; j++) gB2[j] += gz[r * Out + j];
        Gemm.Multiply(gz, false, W2, true, gh, Batch, Hidden, Out, false);
        Array.Clear(gB1);
        for (int k = 0; k < gh.Length; k++)
        {
            if (h[k] <= 0) gh[k] = 0;
            gB1[k % Hidden] += gh[k];
        }
        Gemm.Multiply(X, true, gh, false, gW1, In, Hidden, Batch, false);
        return loss;
    }

    public static ArrayProgram Program()
    {
        var g = new ArrayGraph();
        var w1 = g.Parameter("W1", In, Hidden);
        var b1 = g.Parameter("b1", Hidden);
        var w2 = g.Parameter("W2", Hidden, Out);
        var b2 = g.Parameter("b2", Out);
        var x = g.Data("X", Batch, In);
        var c = g.Labels("c", Batch, Out);
        return new ArrayProgram(A.CrossEntropy(A.Relu(x.MatMul(w1) + b1).MatMul(w2) + b2, c));
    }

    public static void Run()
    {
        double[] gW1 = new double[In * Hidden], gB1 = new double[Hidden], gW2 = new double[Hidden * Out], gB2 = new double[Out];
        Backprop(gW1, gB1, gW2, gB2);
        double[] reference = [.. gW1, .. gB1, .. gW2, .. gB2];
        var program = Program();
        Tensor[] parameters = [Tensor.From(W1, In, Hidden), Tensor.From(B1, Hidden), Tensor.From(W2, Hidden, Out), Tensor.From(B2, Out)];
        Tensor[] data = [Tensor.From(X, Batch, In), Tensor.From(Labels, Batch)];
        Tensor[] gradient = [new Tensor(In, Hidden), new Tensor(Hidden), new Tensor(Hidden, Out), new Tensor(Out)];
        const long n = In * Hidden + Hidden + Hidden * Out + Out;
        foreach (bool blas in OpenBlas.IsAvailable ? new[] { false, true } : [false])
        {
            Gemm.UseOpenBlas = blas;
            string kernel = blas ? "OpenBLAS GEMM" : "managed GEMM";
            var f = Harness.Measure(F);
            var (arrays, hand) = ArraysBench.Alternate(() => program.Gradient(parameters, data, gradient), () => Backprop(gW1, gB1, gW2, gB2));
            double[] got = [.. gradient.SelectMany(t => t.Data)];
            Report.Add(new Row("mlp 784-128-10 b64", n, $"hand-written backprop ({kernel})", f.MedianNs, hand.MedianNs, double.NaN, hand.BytesPerCall));
            Report.Add(new Row("mlp 784-128-10 b64", n, $"Arrays: ArrayProgram gradient ({kernel})", f.MedianNs, arrays.MedianNs,
                Harness.RelativeError(got, reference), arrays.BytesPerCall,
                $"{arrays.MedianNs / hand.MedianNs:F2}× hand-written; {program.OperationCount} nodes, {program.GraphBytes / 1024} KiB graph"));
        }
        Gemm.UseOpenBlas = Gemm.OpenBlasRequested;
    }
}
