namespace Tangent.Optimisation.Methods;

/// <summary>
/// Trust-region Newton on Hessian-vector products only, the subproblem min gᵀs + ½sᵀHs, ‖s‖ ≤ Δ, solved by
/// Steihaug–Toint conjugate gradients: CG from s = 0 (whose first step is the Cauchy point) stops where the model's
/// curvature along its direction is not positive or the iterate would leave the region, going to the boundary along
/// that direction; or when the residual is small (relative min(½, √‖g‖)). ρ = actual/predicted decides the step and Δ.
/// </summary>
internal static class TrustRegionCg
{
    public static MinimizeResult Run(Progress p, string why)
    {
        const Method method = Method.TrustRegion;
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance, radius = Math.Max(1, 0.1 * Progress.Norm(p.X));
        int stuck = 0;
        while (true)
        {
            double gnorm = p.GradientNorm;
            var (s, predicted, boundary, exact) = Steihaug(p, radius, Math.Min(0.5, Math.Sqrt(gnorm)) * gnorm);
            if (gnorm == 0 || gnorm <= gtol && !boundary && exact && p.ValueSettled(predicted))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged: ‖∇f‖ = {Progress.Text(gnorm)} ≤ {Progress.Text(gtol)} and the model predicts at most {Progress.Text(predicted)} further decrease");
            if (!boundary && exact && p.Unresolvable(predicted))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged to rounding: the model predicts {Progress.Text(predicted)} further decrease, below the rounding error of f (‖∇f‖ = {Progress.Text(gnorm)})");
            if (p.Iteration >= limit)
                return p.Finish(method, why, MinimizeStatus.MaxIterations, $"stopped after {limit} iterations with ‖∇f‖ = {Progress.Text(gnorm)} (raise the limit: MinimizeOptions.MaxIterations, or --max-iter on the command line)");
            if (!(predicted > 0) || radius <= 1e-15 * Math.Max(1, Progress.Norm(p.X)) || stuck >= 30)
                return p.Finish(method, why, MinimizeStatus.Stalled, $"stalled: the trust region shrank to {Progress.Text(radius)} without a decrease of f (‖∇f‖ = {Progress.Text(gnorm)})");
            TrustRadius.Try(p, s, predicted, boundary, Progress.Norm(s), ref radius, ref stuck);
        }
    }

    /// <summary>The Steihaug–Toint step, its predicted decrease, whether it reached the boundary, and whether CG converged inside.</summary>
    private static (double[] Step, double Predicted, bool Boundary, bool Exact) Steihaug(Progress p, double radius, double tolerance)
    {
        int n = p.N;
        var s = new double[n];
        var r = (double[])p.G.Clone();           // r = g + Hs, the model's gradient at s
        double[] d = [.. r.Select(v => -v)];
        var hd = new double[n];
        double rr = Progress.Dot(r, r);
        for (int k = 0; k < 2 * n + 10; k++)
        {
            if (Math.Sqrt(rr) <= tolerance) return (s, Model(p, s, r), false, true);
            p.Objective.Hvp(p.X, d, hd);
            double curvature = Progress.Dot(d, hd);
            if (!(curvature > 0))
                return Boundary(p, s, d, radius);
            double alpha = rr / curvature;
            var next = Progress.Along(s, alpha, d);
            if (Progress.Norm(next) >= radius) return Boundary(p, s, d, radius);
            s = next;
            for (int i = 0; i < n; i++) r[i] += alpha * hd[i];
            double rrNext = Progress.Dot(r, r), beta = rrNext / rr;
            rr = rrNext;
            for (int i = 0; i < n; i++) d[i] = -r[i] + beta * d[i];
        }
        return (s, Model(p, s, r), false, false);
    }

    /// <summary>s + τd with τ ≥ 0 putting it on ‖s + τd‖ = Δ, and its predicted decrease (one more product for the model).</summary>
    private static (double[], double, bool, bool) Boundary(Progress p, double[] s, double[] d, double radius)
    {
        double dd = Progress.Dot(d, d), sd = Progress.Dot(s, d), ss = Progress.Dot(s, s);
        double tau = (-sd + Math.Sqrt(sd * sd + dd * (radius * radius - ss))) / dd;
        var step = Progress.Along(s, tau, d);
        var hs = new double[p.N];
        p.Objective.Hvp(p.X, step, hs);
        return (step, -(Progress.Dot(p.G, step) + 0.5 * Progress.Dot(step, hs)), true, false);
    }

    /// <summary>m(0) − m(s) = −(gᵀs + ½sᵀHs) = −½(gᵀs + rᵀs) with r = g + Hs.</summary>
    private static double Model(Progress p, double[] s, double[] r) => -0.5 * (Progress.Dot(p.G, s) + Progress.Dot(r, s));
}
