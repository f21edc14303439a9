using System.Numerics.Tensors;

namespace Tangent.Bench.Networks;

/// <summary>
/// The baseline a C# programmer would write by hand for a one-hidden-layer tanh network x → tanh(x·W1 + b1)·W2 + b2
/// with the mean softmax cross-entropy: plain loops, buffers allocated once, the backward pass derived on paper.
/// Honest and fast: weights row-major (in × out) so every inner loop runs over a contiguous row; the loops over
/// the hidden units are TensorPrimitives calls (SIMD, what a C# programmer would reach for), the narrow output
/// layer plain loops; tanh by TensorPrimitives over the whole hidden layer; nothing allocated per call.
///   forward   Z = X·W1 + b1, A = tanh Z, O = A·W2 + b2, L = (1/m) Σᵢ (log Σⱼ e^{O[i,j]} − O[i, cᵢ])
///   backward  ΔO = (softmax O − onehot c)/m, ∂W2 = Aᵀ·ΔO, ∂b2 = Σᵢ ΔO[i], ΔA = ΔO·W2ᵀ, ΔZ = ΔA ⊙ (1 − A²),
///             ∂W1 = Xᵀ·ΔZ, ∂b1 = Σᵢ ΔZ[i]
/// </summary>
public sealed class HandBackprop
{
    private readonly int inputs, hidden, outputs, rows;
    private readonly double[] z, a, o, dO, dZ;

    public HandBackprop(int inputs, int hidden, int outputs, int rows)
    {
        (this.inputs, this.hidden, this.outputs, this.rows) = (inputs, hidden, outputs, rows);
        z = new double[rows * hidden]; a = new double[rows * hidden];
        o = new double[rows * outputs]; dO = new double[rows * outputs]; dZ = new double[rows * hidden];
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
            for (int k = 0; k < n; k++) TensorPrimitives.MultiplyAdd(w1.AsSpan(k * h, h), x[i * n + k], zRow, zRow);
        }
        TensorPrimitives.Tanh(z, a);
        // O = A·W2 + b2, then the loss and ΔO row by row
        double loss = 0, inv = 1.0 / m;
        for (int i = 0; i < m; i++)
        {
            int oi = i * c, ai = i * h;
            for (int j = 0; j < c; j++) o[oi + j] = b2[j];
            for (int k = 0; k < h; k++)
            {
                double aik = a[ai + k];
                int wk = k * c;
                for (int j = 0; j < c; j++) o[oi + j] += aik * w2[wk + j];
            }
            double max = o[oi];
            for (int j = 1; j < c; j++) max = Math.Max(max, o[oi + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) { double e = Math.Exp(o[oi + j] - max); dO[oi + j] = e; sum += e; }
            loss += Math.Log(sum) + max - o[oi + labels[i]];
            double s = inv / sum;
            for (int j = 0; j < c; j++) dO[oi + j] *= s;
            dO[oi + labels[i]] -= inv;
        }
        // ∂W2 = Aᵀ·ΔO, ∂b2 = column sums of ΔO, ΔZ = (ΔO·W2ᵀ) ⊙ (1 − A²)
        Array.Clear(gW2); Array.Clear(gb2);
        for (int i = 0; i < m; i++)
        {
            int oi = i * c, ai = i * h;
            for (int j = 0; j < c; j++) gb2[j] += dO[oi + j];
            for (int k = 0; k < h; k++)
            {
                double aik = a[ai + k], back = 0;
                int wk = k * c;
                for (int j = 0; j < c; j++)
                {
                    gW2[wk + j] += aik * dO[oi + j];
                    back += w2[wk + j] * dO[oi + j];
                }
                dZ[ai + k] = back * (1 - aik * aik);
            }
        }
        // ∂W1 = Xᵀ·ΔZ, ∂b1 = column sums of ΔZ
        Array.Clear(gW1); Array.Clear(gb1);
        for (int i = 0; i < m; i++)
        {
            var dzRow = dZ.AsSpan(i * h, h);
            TensorPrimitives.Add(gb1, dzRow, gb1);
            for (int k = 0; k < n; k++) TensorPrimitives.MultiplyAdd(dzRow, x[i * n + k], gW1.AsSpan(k * h, h), gW1.AsSpan(k * h, h));
        }
        return loss * inv;
    }
}
