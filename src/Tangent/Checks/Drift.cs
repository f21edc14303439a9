namespace Tangent.Checks;

/// <summary>
/// Whether a difference quotient q(t) that moves less than 1% per decade has really settled: a slow power law
/// (c·t^α, or D + c·t^α with α below 0.09) moves that little too, decade after decade, and its value at the radii
/// tried is not its limit. Radius indices step by √10, two indices a decade.
/// </summary>
internal static class Drift
{
    /// <summary>
    /// True when q drifts by the same small factor decade after decade up to radius index js: a power law c·t^α with
    /// 0 &lt; |α| &lt; 0.09, whose limit is 0 or ∞, never the value at which it happens to move less than 1% per decade
    /// (the quotient of |x|^1.01 at 0 is t^0.01: 2.3% per decade, steadily). A quotient with a limit D ≠ 0 moves by
    /// shrinking amounts (D + a·t: ten times less each decade), so it is not caught.
    /// </summary>
    public static bool SlowPowerLaw(Func<int, double> q, Func<int, double> noise, int js, int count)
    {
        if (SlowApproach(q, noise, js, count)) return true;
        if (js < 6) return false;
        // ln of the factor over each of the three decades ending at js (√10 between radii: two indices a decade).
        double d1 = Math.Log(q(js - 4) / q(js - 6)), d2 = Math.Log(q(js - 2) / q(js - 4)), d3 = Math.Log(q(js) / q(js - 2));
        if (!(double.IsFinite(d1) && double.IsFinite(d2) && double.IsFinite(d3))) return false; // a sign change or a zero
        if (Math.Abs(d1) >= 0.2 || Math.Abs(d3) * Math.Abs(q(js)) <= 100 * noise(js)) return false; // fast, or within rounding
        return Math.Abs(d2 - d1) <= 0.1 * Math.Abs(d1) && Math.Abs(d3 - d1) <= 0.1 * Math.Abs(d1);
    }

    /// <summary>
    /// True when q = D + c·t^α + … with 0 &lt; α &lt; 0.09 at radius index js or below: over the last three decades
    /// where its steps stand far above rounding, they keep their sign and shrink by one factor ρ = 10^(−α) between
    /// 0.81 and 1. The limit D exists but is still c·t^α away (|x|^1.01·σ(x) + sin x at x = 0: q = cos 0 ± 0.6·t^0.01),
    /// so the value at js is not it; the deepest radii are read because a smooth term (the a·t of D + c·t^α + a·t)
    /// bends the steps at the larger ones. When a·t is large against c (|L|^1.01·(x − 0.5)/2 + e^(eˣ) at x = 0.55:
    /// c ≈ 0.03, a ≈ 7) it still bends them at the deepest radii (ρ reads 0.49, 0.73, 0.88); its steps shrink by
    /// exactly 10 per decade, so the steps' own differences sⱼ − sⱼ₋₂/10 remove it and leave c·t^α's steps times a
    /// constant, read the same way (0.979, 0.977). A quotient that settles (D + a·t + b·t²) has steps shrinking tenfold
    /// per decade down to rounding and those differences a hundredfold; the unmodelled cancellation of (eˣ − 1)/x makes
    /// them grow as t falls: neither is caught.
    /// </summary>
    private static bool SlowApproach(Func<int, double> q, Func<int, double> noise, int js, int count)
    {
        // From the deepest radius up, even when js is among the largest radii (a quotient that moved least there,
        // as the fallback of Settled picks): the steps below js decide whether the value at js is a limit.
        int j = count - 1;
        while (j > Math.Max(js, 6) && !(Math.Abs(q(j) - q(j - 2)) > 100 * (noise(j) + noise(j - 2)))) j--;
        if (j < 6) return false;
        double Step(int i) => q(i) - q(i - 2);
        double WithoutLinearTerm(int i) => Step(i) - 0.1 * Step(i - 2);
        if (ShrinkSteadily(Step, j, noise(j) + noise(j - 2))) return true;
        // Without the linear term, the steps are read at the deepest radius where they stand far above rounding
        // (removing a·t leaves smaller steps, and rounding grows as t falls): at most two decades up.
        for (int i = j; i >= Math.Max(js, 8) && i >= j - 4; i--)
            if (ShrinkSteadily(WithoutLinearTerm, i, noise(i) + noise(i - 2))) return true;
        return false;
    }

    /// <summary>The steps s(j − 4), s(j − 2), s(j) keep their sign, stand far above rounding, and shrink by one factor in [0.81, 1].</summary>
    private static bool ShrinkSteadily(Func<int, double> step, int j, double noise)
    {
        double s1 = step(j - 4), s2 = step(j - 2), s3 = step(j);
        if (!(double.IsFinite(s1) && double.IsFinite(s2) && double.IsFinite(s3))) return false; // NaN: f undefined there (Math.Sign throws on it)
        if (!(s1 != 0 && Math.Sign(s1) == Math.Sign(s2) && Math.Sign(s2) == Math.Sign(s3))) return false;
        if (Math.Abs(s3) <= 100 * noise) return false;
        double rho1 = s2 / s1, rho2 = s3 / s2;
        return rho1 >= 0.81 && rho1 <= 1 && rho2 >= 0.81 && rho2 <= 1 && Math.Abs(rho1 - rho2) <= 0.05;
    }
}
