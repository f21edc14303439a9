using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// The first-order section of <c>tangent report</c> where the evaluation hit a kink or a non-finite partial. There ∇f is the convention's value
/// and "∇f = 0, so x is a critical point" or "D_u f = ∇f·u" can be false (abs at 0: ∇f = 0, yet f rises at rate 1 both
/// ways); so this section prints what was measured, the one-sided directional derivatives, and claims nothing that
/// needs differentiability.
/// </summary>
internal static class ReportKinked
{
    public const string Note = "a kink or a non-finite partial was hit: ∇f was computed through a kink convention or non-finite numbers and is not known to be a derivative (at log(−1) f itself is undefined; relu(x)² at 0 is differentiable), so D_u f = ∇f·u and the steepest direction ∇f/|∇f| are not claimed; rate is the largest one-sided directional derivative measured (one_sided_rates)";

    /// <summary>The largest and the smallest settled rates measured (null when none settled).</summary>
    public static (OneSidedRate? Max, OneSidedRate? Min) Extremes(List<OneSidedRate> rates)
    {
        var settled = rates.Where(r => !double.IsNaN(r.Rate)).ToList();
        return settled.Count == 0 ? (null, null) : (settled.MaxBy(r => r.Rate), settled.MinBy(r => r.Rate));
    }

    public static void FirstOrder(TextWriter o, List<OneSidedRate> rates)
    {
        o.WriteLine("first order: the evaluation hit a kink or a non-finite partial (see below), so ∇f above was computed through a");
        o.WriteLine("  kink convention or non-finite numbers and is not known to be a derivative: D_u f = ∇f·u need not hold.");
        o.WriteLine("  Measured instead, the one-sided directional derivatives");
        o.WriteLine("  D⁺_u f = lim_{t→0⁺} (f(x + t·u) − f(x))/t (extrapolated difference quotients, about 6 digits):");
        var axes = rates.TakeWhile(r => r.Label.Length > 0 && (r.Label[0] == '+' || r.Label[0] == '−')).ToList();
        // In many variables the axes of the first 10 (the rest are in --json), so that the section stays a screen.
        foreach (var pair in axes.Take(2 * ReportSummary.MaxDense).Chunk(2))
            o.WriteLine("    " + string.Join("    ", pair.Select(r => $"along {r.Label}: {Rate(r)}")));
        if (axes.Count > 2 * ReportSummary.MaxDense)
            o.WriteLine($"    … the axes of {(axes.Count - 2 * ReportSummary.MaxDense) / 2} more variables measured, not printed (--json lists every rate)");
        var (max, min) = Extremes(rates);
        if (max is null || min is null)
        {
            o.WriteLine("  no one-sided quotient settled: the first-order behaviour could not be measured here.");
            return;
        }
        o.WriteLine($"  largest found: {Rate(max)} along {Label(max)}; smallest found: {Rate(min)} along {Label(min)} ({rates.Count} directions tried)");
        double tolerance = 1e-6 * Math.Max(Math.Abs(max.Rate), Math.Abs(min.Rate));
        if (min.Rate > tolerance)
            o.WriteLine("  f increases to first order along every direction tried: consistent with a strict local minimum (a nonsmooth one).");
        else if (max.Rate < -tolerance)
            o.WriteLine("  f decreases to first order along every direction tried: consistent with a strict local maximum (a nonsmooth one).");
        else if (max.Rate - min.Rate <= tolerance)
            o.WriteLine(max.Rate == 0 && min.Rate == 0
                ? "  every rate that settled is 0 to rounding: f is flat to first order along those directions."
                : "  every rate that settled is the same to 6 digits.");
        else
            o.WriteLine($"  steepest ascent among the directions tried: {Label(max)}, at rate {Rate(max)}.");
    }

    /// <summary>The direction's label, or for a vector of more than 12 entries its first 4 and the count (--json gives it in full).</summary>
    private static string Label(OneSidedRate r) => r.Direction.Length <= 12 || r.Label.StartsWith('+') || r.Label.StartsWith('−')
        ? r.Label
        : $"({string.Join(", ", r.Direction.Take(4).Select(c => Human.G(c, 4)))}, … {r.Direction.Length} entries)";

    private static string Rate(OneSidedRate r) => double.IsNaN(r.Rate) ? "did not settle"
        : r.Rate == 0 && r.Rounding > 0 ? $"0 (to rounding, ±{Human.G(r.Rounding, 2)})"
        : Human.Measured(r.Rate);
}
