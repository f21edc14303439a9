using MathNet.Numerics.LinearAlgebra;
using Tangent.Cli.Shared;
using Tangent.Optimisation;

namespace Tangent.Cli.Commands;

/// <summary>
/// What the Hessian at the end of <c>tangent minimize</c> says about the point the run found, in a sentence that is
/// true of that point. The run stops where ‖∇f‖ ≤ gtol, not where ∇f = 0, so the eigenvalues there classify the
/// stationary point x* it approaches only if ∇²f keeps their signs between the point and x*.
/// </summary>
/// <remarks>
/// The test is Newton–Kantorovich's: with s = −H⁻¹g the Newton step, m = min |λᵢ(H)| and L a Lipschitz constant of
/// ∇²f, h = L‖s‖/m ≤ ½ puts a zero x* of ∇f within 2‖s‖ of the point, where ∇²f differs from H by at most
/// L·2‖s‖ = 2hm. L is estimated by the secant δ/(2‖s‖), δ = ‖∇²f(x + 2s) − H‖₂, along the one direction that matters,
/// and the verdict asks δ ≤ m/2 (h ≤ ¼): then every eigenvalue at x* is within m/2 of its value here (Weyl) and keeps
/// its sign. Where it fails the run is closing in on a point whose Hessian is singular or nearly so (x² + y³ from
/// y &gt; 0: positive definite at every iterate, yet (0, 0) is no minimum), and the sentence says the test cannot tell.
/// </remarks>
internal static class MinimizeVerdict
{
    /// <summary>The Hessian's eigenvalues at the final point, ascending (not counted among the run's evaluations); null when not finite.</summary>
    public static double[]? Eigenvalues(Problem p, MinimizeResult r)
    {
        if (!Optimisation.Progress.Finite(r.Point)) return null;
        var h = Hessian(p, r.Point);
        return h is null ? null : [.. h.Evd(Symmetricity.Symmetric).EigenValues.Select(z => z.Real).Order()];
    }

    /// <summary>What the eigenvalues <paramref name="lambda"/> (ascending) at the end say, as a clause after "eigenvalues (…) — ".</summary>
    public static string Sentence(Problem p, MinimizeResult r, double[] lambda)
    {
        if (r.Status != MinimizeStatus.Converged)
            return $"the run did not converge (‖∇f‖ = {Human.G(r.GradientNorm, 4)}), so this is the curvature at the last point, not a verdict on a stationary point";
        double scale = Math.Max(lambda.Max(Math.Abs), double.Epsilon), tiny = 1e-10 * scale;
        double smallest = lambda.Min(Math.Abs);
        if (smallest <= tiny)
            return lambda[0] < -tiny
                ? "one < 0 and some ≈ 0: not a minimum (f curves down along the negative eigenvalue's eigenvector); the second-order test cannot say more"
                : "none negative, some ≈ 0 (∇²f is singular to rounding): the second-order test is inconclusive — higher-order terms decide (x⁴ has a minimum at 0, x² − y⁴ a saddle)";
        string kind = lambda[0] > 0 ? "all positive: a strict local minimum"
            : lambda[^1] < 0 ? "all negative: a strict local maximum, not a minimum"
            : "positive and negative: a saddle, not a minimum";
        if (Change(p, r) is not { } change || change.Delta <= smallest / 2) return kind;
        string signs = lambda[0] > 0 ? "all positive" : lambda[^1] < 0 ? "all negative" : "positive and negative";
        return double.IsFinite(change.Delta)
            ? $"{signs} here, but between the point and x + 2s (s the Newton step, |s| = {Human.G(change.Step, 3)}) ∇²f changes by {Human.G(change.Delta, 3)}, more than half its smallest |λ| = {Human.G(smallest, 3)}: the stationary point the run approaches may have a singular Hessian, and the second-order test cannot classify it"
            : $"{signs} here, but ∇²f is not finite at x + 2s (s the Newton step, |s| = {Human.G(change.Step, 3)}), so whether the signs hold at the stationary point the run approaches is not known";
    }

    /// <summary>
    /// ‖s‖ for the Newton step s = −H⁻¹∇f at the point, and δ = ‖∇²f(x + 2s) − ∇²f(x)‖₂ (∞ where ∇²f(x + 2s) is not
    /// finite); δ = 0 where ∇f = 0. Null where H is not finite or singular.
    /// </summary>
    private static (double Step, double Delta)? Change(Problem p, MinimizeResult r)
    {
        var h = Hessian(p, r.Point);
        if (h is null) return null;
        var g = Vector<double>.Build.DenseOfArray([.. r.Gradient]);
        if (g.All(v => v == 0)) return (0, 0);
        var s = -h.Solve(g);
        if (!s.All(double.IsFinite)) return null;
        var far = new double[r.Point.Length];
        for (int i = 0; i < far.Length; i++) far[i] = r.Point[i] + 2 * s[i];
        var h2 = Hessian(p, far);
        double delta = h2 is null ? double.PositiveInfinity : (h2 - h).Evd(Symmetricity.Symmetric).EigenValues.Max(z => Math.Abs(z.Real));
        return (s.L2Norm(), delta);
    }

    private static Matrix<double>? Hessian(Problem p, double[] x)
    {
        var h = Differentiate.Hessian(p.Scalar, x).Hessian;
        foreach (var v in h)
            if (!double.IsFinite(v)) return null;
        return Matrix<double>.Build.DenseOfArray(h);
    }
}
