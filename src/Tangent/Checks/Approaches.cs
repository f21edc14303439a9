namespace Tangent.Checks;

/// <summary>One way of approaching the point x: h(r) with |h(r)| ≈ r as r → 0.</summary>
/// <param name="Name">The approach in words, e.g. "the line along (1, 0)" or "the curve x₂ = x₁² (x₁ > 0)".</param>
/// <param name="Curved">True for curves and spirals (not straight lines through x).</param>
/// <param name="Direction">For a straight line, its unit direction u (h = r·u); null for a curve.</param>
/// <param name="Displacement">h at radius r.</param>
internal sealed record Approach(string Name, bool Curved, double[]? Direction, Func<double, double[]> Displacement);

/// <summary>
/// The approaches used to probe a limit at x. Straight lines alone are not enough: x²y/(x⁴ + y²) tends
/// to 0 along every line through 0 but is 1/2 on the parabola y = x², so curves xⱼ = c·xᵢᵖ
/// (p = 3/2, 2, 3, 4) and spirals are included; random directions cover what the axes and diagonals miss.
/// </summary>
internal static class Approaches
{
    private const int RandomDirections = 8;
    private const int MaxPairs = 12;

    /// <summary>Every approach for n variables; s = max(1, |x|∞) scales the curves so they bend on the scale of x.</summary>
    public static List<Approach> For(int n, double s, IReadOnlyList<string> names)
    {
        var list = new List<Approach>();
        for (int i = 0; i < n; i++)
            foreach (int sign in (int[])[1, -1])
            {
                var u = new double[n];
                u[i] = sign;
                list.Add(Line(u, names));
            }
        var pairs = Pairs(n);
        foreach (var (i, j) in pairs)
            foreach (var (a, b) in ((double, double)[])[(1, 1), (-1, -1), (1, -1), (-1, 1)])
            {
                var u = new double[n];
                u[i] = a / Math.Sqrt(2);
                u[j] = b / Math.Sqrt(2);
                list.Add(Line(u, names));
            }
        var random = new Random(20261126);
        for (int k = 0; k < RandomDirections; k++)
        {
            var u = new double[n];
            for (int i = 0; i < n; i++) u[i] = Gaussian(random);
            double norm = Differentiate.Norm(u);
            for (int i = 0; i < n; i++) u[i] /= norm;
            list.Add(Line(u, names));
        }
        foreach (var (i, j) in pairs)
        {
            foreach (var (a, b) in ((int, int)[])[(i, j), (j, i)])
                foreach (double p in (double[])[1.5, 2, 3, 4])
                    foreach (double c in (double[])[1, -1])
                        foreach (int side in (int[])[1, -1])
                            list.Add(Curve(n, s, a, b, p, c, side, names));
            for (int k = 0; k < 4; k++) list.Add(Spiral(n, s, i, j, k * Math.PI / 2, names));
        }
        return list;
    }

    /// <summary>The variable pairs (i, j), i &lt; j, the curves bend in: all of them for small n, a fixed sample otherwise.</summary>
    private static List<(int, int)> Pairs(int n)
    {
        var all = new List<(int, int)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) all.Add((i, j));
        if (all.Count <= MaxPairs) return all;
        var random = new Random(7);
        return [.. all.OrderBy(_ => random.Next()).Take(MaxPairs)];
    }

    private static Approach Line(double[] u, IReadOnlyList<string> names) =>
        new($"the line along ({string.Join(", ", u.Select(v => Graph.F(Math.Round(v, 3))))}) in ({string.Join(", ", names)})", false, u, r =>
        {
            var h = new double[u.Length];
            for (int i = 0; i < h.Length; i++) h[i] = r * u[i];
            return h;
        });

    /// <summary>h = s·(t·eₐ + c·|t|ᵖ·e_b) with t = ±r/s: the curve x_b − x_b⁰ = c·(xₐ − xₐ⁰)ᵖ in units of s.</summary>
    private static Approach Curve(int n, double s, int a, int b, double p, double c, int side, IReadOnlyList<string> names) =>
        new($"the curve d{names[b]} = {(c < 0 ? "-" : "")}|d{names[a]}|^{Graph.F(p)} (d{names[a]} {(side > 0 ? "> 0" : "< 0")})", true, null, r =>
        {
            var h = new double[n];
            double t = side * r / s;
            h[a] = s * t;
            h[b] = s * c * Math.Pow(Math.Abs(t), p);
            return h;
        });

    /// <summary>h = r·(cos θ eᵢ + sin θ eⱼ) with θ = θ₀ + 3 ln(r/s): the direction keeps turning as r → 0.</summary>
    private static Approach Spiral(int n, double s, int i, int j, double phase, IReadOnlyList<string> names) =>
        new($"a spiral in the ({names[i]}, {names[j]}) plane", true, null, r =>
        {
            var h = new double[n];
            double theta = phase + 3 * Math.Log(r / s);
            h[i] = r * Math.Cos(theta);
            h[j] = r * Math.Sin(theta);
            return h;
        });

    /// <summary>"x1", "x2", …: the default names of the variables, by position.</summary>
    internal static string[] DefaultNames(int n) => [.. Enumerable.Range(1, n).Select(i => $"x{i}")];

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
