using Tangent.Krylov;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Why a fixed learning rate explodes: on a quadratic with Hessian H, gradient descent multiplies the error along the
/// eigenvector of λ by (1 − ηλ), which grows in size exactly when η &gt; 2/λ, so η &lt; 2/λmax is the stability bound
/// (2(1 + β)/λmax for heavy-ball momentum β, 2(1 + β)/((1 + 2β)λmax) for Nesterov's). λmax at the start comes from Lanczos on Hessian-vector products.
/// </summary>
internal static class Stability
{
    /// <summary>λmax of ∇²f at the current point by Lanczos (HVPs counted), or null when the objective offers no Hessian.</summary>
    public static double? LargestCurvature(Progress p)
    {
        if (!p.Objective.OffersHessian) return null;
        var r = Lanczos.Run(p.Objective.HessianMap(p.X), 1, 1e-6, Math.Min(p.N, 60), 1, SpectrumEnd.Largest);
        return r.Largest[0];
    }

    /// <summary>f has grown a millionfold from the start (or is no longer finite).</summary>
    public static bool Exploded(double f, double f0) => !double.IsFinite(f) || (f > f0 && Math.Abs(f - f0) > 1e6 * Math.Max(Math.Abs(f0), 1e-300));

    /// <summary>The reason a fixed-step run diverged, naming the bound ηλmax/bound-factor against η.</summary>
    public static string Diverged(double f, double f0, int steps, double eta, double? lambda, double factor)
    {
        string growth = double.IsFinite(f) ? $"f grew {Progress.Text(Round(f / Math.Max(Math.Abs(f0), 1e-300)))}-fold in {steps} steps" : $"f became {Progress.Text(f)} after {steps} steps";
        if (lambda is not { } l || !(l > 0)) return $"diverged: {growth} with η = {Progress.Text(eta)}";
        double bound = factor / l;
        string name = factor == 2 ? "2/λmax" : $"{Progress.Text(factor)}/λmax";
        return eta > bound
            ? $"diverged: {growth}: η = {Progress.Text(eta)} > {name} = {Progress.Text(Round(bound))} at the start (λmax = {Progress.Text(Round(l))})"
            : $"diverged: {growth}, although η = {Progress.Text(eta)} < {name} = {Progress.Text(Round(bound))} at the start: the curvature grew on the way";
    }

    /// <summary>A bound that holds for the step size at the start, for the human output.</summary>
    public static string Bound(double eta, double lambda, double factor)
        => $"λmax of ∇²f at the start = {Progress.Text(Round(lambda))} (Lanczos on Hessian-vector products): a fixed step is stable for η < {(factor == 2 ? "2" : Progress.Text(factor))}/λmax = {Progress.Text(Round(factor / lambda))}; η = {Progress.Text(eta)} is {(eta < factor / lambda ? "below" : "above")} it";

    /// <summary>Four significant digits, for messages.</summary>
    public static double Round(double v) => v == 0 || !double.IsFinite(v) ? v : Math.Round(v, Math.Clamp(3 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 15));
}
