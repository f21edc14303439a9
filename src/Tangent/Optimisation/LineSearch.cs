namespace Tangent.Optimisation;

/// <summary>A point found along a search direction: x + αd, f there, ∇f there (strong Wolfe only) and what happened on the way.</summary>
internal readonly record struct LinePoint(double Alpha, double[] X, double F, double[]? G, string? Note);

/// <summary>
/// Line searches along a descent direction d (∇f·d &lt; 0) from the current iterate. φ(α) = f(x + αd) is the function
/// searched; a value that is NaN or infinite on the way means the step left f's domain, so the search backs off and
/// says so in the note.
/// </summary>
internal static class LineSearch
{
    public const double C1 = 1e-4, C2 = 0.9;

    /// <summary>
    /// Storage for the trial points of a strong-Wolfe search, so a search allocates nothing: each evaluation overwrites
    /// it, and the point a search returns is always the last one evaluated. The caller hands the iterate it left behind
    /// back with <see cref="Recycle"/> once it has moved to the returned point.
    /// </summary>
    public sealed class Trial(int n)
    {
        public double[] X { get; private set; } = new double[n];
        public double[] G { get; private set; } = new double[n];

        /// <summary>
        /// The step length α whose point x + αd <see cref="X"/> already holds (written by the pass that formed d), so the
        /// first evaluation at that α skips forming it; null when X holds no such point. Any evaluation clears it.
        /// </summary>
        public double? Prepared { get; set; }

        public void Recycle(double[] x, double[] g)
        {
            (X, G) = (x, g);
            Prepared = null;
        }
    }

    /// <summary>
    /// Armijo backtracking: the first α = α₀·2⁻ᵏ with φ(α) ≤ φ(0) + c₁α φ′(0) (sufficient decrease), values only;
    /// null when 60 halvings find none (d is no descent direction to rounding).
    /// </summary>
    public static LinePoint? Armijo(Progress p, double[] d, double alpha0)
    {
        double slope = Progress.Dot(p.G, d), alpha = alpha0;
        string? note = null;
        if (!(slope < 0)) return null;
        for (int k = 0; k < 60; k++, alpha *= 0.5)
        {
            var x = Progress.Along(p.X, alpha, d);
            double f = p.Objective.Value(x);
            if (!double.IsFinite(f)) { note = BackedOff(f, alpha); continue; }
            if (f <= p.F + C1 * alpha * slope) return new LinePoint(alpha, x, f, null, note);
        }
        return null;
    }

    /// <summary>
    /// A step satisfying the strong Wolfe conditions φ(α) ≤ φ(0) + c₁αφ′(0) and |φ′(α)| ≤ c₂|φ′(0)| (c₁ = 1e-4,
    /// c₂ = 0.9), by bracketing and zooming with cubic interpolation (Nocedal and Wright, Algorithms 3.5 and 3.6).
    /// Values and gradients are evaluated together. Null when none is found within 30 evaluations.
    /// </summary>
    public static LinePoint? StrongWolfe(Progress p, double[] d, double alpha1, Trial? trial = null, double? slope = null, double alphaMax = 1e10)
    {
        double phi0 = p.F, dphi0 = slope ?? Progress.Dot(p.G, d);
        if (!(dphi0 < 0)) return null;
        string? note = null;
        double aPrev = 0, fPrev = phi0, dPrev = dphi0, alpha = Math.Min(alpha1, alphaMax);
        for (int k = 0; k < 30; k++)
        {
            var (x, f, g) = Evaluate(p, d, alpha, trial);
            double dphi = Progress.Dot(g, d);
            if (!Defined(f, dphi, g))
            {
                note = BackedOff(f, alpha);
                alphaMax = alpha;
                alpha = aPrev + 0.25 * (alpha - aPrev);
                continue;
            }
            if (f > phi0 + C1 * alpha * dphi0 || (k > 0 && f >= fPrev))
                return Zoom(p, d, dphi0, aPrev, fPrev, dPrev, alpha, f, dphi, note, trial);
            if (Math.Abs(dphi) <= -C2 * dphi0) return new LinePoint(alpha, x, f, g, note);
            if (dphi >= 0) return Zoom(p, d, dphi0, alpha, f, dphi, aPrev, fPrev, dPrev, note, trial);
            (aPrev, fPrev, dPrev) = (alpha, f, dphi);
            if (alpha >= alphaMax) return new LinePoint(alpha, x, f, g, note); // descending all the way to the cap
            alpha = Math.Min(4 * alpha, alphaMax);
        }
        return null;
    }

    /// <summary>Shrinks the bracket [lo, hi] (lo satisfies sufficient decrease, φ′(lo)(hi − lo) &lt; 0) to a strong-Wolfe point.</summary>
    private static LinePoint? Zoom(Progress p, double[] d, double dphi0, double lo, double fLo, double dLo, double hi, double fHi, double dHi, string? note, Trial? trial)
    {
        double phi0 = p.F;
        for (int k = 0; k < 30; k++)
        {
            double alpha = Cubic(lo, fLo, dLo, hi, fHi, dHi);
            double width = Math.Abs(hi - lo), left = Math.Min(lo, hi);
            // Keep the trial well inside the bracket, so it shrinks by a fixed fraction at least.
            if (!double.IsFinite(alpha) || alpha < left + 0.1 * width || alpha > left + 0.9 * width) alpha = 0.5 * (lo + hi);
            if (width <= 1e-16 * Math.Max(1, Math.Abs(lo))) break;
            var (x, f, g) = Evaluate(p, d, alpha, trial);
            double dphi = Progress.Dot(g, d);
            if (!Defined(f, dphi, g))
            {
                note = BackedOff(f, alpha);
                (hi, fHi, dHi) = (alpha, double.PositiveInfinity, double.NaN);
                continue;
            }
            if (f > phi0 + C1 * alpha * dphi0 || f >= fLo)
                (hi, fHi, dHi) = (alpha, f, dphi);
            else
            {
                if (Math.Abs(dphi) <= -C2 * dphi0) return new LinePoint(alpha, x, f, g, note);
                if (dphi * (hi - lo) >= 0) (hi, fHi, dHi) = (lo, fLo, dLo);
                (lo, fLo, dLo) = (alpha, f, dphi);
            }
        }
        // The bracket collapsed: accept its sufficient-decrease end if it moved at all.
        if (lo > 0)
        {
            var (x, f, g) = Evaluate(p, d, lo, trial);
            if (f < phi0) return new LinePoint(lo, x, f, g, (note is null ? "" : note + "; ") + "the line search ended without the curvature condition");
        }
        return null;
    }

    /// <summary>
    /// Whether f and ∇f are finite at a trial point, given φ′ = ∇f·d there. A finite φ′ proves every ∇fᵢ finite without a
    /// pass over ∇f (a NaN or infinite ∇fᵢ makes its term ∇fᵢdᵢ NaN or infinite whatever dᵢ is, and a sum holding such a
    /// term is not finite); only a φ′ that is not finite (which overflow alone can cause) needs the entries checked.
    /// </summary>
    private static bool Defined(double f, double dphi, double[] g) => double.IsFinite(f) && (double.IsFinite(dphi) || Progress.Finite(g));

    /// <summary>The minimiser of the cubic through (a, fa, da) and (b, fb, db), NaN when it has none.</summary>
    private static double Cubic(double a, double fa, double da, double b, double fb, double db)
    {
        if (!double.IsFinite(fb) || !double.IsFinite(db)) return double.NaN;
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) return double.NaN;
        double d2 = Math.Sign(b - a) * Math.Sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }

    private static (double[] X, double F, double[] G) Evaluate(Progress p, double[] d, double alpha, Trial? trial)
    {
        var x = trial?.X ?? new double[p.N];
        if (trial?.Prepared != alpha) Progress.Along(p.X, alpha, d, x);
        if (trial is not null) trial.Prepared = null;
        var g = trial?.G ?? new double[p.N];
        double f = p.Objective.ValueAndGradient(x, g);
        return (x, f, g);
    }

    private static string BackedOff(double f, double alpha)
        => $"f is {Progress.Text(f)} at step length {Progress.Text(alpha)}: the line search backed off";
}
