using MathNet.Numerics.LinearAlgebra;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// The trust-region subproblem solved exactly: minimise m(p) = gᵀp + ½pᵀHp over ‖p‖ ≤ Δ. With H = QΛQᵀ (MathNet's
/// symmetric eigen-decomposition) and c = Qᵀg, the solution is p(λ) = −Σ cᵢ/(λᵢ + λ)·qᵢ for the λ ≥ max(0, −λ₁) with
/// λ = 0 and ‖p‖ ≤ Δ (the Newton step, when H is positive definite and the step is inside), or ‖p(λ)‖ = Δ (Moré and
/// Sorensen 1983), found by safeguarded Newton on 1/‖p(λ)‖ − 1/Δ, which is nearly linear in λ. The hard case (g ⟂ the
/// eigenvectors of λ₁) adds τ·q₁ to reach the boundary.
/// </summary>
internal sealed class TrustSubproblem
{
    private readonly double[] lambda;
    private readonly double[,] q;
    private readonly double[] c;
    private readonly int n;
    private readonly double[]? scale;

    /// <summary>The model gᵀs + ½sᵀHs; with <paramref name="scale"/> D the region is ‖Ds‖ ≤ Δ (solved in y = Ds, where the model has D⁻¹g and D⁻¹HD⁻¹).</summary>
    public TrustSubproblem(double[,] h, ReadOnlySpan<double> g, double[]? scale = null)
    {
        n = g.Length;
        this.scale = scale;
        if (scale is not null)
        {
            h = (double[,])h.Clone();
            var gs = new double[n];
            for (int i = 0; i < n; i++)
            {
                gs[i] = g[i] / scale[i];
                for (int j = 0; j < n; j++) h[i, j] /= scale[i] * scale[j];
            }
            g = gs;
        }
        var evd = Matrix<double>.Build.DenseOfArray(h).Evd(Symmetricity.Symmetric);
        lambda = [.. evd.EigenValues.Select(z => z.Real)];
        q = evd.EigenVectors.ToArray();
        c = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = 0; k < n; k++) s += q[k, i] * g[k];
            c[i] = s;
        }
        Smallest = lambda.Min();
        Largest = lambda.Max();
    }

    /// <summary>λ₁, the smallest eigenvalue of H.</summary>
    public double Smallest { get; }

    /// <summary>The largest eigenvalue of H.</summary>
    public double Largest { get; }

    /// <summary>H is positive semidefinite to rounding.</summary>
    public bool Convex => Smallest >= -1e-12 * Math.Max(Math.Abs(Largest), double.Epsilon);

    /// <summary>‖Ds‖, the norm the region is measured in.</summary>
    public double Norm(double[] s)
    {
        if (scale is null) return Progress.Norm(s);
        var y = new double[n];
        for (int i = 0; i < n; i++) y[i] = scale[i] * s[i];
        return Progress.Norm(y);
    }

    /// <summary>The Newton step −H⁻¹g when H is positive definite, and its predicted decrease ½gᵀH⁻¹g; null otherwise.</summary>
    public (double[] Step, double Predicted)? Newton()
    {
        if (!(Smallest > 0)) return null;
        var y = new double[n];
        double pred = 0;
        for (int i = 0; i < n; i++)
        {
            y[i] = -c[i] / lambda[i];
            pred += 0.5 * c[i] * c[i] / lambda[i];
        }
        return (Rotate(y), pred);
    }

    /// <summary>
    /// What the model can still gain where it is bounded below: ½Σ cᵢ²/λᵢ over the eigenvalues above 1e-12·λmax (the
    /// Newton decrement with the pseudo-inverse, so a positive semidefinite, singular Hessian has one too); null when H has a
    /// negative eigenvalue.
    /// </summary>
    public double? Decrement()
    {
        if (!Convex) return null;
        double tiny = 1e-12 * Math.Max(Math.Abs(Largest), double.Epsilon), sum = 0;
        for (int i = 0; i < n; i++)
            if (lambda[i] > tiny) sum += 0.5 * c[i] * c[i] / lambda[i];
        return sum;
    }

    /// <summary>The length ‖D·s‖ of the Newton step, or where H is not positive definite, of the Cauchy step (the model's minimiser along −D⁻¹g), or null.</summary>
    public double? NaturalLength()
    {
        if (Newton() is { } newton) return Norm(newton.Step);
        double cc = 0, chc = 0;
        for (int i = 0; i < n; i++)
        {
            cc += c[i] * c[i];
            chc += lambda[i] * c[i] * c[i];
        }
        return chc > 0 ? Math.Pow(cc, 1.5) / chc : null;
    }

    /// <summary>The minimiser of the model in the ball of radius Δ, its predicted decrease m(0) − m(p) and whether it lies on the boundary.</summary>
    public (double[] Step, double Predicted, bool Boundary) Solve(double radius)
    {
        if (Smallest > 0)
        {
            var newton = Newton()!.Value;
            if (Norm(newton.Step) <= radius) return (newton.Step, newton.Predicted, false);
        }
        double lo = Math.Max(0, -Smallest), cnorm = Progress.Norm(c);
        double hi = lo + cnorm / radius + 1e-300;
        // Hard case: g has (almost) no component along q₁, and even at λ = −λ₁ the step is short of the boundary.
        double scale = Math.Max(Math.Abs(Largest), Math.Abs(Smallest));
        if (Smallest <= 0)
        {
            double along = 0;
            for (int i = 0; i < n; i++)
                if (lambda[i] - Smallest <= 1e-12 * scale) along += c[i] * c[i];
            if (Math.Sqrt(along) <= 1e-12 * Math.Max(cnorm, double.Epsilon))
            {
                var y = Coefficients(lo, skipSmallest: true, scale);
                double norm = Progress.Norm(y);
                if (norm <= radius)
                {
                    int i1 = Array.IndexOf(lambda, Smallest);
                    y[i1] += Math.Sqrt(Math.Max(0, radius * radius - norm * norm));
                    return (Rotate(y), Predicted(y), true);
                }
            }
        }
        double lam = hi;
        for (int iter = 0; iter < 200; iter++)
        {
            var y = Coefficients(lam, false, scale);
            double norm = Progress.Norm(y);
            if (Math.Abs(norm - radius) <= 1e-10 * radius || hi - lo <= 1e-15 * Math.Max(hi, 1e-300)) break;
            if (norm > radius) lo = lam; else hi = lam;
            // φ(λ) = 1/‖p‖ − 1/Δ, φ′(λ) = Σ cᵢ²/(λᵢ + λ)³ / ‖p‖³
            double d = 0;
            for (int i = 0; i < n; i++) d += c[i] * c[i] / Math.Pow(lambda[i] + lam, 3);
            double next = lam - (1 / norm - 1 / radius) * norm * norm * norm / d;
            lam = next > lo && next < hi && double.IsFinite(next) ? next : 0.5 * (lo + hi);
        }
        var final = Coefficients(lam, false, scale);
        return (Rotate(final), Predicted(final), true);
    }

    /// <summary>y = Qᵀp for the shift λ: yᵢ = −cᵢ/(λᵢ + λ); components of λ₁ left out in the hard case.</summary>
    private double[] Coefficients(double shift, bool skipSmallest, double scale)
    {
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double d = lambda[i] + shift;
            if (skipSmallest && lambda[i] - Smallest <= 1e-12 * scale) continue;
            y[i] = d == 0 ? 0 : -c[i] / d;
        }
        return y;
    }

    /// <summary>m(0) − m(p) = −(cᵀy + ½Σλᵢyᵢ²).</summary>
    private double Predicted(double[] y)
    {
        double m = 0;
        for (int i = 0; i < n; i++) m += c[i] * y[i] + 0.5 * lambda[i] * y[i] * y[i];
        return -m;
    }

    private double[] Rotate(double[] y)
    {
        var p = new double[n];
        for (int k = 0; k < n; k++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += q[k, i] * y[i];
            p[k] = scale is null ? s : s / scale[k];
        }
        return p;
    }
}
