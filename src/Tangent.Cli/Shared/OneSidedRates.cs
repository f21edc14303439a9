namespace Tangent.Cli.Shared;

/// <summary>A measured one-sided directional derivative D⁺_u f(x) = lim_{t→0⁺} (f(x + t·u) − f(x))/t along a unit u.</summary>
/// <param name="Label">The direction in words: "+x", "−y", or the vector.</param>
/// <param name="Direction">The unit vector u.</param>
/// <param name="Rate">The measured rate (NaN where the quotients do not settle or f is not finite nearby; 0 when it is within the rounding level).</param>
/// <param name="Rounding">The rounding level of the measurement, 20ε|f(x)|/t: a rate of 0 means |D⁺_u f| is below it.</param>
internal sealed record OneSidedRate(string Label, double[] Direction, double Rate, double Rounding);

/// <summary>
/// The first-order picture where the evaluation hit a kink: there ∇f is the value of the kink conventions, not a
/// derivative, and D_u f = ∇f·u may be false (abs at 0 has ∇f = 0 by convention, yet D⁺_{+1} = D⁺_{−1} = 1). What
/// f does to first order is measured instead: one-sided difference quotients q(t) = (f(x + t·u) − f(x))/t,
/// Richardson-extrapolated, 2q(t/2) − q(t) = D⁺_u f + O(t²) on a smooth piece of the ray, along ±eᵢ, the diagonals
/// of small dimensions and a fixed set of random directions; the largest and smallest found are reported.
/// </summary>
internal static class OneSidedRates
{
    /// <summary>Axis directions measured (±eᵢ) for at most this many variables; beyond, random directions only.</summary>
    private const int MaxAxes = 50;
    private const int RandomDirections = 24;
    /// <summary>The step, relative to the size of x: small enough for O(t²) to vanish, large enough to stay above rounding.</summary>
    private const double RelativeStep = 1e-5;
    /// <summary>The unit roundoff's spacing ε = 2⁻⁵² of doubles near 1.</summary>
    private const double Rounding = 2.220446049250313e-16;

    /// <summary>Every direction measured; the ±eᵢ come first, in variable order.</summary>
    public static List<OneSidedRate> Measure(Problem p)
    {
        var x = p.Point.Values;
        int n = x.Length;
        double f0 = Evaluate(p, x);
        double t = RelativeStep * Math.Max(1, x.Max(Math.Abs));
        var rates = new List<OneSidedRate>();
        // Rounding: each value of f is off by up to ε|f|, so q(s) by 2ε|f|/s and d2 = 2q(t/4) − q(t/2) by
        // 16ε|f|/t + 4ε|f|/t = 20ε|f|/t. Rates within that of 0 are zero to the precision measured (a smooth
        // f with a zero slope, e.g. −√(1 + y²) at y = 0, gives quotients ±4e-11 of pure rounding).
        double noise = 20 * Rounding * Math.Abs(f0) / t;
        void Add(string label, double[] u) => rates.Add(new OneSidedRate(label, u, Rate(p, x, f0, u, t, noise), noise));
        for (int i = 0; i < Math.Min(n, MaxAxes); i++)
            foreach (int sign in (int[])[1, -1])
            {
                var u = new double[n];
                u[i] = sign;
                Add($"{(sign > 0 ? "+" : "−")}{p.Names[i]}", u);
            }
        if (n <= 6)
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    foreach (var (a, b) in ((int, int)[])[(1, 1), (1, -1), (-1, 1), (-1, -1)])
                    {
                        var u = new double[n];
                        u[i] = a / Math.Sqrt(2);
                        u[j] = b / Math.Sqrt(2);
                        Add(Human.Vector(u.Select(c => Math.Round(c, 4))), u);
                    }
        var random = new Random(LocalModel.DirectionSeed);
        for (int k = 0; k < RandomDirections && n > 1; k++)
        {
            var u = LocalModel.RandomUnit(n, random);
            Add(Human.Vector(u.Select(c => Math.Round(c, 4))), u);
        }
        return rates;
    }

    private static double Rate(Problem p, double[] x, double f0, double[] u, double t, double noise)
    {
        double Q(double step)
        {
            var xt = new double[x.Length];
            for (int i = 0; i < x.Length; i++) xt[i] = x[i] + step * u[i];
            return (Evaluate(p, xt) - f0) / step;
        }
        double q1 = Q(t), q2 = Q(t / 2), q4 = Q(t / 4);
        double d1 = 2 * q2 - q1, d2 = 2 * q4 - q2;
        // Settled: the two extrapolations agree to far better than the quotients move, or both are rounding.
        double scale = Math.Max(Math.Abs(d1), Math.Abs(d2));
        if (!double.IsFinite(d1) || !double.IsFinite(d2)) return double.NaN;
        if (scale <= noise) return 0;
        return Math.Abs(d1 - d2) <= 1e-5 * Math.Max(scale, 1e-8) + 2 * noise ? d2 : double.NaN;
    }

    private static double Evaluate(Problem p, double[] x)
    {
        var xs = new Real[x.Length];
        for (int i = 0; i < x.Length; i++) xs[i] = x[i];
        return p.Formula.Evaluate<Real>(xs, p.Names).Value;
    }
}
