using System.Numerics.Tensors;

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
        /// <summary>
        /// Writes d = −H̃g and, unless <paramref name="trial"/> is empty, x + d into it (the line search's first trial
        /// point at α = 1, rounded as <see cref="LineSearch"/> forms x + αd); returns the slope dᵀg.
        /// </summary>
        double Direction(double[] g, double[] d, ReadOnlySpan<double> x, Span<double> trial);

        /// <summary>
        /// The step from (x, g) to (x₊, g₊): forms s = x₊ − x and y = g₊ − g, updates the approximation with them when
        /// sᵀy &gt; 1e-300 (the curvature the update needs), and returns the step's sums.
        /// </summary>
        Passes.StepSums Take(double[] xNew, double[] x, double[] gNew, double[] g);

        void Reset();
    }

    public static MinimizeResult Run(Progress p, Method method, string why, IInverse inverse)
    {
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance;
        bool first = true;
        var d = new double[p.N];
        var trial = new LineSearch.Trial(p.N);
        while (true)
        {
            if (p.FirstOrderStop(method, why, limit) is { } done) return done;
            double gnorm = p.GradientNorm;
            // The first step has no curvature information yet: a unit step along −∇f scaled to length ≤ 1.
            double alpha1 = first ? Math.Min(1, 1 / gnorm) : 1;
            // At α₁ = 1 the direction's last pass also writes the first trial point x + d (one pass over n saved).
            bool prepare = alpha1 == 1;
            double slope = inverse.Direction(p.G, d, p.X, prepare ? trial.X : default);
            trial.Prepared = prepare ? 1 : null;
            if (!(slope < 0))
            {
                trial.Prepared = null;
                inverse.Reset(); // the approximation lost positive definiteness to rounding: restart from steepest descent
                TensorPrimitives.Negate(p.G, d);
                slope = -gnorm * gnorm;
                first = true;
                alpha1 = Math.Min(1, 1 / gnorm);
            }
            var found = LineSearch.StrongWolfe(p, d, alpha1, trial, slope);
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
            var sums = inverse.Take(pt.X, p.X, pt.G!, p.G);
            // s = x₊ − x as a vector only where it is read: to explain the step (one HVP), or for a norm the sums cannot
            // give; d's storage is free until the next direction.
            bool explain = Explain.Wanted(p);
            if (explain || !Progress.Representable(Math.Sqrt(sums.SS))) System.Numerics.Tensors.TensorPrimitives.Subtract(pt.X, p.X, d);
            var (xOld, gOld) = (p.X, p.G);
            p.Step(d, pt.X, pt.F, pt.G!, explain ? Explain.Quadratic(p, d) : null, pt.Note, new Progress.Known(Math.Sqrt(sums.SS), -sums.GS, Math.Sqrt(sums.GG)));
            trial.Recycle(xOld, gOld); // the iterate left behind is the next trial's storage: no allocation per step
            first = false;
        }
    }
}
