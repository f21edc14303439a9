namespace Tangent.Optimisation.Methods;

/// <summary>
/// Trust-region Newton on the exact Hessian, each subproblem solved exactly (<see cref="TrustSubproblem"/>): the
/// step minimises the quadratic model gᵀs + ½sᵀHs within ‖Ds‖ ≤ Δ (D a diagonal scaling), and ρ = actual/predicted decrease decides
/// whether to take it and how Δ changes. It needs no positive definite Hessian (negative curvature is followed to the
/// boundary, so saddles are left), converges quadratically near a strict minimum, and is continued until the model
/// predicts no decrease worth having, so the value is as accurate as the gradient.
/// </summary>
internal static class TrustExact
{
    public static MinimizeResult Run(Progress p, string why)
    {
        const Method method = Method.TrustExact;
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance;
        var scale = new double[p.N];
        var sub = Model(p, scale);
        double radius = TrustRadius.Initial(sub.NaturalLength(), sub.Norm(p.X));
        int stuck = 0, polish = 0;
        while (true)
        {
            double gnorm = p.GradientNorm;
            // At ∇f = 0 with a negative eigenvalue (a saddle or a maximum) the subproblem's hard case steps along the
            // eigenvector of λ₁ to the boundary, so the run leaves the point instead of calling it converged.
            if (gnorm == 0 && sub.Convex)
                return p.Finish(method, why, MinimizeStatus.Converged, "converged: ∇f = 0 exactly" + Curvature(sub));
            var (s, predicted, boundary) = sub.Solve(radius);
            double left = sub.Decrement() ?? predicted;
            if (sub.Convex && gnorm <= gtol && p.ValueSettled(left))
                return p.Finish(method, why, MinimizeStatus.Converged,
                    $"converged: ‖∇f‖ = {Progress.Text(gnorm)} ≤ {Progress.Text(gtol)} and the quadratic model predicts at most {Progress.Text(left)} further decrease" + Curvature(sub));
            if (sub.Convex && p.Unresolvable(left) && gnorm > gtol && polish < 5 && sub.Newton() is { } newton)
            {
                // f can no longer tell the step's decrease from rounding, but ∇f can: take the Newton step while ‖∇f‖ falls.
                var xn = Progress.Along(p.X, 1, newton.Step);
                var gn = new double[p.N];
                double fn = p.Objective.ValueAndGradient(xn, gn);
                polish++;
                if (double.IsFinite(fn) && Progress.Finite(gn) && Progress.Norm(gn) < gnorm && fn <= p.F + 16 * 1.1102230246251565e-16 * Math.Abs(p.F) + p.Noise)
                {
                    p.Step(newton.Step, xn, fn, gn, newton.Predicted, "the decrease is below the rounding of f: the Newton step was taken because ‖∇f‖ fell");
                    sub = Model(p, scale);
                    continue;
                }
            }
            if (sub.Convex && p.Unresolvable(left))
                return p.Finish(method, why, MinimizeStatus.Converged,
                    $"converged to rounding: the quadratic model predicts {Progress.Text(left)} further decrease, below the rounding error of f = {Progress.Text(p.F)}{p.NoiseText} (‖∇f‖ = {Progress.Text(gnorm)})" + Curvature(sub));
            if (p.Iteration >= limit)
                return p.Finish(method, why, MinimizeStatus.MaxIterations, $"stopped after {limit} iterations with ‖∇f‖ = {Progress.Text(gnorm)} (raise the limit: MinimizeOptions.MaxIterations, or --max-iter on the command line)");
            if (!(predicted > 0) || radius <= 1e-15 * Math.Max(1, Progress.Norm(p.X)) || stuck >= 30)
                return p.Finish(method, why, MinimizeStatus.Stalled,
                    $"stalled: the trust region shrank to {Progress.Text(radius)} without a decrease of f (‖∇f‖ = {Progress.Text(gnorm)}, predicted decrease {Progress.Text(predicted)})");
            if (TrustRadius.Try(p, s, predicted, boundary, sub.Norm(s), ref radius, ref stuck)) sub = Model(p, scale);
        }
    }

    /// <summary>
    /// The model at the current point, its region ‖Ds‖ ≤ Δ scaled by Dᵢ = the largest √|Hᵢᵢ| seen so far (1 while that
    /// is 0), as MINPACK scales by column norms: variables of very different scales (Osborne 1, Meyer, Brown badly scaled)
    /// then get steps of comparable effect on f, and the scale never shrinks, so Δ keeps its meaning.
    /// </summary>
    private static TrustSubproblem Model(Progress p, double[] scale)
    {
        var h = p.Objective.Hessian(p.X).ToDense();
        for (int i = 0; i < p.N; i++)
        {
            scale[i] = Math.Max(scale[i], Math.Sqrt(Math.Abs(h[i, i])));
            if (!(scale[i] > 0) || !double.IsFinite(scale[i])) scale[i] = 1;
        }
        return new TrustSubproblem(h, p.G, (double[])scale.Clone());
    }

    /// <summary>
    /// The Hessian at the point where the run stopped. Only what holds there: ‖∇f‖ ≤ gtol is not ∇f = 0, and a
    /// positive definite ∇²f beside a small gradient can belong to a run closing in on a degenerate point (x² + y³ from
    /// y &gt; 0), so the sentence names no kind of stationary point (tangent minimize checks that from the Newton step).
    /// </summary>
    private static string Curvature(TrustSubproblem sub)
        => sub.Smallest > 0 ? "; ∇²f is positive definite here"
            : sub.Convex ? "; ∇²f is positive semidefinite and singular here: the second-order test is inconclusive"
            : "; ∇²f has a negative eigenvalue here";
}

/// <summary>The trust radius rules shared by the trust-region methods (Nocedal and Wright, Algorithm 4.1, with an interpolated shrink).</summary>
internal static class TrustRadius
{
    /// <summary>A step is taken when ρ = actual/predicted exceeds this.</summary>
    public const double Accept = 1e-4;

    /// <summary>Δ₀: the natural step's length where there is one (between 1e-3 and 1 times max(1, ‖x₀‖)), else 1.</summary>
    public static double Initial(double? newton, double xnorm)
    {
        double cap = Math.Max(1, xnorm);
        return newton is not { } length ? 1 : Math.Clamp(length, 1e-3 * cap, cap);
    }

    /// <summary>
    /// Evaluates f at x + s and takes the step when ρ = actual/predicted exceeds <see cref="Accept"/> (with ∇f there),
    /// else records it as rejected; a non-finite f or ∇f at the trial rejects it and shrinks Δ to ‖s‖/4. Updates Δ
    /// (<paramref name="length"/> is ‖s‖ in the region's norm) and the count of steps since the last one taken.
    /// </summary>
    public static bool Try(Progress p, double[] s, double predicted, bool boundary, double length, ref double radius, ref int stuck)
    {
        var trial = Progress.Along(p.X, 1, s);
        double ft = p.Objective.Value(trial), rho = (p.F - ft) / predicted;
        var g = new double[p.N];
        if (double.IsFinite(ft)) radius = Update(radius, rho, boundary, length, Progress.Dot(p.G, s), p.F, ft);
        if (double.IsFinite(ft) && rho > Accept && double.IsFinite(p.Objective.Gradient(trial, g)) && Progress.Finite(g))
        {
            p.Step(s, trial, ft, g, predicted);
            stuck = 0;
            return true;
        }
        bool broken = !double.IsFinite(ft) || rho > Accept;
        p.Reject(s, ft, predicted, broken ? $"f or ∇f is not finite at a trial point (f = {Progress.Text(ft)}): the step was rejected and the trust region shrank" : null);
        if (broken) radius = 0.25 * length;
        stuck++;
        return false;
    }

    /// <summary>
    /// The next Δ: a poor step (ρ &lt; ¼) shrinks it to γ‖s‖ with γ ∈ [0.1, 0.5] the minimiser of the quadratic through
    /// f(x), the slope gᵀs and f(x + s) along the step; a good step on the boundary (ρ &gt; ¾) doubles it.
    /// </summary>
    public static double Update(double radius, double rho, bool boundary, double norm, double slope, double f, double ft)
    {
        if (rho < 0.25)
        {
            double curve = ft - f - slope;
            double gamma = curve > 0 ? -slope / (2 * curve) : 0.5;
            return Math.Clamp(gamma, 0.1, 0.5) * norm;
        }
        return rho > 0.75 && boundary ? Math.Max(radius, 2 * norm) : radius;
    }
}
