namespace Tangent.Krylov;

/// <summary>The outcome of <see cref="ConjugateGradient.Solve"/>.</summary>
/// <param name="Solution">The approximate solution x of A·x = b.</param>
/// <param name="Iterations">CG iterations, one product with A each.</param>
/// <param name="ResidualNorm">‖b − A·x‖₂ as CG's recursion carries it.</param>
/// <param name="Converged">Whether ‖b − A·x‖ ≤ tolerance·‖b‖ was reached.</param>
/// <param name="NegativeCurvature">
/// A direction d with dᵀA·d ≤ 0 was met: A is not positive definite, and CG stopped there (the solution is the last
/// iterate before it); <see cref="Direction"/> holds d.
/// </param>
/// <param name="Direction">The direction of non-positive curvature, when one was met.</param>
public sealed record ConjugateGradientResult(double[] Solution, int Iterations, double ResidualNorm, bool Converged, bool NegativeCurvature, double[]? Direction);

/// <summary>
/// Conjugate gradients for A·x = b with A symmetric positive definite, matrix-free: each iteration applies A once
/// (for a Hessian, one Hessian-vector product). In exact arithmetic it minimises ½xᵀAx − bᵀx over the growing Krylov
/// space span{b, Ab, A²b, …}, so it ends in at most n steps, and after k steps the A-norm error has shrunk by at least
/// 2((√κ − 1)/(√κ + 1))ᵏ, κ the condition number.
/// </summary>
public static class ConjugateGradient
{
    /// <summary>Solves A·x = b from x = 0 until ‖b − A·x‖ ≤ tolerance·‖b‖, or stops at a direction of non-positive curvature.</summary>
    /// <param name="a">A square symmetric map (only <see cref="LinearMap.Apply"/> is used).</param>
    /// <param name="b">The right-hand side.</param>
    /// <param name="tolerance">The relative residual to reach (default 1e-10).</param>
    /// <param name="maxIterations">The most iterations (default 2n + 10: rounding can need more than n).</param>
    /// <param name="preconditioner">M⁻¹ applied to a residual (symmetric positive definite), or null for none.</param>
    /// <exception cref="ArgumentException">A is not square, or b's length differs from A's; both shapes are named.</exception>
    public static ConjugateGradientResult Solve(LinearMap a, ReadOnlySpan<double> b, double tolerance = 1e-10, int? maxIterations = null, LinearMap? preconditioner = null)
    {
        if (a.Rows != a.Columns) throw new ArgumentException($"Conjugate gradients needs a square map, but this one is {a.Rows}×{a.Columns}.", nameof(a));
        Shape.Require(b.Length, a.Columns, "the right-hand side b", $"the columns of the {a.Rows}×{a.Columns} map");
        int n = b.Length, limit = maxIterations ?? 2 * n + 10;
        var x = new double[n];
        var r = b.ToArray();
        var z = preconditioner?.Apply(r) ?? (double[])r.Clone();
        var d = (double[])z.Clone();
        double rz = Dot(r, z), bnorm = Differentiate.Norm(b), rnorm = bnorm;
        if (bnorm == 0) return new(x, 0, 0, true, false, null);
        for (int k = 0; k < limit; k++)
        {
            var ad = a.Apply(d);
            double curvature = Dot(d, ad);
            if (!(curvature > 0)) return new(x, k, rnorm, false, true, d);
            double alpha = rz / curvature;
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * d[i];
                r[i] -= alpha * ad[i];
            }
            rnorm = Differentiate.Norm(r);
            if (rnorm <= tolerance * bnorm) return new(x, k + 1, rnorm, true, false, null);
            z = preconditioner?.Apply(r) ?? r;
            double rzNext = Dot(r, z), beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) d[i] = z[i] + beta * d[i];
        }
        return new(x, limit, rnorm, false, false, null);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
