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
        if (js < 6) return false;
        if (SlowApproach(q, noise, js, count)) return true;
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
    /// bends the steps at the larger ones. A quotient that settles (D + a·t) has steps shrinking tenfold per decade
    /// down to rounding; the unmodelled cancellation of (eˣ − 1)/x makes them grow as t falls: neither is caught.
    /// </summary>
    private static bool SlowApproach(Func<int, double> q, Func<int, double> noise, int js, int count)
    {
        int j = count - 1;
        while (j > js && !(Math.Abs(q(j) - q(j - 2)) > 100 * (noise(j) + noise(j - 2)))) j--;
        return SlowApproachAt(q, noise, j);
    }

    private static bool SlowApproachAt(Func<int, double> q, Func<int, double> noise, int js)
    {
        double s1 = q(js - 4) - q(js - 6), s2 = q(js - 2) - q(js - 4), s3 = q(js) - q(js - 2);
        if (!(s1 != 0 && Math.Sign(s1) == Math.Sign(s2) && Math.Sign(s2) == Math.Sign(s3))) return false;
        if (Math.Abs(s3) <= 100 * (noise(js) + noise(js - 2))) return false;
        double rho1 = s2 / s1, rho2 = s3 / s2;
        return rho1 >= 0.81 && rho1 <= 1 && rho2 >= 0.81 && rho2 <= 1 && Math.Abs(rho1 - rho2) <= 0.05;
    }
}
