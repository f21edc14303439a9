using MathNet.Numerics.LinearAlgebra;

namespace Tangent.Krylov;

/// <summary>Which end of the spectrum <see cref="Lanczos.Run"/> must converge at.</summary>
public enum SpectrumEnd
{
    /// <summary>The smallest and the largest eigenvalues.</summary>
    Both,
    /// <summary>The largest only (λmax, the stability bound of a step size).</summary>
    Largest,
    /// <summary>The smallest only (λmin: is it a minimum?).</summary>
    Smallest,
}

/// <summary>The outcome of <see cref="Lanczos.Run"/>.</summary>
/// <param name="Smallest">The smallest Ritz values found, ascending (up to the number asked for).</param>
/// <param name="Largest">The largest Ritz values found, descending.</param>
/// <param name="Steps">Lanczos steps taken: one product with A each.</param>
/// <param name="Converged">Whether every value asked for has a Ritz residual below the tolerance.</param>
public sealed record LanczosResult(double[] Smallest, double[] Largest, int Steps, bool Converged);

/// <summary>
/// The Lanczos method for the extreme eigenvalues of a symmetric linear map A (for a Hessian: Hessian-vector products
/// only). From a random unit q₁ it builds an orthonormal basis Q of the Krylov space span{q₁, Aq₁, …} in which A is
/// tridiagonal, T = QᵀAQ; the eigenvalues of the small T (Ritz values, from MathNet's symmetric eigen-decomposition)
/// converge to A's extreme eigenvalues first, so a few dozen products find λmax and λmin of a large Hessian.
/// The basis is fully re-orthogonalised (k ≤ a few hundred), which keeps ghost copies of converged values out.
/// A Ritz value θ with Ritz vector y has residual ‖Ay − θy‖ = |βₖ·(last entry of T's eigenvector)|, the stopping test.
/// </summary>
public static class Lanczos
{
    /// <summary>λmax(A), the largest eigenvalue of the symmetric map A.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static double LargestEigenvalue(LinearMap a, double tolerance = 1e-8, int maxSteps = 100, int seed = 1)
        => Run(a, 1, tolerance, maxSteps, seed, SpectrumEnd.Largest).Largest[0];

    /// <summary>λmin(A), the smallest eigenvalue of the symmetric map A.</summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    public static double SmallestEigenvalue(LinearMap a, double tolerance = 1e-8, int maxSteps = 100, int seed = 1)
        => Run(a, 1, tolerance, maxSteps, seed, SpectrumEnd.Smallest).Smallest[0];

    /// <summary>
    /// The <paramref name="count"/> smallest and largest eigenvalues of the symmetric map A, each to a Ritz residual of
    /// tolerance·max|θ|, in at most <paramref name="maxSteps"/> products (n when n is smaller: then they are exact to rounding).
    /// <paramref name="ends"/> says which must converge before it stops (the other end is reported as far as it got).
    /// </summary>
    /// <exception cref="ArgumentException">A is not square.</exception>
    /// <exception cref="ArgumentOutOfRangeException">count or maxSteps ≤ 0.</exception>
    public static LanczosResult Run(LinearMap a, int count = 1, double tolerance = 1e-8, int maxSteps = 100, int seed = 1, SpectrumEnd ends = SpectrumEnd.Both)
    {
        if (a.Rows != a.Columns) throw new ArgumentException($"Lanczos needs a square symmetric map, but this one is {a.Rows}×{a.Columns}.", nameof(a));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        int n = a.Columns, m = Math.Min(n, maxSteps);
        var rng = new Random(seed);
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var q = Normalise([.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5)]);
        double[] ritz = [];
        bool converged = false;
        for (int k = 0; k < m; k++)
        {
            basis.Add(q);
            var w = a.Apply(q);
            alpha.Add(Dot(q, w));
            // Full re-orthogonalisation, twice (Gram–Schmidt "twice is enough"), against every basis vector.
            for (int pass = 0; pass < 2; pass++)
                foreach (var v in basis)
                {
                    double c = Dot(v, w);
                    for (int i = 0; i < n; i++) w[i] -= c * v[i];
                }
            double b = Differentiate.Norm(w);
            var (values, residuals) = Ritz(alpha, beta, b);
            ritz = values;
            double scale = Math.Max(values.Max(Math.Abs), double.Epsilon);
            int want = Math.Min(count, values.Length);
            converged = Enumerable.Range(0, want).All(i => (ends == SpectrumEnd.Largest || residuals[i] <= tolerance * scale)
                && (ends == SpectrumEnd.Smallest || residuals[^(i + 1)] <= tolerance * scale));
            if (converged && values.Length >= Math.Min(n, 2 * count) || b <= 1e-14 * scale) { converged = true; break; }
            beta.Add(b);
            q = [.. w.Select(t => t / b)];
        }
        int take = Math.Min(count, ritz.Length);
        return new LanczosResult([.. ritz.Take(take)], [.. ritz.Reverse().Take(take)], basis.Count, converged);
    }

    /// <summary>The eigenvalues of T (ascending) and their Ritz residuals |b·sₖ|, sₖ the last entry of each eigenvector.</summary>
    private static (double[] Values, double[] Residuals) Ritz(List<double> alpha, List<double> beta, double b)
    {
        int k = alpha.Count;
        var t = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < k) t[i, i + 1] = t[i + 1, i] = beta[i];
        }
        var evd = t.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        var residuals = Enumerable.Range(0, k).Select(j => Math.Abs(b * evd.EigenVectors[k - 1, j])).ToArray();
        Array.Sort(values, residuals);
        return (values, residuals);
    }

    private static double[] Normalise(double[] v)
    {
        double s = Differentiate.Norm(v);
        for (int i = 0; i < v.Length; i++) v[i] /= s;
        return v;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);
}
