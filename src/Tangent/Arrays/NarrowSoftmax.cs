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
    public static double CrossEntropy(ReadOnlySpan<double> x, ReadOnlySpan<double> labels, Span<double> p, int rows, int classes)
    {
        if (classes is < 1 or > MaxClasses || x.Length < rows * classes || p.Length < rows * classes || labels.Length < rows)
            throw new ArgumentException($"narrow softmax: {rows}×{classes} rows do not fit buffers of {x.Length}, {p.Length} and {labels.Length}.");
        Span<V> e = stackalloc V[MaxClasses];
        double total = 0;
        int r = 0;
        for (; r + V.Count <= rows; r += V.Count)
        {
            int b = r * classes;
            var max = Column(x, b, classes, 0);
            for (int j = 1; j < classes; j++) max = Vector256.Max(max, Column(x, b, classes, j));
            max = Vector256.ConditionalSelect(Vector256.Equals(max, Vector256.Create(double.NegativeInfinity)), V.Zero, max);
            var sum = V.Zero;
            for (int j = 0; j < classes; j++) sum += e[j] = Vector256.Exp(Column(x, b, classes, j) - max);
            for (int j = 0; j < classes; j++)
            {
                var q = e[j] / sum;
                for (int l = 0; l < V.Count; l++) p[b + l * classes + j] = q[l];
            }
            var logSum = max + Vector256.Log(sum);
            for (int l = 0; l < V.Count; l++) total += logSum[l] - x[b + l * classes + (int)labels[r + l]];
        }
        for (; r < rows; r++)
            total += Rows.Softmax(x.Slice(r * classes, classes), p.Slice(r * classes, classes)) - x[r * classes + (int)labels[r]];
        return total;
    }

    /// <summary>Entry j of rows r … r + 3 (the block starting at flat index b).</summary>
    private static V Column(ReadOnlySpan<double> x, int b, int classes, int j) =>
        Vector256.Create(x[b + j], x[b + classes + j], x[b + 2 * classes + j], x[b + 3 * classes + j]);
}
