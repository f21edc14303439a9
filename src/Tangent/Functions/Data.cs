namespace Tangent;

/// <summary>
/// A function f(x, data) on the tape scalar: differentiated with respect to x only; the data (a span of doubles,
/// optionally labels) are read at run time, so that one compiled gradient serves every minibatch or every row.
/// </summary>
/// <example>
/// <code>
/// // mean squared error of a linear model over m rows of k features, one target per row
/// DataFunction loss = (w, data) =&gt;
/// {
///     Var sum = 0;
///     for (int i = 0; i &lt; data.Rows; i++)
///     {
///         Var z = 0;
///         for (int j = 0; j &lt; data.Columns; j++) z += w[j] * data[i, j];
///         Var r = z - data.Label(i);
///         sum += r * r;
///     }
///     return sum / data.Rows;
/// };
/// </code>
/// </example>
public delegate Var DataFunction(ReadOnlySpan<Var> x, Data data);

/// <summary>
/// The data arguments of a <see cref="DataFunction"/> while it is recorded: every read is a Var that the recording
/// marks as a data read (an input node that nothing differentiates), so that compiled code reads the data of each call
/// at the same place. The data are a row-major matrix of <see cref="Rows"/> × <see cref="Columns"/> doubles and,
/// optionally, one or more labels per row.
/// </summary>
/// <remarks>
/// Read a label as a Var (<see cref="Label(int)"/>) wherever its value enters the arithmetic (y·z, a one-hot weight):
/// new labels then need no new recording. <see cref="Class(int)"/> gives the label as an int for code that branches or
/// indexes on it; the recording then holds that label's value as a branch decision, and a call whose label differs
/// takes another variant (see <see cref="CompiledFunction"/>). Reading a datum's <see cref="Var.Value"/> and branching on it
/// yourself bypasses that check, as for any Var.
/// </remarks>
public readonly struct Data
{
    readonly Graph? graph;
    readonly int session, first, length, labels, columns;

    internal Data(Graph graph, int first, int length, int labels, int columns)
    {
        this.graph = graph;
        session = graph.Session;
        this.first = first;
        this.length = length;
        this.labels = labels;
        this.columns = columns;
    }

    /// <summary>The number of data values.</summary>
    public int Length => length;

    /// <summary>The number of labels.</summary>
    public int LabelCount => labels;

    /// <summary>Values per row: as declared when compiling, or else Length / LabelCount when there are labels, or else Length (one row).</summary>
    public int Columns => columns;

    /// <summary>The number of rows, Length / Columns.</summary>
    public int Rows => columns == 0 ? 0 : length / columns;

    /// <summary>Data value i (0-based), as a Var that is never differentiated.</summary>
    /// <exception cref="IndexOutOfRangeException">i is not in 0..Length−1.</exception>
    public Var this[int i]
    {
        get
        {
            if ((uint)i >= (uint)length) throw new IndexOutOfRangeException($"The data index {i} is outside 0..{length - 1}: the data have {length} values.");
            return Read(first + i);
        }
    }

    /// <summary>The value at (row, column) of the row-major data matrix.</summary>
    /// <exception cref="IndexOutOfRangeException">The row or the column is out of range.</exception>
    public Var this[int row, int column]
    {
        get
        {
            if ((uint)column >= (uint)columns || (uint)row >= (uint)Rows)
                throw new IndexOutOfRangeException($"The data position ({row}, {column}) is outside the {Rows} × {columns} data matrix.");
            return Read(first + row * columns + column);
        }
    }

    /// <summary>Label i as a Var (its value as a double), never differentiated.</summary>
    /// <exception cref="IndexOutOfRangeException">i is not in 0..LabelCount−1.</exception>
    public Var Label(int i)
    {
        if ((uint)i >= (uint)labels) throw new IndexOutOfRangeException($"The label index {i} is outside 0..{labels - 1}: there are {labels} labels.");
        return Read(first + length + i);
    }

    /// <summary>
    /// Label i as an int, for code that branches or indexes on it: the label's value is recorded as a branch decision,
    /// so that a call with another value at i does not re-use this recording.
    /// </summary>
    /// <exception cref="IndexOutOfRangeException">i is not in 0..LabelCount−1.</exception>
    public int Class(int i)
    {
        var v = Label(i);
        var g = graph!;
        g.Branches.Add(new Branch(v.Index, 0, v.Value, v.Value, Comparison.Equal, true));
        return (int)v.Value;
    }

    Var Read(int node)
    {
        var g = graph ?? throw new InvalidOperationException("No data: this Data value was not handed to a function by a recording.");
        if (g.Session != session || g.Live != session)
            throw new InvalidOperationException("Data were read outside the recording that handed them over (after it ended, or inside a nested recording).");
        return new Var(g.Nodes[node].InputValue, node, g, session);
    }
}
