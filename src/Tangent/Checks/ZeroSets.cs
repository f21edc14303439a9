using Tangent.Primitives;

namespace Tangent.Checks;

/// <summary>
/// Hypersurfaces through x that the formula itself singles out: every intermediate u(x) of the recorded graph that
/// vanishes at x (an argument of a kink, the two sides of a branch comparison, a factor such as x − 3y inside a
/// quotient) with ∇u(x) ≠ 0. Near x its zero set {u = 0} is tangent to the hyperplane ∇u(x)·h = 0, and that is
/// where a function can hide what lines along the axes, diagonals and random directions miss:
/// (3x + y)²(x − 3y)/((3x + y)⁴ + (x − 3y)²) is 1/2 on the parabola x − 3y = (3x + y)², tangent to the direction (3, 1);
/// if(x == 2y, |x|, 0) differs from 0 only on the line x = 2y itself.
/// </summary>
internal static class ZeroSets
{
    /// <summary>At most this many variables: the gradient of every node is carried densely.</summary>
    private const int MaxVariables = 10;
    private const int MaxNormals = 8;
    /// <summary>u counts as vanishing at x when its zero set lies within this relative distance of x.</summary>
    private const double Tolerance = 1e-10;

    /// <summary>
    /// The unit normals ĝ = ∇u/|∇u| (in the scaled coordinates hᵢ = sᵢ·vᵢ of <see cref="Approaches"/>) of the
    /// vanishing intermediates u, leaving out the coordinate axes (already probed) and repeats up to sign.
    /// </summary>
    /// <remarks>
    /// A lazy if(x == 0 &amp;&amp; y == 0, 0, …) records only the branch taken at x, so the graph at x may not contain
    /// the intermediates that matter; f is therefore also recorded at x + h with a small h (relative 1e−6, a fixed
    /// direction), where u counts as vanishing at x when its linear extrapolation u(x + h) − ∇u·h back to x is 0.
    /// </remarks>
    public static List<double[]> Normals(Graph g, double[] s, double[] x, Func<double[], Graph> record)
    {
        var normals = new List<double[]>();
        Collect(g, s, null, normals);
        if (g.Branches.Count == 0 || x.Length < 2 || x.Length > MaxVariables) return normals;
        var h = new double[x.Length];
        for (int k = 0; k < h.Length; k++) h[k] = NearRadius * s[k] * Math.Cos(1 + 2.399963 * k); // golden-angle phases: no axis, no diagonal
        var near = new double[x.Length];
        for (int k = 0; k < x.Length; k++) near[k] = x[k] + h[k];
        Graph nearGraph;
        try { nearGraph = record(near); }
        catch (ArithmeticException) { return normals; }
        catch (ArgumentException) { return normals; }
        if (nearGraph.InputCount == x.Length) Collect(nearGraph, s, h, normals);
        return normals;
    }

    private const double NearRadius = 1e-6;

    private static void Collect(Graph g, double[] s, double[]? h, List<double[]> normals)
    {
        int n = g.InputCount, count = g.Count;
        if (n < 2 || n > MaxVariables || (long)count * n > 4_000_000) return;
        var values = SecondOrder.Values(g);
        var grad = new double[count * n];
        for (int i = 1; i <= n; i++) grad[i * n + i - 1] = 1;
        var nodes = g.Nodes;
        for (int i = n + 1; i < count; i++)
        {
            ref Node nd = ref nodes[i];
            double da = nd.PartialAOrZero, db = nd.PartialBOrZero;
            for (int k = 0; k < n; k++)
            {
                double a = grad[nd.A * n + k], b = grad[nd.B * n + k];
                grad[i * n + k] = (a == 0 || da == 0 ? 0 : da * a) + (b == 0 || db == 0 ? 0 : db * b);
            }
        }
        void Consider(double value, Func<int, double> gradient)
        {
            if (normals.Count >= MaxNormals) return;
            var gs = new double[n];
            for (int k = 0; k < n; k++) gs[k] = gradient(k) * s[k];
            // Recorded at x + h: extrapolate u back to x.
            if (h is not null)
                for (int k = 0; k < n; k++) value -= gradient(k) * h[k];
            if (!double.IsFinite(value)) return;
            double norm = Differentiate.Norm(gs);
            if (!double.IsFinite(norm) || norm == 0 || Math.Abs(value) > Tolerance * norm) return;
            if (gs.Count(v => v != 0) < 2) return;
            for (int k = 0; k < n; k++) gs[k] /= norm;
            foreach (var m in normals)
            {
                double dot = 0;
                for (int k = 0; k < n; k++) dot += m[k] * gs[k];
                if (Math.Abs(dot) > 1 - 1e-9) return;
            }
            normals.Add(gs);
        }
        foreach (var br in g.Branches)
            Consider(values[br.A] - values[br.B], k => grad[br.A * n + k] - grad[br.B * n + k]);
        for (int i = n + 1; i < count && normals.Count < MaxNormals; i++)
        {
            Consider(values[i], k => grad[i * n + k]);
            // max(a, b) and min(a, b) switch on a − b = 0 (their declarations say SwitchesWhereEqual).
            var p = Primitive.ByCode(g.Ops[i]);
            if (p.SwitchesWhereEqual)
            {
                int a = nodes[i].A, b = nodes[i].B;
                Consider(values[a] - values[b], k => grad[a * n + k] - grad[b * n + k]);
            }
        }
    }
}
