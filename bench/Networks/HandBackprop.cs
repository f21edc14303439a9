using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Bench.Networks;

/// <summary>
/// The baseline a C# programmer would write by hand for a one-hidden-layer tanh network x → tanh(x·W1 + b1)·W2 + b2
/// with the mean softmax cross-entropy: plain loops, buffers allocated once, the backward pass derived on paper.
/// Honest and fast: every inner loop runs over a contiguous row of hidden units, as a TensorPrimitives call (SIMD,
/// what a C# programmer would reach for) when the row has 16 or more entries, with explicit Vector256 registers when
/// it is narrower: W1 row-major (in × hidden), W2 transposed per call (out × hidden) so that
/// the narrow output layer is dot products and row updates of hidden entries; tanh and 1 − A² by TensorPrimitives
/// over the whole hidden layer; nothing allocated per call.
///   forward   Z = X·W1 + b1, A = tanh Z, O = A·W2 + b2, L = (1/m) Σᵢ (log Σⱼ e^{O[i,j]} − O[i, cᵢ])
///   backward  ΔO = (softmax O − onehot c)/m, ∂W2 = Aᵀ·ΔO, ∂b2 = Σᵢ ΔO[i], ΔA = ΔO·W2ᵀ, ΔZ = ΔA ⊙ (1 − A²),
///             ∂W1 = Xᵀ·ΔZ, ∂b1 = Σᵢ ΔZ[i]
/// </summary>
public sealed class HandBackprop
{
    private readonly int inputs, hidden, outputs, rows;
    private readonly double[] z, a, o, dO, dZ, tmp, w2t, gW2t;

    public HandBackprop(int inputs, int hidden, int outputs, int rows)
    {
        (this.inputs, this.hidden, this.outputs, this.rows) = (inputs, hidden, outputs, rows);
        z = new double[rows * hidden]; a = new double[rows * hidden];
        o = new double[rows * outputs]; dO = new double[rows * outputs]; dZ = new double[rows * hidden];
        tmp = new double[rows * hidden]; w2t = new double[outputs * hidden]; gW2t = new double[outputs * hidden];
    }

    /// <summary>The loss; the gradient into gW1, gb1, gW2, gb2 (overwritten).</summary>
    public double ValueAndGradient(double[] x, int[] labels, double[] w1, double[] b1, double[] w2, double[] b2,
        double[] gW1, double[] gb1, double[] gW2, double[] gb2)
    {
        int n = inputs, h = hidden, c = outputs, m = rows;
        // Z = X·W1 + b1
        for (int i = 0; i < m; i++)
        {
            int zi = i * h;
            var zRow = z.AsSpan(zi, h);
            b1.CopyTo(zRow);
            for (int k = 0; k < n; k++) Axpy(w1.AsSpan(k * h, h), x[i * n + k], zRow);
        }
        TensorPrimitives.Tanh(z, a);
        // W2ᵀ (out × hidden), so that the narrow output layer also runs over contiguous rows of hidden entries.
        for (int k = 0; k < h; k++)
            for (int j = 0; j < c; j++) w2t[j * h + k] = w2[k * c + j];
        // O = A·W2 + b2 (dot products of hidden-wide rows), then the loss and ΔO row by row
        double loss = 0, inv = 1.0 / m;
        for (int i = 0; i < m; i++)
        {
            int oi = i * c;
            var aRow = a.AsSpan(i * h, h);
            for (int j = 0; j < c; j++) o[oi + j] = b2[j] + Dot(aRow, w2t.AsSpan(j * h, h));
            double max = o[oi];
            for (int j = 1; j < c; j++) max = Math.Max(max, o[oi + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) { double e = Math.Exp(o[oi + j] - max); dO[oi + j] = e; sum += e; }
            loss += Math.Log(sum) + max - o[oi + labels[i]];
            double s = inv / sum;
            for (int j = 0; j < c; j++) dO[oi + j] *= s;
            dO[oi + labels[i]] -= inv;
        }
        // ∂W2ᵀ[j] = Σᵢ ΔO[i, j]·A[i], ∂b2 = column sums of ΔO, ΔZ = (ΔO·W2ᵀ) ⊙ (1 − A²)
        Array.Clear(gW2t); Array.Clear(gb2);
        for (int i = 0; i < m; i++)
        {
            var aRow = a.AsSpan(i * h, h);
            var dzRow = dZ.AsSpan(i * h, h);
            dzRow.Clear();
            for (int j = 0; j < c; j++)
            {
                double d = dO[i * c + j];
                gb2[j] += d;
                Axpy(aRow, d, gW2t.AsSpan(j * h, h));
                Axpy(w2t.AsSpan(j * h, h), d, dzRow);
            }
        }
        TensorPrimitives.Multiply(a, a, tmp);
        TensorPrimitives.Subtract(1.0, tmp, tmp);
        TensorPrimitives.Multiply(dZ, tmp, dZ);
        for (int k = 0; k < h; k++)
            for (int j = 0; j < c; j++) gW2[k * c + j] = gW2t[j * h + k];
        // ∂W1 = Xᵀ·ΔZ, ∂b1 = column sums of ΔZ
        Array.Clear(gW1); Array.Clear(gb1);
        for (int i = 0; i < m; i++)
        {
            var dzRow = dZ.AsSpan(i * h, h);
            Axpy(dzRow, 1.0, gb1);
            for (int k = 0; k < n; k++) Axpy(dzRow, x[i * n + k], gW1.AsSpan(k * h, h));
        }
        return loss * inv;
    }

    // Rows narrower than 16 (the 8 hidden units of 24-8-2) with explicit four-lane registers and no call: a library
    // call per 8 numbers costs more than the 8 multiply-adds, which made the first version of this baseline slower
    // on 24-8-2 (1 600 hidden numbers) than on 4-32-3 (4 800).
    private static void Axpy(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        if (y.Length >= 16) { TensorPrimitives.MultiplyAdd(x, a, y, y); return; }
        ref double x0 = ref MemoryMarshal.GetReference(x), y0 = ref MemoryMarshal.GetReference(y);
        var av = Vector256.Create(a);
        int i = 0;
        for (; i + 4 <= y.Length; i += 4)
            Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256.LoadUnsafe(ref y0, (nuint)i)).StoreUnsafe(ref y0, (nuint)i);
        for (; i < y.Length; i++) y[i] += a * x[i];
    }

    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length >= 16) return TensorPrimitives.Dot(x, y);
        ref double x0 = ref MemoryMarshal.GetReference(x), y0 = ref MemoryMarshal.GetReference(y);
        var s = Vector256<double>.Zero;
        int i = 0;
        for (; i + 4 <= x.Length; i += 4) s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x0, (nuint)i), Vector256.LoadUnsafe(ref y0, (nuint)i), s);
        double d = Vector256.Sum(s);
        for (; i < x.Length; i++) d += x[i] * y[i];
        return d;
    }
}
