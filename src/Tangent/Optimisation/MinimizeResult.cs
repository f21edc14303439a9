namespace Tangent.Optimisation;

/// <summary>Why a minimisation stopped.</summary>
public enum MinimizeStatus
{
    /// <summary>The convergence test held: the gradient is small and (second-order methods) the model predicts no further decrease.</summary>
    Converged,
    /// <summary>The iteration limit was reached first.</summary>
    MaxIterations,
    /// <summary>f grew without bound or became non-finite (a step size beyond the stability bound, or an unbounded f).</summary>
    Diverged,
    /// <summary>No step could decrease f any more, but the convergence test does not hold.</summary>
    Stalled,
}

/// <summary>
/// One iteration, against the local models: at xₖ the value and ‖∇f‖, then the step s taken from it, the decrease
/// the linear model predicts (−∇f·s), the decrease the quadratic model predicts (−(∇f·s + ½sᵀ∇²f s), when known), and
/// the actual decrease f(xₖ) − f(xₖ + s). Actual over quadratic-predicted is the ratio a trust region acts on.
/// </summary>
/// <param name="Iteration">k, from 0.</param>
/// <param name="Value">f(xₖ).</param>
/// <param name="GradientNorm">‖∇f(xₖ)‖₂.</param>
/// <param name="Step">‖s‖₂ of the step tried (null on the last row, where none was).</param>
/// <param name="PredictedLinear">−∇f·s.</param>
/// <param name="PredictedQuadratic">−(∇f·s + ½sᵀ∇²f s), when the Hessian (or a product with it) was at hand.</param>
/// <param name="Actual">f(xₖ) − f(xₖ + s).</param>
/// <param name="Accepted">Whether the step was taken (a trust region rejects steps whose actual decrease falls short).</param>
/// <param name="Note">Something that happened, in words (a backtrack from NaN, a modified Hessian).</param>
public sealed record IterationRecord(int Iteration, double Value, double GradientNorm, double? Step = null,
    double? PredictedLinear = null, double? PredictedQuadratic = null, double? Actual = null, bool Accepted = true, string? Note = null);

/// <summary>The end of a minimisation, with how it got there.</summary>
public sealed record MinimizeResult
{
    /// <summary>The method used (after <see cref="Method.Auto"/>'s choice).</summary>
    public required Method Method { get; init; }

    /// <summary>Why this method (for <see cref="Method.Auto"/>) or what it is, in one sentence.</summary>
    public required string Why { get; init; }

    /// <summary>The starting point x₀.</summary>
    public required double[] Start { get; init; }

    /// <summary>The final point.</summary>
    public required double[] Point { get; init; }

    /// <summary>f at the final point.</summary>
    public required double Value { get; init; }

    /// <summary>∇f at the final point.</summary>
    public required double[] Gradient { get; init; }

    /// <summary>‖∇f‖₂ at the final point.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>Iterations (trial steps) made.</summary>
    public required int Iterations { get; init; }

    /// <summary>The evaluations of f, ∇f, ∇²f and HVPs used.</summary>
    public required Evaluations Evaluations { get; init; }

    /// <summary>Why it stopped.</summary>
    public required MinimizeStatus Status { get; init; }

    /// <summary>The stopping reason, one line.</summary>
    public required string Reason { get; init; }

    /// <summary>The per-iteration trace (empty when <see cref="MinimizeOptions.Trace"/> is off).</summary>
    public required IReadOnlyList<IterationRecord> Trace { get; init; }

    /// <summary>Warnings: kinks under a method that needs a Hessian, NaN met on the way, a Hessian modified.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The kinks hit on the way (the derivative there is a convention).</summary>
    public required IReadOnlyList<Kink> Kinks { get; init; }

    /// <summary>For a fixed step: λmax of ∇²f at the start (Lanczos on HVPs), whose 2/λmax bounds a stable η; null otherwise.</summary>
    public double? LargestCurvature { get; init; }

    /// <summary>Wall-clock seconds the run took (from the first evaluation to the result).</summary>
    public double Seconds { get; init; }

    /// <summary>Whether <see cref="Status"/> is <see cref="MinimizeStatus.Converged"/>.</summary>
    public bool Converged => Status == MinimizeStatus.Converged;
}
