using System.Runtime.ExceptionServices;

namespace Tangent;

/// <summary>Per-row gradients of <see cref="CompiledFunction"/> (the vmap(grad) shape).</summary>
public sealed partial class CompiledFunction
{
    [ThreadStatic] static double[]? rowLabelBuffer;

    /// <summary>
    /// The gradient with respect to x of f(x, rowᵢ) for every row of a row-major data matrix, into the m × n span
    /// <paramref name="gradients"/> (row i at i·n), one label per row; f(x, rowᵢ) into <paramref name="values"/> when given.
    /// </summary>
    /// <remarks>
    /// A row is what the first call passed as data (or <see cref="CompileOptions.Columns"/> values before any call). Every
    /// row runs the compiled code of its branch pattern, as <see cref="Gradient(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double})"/>
    /// would; with <paramref name="maxDegreeOfParallelism"/> &gt; 1 (−1: all cores) the rows are shared among threads.
    /// Allocates nothing once warm on one thread.
    /// </remarks>
    /// <exception cref="ArgumentException">The data are not a whole number of rows, or a length does not match (both named), or a row has NaN data where f is not finite there.</exception>
    public void RowGradients(ReadOnlySpan<double> x, ReadOnlySpan<double> rows, ReadOnlySpan<int> labels, Span<double> gradients,
        Span<double> values = default, int maxDegreeOfParallelism = 1)
    {
        var doubles = Buffer(ref rowLabelBuffer, labels.Length);
        for (int i = 0; i < labels.Length; i++) doubles[i] = labels[i];
        RowGradients(x, rows, (ReadOnlySpan<double>)doubles, gradients, values, maxDegreeOfParallelism);
    }

    /// <summary>Per-row gradients without labels (see <see cref="RowGradients(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double}, Span{double}, int)"/>).</summary>
    /// <exception cref="ArgumentException">The data are not a whole number of rows, or a length does not match.</exception>
    public void RowGradients(ReadOnlySpan<double> x, ReadOnlySpan<double> rows, Span<double> gradients, Span<double> values = default, int maxDegreeOfParallelism = 1) =>
        RowGradients(x, rows, ReadOnlySpan<double>.Empty, gradients, values, maxDegreeOfParallelism);

    /// <summary>Per-row gradients with labels (targets) given as doubles, the same number per row.</summary>
    /// <exception cref="ArgumentException">The data are not a whole number of rows, or a length does not match.</exception>
    public void RowGradients(ReadOnlySpan<double> x, ReadOnlySpan<double> rows, ReadOnlySpan<double> labels, Span<double> gradients,
        Span<double> values = default, int maxDegreeOfParallelism = 1)
    {
        if (withData is null) throw new ArgumentException("Per-row gradients need a function of data, compiled from f(x, data).");
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use a positive thread count, or −1 for all cores.");
        int k = dataLength >= 0 ? dataLength : options.Columns;
        if (k <= 0) throw new ArgumentException("The row length is not known yet: take one gradient on one row first, or set CompileOptions.Columns.");
        if (rows.Length % k != 0)
            throw new ArgumentException($"The data have {rows.Length} values, which is not a whole number of rows of {k} (the data length of the first call).");
        int m = rows.Length / k, n = x.Length;
        int perRow = labelCount >= 0 ? labelCount : m == 0 ? 0 : labels.Length / m;
        // (the messages are built only for a mismatch: a warm call allocates nothing)
        if (labels.Length != m * perRow) Shape.Require(labels.Length, m * perRow, "the labels", $"{m} rows × {perRow} label(s) per row");
        if (gradients.Length != m * n) Shape.Require(gradients.Length, m * n, "the gradients (m × n)", $"{m} rows × the point x of {n}");
        if (!values.IsEmpty && values.Length != m) Shape.Require(values.Length, m, "the values", $"the {m} rows");
        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount);
        if (threads <= 1 || m < 2 * threads)
        {
            for (int i = 0; i < m; i++) Row(x, rows, labels, gradients, values, i, k, perRow, n);
            return;
        }
        Parallel(x, rows, labels, gradients, values, threads, m, k, perRow);
    }

    /// <summary>The rows shared among threads, in chunks (a method of its own: the closure is allocated only here).</summary>
    unsafe void Parallel(ReadOnlySpan<double> x, ReadOnlySpan<double> rows, ReadOnlySpan<double> labels, Span<double> gradients, Span<double> values,
        int threads, int m, int k, int perRow)
    {
        int n = x.Length;
        fixed (double* xp = x, rp = rows, lp = labels, gp = gradients, vp = values)
        {
            nint px = (nint)xp, pr = (nint)rp, pl = (nint)lp, pg = (nint)gp, pv = (nint)vp;
            int vlen = values.Length, chunks = threads * 4;
            try
            {
                System.Threading.Tasks.Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
                {
                    var xs = new ReadOnlySpan<double>((void*)px, n);
                    var rs = new ReadOnlySpan<double>((void*)pr, m * k);
                    var ls = new ReadOnlySpan<double>((void*)pl, m * perRow);
                    var gs = new Span<double>((void*)pg, m * n);
                    var vs = new Span<double>((void*)pv, vlen);
                    for (int i = (int)((long)m * c / chunks); i < (int)((long)m * (c + 1) / chunks); i++) Row(xs, rs, ls, gs, vs, i, k, perRow, n);
                });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }
    }

    void Row(ReadOnlySpan<double> x, ReadOnlySpan<double> rows, ReadOnlySpan<double> labels, Span<double> gradients, Span<double> values, int i, int k, int perRow, int n)
    {
        double y;
        var row = rows.Slice(i * k, k);
        var label = labels.Slice(i * perRow, perRow);
        try
        {
            y = Gradient(x, row, label, gradients.Slice(i * n, n), true);
        }
        catch (NonFiniteDataException)
        {
            // Named by its place in the whole matrix, not in the one-row call.
            int j = 0;
            while (j < k && double.IsFinite(row[j])) j++;
            throw new NonFiniteDataException(j < k
                ? $"Row {i} has data value {Graph.F(row[j])} in column {j} (value {i * k + j} of the data), and f is not finite there: clean or drop row {i}."
                : $"Row {i} has a label that is not finite, and f is not finite there: clean or drop row {i}.");
        }
        if (!values.IsEmpty) values[i] = y;
    }
}

/// <summary>Data or labels that are not finite where f is not finite: bad input, named by its row.</summary>
internal sealed class NonFiniteDataException(string message) : ArgumentException(message);
