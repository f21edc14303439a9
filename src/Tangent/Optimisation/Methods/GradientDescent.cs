using Tangent.Krylov;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Gradient descent, x ← x + αd with d = −∇f (or d = −P⁻¹∇f, steepest descent in the norm of a metric P, solved by
/// conjugate gradients): with a fixed step α = η, never adapted, or with Armijo backtracking (halve α until
/// f(x + αd) ≤ f(x) + c₁α∇f·d, c₁ = 1e-4; the next search starts from 2α). A fixed η is checked against the stability
/// bound 2/λmax of the Hessian at the start; a run whose f explodes stops as diverged and names the bound.
/// </summary>
internal static class GradientDescent
{
    public static MinimizeResult Run(Progress p, string why)
    {
        const Method method = Method.GradientDescent;
        double? eta = p.Options.LearningRate;
        double? lambda = eta is null ? null : Stability.LargestCurvature(p);
        if (eta is { } e && lambda is { } l && l > 0) p.Note(Stability.Bound(e, l, 2));
        int limit = p.MaxIterations(10_000);
        double gtol = p.GradientTolerance, f0 = p.F, alpha = 1;
        while (true)
        {
            if (p.FirstOrderStop(method, why, limit, lambda) is { } done) return done;
            double gnorm = p.GradientNorm;
            var d = Direction(p);
            if (eta is { } step)
            {
                var s = Progress.Along(new double[p.N], step, d);
                var x = Progress.Along(p.X, 1, s);
                var g = new double[p.N];
                double f = p.Objective.ValueAndGradient(x, g);
                p.Step(s, x, f, g, Explain.Quadratic(p, s));
                if (Stability.Exploded(f, f0) || !Progress.Finite(g))
                    return p.Finish(method, why, MinimizeStatus.Diverged, Stability.Diverged(f, f0, p.Iteration, step, lambda, 2), lambda);
                continue;
            }
            var found = LineSearch.Armijo(p, d, Math.Min(2 * alpha, 1e10));
            if (found is null)
                return p.Finish(method, why, MinimizeStatus.Stalled, $"stalled: no step along −∇f decreases f (‖∇f‖ = {Progress.Text(gnorm)})");
            alpha = found.Value.Alpha;
            var sA = Progress.Along(new double[p.N], alpha, d);
            var gA = new double[p.N];
            p.Objective.Gradient(found.Value.X, gA);
            p.Step(sA, found.Value.X, found.Value.F, gA, Explain.Quadratic(p, sA), found.Value.Note);
        }
    }

    /// <summary>−∇f, or −P⁻¹∇f under the metric P.</summary>
    private static double[] Direction(Progress p)
    {
        if (p.Options.Metric is not { } metric) return [.. p.G.Select(v => -v)];
        var solved = ConjugateGradient.Solve(metric, p.G, 1e-12);
        if (solved.NegativeCurvature) throw new ArgumentException("The metric P is not positive definite (CG met a direction with dᵀPd ≤ 0): give a symmetric positive definite P.");
        return [.. solved.Solution.Select(v => -v)];
    }
}

/// <summary>The decrease the exact quadratic model predicts for a step, for methods that do not form the Hessian.</summary>
internal static class Explain
{
    /// <summary>−(∇f·s + ½sᵀ∇²f s) by one Hessian-vector product at the current point (counted), when asked for and offered.</summary>
    public static double? Quadratic(Progress p, double[] s)
    {
        if (!Wanted(p)) return null;
        var hs = new double[p.N];
        p.Objective.Hvp(p.X, s, hs);
        return -(Progress.Dot(p.G, s) + 0.5 * Progress.Dot(s, hs));
    }

    /// <summary>Whether <see cref="Quadratic"/> takes the product: asked for, traced, and second derivatives offered.</summary>
    public static bool Wanted(Progress p) => p.Options.ExplainsSteps(p.N) && p.Options.Trace && p.Objective.OffersHessian;
}
