using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// Softmax cross-entropy over rows of a few classes (a small classifier's logits, C ≤ <see cref="MaxClasses"/>),
/// four rows per vector: lane l holds row r + l, so the max, the C exponentials, the sum and the logarithm are
/// each one instruction for four rows, where a row-at-a-time softmax spends a library call per class.
/// Per row: m = maxⱼ x[j], s = Σⱼ e^{x[j] − m}, p = e^{x − m}/s, and the row's loss log Σⱼ e^{x[j]} − x[c] = m + log s − x[c].
/// </summary>
internal static class NarrowSoftmax
{
    /// <summary>The widest rows taken four at a time.</summary>
    public const int MaxClasses = 8;

    /// <summary>
    /// p = softmax of each row of x (rows × classes), and Σᵣ (log Σⱼ e^{x[r, j]} − x[r, cᵣ]) for the labels cᵣ. A row
    /// whose logits are all −∞ is shifted by 0 (not by −∞), so that it gives NaN probabilities and a −∞ log-sum, as
    /// the row-at-a-time <see cref="Rows.Softmax"/> does; the last rows % 4 rows go through it.
    /// </summary>
    public static unsafe double CrossEntropy(ReadOnlySpan<double> x, ReadOnlySpan<double> labels, Span<double> p, int rows, int classes)
    {
        if (classes is < 1 or > MaxClasses || x.Length < rows * classes || p.Length < rows * classes || labels.Length < rows)
            throw new ArgumentException($"narrow softmax: {rows}×{classes} rows do not fit buffers of {x.Length}, {p.Length} and {labels.Length}.");
        V* e = stackalloc V[MaxClasses];
        var totals = V.Zero;
        int r = 0;
        fixed (double* x0 = x, p0 = p, c0 = labels)
            for (; r + V.Count <= rows; r += V.Count)
            {
                double* xr = x0 + (long)r * classes, pr = p0 + (long)r * classes;
                var max = Column(xr, classes, 0);
                for (int j = 1; j < classes; j++) max = Vector256.Max(max, Column(xr, classes, j));
                max = Vector256.ConditionalSelect(Vector256.Equals(max, Vector256.Create(double.NegativeInfinity)), V.Zero, max);
                var sum = V.Zero;
                for (int j = 0; j < classes; j++) sum += e[j] = Vector256.Exp(Column(xr, classes, j) - max);
                // one division per four rows: p = e·(1/s), within an ulp of e/s
                var inverse = V.One / sum;
                for (int j = 0; j < classes; j++)
                {
                    var q = e[j] * inverse;
                    pr[j] = q.GetElement(0);
                    pr[classes + j] = q.GetElement(1);
                    pr[2 * classes + j] = q.GetElement(2);
                    pr[3 * classes + j] = q.GetElement(3);
                }
                var labelled = Vector256.Create(xr[(int)c0[r]], xr[classes + (int)c0[r + 1]], xr[2 * classes + (int)c0[r + 2]], xr[3 * classes + (int)c0[r + 3]]);
                totals += max + Vector256.Log(sum) - labelled;
            }
        double total = Vector256.Sum(totals);
        for (; r < rows; r++)
            total += Rows.Softmax(x.Slice(r * classes, classes), p.Slice(r * classes, classes)) - x[r * classes + (int)labels[r]];
        return total;
    }

    /// <summary>Entry j of the four rows from <paramref name="xr"/> on.</summary>
    private static unsafe V Column(double* xr, int classes, int j) =>
        Vector256.Create(xr[j], xr[classes + j], xr[2 * classes + j], xr[3 * classes + j]);
}
