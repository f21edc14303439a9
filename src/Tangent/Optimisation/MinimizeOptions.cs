namespace Tangent.Optimisation;

/// <summary>The methods <see cref="Minimizer"/> offers.</summary>
public enum Method
{
    /// <summary>Chosen from n and what the objective offers (see <see cref="Minimizer.Choose"/>).</summary>
    Auto,
    /// <summary>Trust region on the exact Hessian, the subproblem solved exactly (Moré–Sorensen, by eigen-decomposition).</summary>
    TrustExact,
    /// <summary>Trust region on Hessian-vector products only, the subproblem by Steihaug–Toint conjugate gradients.</summary>
    TrustRegion,
    /// <summary>Newton with the exact Hessian, modified to be positive definite, and a line search.</summary>
    Newton,
    /// <summary>Line-search Newton–CG: the Newton system solved by conjugate gradients on Hessian-vector products.</summary>
    NewtonCg,
    /// <summary>BFGS with a strong-Wolfe line search.</summary>
    Bfgs,
    /// <summary>L-BFGS (memory m) with a strong-Wolfe line search.</summary>
    Lbfgs,
    /// <summary>Gradient descent: a fixed step η, or Armijo backtracking when no η is given; under a metric P when one is.</summary>
    GradientDescent,
    /// <summary>Heavy-ball momentum with a fixed step.</summary>
    Momentum,
    /// <summary>Nesterov's accelerated gradient with a fixed step.</summary>
    Nesterov,
    /// <summary>Adam on the full gradient.</summary>
    Adam,
    /// <summary>AdamW on the full gradient.</summary>
    AdamW,
    /// <summary>The natural gradient; it needs a likelihood, so it runs through <see cref="Optimisation.NaturalGradient.Minimize"/>.</summary>
    NaturalGradient,
}

/// <summary>Settings of one minimisation; every one has a default that suits the method.</summary>
public sealed record MinimizeOptions
{
    /// <summary>The method (default <see cref="Method.Auto"/>).</summary>
    public Method Method { get; init; } = Method.Auto;

    /// <summary>
    /// Converged when ‖∇f‖₂ ≤ this (default 1e-8). Second-order methods also ask that the quadratic model predict no
    /// decrease above 1e-12·max(1, |f|), so the value is accurate too, not just the gradient small.
    /// </summary>
    public double? GradientTolerance { get; init; }

    /// <summary>The most iterations (trial steps) allowed (default 1000; 10 000 for the first-order fixed-step methods).</summary>
    public int? MaxIterations { get; init; }

    /// <summary>A fixed step η for gradient descent, momentum, Nesterov and Adam (never adapted). Without one, gradient descent backtracks (Armijo) and the others use η = 1e-3.</summary>
    public double? LearningRate { get; init; }

    /// <summary>The momentum coefficient β for momentum and Nesterov (default 0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>The number m of pairs L-BFGS keeps (default 10).</summary>
    public int Memory { get; init; } = 10;

    /// <summary>The decoupled weight decay λ of AdamW (default 1e-4).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>
    /// A symmetric positive definite metric P for gradient descent: steepest descent in the norm ‖v‖_P = √(vᵀPv) is
    /// −P⁻¹∇f, solved matrix-free by conjugate gradients. Null: the Euclidean norm.
    /// </summary>
    public LinearMap? Metric { get; init; }

    /// <summary>
    /// Record in the trace the decrease predicted by the exact quadratic model, −(gᵀs + ½sᵀ∇²f s), for methods that do
    /// not form the Hessian themselves (BFGS, L-BFGS, Newton–CG, gradient descent, momentum, Nesterov, Adam, AdamW):
    /// one Hessian-vector product per iteration (counted), taken only when the trace is kept and the objective offers
    /// second derivatives. Null (the default) asks for it when n ≤ <see cref="ExplainStepsLimit"/> and not above: a
    /// product costs more than a gradient, so it adds about half again or more to an iteration of these methods at
    /// any n (docs/optimisation.md has the measurement), a price worth paying for a trace read step by step at small n
    /// and not for a large problem. True or false decides at any n; the <c>tangent minimize</c> command sets true.
    /// </summary>
    public bool? ExplainSteps { get; init; }

    /// <summary>The largest n at which <see cref="ExplainSteps"/> left null explains the steps (1000).</summary>
    public const int ExplainStepsLimit = 1000;

    /// <summary>Whether the steps of a problem in n variables are explained: <see cref="ExplainSteps"/>, or n ≤ <see cref="ExplainStepsLimit"/> when it is null.</summary>
    public bool ExplainsSteps(int n) => ExplainSteps ?? n <= ExplainStepsLimit;

    /// <summary>Keep the per-iteration trace (default true).</summary>
    public bool Trace { get; init; } = true;
}
