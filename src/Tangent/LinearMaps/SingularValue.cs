using MathNet.Numerics.LinearAlgebra;

namespace Tangent;

/// <summary>
/// The largest singular value σ₁ = max‖L·v‖/‖v‖ of a linear map with its singular vectors, found without
/// forming the matrix: only L·v and Lᵀ·w are applied, so it works on a composed product of layer
/// Jacobians as it does on a matrix.
/// </summary>
/// <param name="Value">σ₁ (an estimate from below: a Ritz value never exceeds σ₁).</param>
/// <param name="Right">The right singular vector v (unit, length n): the input direction stretched most.</param>
/// <param name="Left">The left singular vector u (unit, length m), with L·v ≈ σ₁·u.</param>
/// <param name="Steps">Lanczos steps taken: each costs one L·v and one Lᵀ·w.</param>
/// <param name="Residual">‖Lᵀ·u − σ₁·v‖, read off the bidiagonalisation; small compared with σ₁ when converged.</param>
/// <param name="Converged">True when the residual met the tolerance, or the Krylov space became invariant (then exact).</param>
public sealed record SingularValue(double Value, double[] Right, double[] Left, int Steps, double Residual, bool Converged)
{
    /// <summary>
    /// σ₁ of <paramref name="map"/> by Golub–Kahan–Lanczos bidiagonalisation with full
    /// reorthogonalisation: after k steps L·V_k = U_k·B_k with B_k upper bidiagonal (α on the diagonal,
    /// β above it), and the largest singular value of the small B_k (MathNet's SVD) converges to σ₁ much
    /// faster than power iteration on LᵀL when σ₂ is close to σ₁. Stops when ‖Lᵀu − σv‖ = β_k·|x_k| ≤
    /// tolerance·σ (x the left singular vector of B_k), after min(m, n) steps (then exact to rounding),
    /// or after <paramref name="maxSteps"/>.
    /// </summary>
    /// <param name="map">L: Rⁿ → Rᵐ.</param>
    /// <param name="tolerance">Relative residual at which to stop.</param>
    /// <param name="maxSteps">At most this many steps (0: min(m, n)).</param>
    /// <param name="seed">Seed of the random unit start vector.</param>
    /// <exception cref="ArgumentException">The map has no rows or no columns.</exception>
    public static SingularValue Largest(LinearMap map, double tolerance = 1e-10, int maxSteps = 0, int seed = 1)
    {
        int m = map.Rows, n = map.Columns;
        if (m == 0 || n == 0) throw new ArgumentException($"A {m}×{n} map has no singular values.", nameof(map));
        // Lᵀ has the same singular values with the vectors swapped; bidiagonalising the side with fewer
        // columns makes the n-th step exact (then β_n = 0, the right Krylov space is all of Rⁿ).
        if (m < n)
        {
            var t = Largest(map.Transpose(), tolerance, maxSteps, seed);
            return t with { Right = t.Left, Left = t.Right };
        }
        int limit = Math.Min(m, n);
        if (maxSteps > 0) limit = Math.Min(limit, maxSteps);

        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() - 0.5;
        Normalize(v);
        var vs = new List<double[]> { v };
        var us = new List<double[]>();
        var alphas = new List<double>();
        var betas = new List<double>();

        var u = map.Apply(v);
        Orthogonalize(u, us);
        alphas.Add(Normalize(u));
        us.Add(u);
        while (true)
        {
            int k = alphas.Count;
            var (sigma, x, y) = LargestOfBidiagonal(alphas, betas);
            // Lᵀ·U_k = V_k·B_kᵀ + β_k·v_{k+1}·e_kᵀ: the Ritz pair's residual is β_k·|x_k|; find β_k first.
            var r = map.ApplyTranspose(u);
            Axpy(-alphas[k - 1], vs[k - 1], r);
            Orthogonalize(r, vs);
            double beta = Norm(r);
            double residual = beta * Math.Abs(x[k - 1]);
            bool invariant = beta <= 1e-14 * Math.Max(sigma, double.Epsilon) || alphas[k - 1] == 0;
            if (residual <= tolerance * sigma || invariant || k >= limit)
                return new(sigma, Combine(vs, y, n), Combine(us, x, m), k, residual, residual <= tolerance * sigma || invariant || k == Math.Min(m, n));
            Scale(r, 1 / beta);
            betas.Add(beta);
            vs.Add(r);
            u = map.Apply(r);
            Axpy(-beta, us[k - 1], u);
            Orthogonalize(u, us);
            alphas.Add(Normalize(u));
            us.Add(u);
        }
    }

    /// <summary>σ₁ of the k×k upper bidiagonal B with its left (x) and right (y) singular vectors.</summary>
    private static (double Sigma, double[] X, double[] Y) LargestOfBidiagonal(List<double> alphas, List<double> betas)
    {
        int k = alphas.Count;
        var b = Matrix<double>.Build.Dense(k, k);
        for (int i = 0; i < k; i++)
        {
            b[i, i] = alphas[i];
            if (i + 1 < k) b[i, i + 1] = betas[i];
        }
        var svd = b.Svd(computeVectors: true);
        return (svd.S[0], svd.U.Column(0).ToArray(), svd.VT.Row(0).ToArray());
    }

    // Classical Gram–Schmidt applied twice ("twice is enough"): keeps the Lanczos vectors orthogonal to rounding.
    private static void Orthogonalize(double[] w, List<double[]> basis)
    {
        for (int pass = 0; pass < 2; pass++)
            foreach (var q in basis) Axpy(-Dot(q, w), q, w);
    }

    private static double[] Combine(List<double[]> basis, double[] coefficients, int length)
    {
        var result = new double[length];
        for (int i = 0; i < coefficients.Length; i++) Axpy(coefficients[i], basis[i], result);
        return result;
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);
    private static double Norm(double[] a) => System.Numerics.Tensors.TensorPrimitives.Norm<double>(a);
    private static void Scale(double[] a, double s) => System.Numerics.Tensors.TensorPrimitives.Multiply(a, s, a);
    private static void Axpy(double s, double[] x, double[] y) => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, s, y, y);

    private static double Normalize(double[] a)
    {
        double norm = Norm(a);
        if (norm > 0) Scale(a, 1 / norm);
        return norm;
    }
}
