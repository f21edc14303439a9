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
        RowStart = rowStart;
        Columns = columns;
        Values = values;
        Products = products;
    }

    /// <summary>The number n of rows and columns.</summary>
    public int Size { get; }

    /// <summary>Row i's entries are at positions RowStart[i] .. RowStart[i + 1] − 1 of <see cref="Columns"/> and <see cref="Values"/>.</summary>
    public int[] RowStart { get; }

    /// <summary>The column j of each listed entry.</summary>
    public int[] Columns { get; }

    /// <summary>The value Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ of each listed entry.</summary>
    public double[] Values { get; }

    /// <summary>The Hessian-vector products it took: one per colour of a star colouring of the pattern (n when dense).</summary>
    public int Products { get; }

    /// <summary>The number of listed entries (structural nonzeros, diagonal included).</summary>
    public int Count => RowStart[Size];

    /// <summary>Hᵢⱼ (0 outside the pattern).</summary>
    /// <exception cref="IndexOutOfRangeException">i or j is not in 0 … n − 1.</exception>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)Size || (uint)j >= (uint)Size) throw new IndexOutOfRangeException($"({i}, {j}) is outside the {Size}×{Size} Hessian.");
            int k = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return k >= 0 ? Values[k] : 0;
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
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++) s += Values[k] * v[Columns[k]];
            hv[i] = s;
        }
        return hv;
    }

    /// <summary>The dense n×n matrix.</summary>
    public double[,] ToDense()
    {
        var h = new double[Size, Size];
        for (int i = 0; i < Size; i++)
            for (int k = RowStart[i]; k < RowStart[i + 1]; k++) h[i, Columns[k]] = Values[k];
        return h;
    }
}
