using MathNet.Numerics.LinearAlgebra;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Newton's method with the exact Hessian and a line search. The step solves Bd = −∇f with B = H where H is
/// positive definite; otherwise B = Q|Λ|Qᵀ with eigenvalues floored at δ = 1e-8·max|λ| (Nocedal and Wright §3.4),
/// the nearest positive definite matrix in the eigenvector basis, so d is always a descent direction and negative
/// curvature is turned into ascent-free progress. Backtracking from the full step α = 1 (Armijo), which is taken
/// near a minimum, where convergence is quadratic.
/// </summary>
internal static class Newton
{
    public static MinimizeResult Run(Progress p, string why)
    {
        const Method method = Method.Newton;
        int limit = p.MaxIterations(1000);
        double gtol = p.GradientTolerance;
        while (true)
        {
            var h = Matrix<double>.Build.DenseOfArray(p.Objective.Hessian(p.X).ToDense());
            var evd = h.Evd(Symmetricity.Symmetric);
            var lambda = evd.EigenValues.Select(z => z.Real).ToArray();
            double top = lambda.Max(Math.Abs), floor = 1e-8 * Math.Max(top, 1e-300), smallest = lambda.Min();
            bool modified = !(smallest > floor);
            var q = evd.EigenVectors;
            var c = q.TransposeThisAndMultiply(Vector<double>.Build.DenseOfArray(p.G));
            var y = Vector<double>.Build.Dense(p.N, i => -c[i] / Math.Max(Math.Abs(lambda[i]), floor));
            var d = (q * y).ToArray();
            double left = 0;
            for (int i = 0; i < p.N; i++) left += 0.5 * c[i] * c[i] / Math.Max(Math.Abs(lambda[i]), floor);
            double gnorm = p.GradientNorm;
            bool convex = smallest >= -1e-12 * Math.Max(top, double.Epsilon);
            if (gnorm == 0 || convex && gnorm <= gtol && p.ValueSettled(left))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged: ‖∇f‖ = {Progress.Text(gnorm)} ≤ {Progress.Text(gtol)} and the Newton decrement predicts at most {Progress.Text(left)} further decrease");
            if (convex && p.Unresolvable(left))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged to rounding: the Newton step predicts {Progress.Text(left)} further decrease, below the rounding error of f (‖∇f‖ = {Progress.Text(gnorm)})");
            if (p.Iteration >= limit)
                return p.Finish(method, why, MinimizeStatus.MaxIterations, $"stopped after {limit} iterations with ‖∇f‖ = {Progress.Text(gnorm)} (raise the limit: MinimizeOptions.MaxIterations, or --max-iter on the command line)");
            var found = LineSearch.Armijo(p, d, 1);
            if (found is null && convex && left <= 1e-9 * Math.Max(1, Math.Abs(p.F)))
                return p.Finish(method, why, MinimizeStatus.Converged, $"converged to rounding: no step along the Newton direction decreases f, and the model predicts at most {Progress.Text(left)} further decrease, below 1e-9·max(1, |f|) (‖∇f‖ = {Progress.Text(gnorm)})");
            if (found is not { } pt)
                return p.Finish(method, why, MinimizeStatus.Stalled, $"stalled: no step along the Newton direction decreases f (‖∇f‖ = {Progress.Text(gnorm)})");
            var s = Progress.Along(new double[p.N], pt.Alpha, d);
            var hs = (h * Vector<double>.Build.DenseOfArray(s)).ToArray();
            double quadratic = -(Progress.Dot(p.G, s) + 0.5 * Progress.Dot(s, hs));
            var g = new double[p.N];
            p.Objective.Gradient(pt.X, g);
            string? note = modified ? $"∇²f is not positive definite here (smallest eigenvalue {Progress.Text(smallest)}): the step used |λ| floored at {Progress.Text(floor)}" : null;
            p.Step(s, pt.X, pt.F, g, quadratic, pt.Note is null ? note : note is null ? pt.Note : note + "; " + pt.Note);
        }
    }
}
