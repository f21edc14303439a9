using Tangent.Krylov;

namespace Tangent.Optimisation;

/// <summary>
/// The natural gradient: steepest descent in the metric of the model's Fisher information, d = −(F + λI)⁻¹∇L, for
/// L(θ) = ℓ(z(θ)) with z the model's outputs and ℓ a negative log-likelihood. F = Jᵀ F_z J is applied matrix-free as a
/// composed <see cref="LinearMap"/> (a JVP through the model, the output-space Fisher, a VJP back), plus the damping λI,
/// and the system is solved by conjugate gradients. The step does not depend on how θ is parametrised to first order,
/// which is why it crosses an ill-conditioned valley in a handful of steps where gradient descent zigzags for thousands.
/// λ adapts as in Levenberg–Marquardt: ρ = actual/predicted decrease (the predicted from the damped quadratic model)
/// above ¾ divides it by 3, below ¼ doubles it, and a step that does not decrease L is retried with λ ×10.
/// </summary>
/// <example>
/// <code>
/// // logistic regression: logits z = Xθ, labels y ∈ {0, 1}
/// var r = NaturalGradient.Minimize(t =&gt; Logits(t, X), Likelihood.Bernoulli(y), new double[8]);
/// </code>
/// </example>
public static class NaturalGradient
{
    /// <summary>Minimises ℓ(z(θ)) from <paramref name="start"/> by damped natural-gradient steps.</summary>
    /// <param name="model">θ ↦ z, the outputs the likelihood reads (logits), on the tape.</param>
    /// <param name="likelihood">ℓ and its output-space Fisher.</param>
    /// <param name="start">θ₀.</param>
    /// <param name="gradientTolerance">Converged when ‖∇L‖ ≤ this (default 1e-8).</param>
    /// <param name="maxIterations">The most iterations (default 200).</param>
    /// <param name="damping">The initial λ (default 1e-4).</param>
    /// <exception cref="ArgumentException">The model's outputs do not match the likelihood's, or L is not finite at the start.</exception>
    public static MinimizeResult Minimize(VectorFunction model, Likelihood likelihood, ReadOnlySpan<double> start,
        double gradientTolerance = 1e-8, int maxIterations = 200, double damping = 1e-4)
    {
        var objective = new LikelihoodObjective(model, likelihood, start.Length);
        var p = new Progress(objective, start, new MinimizeOptions { GradientTolerance = gradientTolerance, MaxIterations = maxIterations });
        const string why = "natural gradient: steepest descent in the Fisher metric, (F + λI)d = −∇L solved by CG on Fisher-vector products (JVP, output Fisher, VJP)";
        double lambda = damping;
        while (true)
        {
            double gnorm = p.GradientNorm;
            if (gnorm <= gradientTolerance)
                return p.Finish(Method.NaturalGradient, why, MinimizeStatus.Converged, $"converged: ‖∇L‖ = {Progress.Text(gnorm)} ≤ {Progress.Text(gradientTolerance)}");
            if (p.Iteration >= maxIterations)
                return p.Finish(Method.NaturalGradient, why, MinimizeStatus.MaxIterations, $"stopped after {maxIterations} iterations with ‖∇L‖ = {Progress.Text(gnorm)}");
            if (lambda > 1e20)
                return p.Finish(Method.NaturalGradient, why, MinimizeStatus.Stalled, $"stalled: the damping grew past 1e20 without a decrease of L (‖∇L‖ = {Progress.Text(gnorm)})");
            var fisher = objective.Fisher(p.X);
            var damped = fisher + lambda * LinearMap.Identity(p.N);
            var solved = ConjugateGradient.Solve(damped, [.. p.G.Select(v => -v)], 1e-10, 4 * p.N + 20);
            var d = solved.Solution;
            double predicted = -(Progress.Dot(p.G, d) + 0.5 * Progress.Dot(d, fisher.Apply(d)));
            var x = Progress.Along(p.X, 1, d);
            var g = new double[p.N];
            double f = objective.ValueAndGradient(x, g);
            double rho = (p.F - f) / predicted;
            string note = $"λ = {Progress.Text(lambda)}, {solved.Iterations} CG steps";
            if (!(f < p.F) || !Progress.Finite(g))
            {
                p.Reject(d, f, predicted, note);
                lambda *= 10;
                continue;
            }
            p.Step(d, x, f, g, predicted, note);
            lambda = rho > 0.75 ? lambda / 3 : rho < 0.25 ? lambda * 2 : lambda;
        }
    }
}

/// <summary>L(θ) = ℓ(z(θ)): the model recorded at θ, ∇L = Jᵀ∇ℓ by one VJP; <see cref="Fisher"/> is Jᵀ F_z J at θ.</summary>
internal sealed class LikelihoodObjective(VectorFunction model, Likelihood likelihood, int n) : Objective
{
    public override int Dimension => n;

    private Graph Record(ReadOnlySpan<double> x)
    {
        var g = Differentiate.Record(model, x);
        if (g.OutputDimension != likelihood.Outputs)
            throw new ArgumentException($"The model gives {g.OutputDimension} outputs, but the likelihood reads {likelihood.Outputs}: they must match.");
        Collect(g.Kinks, g.Diagnostics);
        return g;
    }

    protected override double ValueCore(ReadOnlySpan<double> x) => ValueAndGradientCore(x, new double[n]);

    protected override double ValueAndGradientCore(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var graph = Record(x);
        var dz = new double[likelihood.Outputs];
        double value = likelihood.ValueAndGradient(graph.Value, dz);
        graph.Vjp(dz).CopyTo(gradient);
        return value;
    }

    /// <summary>Jᵀ F_z J at x as a symmetric linear map (a JVP, the output-space Fisher, a VJP per application).</summary>
    public LinearMap Fisher(ReadOnlySpan<double> x)
    {
        var graph = Record(x);
        var j = graph.Linearize();
        return j.Transpose().Compose(new OutputFisher(likelihood, graph.Value)).Compose(j);
    }

    private sealed class OutputFisher(Likelihood likelihood, double[] z) : LinearMap
    {
        public override int Rows => z.Length;
        public override int Columns => z.Length;

        protected override double[] ApplyCore(ReadOnlySpan<double> v)
        {
            var fv = new double[z.Length];
            likelihood.FisherVector(z, v, fv);
            return fv;
        }

        protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => ApplyCore(w);
    }
}
