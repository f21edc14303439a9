using Tangent.Optimisation.Methods;

namespace Tangent.Optimisation;

/// <summary>
/// Minimises f: Rⁿ → R from a starting point: "near the current parameters, replace the loss by a linear or
/// quadratic approximation, then choose a step". Every method records, per iteration, what the linear and quadratic
/// models predicted and what f actually did (<see cref="MinimizeResult.Trace"/>).
/// </summary>
/// <example>
/// <code>
/// var f = Objective.FromFunction(x =&gt; 100 * Var.Pow(x[1] - x[0] * x[0], 2) + Var.Pow(1 - x[0], 2), 2);
/// var r = Minimizer.Minimize(f, [-1.2, 1.0]);                       // auto: trust region on the exact Hessian
/// var b = Minimizer.Minimize(f, [-1.2, 1.0], new() { Method = Method.Lbfgs });
/// // r.Point ≈ [1, 1], r.Converged, r.Reason says why it stopped, r.Trace every step against the models
/// </code>
/// </example>
public static class Minimizer
{
    /// <summary>The largest n for which <see cref="Method.Auto"/> forms and decomposes the dense Hessian.</summary>
    public const int DenseLimit = 500;

    /// <summary>Minimises the objective from <paramref name="start"/> with the method and tolerances of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The start has the wrong length or is not finite; f or ∇f is not finite at the start (outside f's domain); a
    /// learning rate is not finite and positive; the method needs a Hessian the objective does not offer.
    /// </exception>
    public static MinimizeResult Minimize(Objective objective, ReadOnlySpan<double> start, MinimizeOptions? options = null)
    {
        options ??= new MinimizeOptions();
        if (options.LearningRate is { } eta && !(eta > 0 && double.IsFinite(eta)))
            throw new ArgumentException($"The learning rate η = {Progress.Text(eta)} must be finite and > 0.", nameof(options));
        if (options.GradientTolerance is { } gtol && !(gtol >= 0 && double.IsFinite(gtol)))
            throw new ArgumentException($"The gradient tolerance {Progress.Text(gtol)} must be finite and ≥ 0.", nameof(options));
        if (options.MaxIterations is { } k && k < 0)
            throw new ArgumentException($"The iteration limit {k} must be ≥ 0.", nameof(options));
        if (options.Memory <= 0) throw new ArgumentException($"The L-BFGS memory m = {options.Memory} must be ≥ 1.", nameof(options));
        if (options.Method == Method.NaturalGradient)
            throw new ArgumentException("The natural gradient needs the model's likelihood: call NaturalGradient.Minimize(model, likelihood, start).", nameof(options));
        var (method, why) = Choose(objective, options);
        if (NeedsHessian(method) && !objective.OffersHessian)
            throw new ArgumentException($"{method} needs the Hessian or Hessian-vector products, which this objective does not offer: choose BFGS, L-BFGS or gradient descent, or give f on the tape (Objective.FromFunction).", nameof(options));
        var p = new Progress(objective, start, options);
        return method switch
        {
            Method.TrustExact => TrustExact.Run(p, why),
            Method.TrustRegion => TrustRegionCg.Run(p, why),
            Method.Newton => Newton.Run(p, why),
            Method.NewtonCg => NewtonCg.Run(p, why),
            Method.Bfgs => QuasiNewton.Run(p, method, why, new Bfgs(p.N)),
            Method.Lbfgs => QuasiNewton.Run(p, method, why, new Lbfgs(p.N, options.Memory)),
            Method.GradientDescent => GradientDescent.Run(p, why),
            _ => UpdateRuleDescent.Run(p, method, why),
        };
    }

    /// <summary>Minimises f given on the tape (see <see cref="Objective.FromFunction(ScalarFunction, int)"/>).</summary>
    /// <exception cref="ArgumentException">As for <see cref="Minimize(Objective, ReadOnlySpan{double}, MinimizeOptions?)"/>.</exception>
    public static MinimizeResult Minimize(ScalarFunction f, ReadOnlySpan<double> start, MinimizeOptions? options = null)
        => Minimize(Objective.FromFunction(f, start.Length), start, options);

    /// <summary>
    /// The method used and why. <see cref="Method.Auto"/> takes the trust region on the exact Hessian when the objective
    /// offers it and n ≤ <see cref="DenseLimit"/>; Steihaug–Toint CG on Hessian-vector products for larger n; L-BFGS when
    /// only gradients are offered.
    /// </summary>
    public static (Method Method, string Why) Choose(Objective objective, MinimizeOptions options)
    {
        int n = objective.Dimension;
        return options.Method switch
        {
            Method.Auto when objective.OffersHessian && n <= DenseLimit => (Method.TrustExact,
                $"auto: n = {n} ≤ {DenseLimit} and the exact Hessian is at hand, so a trust region on it with each subproblem solved exactly: quadratic convergence near a minimum, safe on indefinite Hessians (saddles, curved valleys), and continued until the value is accurate, not just the gradient small"),
            Method.Auto when objective.OffersHessian => (Method.TrustRegion,
                $"auto: n = {n} > {DenseLimit}, so a trust region on Hessian-vector products (a few gradients' cost each) with Steihaug–Toint CG, never forming the Hessian"),
            Method.Auto => (Method.Lbfgs, $"auto: only gradients are offered, so L-BFGS (m = {options.Memory}) with a strong-Wolfe line search"),
            var m => (m, Describe(m, options)),
        };
    }

    private static bool NeedsHessian(Method m) => m is Method.TrustExact or Method.TrustRegion or Method.Newton or Method.NewtonCg;

    private static string Describe(Method m, MinimizeOptions o) => m switch
    {
        Method.TrustExact => "trust region on the exact Hessian, subproblems solved exactly (Moré–Sorensen)",
        Method.TrustRegion => "trust region on Hessian-vector products, subproblems by Steihaug–Toint CG",
        Method.Newton => "Newton with the exact Hessian (eigenvalues made positive where it is not positive definite) and backtracking",
        Method.NewtonCg => "Newton–CG: the Newton system solved by CG on Hessian-vector products, then backtracking",
        Method.Bfgs => "BFGS with a strong-Wolfe line search (c₁ = 1e-4, c₂ = 0.9)",
        Method.Lbfgs => $"L-BFGS (m = {o.Memory}) with a strong-Wolfe line search (c₁ = 1e-4, c₂ = 0.9)",
        Method.GradientDescent => (o.LearningRate is { } eta ? $"gradient descent with the fixed step η = {Progress.Text(eta)}" : "gradient descent with Armijo backtracking")
            + (o.Metric is null ? "" : ", steepest descent under the metric P (direction −P⁻¹∇f by CG)"),
        Method.Momentum => $"heavy-ball momentum (β = {Progress.Text(o.Momentum)}) with the fixed step η = {Progress.Text(o.LearningRate ?? 1e-3)}",
        Method.Nesterov => $"Nesterov momentum (β = {Progress.Text(o.Momentum)}) with the fixed step η = {Progress.Text(o.LearningRate ?? 1e-3)}",
        Method.Adam => $"Adam with the fixed step η = {Progress.Text(o.LearningRate ?? 1e-3)}",
        _ => $"AdamW (λ = {Progress.Text(o.WeightDecay)}) with the fixed step η = {Progress.Text(o.LearningRate ?? 1e-3)}",
    };
}
