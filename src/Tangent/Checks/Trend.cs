namespace Tangent.Checks;

/// <summary>How a non-negative quantity q(r) behaves as the radius r shrinks to 0, as far as doubles can tell.</summary>
public enum TrendKind
{
    /// <summary>q(r) → 0: its upper envelope falls like rᵅ with α clearly positive, or q stays at rounding level.</summary>
    ToZero,
    /// <summary>q(r) stays bounded away from 0, or grows, over the smallest radii measured.</summary>
    NotToZero,
    /// <summary>Neither could be told apart from the other (too few significant radii, or a rate near 0).</summary>
    Unclear,
}

/// <summary>
/// Reads the limit r → 0 of a sampled quantity q(rⱼ) (radii decreasing), with an estimate νⱼ of the
/// rounding noise in each sample. Floating point cannot prove a limit: this looks at the trend of the
/// upper envelope (the max over the window, against the max over its last decade, so that oscillation
/// such as sin(1/r) cannot fake a decrease) over the smallest three decades of radii where q stands
/// above its noise, and measures its rate α = log(T_first/T_last) / log(r_first/r_last).
/// </summary>
internal static class Trend
{
    /// <summary>A sample counts when it exceeds this many times its noise estimate.</summary>
    public const double Significance = 4;

    /// <summary>α at or above this: the envelope falls (|x|^1.5 gives 0.5, smooth functions 1).</summary>
    public const double FallingRate = 0.2;

    /// <summary>α at or above this counts as a fall when it holds steadily over six decades (see SteadyPowerLaw).</summary>
    public const double SlowRate = 0.08;

    /// <summary>
    /// α at or below this: the envelope is flat (a bounded or growing q gives 0), unless it is a steady power law
    /// falling above rounding: r^α with α &gt; 0 tends to 0 however small α is (|x|^1.01 at 0 leaves the remainder
    /// |t|^0.01, which falls 13% over the radii tried).
    /// </summary>
    public const double FlatRate = 0.04;

    /// <summary>Classifies q(rⱼ) → 0 as r → 0; <paramref name="rate"/> is the α measured (∞ when q is all rounding, NaN when q drops into rounding too fast to measure).</summary>
    public static TrendKind Classify(ReadOnlySpan<double> r, ReadOnlySpan<double> q, ReadOnlySpan<double> noise, out double rate)
    {
        noise = DropCancellationTail(r, q, noise);
        int last = -1;
        for (int j = q.Length - 1; j >= 0; j--)
            if (q[j] > Significance * noise[j] || double.IsNaN(q[j]) || double.IsInfinity(q[j])) { last = j; break; }
        rate = double.PositiveInfinity;
        if (last < 0) return TrendKind.ToZero; // at rounding level at every radius: L predicts f to the last bits
        if (!double.IsFinite(q[last])) { rate = double.NegativeInfinity; return TrendKind.NotToZero; }
        // Fell off a cliff: the next radius is at rounding level, and that level is far below q there
        // (exp(−1/r²)/r underflows to 0 long before rounding could hide a floor).
        if (last < q.Length - 1 && q[last + 1] + Significance * noise[last + 1] <= 1e-2 * q[last]) { rate = double.NaN; return TrendKind.ToZero; }

        // The window: significant samples within three decades above the smallest significant radius.
        int first = last;
        for (int j = last - 1; j >= 0; j--)
        {
            if (r[j] > 1e3 * r[last]) break;
            if (q[j] > Significance * noise[j]) first = j;
        }
        // The envelope at the end is the max over the last decade (up to three samples), so that one
        // sample that happens to be small (a zero of sin(1/r)) cannot fake a fall.
        double envelopeFirst = 0, envelopeLast = 0, rLast = r[last];
        for (int j = first; j <= last; j++)
        {
            if (!(q[j] > Significance * noise[j])) continue;
            envelopeFirst = Math.Max(envelopeFirst, q[j]);
            if (r[j] <= 12 * r[last]) { envelopeLast = Math.Max(envelopeLast, q[j]); rLast = Math.Max(rLast, r[j]); }
        }
        double span = Math.Log10(r[first] / rLast);
        if (span < 1)
        {
            // Too short a window of significant samples. If the quantity fell into the noise while the
            // noise is still far below its earlier values, that is a fall, not a floor.
            rate = double.NaN;
            return last < q.Length - 1 && q[last] < 1e-3 * MaxSignificant(q, noise) ? TrendKind.ToZero : TrendKind.Unclear;
        }
        rate = Math.Log(envelopeFirst / envelopeLast) / (span * Math.Log(10));
        if (rate >= FallingRate) return TrendKind.ToZero;
        // A flat envelope stays away from 0, except a steady power law: r^α with α > 0 tends to 0 however small α is,
        // while c + a·r^β (a level c > 0) has a rate that shrinks decade by decade.
        if (rate <= FlatRate)
            return rate > 0 && (SteadyPowerLaw(r, q, noise, last, 0) || BentPowerLawToZero(r, q, noise, last)) ? TrendKind.ToZero : TrendKind.NotToZero;
        return SteadyPowerLaw(r, q, noise, last, SlowRate) ? TrendKind.ToZero : TrendKind.Unclear;
    }

    /// <summary>
    /// A slow power law still bent at the deepest radii by a smooth term of f, q = D + c·r^α + a·r (+ b·r²), read by
    /// extrapolation: the steps per decade dⱼ = qⱼ − qⱼ₋₂ lose the a·r term exactly in eⱼ = dⱼ − dⱼ₋₂/10 (a·r's steps
    /// shrink tenfold per decade), which leaves (ρ − 1)(ρ − 1/10)·c·rⱼ₋₄^α with ρ = 10^(−α) = eⱼ/eⱼ₋₂. Then
    /// c·rⱼ^α = ρ²·eⱼ/((ρ − 1)(ρ − 1/10)), a·rⱼ = −(dⱼ − (ρ − 1)·c·rⱼ^α/ρ)/9, and the level D = qⱼ − c·rⱼ^α − a·rⱼ.
    /// True when ρ holds steadily in [0.81, 1) over the last decade and the one half a decade above it (0 &lt; α &lt; 0.09), the eⱼ stand far above
    /// rounding, and the level is under 2% of qⱼ (the b·r² term it still holds shrinks a hundredfold per decade).
    /// |L|^1.01·(x − 0.5)/2 + e^(eˣ) at x = 0.55: the remainder falls only 0.038 → 0.030 over four decades; the
    /// level reads −0.0023, −0.00055, −0.00014 at the last three radii. A remainder c + 0.01·r^0.01 reads its level c.
    /// </summary>
    private static bool BentPowerLawToZero(ReadOnlySpan<double> r, ReadOnlySpan<double> q, ReadOnlySpan<double> noise, int last)
    {
        if (last < 9) return false;
        for (int j = last - 7; j <= last; j++)
            if (!(q[j] > Significance * noise[j]) || !double.IsFinite(q[j])) return false;
        for (int j = last - 5; j <= last; j++)
            if (Math.Abs(r[j - 2] / r[j] - 10) > 1e-6) return false; // the extrapolation assumes steps of a decade per two radii
        // ρ over the last decade, and over the decade half a decade above it (the radii step by √10): the b·r² term
        // still bends the e's two decades up, so the check of steadiness uses the deepest radii only.
        double e1 = StepWithoutLinearTerm(q, last - 2), e2 = StepWithoutLinearTerm(q, last);
        double f1 = StepWithoutLinearTerm(q, last - 3), f2 = StepWithoutLinearTerm(q, last - 1);
        if (!(double.IsFinite(e1) && double.IsFinite(e2) && double.IsFinite(f1) && double.IsFinite(f2))) return false;
        if (!(Math.Sign(e1) == Math.Sign(e2) && Math.Sign(f1) == Math.Sign(f2) && Math.Sign(e2) == Math.Sign(f2) && e1 != 0 && f1 != 0)) return false;
        if (Math.Abs(e2) <= 100 * (noise[last] + noise[last - 2] + noise[last - 4])) return false;
        double rho0 = f2 / f1, rho = e2 / e1;
        if (!(rho >= 0.81 && rho < 1 && rho0 >= 0.81 && rho0 < 1 && Math.Abs(rho - rho0) <= 0.01)) return false;
        double slow = rho * rho * e2 / ((rho - 1) * (rho - 0.1));
        double linear = -(q[last] - q[last - 2] - (rho - 1) * slow / rho) / 9;
        double level = q[last] - slow - linear;
        return Math.Abs(level) <= 0.02 * q[last];
    }

    /// <summary>eⱼ = dⱼ − dⱼ₋₂/10 with dⱼ = qⱼ − qⱼ₋₂: a step per decade with a·r's part removed.</summary>
    private static double StepWithoutLinearTerm(ReadOnlySpan<double> q, int j) => q[j] - q[j - 2] - 0.1 * (q[j - 2] - q[j - 4]);

    /// <summary>
    /// A slow fall (|t|^0.1 from |x|^1.1) read as a fall: every sample over the six decades above the smallest
    /// significant radius stands above its noise, the rate over each pair of decades is at least
    /// <paramref name="minRate"/>, and the rate does not shrink from the first pair to the last by more than 5%.
    /// A remainder that levels off at c &gt; 0 (c + a·r^β) has a rate that shrinks decade by decade, so it is not steady
    /// (0.05 + r^0.1 goes 0.093, 0.089, 0.083); only a level far below the values seen passes, which no finite
    /// range of radii could tell apart from 0.
    /// </summary>
    private static bool SteadyPowerLaw(ReadOnlySpan<double> r, ReadOnlySpan<double> q, ReadOnlySpan<double> noise, int last, double minRate)
    {
        int top = last;
        while (top > 0 && r[top - 1] <= 1.01e6 * r[last]) top--;
        if (Math.Log10(r[top] / r[last]) < 5.99) return false;
        for (int j = top; j <= last; j++)
            if (!(q[j] > Significance * noise[j]) || !double.IsFinite(q[j])) return false;
        // The two-decade windows [top, m1], [m1, m2], [m2, last].
        int m1 = top, m2 = top;
        while (r[m1 + 1] >= 1e-2 * r[top] * 0.99) m1++;
        while (r[m2 + 1] >= 1e-4 * r[top] * 0.99) m2++;
        double first = RateBetween(r, q, top, m1), middle = RateBetween(r, q, m1, m2), final = RateBetween(r, q, m2, last);
        // Each window's fall must stand far above the rounding of its ends: |x|^1.001 falls 0.5% per two decades, far
        // above its rounding; a level c > 0 in rounding noise shows no steady fall at all.
        if (!(FallsAboveNoise(q, noise, top, m1) && FallsAboveNoise(q, noise, m1, m2) && FallsAboveNoise(q, noise, m2, last))) return false;
        if (Math.Min(first, Math.Min(middle, final)) < minRate) return false;
        // Not slowing over the six decades (the last rate at least 95% of the first: |t|^1.1·sin(1/t) wanders but does
        // not slow), or bent only at the largest radii by a smooth term of f (c·r^α·(1 + k·r) + b·r, as in
        // |x|^1.01·σ(x) + sin x): the rate's deviation then shrinks about 100-fold per two decades while the rate itself
        // holds from the middle window to the last. A level (c + a·r^β) shows neither: its rate shrinks by the same
        // factor ρ = 10^(−2β) window after window, so the deviation shrinks 0.15-fold only when ρ ≤ 0.15, and then the
        // rate itself falls from the middle window to the last by as much.
        return final >= 0.95 * first
            || (Math.Abs(final - middle) <= 0.15 * Math.Abs(first - middle) && final >= 0.8 * middle);
    }

    /// <summary>
    /// The trend over all approaches revised by what the lines show: never a fall where the lines stay away from 0, and,
    /// when they fall slowly (rate below FallingRate),
    /// where six decades of radii cannot tell r^α from a level plus a slow power law by one series alone: curves that
    /// fall clearly slower than the lines (rate below 0.9 of theirs) may be heading for a level (x³y/(x⁴ + y²) + |x|^1.01
    /// at 0: 0.5 + 0.85·r^0.01 along the parabola, r^0.01 along lines), so that is unclear, not a fall; curves that
    /// wander around the lines' fall without a trend of their own follow it (<see cref="CurvesFollowSlowLines"/>).
    /// </summary>
    public static (TrendKind Trend, double Rate) WithCurves(TrendKind trend, double rate, TrendKind lineTrend, double lineRate, ReadOnlySpan<double> r,
        ReadOnlySpan<double> lines, ReadOnlySpan<double> lineNoise, ReadOnlySpan<double> curves, ReadOnlySpan<double> curveNoise)
    {
        // The series over all approaches is the max of the lines' and the curves': it cannot vanish where the lines' does not.
        if (lineTrend == TrendKind.NotToZero && trend == TrendKind.ToZero) return (TrendKind.NotToZero, lineRate);
        if (lineTrend != TrendKind.ToZero || !(lineRate > 0 && lineRate < FallingRate)) return (trend, rate);
        if (trend == TrendKind.ToZero)
            return double.IsFinite(rate) && rate < 0.9 * lineRate ? (TrendKind.Unclear, rate) : (trend, rate);
        return CurvesFollowSlowLines(r, lines, lineNoise, curves, curveNoise) ? (TrendKind.ToZero, lineRate) : (trend, rate);
    }

    /// <summary>
    /// Along curves the remainder of a slow kink (|L|^1.01 at L = 0 for a linear form L: r^0.01 along lines) is the
    /// lines' remainder seen from a turning direction: the spiral's direction changes with r, so its samples wander
    /// by a few percent and no steady rate can be read off them. They tend to 0 when they stay a bounded factor
    /// of the lines' remainder while the lines fall as a steady slow power law: the ratio
    /// curves/lines, its maximum over a decade, does not grow by more than 3% over the four decades above the smallest
    /// radius where both stand above rounding. A remainder that stays flat along spirals while the lines fall like
    /// r^α makes that ratio grow like r^−α: 10% over four decades at α = 0.01, 5% at α = 0.005.
    /// </summary>
    private static bool CurvesFollowSlowLines(ReadOnlySpan<double> r, ReadOnlySpan<double> lines, ReadOnlySpan<double> lineNoise,
        ReadOnlySpan<double> curves, ReadOnlySpan<double> curveNoise)
    {
        int last = lines.Length - 1;
        while (last > 0 && !(lines[last] > Significance * lineNoise[last] && curves[last] > Significance * curveNoise[last])) last--;
        int top = last;
        while (top > 0 && r[top - 1] <= 1.01e4 * r[last]) top--;
        if (Math.Log10(r[top] / r[last]) < 3.99) return false;
        double early = 0, late = 0;
        for (int j = top; j <= last; j++)
        {
            if (!(lines[j] > Significance * lineNoise[j] && curves[j] > Significance * curveNoise[j] && double.IsFinite(curves[j]))) return false;
            double ratio = curves[j] / lines[j];
            if (r[j] >= 0.99e3 * r[last]) early = Math.Max(early, ratio);
            if (r[j] <= 12 * r[last]) late = Math.Max(late, ratio);
        }
        return late <= 1.03 * early;
    }

    /// <summary>
    /// A dip followed by a rise is the fingerprint of cancellation inside f: (1 − cos x)/x² or (eˣ − 1)/x lose
    /// about ε/x² of absolute accuracy, far more than the rounding of f's own size. When q falls by 100× to a
    /// minimum and then climbs again, but stays within what second-order cancellation can produce
    /// (Significance·νⱼ/rⱼ²), the climb is treated as noise and the trend is read before it. A genuine rise of that
    /// size after a dip would need a formula such as x² + 10⁻¹⁰/x; none of the classical cases has one.
    /// </summary>
    private static ReadOnlySpan<double> DropCancellationTail(ReadOnlySpan<double> r, ReadOnlySpan<double> q, ReadOnlySpan<double> noise)
    {
        int min = -1;
        for (int j = 0; j < q.Length; j++)
            if (q[j] > Significance * noise[j] && double.IsFinite(q[j]) && (min < 0 || q[j] < q[min])) min = j;
        if (min < 0) return noise;
        double before = MaxBefore(q, noise, min);
        if (min < 0 || min == q.Length - 1 || !(q[min] <= 1e-2 * before)) return noise;
        double after = 0;
        for (int j = min + 1; j < q.Length; j++)
        {
            if (!double.IsFinite(q[j]) || q[j] > Significance * noise[j] / (r[j] * r[j])) return noise; // a rise beyond cancellation
            after = Math.Max(after, q[j]);
        }
        if (!(after >= 1e2 * q[min])) return noise;
        var adjusted = noise.ToArray();
        for (int j = min + 1; j < q.Length; j++) adjusted[j] = double.PositiveInfinity;
        return adjusted;
    }

    /// <summary>q falls from sample a to sample b by more than 100 times the relative rounding of the two.</summary>
    private static bool FallsAboveNoise(ReadOnlySpan<double> q, ReadOnlySpan<double> noise, int a, int b) =>
        Math.Log(q[a] / q[b]) > 100 * (noise[a] / q[a] + noise[b] / q[b]);

    /// <summary>α with q ~ r^α between samples a and b: ln(q_a/q_b)/ln(r_a/r_b).</summary>
    private static double RateBetween(ReadOnlySpan<double> r, ReadOnlySpan<double> q, int a, int b) => Math.Log(q[a] / q[b]) / Math.Log(r[a] / r[b]);

    private static double MaxBefore(ReadOnlySpan<double> q, ReadOnlySpan<double> noise, int end)
    {
        double m = 0;
        for (int j = 0; j < end; j++)
            if (q[j] > Significance * noise[j]) m = Math.Max(m, q[j]);
        return m;
    }

    private static double MaxSignificant(ReadOnlySpan<double> q, ReadOnlySpan<double> noise)
    {
        double m = 0;
        for (int j = 0; j < q.Length; j++)
            if (q[j] > Significance * noise[j]) m = Math.Max(m, q[j]);
        return m;
    }
}
