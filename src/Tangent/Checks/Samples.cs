namespace Tangent.Checks;

/// <summary>
/// f sampled on every approach at every radius around x, with the quantities read off the samples:
/// continuity, one-sided partials, central-difference partials, directional derivatives and the remainder.
/// </summary>
internal sealed class Samples
{
    private readonly double[] x;
    private readonly double f0;
    private readonly double[] radii;
    private readonly List<Approach> approaches;
    /// <summary>F[a][j] = f(x + h), h = H[a][j] the displacement actually represented ((x + h) − x in doubles).</summary>
    private readonly double[][] F;
    private readonly Step[][] H;
    private readonly double[][] R;
    /// <summary>The index of the radius used for limits of difference quotients (about 1e−5·s).</summary>
    private const int Settle = 8;

    /// <summary>
    /// The absolute rounding of f from its intermediate values: min(x, y) + max(x, y) − x − y is 0, but is computed
    /// from terms of size 1, so its rounding is ε·1, not ε·|f|.
    /// </summary>
    private readonly double absoluteNoise;

    /// <summary>Rounding noise of f(a) − f(b): relative to both values, and absolute from f's intermediate values.</summary>
    private double Noise(double a, double b) => Differentiability.NoiseOf(a, b) + absoluteNoise;

    /// <param name="f">f on doubles.</param>
    /// <param name="x">The point.</param>
    /// <param name="f0">f(x).</param>
    /// <param name="intermediate">The largest |value| among the intermediate values of f at x.</param>
    /// <param name="radii">The relative radii, decreasing.</param>
    /// <param name="approaches">The approaches.</param>
    public Samples(Func<double[], double> f, double[] x, double f0, double intermediate, double[] radii, List<Approach> approaches)
    {
        absoluteNoise = Differentiability.NoiseOf(intermediate, 0);
        this.x = x;
        this.f0 = f0;
        this.radii = radii;
        this.approaches = approaches;
        int m = approaches.Count, k = radii.Length, n = x.Length;
        F = new double[m][];
        H = new Step[m][];
        R = new double[m][];
        var p = (double[])x.Clone();
        for (int a = 0; a < m; a++)
        {
            F[a] = new double[k];
            H[a] = new Step[k];
            R[a] = new double[k];
            var support = approaches[a].Support;
            for (int j = 0; j < k; j++)
            {
                var h = approaches[a].Displacement(radii[j]);
                if (support is null)
                {
                    for (int i = 0; i < n; i++)
                    {
                        p[i] = x[i] + h[i];
                        h[i] = p[i] - x[i]; // exact (Sterbenz): the step the evaluation really took
                    }
                    H[a][j] = new Step(h);
                }
                else
                {
                    for (int t = 0; t < h.Length; t++)
                    {
                        int i = support[t];
                        p[i] = x[i] + h[t];
                        h[t] = p[i] - x[i];
                    }
                    H[a][j] = new Step(support, h);
                }
                R[a][j] = Differentiate.Norm(h);
                F[a][j] = R[a][j] == 0 ? f0 : f(p);
                // p back to x: O(moved coordinates), so that a sample of a sparse approach costs f and O(1) besides.
                if (support is null) Array.Copy(x, p, n);
                else foreach (int i in support) p[i] = x[i];
            }
        }
    }

    private int Count => approaches.Count;

    /// <summary>The approach along which f is NaN or infinite at each of the four smallest radii, if any.</summary>
    public string? UndefinedNearby()
    {
        for (int a = 0; a < Count; a++)
        {
            bool all = true;
            for (int j = radii.Length - 4; j < radii.Length; j++) all &= !double.IsFinite(F[a][j]);
            if (all) return approaches[a].Name;
        }
        return null;
    }

    /// <summary>The trend of max over approaches of |f(x + h) − f(x)|.</summary>
    public TrendKind Continuity(out string worst, out double jump, out bool steady)
    {
        var q = new double[radii.Length];
        var noise = new double[radii.Length];
        var arg = new int[radii.Length];
        for (int j = 0; j < radii.Length; j++)
            for (int a = 0; a < Count; a++)
            {
                double d = Math.Abs(F[a][j] - f0);
                if (double.IsFinite(d) && d >= q[j]) { q[j] = d; noise[j] = Noise(F[a][j], f0); arg[j] = a; }
            }
        // Name a straight line when one shows (most of) the jump: easier to read than a curve.
        int shown = arg[^1];
        for (int a = 0; a < Count; a++)
            if (approaches[a].Direction is not null && Math.Abs(F[a][^1] - f0) >= 0.5 * q[^1]) { shown = a; break; }
        worst = approaches[shown].Name;
        jump = F[shown][^1] - f0;
        // A jump "stays near" its last value only when the last three radii agree to 1% (sign(x) at 0); 1/x grows and
        // sin(1/x) wanders, and for them no single value is what f(x + h) − f(x) tends to.
        steady = true;
        for (int j = Math.Max(0, radii.Length - 3); j < radii.Length; j++)
            if (!(Math.Abs(F[shown][j] - f0 - jump) <= 1e-2 * Math.Abs(jump))) steady = false;
        return Trend.Classify(radii, q, noise, out _);
    }

    /// <summary>
    /// ∂f/∂xᵢ by central differences cᵢ(r) = (f(x + r eᵢ) − f(x − r eᵢ))/2r, Richardson-extrapolated over
    /// radii a factor √10 apart (c(r) = ∂ᵢf + a·r² + …); NaN where cᵢ does not settle as r shrinks.
    /// </summary>
    public double[] NumericGradient(out double error)
    {
        int n = x.Length;
        var g = new double[n];
        error = 0;
        double scale = FunctionScale();
        for (int i = 0; i < n; i++)
        {
            int plus = 2 * i, minus = 2 * i + 1;
            double C(int j) => (F[plus][j] - F[minus][j]) / (H[plus][j][i] - H[minus][j][i]);
            double Noise(int j) => this.Noise(F[plus][j], F[minus][j]) / (H[plus][j][i] - H[minus][j][i]);
            int js = Settled(C, Noise, scale);
            if (js < 0) { g[i] = double.NaN; continue; }
            g[i] = (10 * C(js) - C(js - 1)) / 9;
            error = Math.Max(error, Math.Abs(g[i] - C(js)) + Noise(js));
        }
        return g;
    }

    /// <summary>Per variable, the one-sided partials (right and left), Richardson-extrapolated for an O(t) error.</summary>
    public List<OneSidedPartial> OneSidedPartials(IReadOnlyList<string> names)
    {
        var list = new List<OneSidedPartial>();
        for (int i = 0; i < x.Length; i++)
        {
            var right = Directional(2 * i, out bool r, out double er, out double nr);
            var left = 0.0 - Directional(2 * i + 1, out bool l, out double el, out double nl); // 0.0 − d, not −d: no "-0" for a zero slope
            list.Add(new OneSidedPartial(names[i], right, left, r && l) { Error = er + el, Noise = Math.Max(nr, nl) });
        }
        return list;
    }

    /// <summary>
    /// The variable and side along which the difference quotient (f(x ± t·eᵢ) − f(x))/t grows without bound as t → 0
    /// (a vertical tangent: ∛x at 0): over the smaller half of the radii it grows at every step, by ×1.2 or more per
    /// step of √10 in t and by ×10 in all (∛x: ×100), far above the rounding of f. Null when no quotient does.
    /// </summary>
    public string? UnboundedQuotient(IReadOnlyList<string> names)
    {
        int k = radii.Length;
        for (int a = 0; a < Math.Min(Count, 2 * x.Length); a++)
        {
            double Q(int j) => Math.Abs(F[a][j] - f0) / R[a][j];
            bool grows = double.IsFinite(Q(k - 1)) && Q(k - 1) > 10 * Q(k / 2);
            for (int j = k / 2 + 1; j < k && grows; j++)
                grows = Q(j) >= 1.2 * Q(j - 1) && Math.Abs(F[a][j] - f0) > 1e3 * Noise(F[a][j], f0);
            if (grows) return $"{names[a / 2]} from the {(a % 2 == 0 ? "right" : "left")}";
        }
        return null;
    }

    /// <summary>D_u f = lim (f(x + tu) − f(x))/t, t → 0⁺, along the line approach a.</summary>
    private double Directional(int a, out bool settled) => Directional(a, out settled, out _, out _);

    /// <summary>
    /// D_u f along the line approach a, with an estimate of its error: how far the extrapolated value moved from
    /// the next larger radius (the t-term is gone from both, so what remains is the t² term and the rounding
    /// actually present; the modelled noise is not added, since its κ = 64 would hide slopes ±1 under 1e12 + |x|).
    /// </summary>
    private double Directional(int a, out bool settled, out double error, out double noise)
    {
        double Q(int j) => (F[a][j] - f0) / R[a][j];
        double Noise(int j) => this.Noise(F[a][j], f0) / R[a][j];
        int js = Settled(Q, Noise, FunctionScale());
        settled = js >= 0;
        error = noise = double.NaN;
        if (!settled) return double.NaN;
        noise = Noise(js);
        const double t = 3.1622776601683795; // √10: q(r) = D + a·r + …
        double Extrapolated(int j) => (t * Q(j) - Q(j - 1)) / (t - 1);
        double d = Extrapolated(js);
        // Over two steps where there is room: one step can agree by luck when the quotient oscillates (t·sin(1/t²)).
        error = Math.Abs(d - Extrapolated(js - 1));
        if (js >= 3) error = Math.Max(error, Math.Abs(Extrapolated(js - 1) - Extrapolated(js - 2)));
        return d;
    }

    /// <summary>
    /// The radius index (about 1e−5·s, moved to larger radii while rounding dominates, then to the first larger
    /// radius where it settles) at which the quotient q has settled: it moved by less than 1% of its scale over the
    /// last decade; −1 when it settles at no radius.
    /// </summary>
    private int Settled(Func<int, double> q, Func<int, double> noise, double scale)
    {
        int js = Settle;
        while (js > 2 && noise(js) > 1e-8 * (Math.Abs(q(js)) + scale)) js--;
        // Cancellation inside f that the noise model misses ((eˣ − 1 − x)/x² loses ε/x², not ε·|f|) keeps the
        // quotient from settling at small radii; then the radius where it drifts least over a decade is used
        // (truncation shrinks with r, the unmodelled rounding grows as r falls: the classical optimal step).
        double a0 = q(js), b0 = q(js - 2);
        if (double.IsFinite(a0) && double.IsFinite(b0) && Math.Abs(a0 - b0) <= 1e-2 * (Math.Abs(a0) + scale))
            return Drift.SlowPowerLaw(q, noise, js, R[0].Length) ? -1 : js;
        int bestJ = -1;
        double bestDrift = double.PositiveInfinity;
        for (; js >= 2; js--)
        {
            double a = q(js), b = q(js - 2), drift = Math.Abs(a - b);
            if (double.IsFinite(a) && double.IsFinite(b) && drift <= 1e-2 * (Math.Abs(a) + scale) && drift < bestDrift
                && !Drift.SlowPowerLaw(q, noise, js, R[0].Length)) { bestJ = js; bestDrift = drift; }
        }
        return bestJ;
    }

    /// <summary>The size of f's variation near x per unit step, the yardstick for "small" slopes: max |f(x + h) − f(x)|/|h| at the largest radius.</summary>
    private double FunctionScale()
    {
        double m = 0;
        for (int a = 0; a < Count; a++)
        {
            double d = Math.Abs(F[a][0] - f0) / R[a][0];
            if (double.IsFinite(d)) m = Math.Max(m, d);
        }
        return Math.Max(m, 1e-300);
    }

    /// <summary>
    /// max over line directions u of |D_u f − L·u|, relative to max |D_u f| (only directions whose quotient settles),
    /// with the direction where L misses most: its name, D_u f there and L·u; and how many lines settled of those tried.
    /// </summary>
    public double LinearMisfit(double[] l, out string worst, out double derivative, out double predicted, out int used, out int tried)
    {
        double misfit = 0, size = 0, scale = FunctionScale();
        used = tried = 0;
        worst = "";
        derivative = predicted = double.NaN;
        for (int a = 0; a < Count; a++)
        {
            var u = approaches[a].Direction;
            if (u is null) continue;
            tried++;
            double d = Directional(a, out bool settled, out double error, out double noise);
            // A quotient that oscillates (sin(1/t) for x·sin(1/x)) can agree with itself at two radii by chance; its
            // Richardson extrapolations then still disagree, and no directional derivative is claimed for it.
            if (!settled || !(error <= 1e-3 * (Math.Abs(d) + scale))) continue;
            used++;
            double lu = 0;
            for (int i = 0; i < u.Length; i++) lu += l[i] * u[i];
            // A miss within the rounding noise of the quotient is no miss (exp(−x²−y²) at 0: slopes of ±1e−12 around L = 0).
            double miss = Math.Abs(d - lu) - noise;
            if (miss > misfit) { misfit = miss; worst = approaches[a].Name; derivative = d; predicted = lu; }
            size = Math.Max(size, Math.Max(Math.Abs(d), noise));
        }
        return used == 0 ? double.NaN : size == 0 ? 0 : misfit / size;
    }

    /// <summary>The remainder ratio |f(x + h) − f(x) − L·h|/|h| on every approach, with L known to within <paramref name="error"/> per entry.</summary>
    public Remainder RemainderOf(double[] l, double error)
    {
        int k = radii.Length;
        var all = new Series(k);
        var lines = new Series(k);
        var curves = new Series(k);
        for (int a = 0; a < Count; a++)
            for (int j = 0; j < k; j++)
            {
                double r = R[a][j];
                if (r == 0) continue;
                var (lh, l1) = H[a][j].Dot(l);
                double rho = Math.Abs(F[a][j] - f0 - lh) / r;
                double noise = Noise(F[a][j], f0) / r + Differentiability.NoiseOf(lh, 0) / r + error * l1 / r;
                all.Add(j, rho, noise, a);
                (approaches[a].Curved ? curves : lines).Add(j, rho, noise, a);
            }
        var trend = Trend.Classify(radii, all.Q, all.Noise, out double rate);
        var lineTrend = Trend.Classify(radii, lines.Q, lines.Noise, out double lineRate);
        (trend, rate) = Trend.WithCurves(trend, rate, lineTrend, lineRate, radii, lines.Q, lines.Noise, curves.Q, curves.Noise);
        var table = new RemainderAtRadius[k];
        for (int j = 0; j < k; j++)
            table[j] = new RemainderAtRadius(radii[j], lines.Q[j], curves.Q[j]) { LinesNoise = lines.Noise[j], CurvesNoise = curves.Noise[j] };
        // The worst approach: the largest remainder at the smallest radius where it stands above its noise.
        int js = k - 1;
        while (js > 0 && all.Q[js] <= Trend.Significance * all.Noise[js]) js--;
        string worst = approaches[all.Arg[js]].Name;
        if (lineTrend == TrendKind.ToZero && trend != TrendKind.ToZero)
        {
            js = k - 1;
            while (js > 0 && curves.Q[js] <= Trend.Significance * curves.Noise[js]) js--;
            worst = approaches[curves.Arg[js]].Name;
        }
        return new Remainder(table, trend, lineTrend, rate, worst, all.Q[js]);
    }

    /// <summary>Supporting evidence: whether max |∇f(x + h) − L|∞ → 0 on a few line approaches at radii 1e−2·s … 1e−5·s.</summary>
    public TrendKind PartialsNearby(Func<double[], double[]> gradientAt, double[] l)
    {
        int[] js = [2, 4, 6, 8];
        var r = new double[js.Length];
        var q = new double[js.Length];
        var noise = new double[js.Length];
        // Supporting evidence only: the axis lines of at most 64 variables, so that the work stays bounded in n.
        int lineCount = Math.Min(Count, 2 * Math.Min(x.Length, 64));
        for (int t = 0; t < js.Length; t++)
        {
            r[t] = radii[js[t]];
            for (int a = 0; a < lineCount; a++)
            {
                var p = new double[x.Length];
                H[a][js[t]].AddTo(x, p);
                var g = gradientAt(p);
                for (int i = 0; i < g.Length; i++)
                {
                    double d = Math.Abs(g[i] - l[i]);
                    if (!double.IsFinite(d)) { q[t] = double.PositiveInfinity; continue; }
                    if (d > q[t]) { q[t] = d; noise[t] = Differentiability.NoiseOf(g[i], l[i]) * 1e3; }
                }
            }
        }
        return Trend.Classify(r, q, noise, out _);
    }

    /// <summary>Per radius: the max of a quantity over approaches, its noise, and which approach.</summary>
    private sealed class Series(int k)
    {
        public readonly double[] Q = new double[k], Noise = new double[k];
        public readonly int[] Arg = new int[k];

        public void Add(int j, double q, double noise, int a)
        {
            if (double.IsNaN(q)) return;
            if (q >= Q[j]) { Q[j] = q; Noise[j] = noise; Arg[j] = a; }
        }
    }
}

/// <summary>The remainder ratio measured for one candidate L.</summary>
internal sealed record Remainder(RemainderAtRadius[] Table, TrendKind Trend, TrendKind LineTrend, double Rate, string Worst, double Final)
{
    /// <summary>
    /// Tends to 0 beats unclear beats stays away; between equals that do not tend to 0, the smaller final remainder
    /// wins. When <paramref name="other"/> already tends to 0 this one does not replace it: both fit, and their
    /// final remainders differ by rounding noise only (x + y at (0.001, 1000)), so the candidate tried first (the exact
    /// automatic gradient) stays.
    /// </summary>
    public bool Better(Remainder other)
    {
        static int Rank(TrendKind t) => t switch { TrendKind.ToZero => 2, TrendKind.Unclear => 1, _ => 0 };
        if (Rank(Trend) != Rank(other.Trend)) return Rank(Trend) > Rank(other.Trend);
        if (other.Trend == TrendKind.ToZero) return false;
        return Table[^1].Lines + Table[^1].Curves < other.Table[^1].Lines + other.Table[^1].Curves;
    }
}
