using Tangent.Optimisation.Stochastic;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Momentum, Nesterov, Adam and AdamW on the full gradient: the stochastic optimisers' update rules
/// (<see cref="IStochasticOptimiser"/>) with a fixed rate, x ← x + u(∇f(x)). The step is never adapted; a run whose f
/// explodes stops as diverged (for momentum naming the bound η &lt; 2(1 + β)/λmax of the heavy ball on a quadratic, for
/// Nesterov η &lt; 2(1 + β)/((1 + 2β)λmax)).
/// </summary>
internal static class UpdateRuleDescent
{
    public static MinimizeResult Run(Progress p, Method method, string why)
    {
        var o = p.Options;
        double eta = o.LearningRate ?? 1e-3;
        IStochasticOptimiser rule = method switch
        {
            Method.Momentum => new Momentum(eta, o.Momentum),
            Method.Nesterov => new Momentum(eta, o.Momentum, nesterov: true),
            Method.Adam => new Adam(eta),
            _ => new AdamW(eta, o.WeightDecay),
        };
        // On a quadratic, along an eigenvector of λ with a = ηλ, heavy ball (b ← βb + g, u = −ηb) has the characteristic
        // polynomial z² − (1 + β − a)z + β, which has the root −1 at a = 2(1 + β); Nesterov (u = −η(g + βb) after the
        // same b update) has z² − (1 + β)(1 − a)z + β(1 − a), with the root −1 at a = 2(1 + β)/(1 + 2β): 1.357 for
        // β = 0.9, not 3.8, so the look-ahead form is stable for a step under half the heavy ball's.
        double? factor = method switch
        {
            Method.Momentum => 2 * (1 + o.Momentum),
            Method.Nesterov => 2 * (1 + o.Momentum) / (1 + 2 * o.Momentum),
            _ => null,
        };
        double? lambda = factor is null ? null : Stability.LargestCurvature(p);
        if (factor is { } k && lambda is { } l && l > 0) p.Note(Stability.Bound(eta, l, k));
        var state = rule.Init(p.N);
        int limit = p.MaxIterations(10_000);
        double gtol = p.GradientTolerance, f0 = p.F;
        while (true)
        {
            if (p.FirstOrderStop(method, why, limit, lambda) is { } done) return done;
            double gnorm = p.GradientNorm;
            var u = new double[p.N];
            rule.Update(p.G, state, p.X, u);
            var x = Progress.Along(p.X, 1, u);
            var g = new double[p.N];
            double f = p.Objective.ValueAndGradient(x, g);
            p.Step(u, x, f, g, Explain.Quadratic(p, u));
            if (Stability.Exploded(f, f0) || !Progress.Finite(g))
                return p.Finish(method, why, MinimizeStatus.Diverged, Stability.Diverged(f, f0, p.Iteration, eta, lambda, factor ?? 0), lambda);
        }
    }
}
