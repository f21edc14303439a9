namespace Tangent.Optimisation;

/// <summary>
/// Why a run stopped short of ∇f = 0: is f smooth at the last iterate at all? Along the steepest-descent
/// direction u = −∇f/‖∇f‖ a differentiable f has the slope ∇f·u = −‖∇f‖ from both sides, and the one-sided
/// difference quotients (f(x + tu) − f(x))/t and (f(x) − f(x − tu))/t differ by t·uᵀ∇²f u + O(t²), so their gap
/// shrinks 100-fold from t₁ to t₂ = t₁/100. At a kink (|x| + y² near x = 0) the gap is the jump of the slope and
/// does not shrink: the gradient there is a one-sided value or a convention, which is why gradient-based and
/// Newton steps stop decreasing f, and why a minimum of such an f has no zero gradient to converge to.
/// </summary>
internal static class KinkProbe
{
    /// <summary>The sentence for the notes, or null when the probe finds f smooth here or cannot tell (rounding, f undefined).</summary>
    public static string? AtPoint(Objective objective, double[] x, double f, double[] gradient, double gradientNorm)
    {
        if (!(gradientNorm > 0) || !double.IsFinite(gradientNorm) || !double.IsFinite(f)) return null;
        double scale = 1;
        foreach (var v in x) scale = Math.Max(scale, Math.Abs(v));
        var u = new double[x.Length];
        for (int i = 0; i < u.Length; i++) u[i] = -gradient[i] / gradientNorm;
        double t1 = 1e-6 * scale, t2 = 1e-8 * scale;
        if (Slopes(objective, x, f, u, t1) is not { } wide || Slopes(objective, x, f, u, t2) is not { } narrow) return null;
        double gapWide = wide.Forward - wide.Backward, gapNarrow = narrow.Forward - narrow.Backward;
        // A kink: the slopes differ by a sizeable part of the gradient at both radii, and the gap does not shrink with t.
        // Each quotient carries up to 2·(rounding of f)/t of noise: the gap must stand well above it.
        double noise = 2 * Rounding(f) / t2;
        if (!(Math.Abs(gapNarrow) > 0.1 * gradientNorm && Math.Abs(gapNarrow) > 20 * noise && Math.Abs(gapNarrow) >= 0.5 * Math.Abs(gapWide))) return null;
        return $"f is not smooth on the scale of the last steps: along −∇f/‖∇f‖ its slope is {Progress.Text(narrow.Forward)} forward "
            + $"and {Progress.Text(narrow.Backward)} backward over t = {Progress.Text(t2)}, a gap no less than half of that at t = {Progress.Text(t1)} "
            + $"(a differentiable f gives −‖∇f‖ = {Progress.Text(-gradientNorm)} both ways, up to a gap proportional to t, 100 times smaller there): f has a kink, or "
            + $"bends as sharply, within {Progress.Text(t2)} of the point, where the gradient is a one-sided value or a convention, not a "
            + "derivative that predicts f; gradient and Newton steps stall at such points (`tangent check` at the point tells more)";
    }

    /// <summary>The one-sided difference quotients at step t, or null when f is not finite there or its changes are within rounding.</summary>
    private static (double Forward, double Backward)? Slopes(Objective objective, double[] x, double f, double[] u, double t)
    {
        double ahead = objective.Value(Progress.Along(x, t, u)), behind = objective.Value(Progress.Along(x, -t, u));
        if (!double.IsFinite(ahead) || !double.IsFinite(behind)) return null;
        // Changes of f within a thousand ulps of f are rounding, not slope.
        double rounding = 1e3 * Rounding(f);
        if (Math.Abs(ahead - f) <= rounding && Math.Abs(f - behind) <= rounding) return null;
        return ((ahead - f) / t, (f - behind) / t);
    }

    /// <summary>The rounding error of one evaluation of f near the value f: a few ulps, taken as 8·ε|f| (ε = 2⁻⁵³).</summary>
    private static double Rounding(double f) => 8 * Math.Max(Math.Abs(f), double.Epsilon) * 1.1102230246251565e-16;
}
