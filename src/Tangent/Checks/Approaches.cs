namespace Tangent.Checks;

/// <summary>One way of approaching the point x: h(r) with |h(r)| ≈ r as r → 0.</summary>
/// <param name="Name">The approach in words, e.g. "the line along (1, 0)" or "the curve x₂ = x₁² (x₁ > 0)".</param>
/// <param name="Curved">True for curves and spirals (not straight lines through x).</param>
/// <param name="Direction">For a straight line, its unit direction u (h = r·u); null for a curve.</param>
/// <param name="Displacement">h at radius r: every coordinate, or with <paramref name="Support"/> only those coordinates.</param>
/// <param name="Support">The coordinates the approach moves, ascending, when it moves few (an axis line, a curve in a pair):
/// then <paramref name="Displacement"/> gives their entries only, so a sample costs O(1) besides f, not O(n).</param>
internal sealed record Approach(string Name, bool Curved, double[]? Direction, Func<double, double[]> Displacement, int[]? Support = null);

/// <summary>
/// The approaches used to probe a limit at x. Straight lines alone are not enough: x²y/(x⁴ + y²) tends
/// to 0 along every line through 0 but is 1/2 on the parabola y = x², so curves xⱼ = c·xᵢᵖ
/// (p from 5/4 to 8, and 1/p) and spirals are included; random directions cover what the axes and diagonals miss.
/// </summary>
internal static class Approaches
{
    private const int RandomDirections = 8;
    /// <summary>All 45 pairs of up to 10 variables; beyond that a fixed pseudo-random choice of this many (up to 64 variables).</summary>
    private const int MaxPairs = 45;
    /// <summary>
    /// The pairs beyond 64 variables: there the 2n axis lines already cost 26·n evaluations of f, and 116 curves per pair
    /// would add as many again as 1 000 variables' axis lines at 45 pairs; 12 keep the check of 1 000 variables within seconds.
    /// </summary>
    private const int ManyVariablePairs = 12;
    /// <summary>Variables whose axis lines are also sampled at stretched radii (for an oscillating remainder).</summary>
    private const int MaxStretched = 16;

    /// <summary>
    /// The exponents p of the curves xⱼ = ±|xᵢ|ᵖ (both orientations, so 1/p is covered too). For xᵃyᵇ/(xᶜ + yᵈ)
    /// the worst approach is the curve y ~ x^(c/d), and a curve only near it can show a slow decay instead of
    /// the constant it has on the critical curve; so the ratios of small even degrees are all here.
    /// </summary>
    private static readonly double[] Exponents = [5.0 / 4, 4.0 / 3, 3.0 / 2, 5.0 / 3, 2, 5.0 / 2, 3, 4, 5, 6, 8, 10, 12, 16];

    /// <summary>The exponents (p, q) of the twisted curves (t, ±|t|ᵖ, ±|t|^q) in three variables.</summary>
    private static readonly double[] TwistExponents = [3.0 / 2, 2, 3, 4];
    /// <summary>Twisted curves are tried in every triple of variables up to this many variables.</summary>
    private const int MaxTwistVariables = 4;

    /// <summary>
    /// Every approach for n variables at relative radius r: coordinate i moves by about r·sᵢ, sᵢ = |xᵢ| (1 where xᵢ = 0),
    /// so that a coordinate of 1e−9 is probed below its own size. (A linear change of variables does not change
    /// differentiability, and the remainder ratio changes by a bounded factor only.)
    /// </summary>
    /// <param name="s">The scale sᵢ of each coordinate.</param>
    /// <param name="names">The variables' names.</param>
    /// <param name="suspect">Per variable: whether it feeds a branch condition, a kink or a denominator; when there are
    /// more pairs than <see cref="MaxPairs"/>, the curves bend in pairs of suspects first.</param>
    /// <param name="normals">Unit normals ĝ (scaled coordinates) of hypersurfaces through x singled out by the formula
    /// (<see cref="ZeroSets"/>): lines along their tangent directions t and curves r·t ± rᵖ·ĝ bending off them.</param>
    public static List<Approach> For(double[] s, IReadOnlyList<string> names, bool[]? suspect = null, IReadOnlyList<double[]>? normals = null)
    {
        int n = s.Length;
        var list = new List<Approach>();
        for (int i = 0; i < n; i++)
            foreach (int sign in (int[])[1, -1])
            {
                var u = new double[n];
                u[i] = sign;
                list.Add(Line(u, s, names));
            }
        // The same axis lines again at radii 1.1r … 1.9r: more samples per radius, so that the envelope of
        // an oscillating remainder (x·sin(1/x)) is seen, not one unlucky phase of it.
        // In many variables only the first MaxStretched (suspects first) get them: the work stays linear in n.
        foreach (int i in Stretched(n, suspect))
            foreach (int sign in (int[])[1, -1])
                foreach (double stretch in (double[])[1.1, 1.23, 1.37, 1.52, 1.7, 1.9])
                {
                    var u = new double[n];
                    u[i] = sign * stretch;
                    list.Add(Line(u, s, names));
                }
        var pairs = Pairs(n, suspect);
        foreach (var (i, j) in pairs)
            foreach (var (a, b) in ((double, double)[])[(1, 1), (-1, -1), (1, -1), (-1, 1)])
            {
                var u = new double[n];
                u[i] = a / Math.Sqrt(2);
                u[j] = b / Math.Sqrt(2);
                list.Add(Line(u, s, names));
            }
        var random = new Random(20261126);
        for (int k = 0; k < RandomDirections; k++)
        {
            var u = new double[n];
            for (int i = 0; i < n; i++) u[i] = Gaussian(random);
            double norm = Differentiate.Norm(u);
            for (int i = 0; i < n; i++) u[i] /= norm;
            list.Add(Line(u, s, names));
        }
        foreach (var (i, j) in pairs)
        {
            foreach (var (a, b) in ((int, int)[])[(i, j), (j, i)])
                foreach (double p in Exponents)
                    foreach (double c in (double[])[1, -1])
                        foreach (int side in (int[])[1, -1])
                            list.Add(Curve(s, a, b, p, c, side, names));
            for (int k = 0; k < 4; k++) list.Add(Spiral(s, i, j, k * Math.PI / 2, names));
        }
        // Curves that bend in two pairs at once, (t, t², t³): a set such as {y ≈ x², z ≈ x³} meets no curve that keeps
        // a third variable at 0.
        if (n >= 3 && n <= MaxTwistVariables)
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    for (int c = b + 1; c < n; c++)
                        if (a != b && a != c)
                            foreach (double p in TwistExponents)
                                foreach (double q in TwistExponents)
                                    foreach (var (cb, cc) in ((double, double)[])[(1, 1), (1, -1), (-1, 1), (-1, -1)])
                                        foreach (int side in (int[])[1, -1])
                                            list.Add(Twisted(s, a, b, c, p, q, cb, cc, side, names));
        foreach (var normal in normals ?? [])
            foreach (var t in Tangents(normal))
                foreach (int side in (int[])[1, -1])
                {
                    list.Add(Line([.. t.Select(v => side * v)], s, names));
                    foreach (double p in (double[])[2, 3])
                        foreach (double c in (double[])[1, -1])
                            list.Add(Bent(s, t, normal, p, c, side, names));
                }
        return list;
    }

    /// <summary>
    /// Unit directions tangent to the hyperplane ĝ·h = 0: in two variables the one perpendicular (−ĝ₂, ĝ₁) (exact, so
    /// that x = 2y holds exactly on it), otherwise the projections of the first axes eᵢ − ĝᵢ·ĝ.
    /// </summary>
    private static IEnumerable<double[]> Tangents(double[] g)
    {
        int n = g.Length;
        if (n == 2) { yield return [-g[1], g[0]]; yield break; }
        int found = 0;
        for (int i = 0; i < n && found < 3; i++)
        {
            var t = new double[n];
            for (int k = 0; k < n; k++) t[k] = (k == i ? 1 : 0) - g[i] * g[k];
            double norm = Differentiate.Norm(t);
            if (norm < 0.1) continue;
            for (int k = 0; k < n; k++) t[k] /= norm;
            found++;
            yield return t;
        }
    }

    /// <summary>h = s ⊙ (±r·t + c·rᵖ·ĝ): a curve tangent to the hyperplane ĝ·h = 0 that bends off it.</summary>
    private static Approach Bent(double[] s, double[] t, double[] g, double p, double c, int side, IReadOnlyList<string> names) =>
        new($"the curve bending off ({string.Join(", ", t.Select(v => Graph.F(Math.Round(side * v, 3))))}) by {(c < 0 ? "-" : "")}r^{Graph.F(p)} along ({string.Join(", ", g.Select(v => Graph.F(Math.Round(v, 3))))}) in ({string.Join(", ", names)})", true, null, r =>
        {
            var h = new double[s.Length];
            double rp = c * Math.Pow(r, p);
            for (int i = 0; i < h.Length; i++) h[i] = s[i] * (side * r * t[i] + rp * g[i]);
            return h;
        });

    /// <summary>h = t·s_a·eₐ + c_b·|t|ᵖ·s_b·e_b + c_c·|t|^q·s_c·e_c with t = ±r.</summary>
    private static Approach Twisted(double[] s, int a, int b, int c, double p, double q, double cb, double cc, int side, IReadOnlyList<string> names) =>
        new($"the curve d{names[b]} = {(cb < 0 ? "-" : "")}|d{names[a]}|^{Graph.F(p)}, d{names[c]} = {(cc < 0 ? "-" : "")}|d{names[a]}|^{Graph.F(q)} (d{names[a]} {(side > 0 ? "> 0" : "< 0")})", true, null, r =>
        {
            var h = new double[s.Length];
            double t = side * r;
            h[a] = s[a] * t;
            h[b] = s[b] * cb * Math.Pow(Math.Abs(t), p);
            h[c] = s[c] * cc * Math.Pow(Math.Abs(t), q);
            return h;
        });

    /// <summary>The variables whose axis lines are sampled again at stretched radii: all of up to MaxStretched, else suspects first.</summary>
    private static IEnumerable<int> Stretched(int n, bool[]? suspect) =>
        n <= MaxStretched ? Enumerable.Range(0, n)
            : Enumerable.Range(0, n).OrderByDescending(i => suspect is not null && suspect[i]).ThenBy(i => i).Take(MaxStretched);

    /// <summary>
    /// The variable pairs (i, j), i &lt; j, the curves bend in: all of them for small n, a fixed sample otherwise
    /// (<see cref="MaxPairs"/> up to 64 variables, <see cref="ManyVariablePairs"/> beyond, pairs of suspects first).
    /// </summary>
    private static List<(int, int)> Pairs(int n, bool[]? suspect)
    {
        // Beyond 64 variables the pairs are drawn without listing the n²/2 of them.
        if (n > 64) return Sample(n, suspect);
        var all = new List<(int, int)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) all.Add((i, j));
        if (all.Count <= MaxPairs) return all;
        // A path such as (t, t²) only matters in a pair of variables that meet in a condition, kink or denominator:
        // pairs of two suspects first, then pairs with one, each group in a fixed pseudo-random order.
        var random = new Random(7);
        int Rank((int I, int J) p) => suspect is null ? 0 : (suspect[p.I] ? 1 : 0) + (suspect[p.J] ? 1 : 0);
        return [.. all.Select(p => (Pair: p, Key: random.Next())).OrderByDescending(q => Rank(q.Pair)).ThenBy(q => q.Key).Select(q => q.Pair).Take(MaxPairs)];
    }

    /// <summary>
    /// <see cref="ManyVariablePairs"/> distinct pairs i &lt; j drawn with a fixed seed: among the suspects while there are
    /// two of them, then among all variables.
    /// </summary>
    private static List<(int, int)> Sample(int n, bool[]? suspect)
    {
        var random = new Random(7);
        var chosen = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        int[] suspects = suspect is null ? [] : [.. Enumerable.Range(0, n).Where(i => suspect[i])];
        long suspectPairs = (long)suspects.Length * (suspects.Length - 1) / 2;
        // Draws stop when the group is exhausted (or after a bounded number of tries), so this ends for any n.
        void Draw(int[] from, long available)
        {
            for (int tries = 0; chosen.Count < ManyVariablePairs && seen.Count < available && tries < 100 * ManyVariablePairs; tries++)
            {
                int i = from[random.Next(from.Length)], j = from[random.Next(from.Length)];
                if (i != j && seen.Add((Math.Min(i, j), Math.Max(i, j)))) chosen.Add((Math.Min(i, j), Math.Max(i, j)));
            }
        }
        if (suspects.Length >= 2) Draw(suspects, suspectPairs);
        Draw([.. Enumerable.Range(0, n)], (long)n * (n - 1) / 2);
        return chosen;
    }

    /// <summary>hᵢ = r·sᵢ·uᵢ: the straight line through x along u (|u| may differ from 1 to sample other radii).</summary>
    private static Approach Line(double[] u, double[] s, IReadOnlyList<string> names)
    {
        // The direction h/|h| actually stepped along: u in units of each coordinate's scale sᵢ, so (s⊙u)/|s⊙u| in
        // the variables themselves. D_u f is measured along it, so L·u must be too (x + y at (0.001, 1000) is linear).
        int n = u.Length, moving = 0;
        var unit = new double[n];
        for (int i = 0; i < n; i++)
        {
            unit[i] = u[i] * s[i];
            if (u[i] != 0) moving++;
        }
        double norm = Differentiate.Norm(unit);
        for (int i = 0; i < n; i++) unit[i] /= norm;
        // A line that moves a few coordinates (an axis, a diagonal in a pair) is sampled sparsely.
        if (2 * moving >= n)
            return new(LineName(unit, names), false, unit, r =>
            {
                var h = new double[n];
                for (int i = 0; i < n; i++) h[i] = r * s[i] * u[i];
                return h;
            });
        var support = new int[moving];
        for (int i = 0, k = 0; i < n; i++)
            if (u[i] != 0) support[k++] = i;
        return new(LineName(unit, names), false, unit, r =>
        {
            var h = new double[support.Length];
            for (int k = 0; k < h.Length; k++) h[k] = r * s[support[k]] * u[support[k]];
            return h;
        }, support);
    }

    /// <summary>
    /// "the line along (0.6, 0.8) in (x, y)"; in more than 10 variables only the moving ones, "the line along
    /// 0.6·dx3 + 0.8·dx9", since writing out 1 000 coordinates per line cost more than sampling it.
    /// </summary>
    private static string LineName(double[] unit, IReadOnlyList<string> names)
    {
        if (unit.Length <= 10)
            return $"the line along ({string.Join(", ", unit.Select(v => Graph.F(Math.Round(v, 3))))}) in ({string.Join(", ", names)})";
        var terms = new List<string>(4);
        int count = 0;
        for (int i = 0; i < unit.Length; i++)
        {
            double v = Math.Round(unit[i], 3);
            if (v == 0) continue;
            if (count++ < 4) terms.Add($"{Graph.F(v)}·d{names[i]}");
        }
        return $"the line along {string.Join(" + ", terms)}{(count > 4 ? $" + … ({count} variables move)" : "")}";
    }

    /// <summary>h = t·s_a·eₐ + c·|t|ᵖ·s_b·e_b with t = ±r: the curve Δx_b = c·|Δxₐ|ᵖ (in units of s).</summary>
    private static Approach Curve(double[] s, int a, int b, double p, double c, int side, IReadOnlyList<string> names) =>
        new($"the curve d{names[b]} = {(c < 0 ? "-" : "")}|d{names[a]}|^{Graph.F(p)} (d{names[a]} {(side > 0 ? "> 0" : "< 0")})", true, null, r =>
        {
            double t = side * r, ha = s[a] * t, hb = s[b] * c * Math.Pow(Math.Abs(t), p);
            return a < b ? [ha, hb] : [hb, ha];
        }, a < b ? [a, b] : [b, a]);

    /// <summary>h = r·(sᵢ cos θ eᵢ + sⱼ sin θ eⱼ) with θ = θ₀ + 3 ln r: the direction keeps turning as r → 0.</summary>
    private static Approach Spiral(double[] s, int i, int j, double phase, IReadOnlyList<string> names) =>
        new($"a spiral in the ({names[i]}, {names[j]}) plane", true, null, r =>
        {
            double theta = phase + 3 * Math.Log(r), hi = s[i] * r * Math.Cos(theta), hj = s[j] * r * Math.Sin(theta);
            return i < j ? [hi, hj] : [hj, hi];
        }, i < j ? [i, j] : [j, i]);

    /// <summary>"x1", "x2", …: the default names of the variables, by position.</summary>
    /// <summary>The names of variables the caller did not name: x[0], x[1], … as C# indexes the point.</summary>
    internal static string[] DefaultNames(int n) => [.. Enumerable.Range(0, n).Select(i => $"x[{i}]")];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
