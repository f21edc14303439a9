using System.Runtime.InteropServices;

namespace Tangent;

/// <summary>
/// The structural sparsity pattern of a Hessian: which entries ∂²(wᵀF)/∂xᵢ∂xⱼ (i ≠ j) can be nonzero,
/// as a symmetric adjacency list (compressed rows). Entries outside it are exactly 0 for every w.
/// </summary>
internal sealed class HessianPattern(int n, int[] start, int[] columns)
{
    /// <summary>The number n of rows and columns.</summary>
    public int Size { get; } = n;

    /// <summary>Row i's off-diagonal columns are Columns[Start[i] .. Start[i + 1]), sorted, without repeats.</summary>
    public int[] Start { get; } = start;

    /// <summary>See <see cref="Start"/>.</summary>
    public int[] Columns { get; } = columns;

    /// <summary>The off-diagonal columns of row i.</summary>
    public ReadOnlySpan<int> Row(int i) => Columns.AsSpan(Start[i], Start[i + 1] - Start[i]);

    /// <summary>The dense pattern: every pair interacts.</summary>
    public static HessianPattern Dense(int n)
    {
        var start = new int[n + 1];
        var columns = new int[(long)n * (n - 1) > int.MaxValue ? 0 : n * (n - 1)];
        int e = 0;
        for (int i = 0; i < n; i++)
        {
            start[i] = e;
            for (int j = 0; j < n; j++) if (j != i) columns[e++] = j;
        }
        start[n] = e;
        return new HessianPattern(n, start, columns);
    }

    /// <summary>The pattern built from a list of pairs (i, j), i ≠ j; each pair is entered in both rows.</summary>
    public static HessianPattern FromPairs(int n, ReadOnlySpan<int> rows, ReadOnlySpan<int> cols)
    {
        var count = new int[n + 1];
        for (int e = 0; e < rows.Length; e++)
        {
            if (rows[e] == cols[e]) continue;
            count[rows[e] + 1]++;
            count[cols[e] + 1]++;
        }
        for (int i = 0; i < n; i++) count[i + 1] += count[i];
        var fill = count[..n];
        var all = new int[count[n]];
        for (int e = 0; e < rows.Length; e++)
        {
            if (rows[e] == cols[e]) continue;
            all[fill[rows[e]]++] = cols[e];
            all[fill[cols[e]]++] = rows[e];
        }
        // Sort each row and drop repeats, compacting in place.
        var start = new int[n + 1];
        int w = 0;
        for (int i = 0; i < n; i++)
        {
            var row = all.AsSpan(count[i], count[i + 1] - count[i]);
            row.Sort();
            start[i] = w;
            for (int k = 0; k < row.Length; k++)
                if (k == 0 || row[k] != row[k - 1]) all[w++] = row[k];
        }
        start[n] = w;
        return new HessianPattern(n, start, all[..w]);
    }

    /// <summary>
    /// Reads the pattern off a recorded graph by nonlinear interaction domains (Walther, 2008): every node's index
    /// domain (the inputs it depends on) is the union of its operands'; a node whose second partial φ_ab is not
    /// structurally zero (<see cref="Curvature"/>) and that reaches an output joins every input of a's domain with
    /// every input of b's (likewise φ_aa: a's domain with itself). Returns null when the pattern would hold more
    /// than about n² entries' worth of work: the Hessian is then treated as dense.
    /// </summary>
    public static HessianPattern? Find(Graph g)
    {
        int count = g.Count, n = g.InputCount;
        var nodes = g.Nodes;
        // Backwards: which nodes reach an output (live), and which need their domain (an operand of a curved live
        // node, or an operand of a node that needs its domain).
        var live = new bool[count];
        var need = new bool[count];
        foreach (var o in g.Outputs) live[o.Index] = true;
        for (int i = count - 1; i > n; i--)
        {
            if (!live[i]) continue;
            ref Node nd = ref nodes[i];
            live[nd.A] = live[nd.B] = true;
            var cv = Curvature.Of(nd.Op);
            if (need[i] || cv.Aa || cv.Ab) need[nd.A] = true;
            if (need[i] || cv.Bb || cv.Ab) need[nd.B] = true;
        }
        // Forwards: the index domains of the needed nodes, as sorted runs in one pool (a node whose domain equals
        // an operand's shares its run).
        long budget = (long)n * n + 16L * count;
        var from = new int[count];
        var length = new int[count];
        var pool = new List<int>(2 * n + 16);
        for (int j = 1; j <= n; j++)
        {
            from[j] = pool.Count;
            length[j] = 1;
            pool.Add(j - 1);
        }
        for (int i = n + 1; i < count; i++)
        {
            if (!need[i]) continue;
            ref Node nd = ref nodes[i];
            int a = nd.A, b = nd.B;
            if (length[b] == 0 || (from[a] == from[b] && length[a] == length[b])) { from[i] = from[a]; length[i] = length[a]; continue; }
            if (length[a] == 0) { from[i] = from[b]; length[i] = length[b]; continue; }
            from[i] = pool.Count;
            int p = from[a], pe = p + length[a], q = from[b], qe = q + length[b];
            while (p < pe && q < qe)
            {
                int u = pool[p], v = pool[q];
                pool.Add(u <= v ? u : v);
                if (u <= v) p++;
                if (v <= u) q++;
            }
            while (p < pe) pool.Add(pool[p++]);
            while (q < qe) pool.Add(pool[q++]);
            length[i] = pool.Count - from[i];
            if (pool.Count > budget) return null;
        }
        // The interactions of the curved live nodes.
        var rows = new List<int>();
        var cols = new List<int>();
        for (int i = n + 1; i < count; i++)
        {
            if (!live[i]) continue;
            ref Node nd = ref nodes[i];
            var cv = Curvature.Of(nd.Op);
            if (cv.Flat) continue;
            int a = nd.A, b = nd.B;
            if (cv.Aa && !Join(a, a)) return null;
            if (cv.Bb && !Join(b, b)) return null;
            if (cv.Ab && !Join(a, b)) return null;
        }
        return FromPairs(n, CollectionsMarshal.AsSpan(rows), CollectionsMarshal.AsSpan(cols));


        bool Join(int a, int b)
        {
            if (length[a] == 0 || length[b] == 0) return true;
            if ((long)rows.Count + (long)length[a] * length[b] > budget) return false;
            bool same = a == b || (from[a] == from[b] && length[a] == length[b]);
            for (int p = from[a]; p < from[a] + length[a]; p++)
                for (int q = same ? p + 1 : from[b]; q < from[b] + length[b]; q++)
                    if (pool[p] != pool[q]) { rows.Add(pool[p]); cols.Add(pool[q]); }
            return true;
        }
    }
}
