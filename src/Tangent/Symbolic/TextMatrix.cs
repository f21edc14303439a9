namespace Tangent.Symbolic;

/// <summary>
/// A read-only matrix of formula text (the entries of a <see cref="SymbolicMatrix"/>): <c>m[i, j]</c> reads an entry,
/// <see cref="ToArray"/> gives a copy to edit; enumerated, it gives the entries row by row. The result's printed text reads the same entries, so they cannot be
/// changed behind it.
/// </summary>
public sealed class TextMatrix : IEnumerable<string>
{
    private readonly string[,] entries;

    internal TextMatrix(string[,] entries) => this.entries = entries;

    /// <summary>The entry in row i, column j.</summary>
    public string this[int i, int j] => entries[i, j];

    /// <summary>The number of rows (of functions for a Jacobian, of variables for a Hessian).</summary>
    public int Rows => entries.GetLength(0);

    /// <summary>The number of columns (of variables).</summary>
    public int Columns => entries.GetLength(1);

    /// <summary>The number of rows (dimension 0) or columns (dimension 1), as for a <c>string[,]</c>.</summary>
    public int GetLength(int dimension) => entries.GetLength(dimension);

    /// <summary>A copy of the entries, which the caller may edit.</summary>
    public string[,] ToArray() => (string[,])entries.Clone();

    /// <summary>The entries row by row, as a <c>string[,]</c> enumerates them.</summary>
    public IEnumerator<string> GetEnumerator() => entries.Cast<string>().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
