namespace Tangent;

/// <summary>
/// A symmetric Hessian H = ∇²f(x) in compressed sparse rows: the entries of row i are
/// <c>Values[RowStart[i] .. RowStart[i + 1])</c> in the columns <c>Columns[…]</c> (ascending, diagonal included,
/// both Hᵢⱼ and Hⱼᵢ listed). Every entry not listed is exactly 0: it lies outside the structural sparsity
/// pattern read off the recorded graph.
/// </summary>
public sealed class SparseHessian
{
    internal SparseHessian(int size, int[] rowStart, int[] columns, double[] values, int products)
    {
        Size = size;
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
        Products = products;
    }

    // NOTE: handed out as read-only spans: a caller writing into Columns would break the binary search of the indexer.
    private readonly int[] rowStart, columns;
    private readonly double[] values;

    /// <summary>The number n of rows and columns.</summary>
    public int Size { get; }

    /// <summary>Row i's entries are at positions RowStart[i] .. RowStart[i + 1] − 1 of <see cref="Columns"/> and <see cref="Values"/>.</summary>
    public ReadOnlySpan<int> RowStart => rowStart;

    /// <summary>The column j of each listed entry.</summary>
    public ReadOnlySpan<int> Columns => columns;

    /// <summary>The value Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ of each listed entry.</summary>
    public ReadOnlySpan<double> Values => values;

    /// <summary>The Hessian-vector products it took: one per colour of a star colouring of the pattern (n when dense).</summary>
    public int Products { get; }

    /// <summary>The number of listed entries (structural nonzeros, diagonal included).</summary>
    public int Count => rowStart[Size];

    /// <summary>Hᵢⱼ (0 outside the pattern).</summary>
    /// <exception cref="IndexOutOfRangeException">i or j is not in 0 … n − 1.</exception>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)Size || (uint)j >= (uint)Size) throw new IndexOutOfRangeException($"({i}, {j}) is outside the {Size}×{Size} Hessian.");
            int k = Array.BinarySearch(columns, rowStart[i], rowStart[i + 1] - rowStart[i], j);
            return k >= 0 ? values[k] : 0;
        }
    }

    /// <summary>H·v = Σⱼ Hᵢⱼ vⱼ over the listed entries.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public double[] Multiply(ReadOnlySpan<double> v)
    {
        Shape.Require(v.Length, Size, "the vector v", "the Hessian's columns");
        var hv = new double[Size];
        for (int i = 0; i < Size; i++)
        {
            double s = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) s += values[k] * v[columns[k]];
            hv[i] = s;
        }
        return hv;
    }

    /// <summary>The dense n×n matrix.</summary>
    public double[,] ToDense()
    {
        var h = new double[Size, Size];
        for (int i = 0; i < Size; i++)
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) h[i, columns[k]] = values[k];
        return h;
    }
}
