namespace Tangent.Optimisation.Methods;

/// <summary>
/// The loop BFGS and L-BFGS share: d = −H̃·∇f with H̃ the method's inverse-Hessian approximation, a strong-Wolfe
/// line search along d (which guarantees the curvature yᵀs &gt; 0 the update needs), then the update from
/// s = x₊ − x and y = ∇f₊ − ∇f. Converged when ‖∇f‖ ≤ gtol.
/// </summary>
internal static class QuasiNewton
{
    /// <summary>An inverse-Hessian approximation: the direction for a gradient, and the update from a step.</summary>
    public interface IInverse
    {
        double[] Direction(double[] g);
        void Update(double[] s, double[] y);
        void Reset();
    }

    public static MinimizeResult Run(Progress p, Method method, string why, IInverse inverse)
    {
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance;
        bool first = true;
        while (true)
        {
            if (p.FirstOrderStop(method, why, limit) is { } done) return done;
            double gnorm = p.GradientNorm;
            var d = inverse.Direction(p.G);
            if (!(Progress.Dot(d, p.G) < 0))
            {
                inverse.Reset(); // the approximation lost positive definiteness to rounding: restart from steepest descent
                d = [.. p.G.Select(v => -v)];
                first = true;
            }
            // The first step has no curvature information yet: a unit step along −∇f scaled to length ≤ 1.
            double alpha1 = first ? Math.Min(1, 1 / gnorm) : 1;
            var found = LineSearch.StrongWolfe(p, d, alpha1);
            if (found is not { } pt)
            {
                if (!first)
                {
                    inverse.Reset();
                    first = true;
                    p.Note("a line search failed along the quasi-Newton direction: the approximation was reset to steepest descent");
                    continue;
                }
                return p.Finish(method, why, MinimizeStatus.Stalled, $"stalled: the line search found no decrease along −∇f (‖∇f‖ = {Progress.Text(gnorm)}, f = {Progress.Text(p.F)}: rounding limits further progress)");
            }
            var s = new double[p.N];
            var y = new double[p.N];
            for (int i = 0; i < p.N; i++)
            {
                s[i] = pt.X[i] - p.X[i];
                y[i] = pt.G![i] - p.G[i];
            }
            p.Step(s, pt.X, pt.F, pt.G!, Explain.Quadratic(p, s), pt.Note);
            if (Progress.Dot(s, y) > 1e-300) inverse.Update(s, y);
            first = false;
        }
    }
}
