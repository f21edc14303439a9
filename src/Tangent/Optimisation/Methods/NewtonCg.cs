using Tangent.Krylov;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Line-search Newton–CG (truncated Newton): the Newton system ∇²f·d = −∇f solved by conjugate gradients on
/// Hessian-vector products only, to the relative residual min(½, √‖∇f‖) (superlinear near the minimum, cheap far from
/// it), stopping early at a direction of non-positive curvature (then the last CG iterate, or −∇f, is used); then
/// Armijo backtracking from α = 1. Never forms the Hessian.
/// </summary>
internal static class NewtonCg
{
    public static MinimizeResult Run(Progress p, string why)
    {
        const Method method = Method.NewtonCg;
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance;
        while (true)
        {
            double gnorm = p.GradientNorm;
            var hessian = p.Objective.HessianMap(p.X);
            var cg = ConjugateGradient.Solve(hessian, [.. p.G.Select(v => -v)], Math.Min(0.5, Math.Sqrt(gnorm)), 2 * p.N + 10);
            var d = cg.Solution;
            string? note = null;
            if (cg.Iterations == 0 || !(Progress.Dot(d, p.G) < 0))
            {
                d = [.. p.G.Select(v => -v)];
                note = "∇²f has non-positive curvature along the first CG direction: the step is along −∇f";
            }
            else if (cg.NegativeCurvature) note = $"CG met non-positive curvature after {cg.Iterations} products: the step is the last CG iterate";
            double left = -0.5 * Progress.Dot(p.G, d);
            if (gnorm == 0 || gnorm <= gtol && cg.Converged && p.ValueSettled(left))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged: ‖∇f‖ = {Progress.Text(gnorm)} ≤ {Progress.Text(gtol)} and the Newton step predicts at most {Progress.Text(left)} further decrease");
            if (cg.Converged && p.Unresolvable(left))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged to rounding: the Newton step predicts {Progress.Text(left)} further decrease, below the rounding error of f (‖∇f‖ = {Progress.Text(gnorm)})");
            if (p.Iteration >= limit)
                return p.Finish(method, why, MinimizeStatus.MaxIterations, $"stopped after {limit} iterations with ‖∇f‖ = {Progress.Text(gnorm)} (raise the limit: MinimizeOptions.MaxIterations, or --max-iter on the command line)");
            var found = LineSearch.Armijo(p, d, 1);
            if (found is null && cg.Converged && left <= 1e-9 * Math.Max(1, Math.Abs(p.F)))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged to rounding: no step along the Newton–CG direction decreases f, and the model predicts at most {Progress.Text(left)} further decrease, below 1e-9·max(1, |f|) (‖∇f‖ = {Progress.Text(gnorm)})");
            if (found is not { } pt)
                return p.Finish(method, why, MinimizeStatus.Stalled, $"stalled: no step along the Newton–CG direction decreases f (‖∇f‖ = {Progress.Text(gnorm)})");
            var s = Progress.Along(new double[p.N], pt.Alpha, d);
            var g = new double[p.N];
            p.Objective.Gradient(pt.X, g);
            p.Step(s, pt.X, pt.F, g, Explain.Quadratic(p, s), pt.Note is null ? note : note is null ? pt.Note : note + "; " + pt.Note);
        }
    }
}
