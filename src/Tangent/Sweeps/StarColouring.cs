namespace Tangent;

/// <summary>
/// Star colouring of a symmetric sparsity pattern, for Hessians by few Hessian-vector products
/// (Gebremedhin, Manne &amp; Pothen, "What color is your Jacobian?", SIAM Review 47, 2005).
/// </summary>
/// <remarks>
/// Columns of one colour c are summed into one direction d_c = Σ_{φ(j)=c} eⱼ, and one product H·d_c is
/// swept per colour. A star colouring is a proper colouring (adjacent columns differ) in which every path
/// on four vertices uses at least three colours. Then for every nonzero Hᵢⱼ either j is the only column of
/// its colour in row i, or i the only one of its colour in row j (if both failed, k–i–j–l with φ(k) = φ(j),
/// φ(l) = φ(i) would be a two-coloured path), so Hᵢⱼ = (H·d_φ(j))ᵢ or Hⱼᵢ = (H·d_φ(i))ⱼ is read off directly:
/// the other columns of the colour meet row i only in structural zeros, which the sweep never touches, so
/// the entry is the very number the product H·eⱼ gives. Unlike a column (distance-2) colouring, an arrow
/// pattern (one dense row and column) needs two colours, not n.
/// </remarks>
internal static class StarColouring
{
    /// <summary>
    /// A greedy star colouring, vertices taken by decreasing degree (largest first; GMP 2005, Algorithm 4.1). Returns the colour
    /// of each column (0-based) and the number of colours, or null when colouring would cost more than about
    /// <paramref name="budget"/> steps (a nearly dense pattern, for which n products are as cheap).
    /// </summary>
    public static int[]? Colour(HessianPattern p, long budget, out int colours)
    {
        int n = p.Size;
        colours = 0;
        // The colouring walks v → w → x → y: about Σ_w deg(w)·Σ_{x∈N(w)} deg(x) steps.
        long work = 0;
        for (int w = 0; w < n && work <= budget; w++)
        {
            long second = 0;
            foreach (int x in p.Row(w)) second += p.Row(x).Length;
            work += p.Row(w).Length * second + 1;
        }
        if (work > budget) return null;
        // By decreasing degree, ties in index order (a band is then coloured along its length, 3 colours for a tridiagonal
        // pattern; an arrow's hub comes first, 2 colours wherever it sits).
        var order = new int[n];
        var key = new long[n];
        for (int i = 0; i < n; i++) (order[i], key[i]) = (i, (long)(n - p.Row(i).Length) * n + i);
        Array.Sort(key, order);
        var colour = new int[n];
        Array.Fill(colour, -1);
        var forbidden = new int[n + 1];
        Array.Fill(forbidden, -1);
        foreach (int v in order)
        {
            foreach (int w in p.Row(v))
            {
                if (colour[w] >= 0) forbidden[colour[w]] = v;
                foreach (int x in p.Row(w))
                {
                    if (x == v || colour[x] < 0) continue;
                    if (colour[w] < 0) { forbidden[colour[x]] = v; continue; } // v–w–x with w still free: as distance 2
                    // v would repeat x's colour on a path v–w–x–y with φ(y) = φ(w): two colours on four vertices.
                    foreach (int y in p.Row(x))
                        if (y != w && colour[y] == colour[w]) { forbidden[colour[x]] = v; break; }
                }
            }
            int c = 0;
            while (forbidden[c] == v) c++;
            colour[v] = c;
            colours = Math.Max(colours, c + 1);
        }
        return colour;
    }

    /// <summary>
    /// Where each entry of the Hessian is read in the products B = H·D (b[i·K + c] = (H·d_c)ᵢ, K colours), in compressed
    /// rows with the diagonal: each entry is read directly from a row in which its column's colour is unique; where
    /// both Hᵢⱼ and Hⱼᵢ can be read, it is their mean, as for a dense Hessian (the two sweeps differ only by rounding).
    /// Entries outside the pattern are 0 and not listed. Found once per plan, so that reading a Hessian is one pass.
    /// </summary>
    public static Readings Read(HessianPattern p, int[] colour, int colours)
    {
        int n = p.Size;
        var seen = new int[colours];
        var fromRow = new int[p.Columns.Length]; // where (i, j) can be read in row i, or −1
        for (int i = 0; i < n; i++)
        {
            var row = p.Row(i);
            foreach (int j in row) seen[colour[j]]++;
            for (int e = 0; e < row.Length; e++)
            {
                int c = colour[row[e]];
                fromRow[p.Start[i] + e] = seen[c] == 1 ? i * colours + c : -1;
            }
            foreach (int j in row) seen[colour[j]] = 0;
        }
        var start = new int[n + 1];
        var columns = new int[p.Columns.Length + n];
        var from = new int[p.Columns.Length + n];
        var also = new int[p.Columns.Length + n];
        int w = 0;
        for (int i = 0; i < n; i++)
        {
            start[i] = w;
            var row = p.Row(i);
            bool diagonal = false;
            for (int e = 0; e <= row.Length; e++)
            {
                if (!diagonal && (e == row.Length || row[e] > i))
                {
                    (columns[w], from[w], also[w]) = (i, i * colours + colour[i], -1);
                    w++;
                    diagonal = true;
                }
                if (e == row.Length) break;
                int j = row[e];
                int ij = fromRow[p.Start[i] + e], ji = fromRow[Position(p, j, i)];
                if (ij < 0 && ji < 0)
                    throw new InvalidOperationException($"Entry ({i}, {j}) of the Hessian cannot be read off the products: the colouring is not a star colouring.");
                (columns[w], from[w], also[w]) = ij >= 0 ? (j, ij, ji) : (j, ji, -1);
                w++;
            }
        }
        start[n] = w;
        return new Readings(n, colours, start, columns, from, also);
    }

    /// <summary>Where the listed entries of a Hessian are read in the products: b[From[e]], or the mean with b[Also[e]] when Also[e] ≥ 0.</summary>
    public sealed record Readings(int Size, int Colours, int[] RowStart, int[] Columns, int[] From, int[] Also)
    {
        /// <summary>The Hessian read off the products b (a new <see cref="SparseHessian"/> with its own arrays).</summary>
        public SparseHessian Hessian(ReadOnlySpan<double> b)
        {
            var values = new double[From.Length];
            for (int e = 0; e < values.Length; e++)
                values[e] = Also[e] < 0 ? b[From[e]] : 0.5 * (b[From[e]] + b[Also[e]]);
            return new SparseHessian(Size, (int[])RowStart.Clone(), (int[])Columns.Clone(), values, Colours);
        }
    }

    /// <summary>The Hessian read off the products (see <see cref="Read"/>).</summary>
    public static SparseHessian Recover(HessianPattern p, int[] colour, ReadOnlySpan<double> b, int colours) =>
        Read(p, colour, colours).Hessian(b);

    /// <summary>The position of column j in row i of the pattern (it is there: the pattern is symmetric).</summary>
    private static int Position(HessianPattern p, int i, int j)
    {
        int lo = p.Start[i], hi = p.Start[i + 1] - 1;
        var columns = p.Columns;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (columns[mid] < j) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
