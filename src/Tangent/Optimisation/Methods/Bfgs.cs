namespace Tangent.Optimisation.Methods;

/// <summary>
/// BFGS: the dense inverse-Hessian approximation H̃ updated by H̃₊ = (I − ρsyᵀ)H̃(I − ρysᵀ) + ρssᵀ, ρ = 1/yᵀs, the
/// rank-two change that makes H̃₊y = s (the secant equation) while staying symmetric positive definite. H̃₀ = I, scaled
/// by yᵀs/yᵀy before the first update (Nocedal and Wright, eq. 6.20). O(n²) memory and work per step.
/// </summary>
internal sealed class Bfgs(int n) : QuasiNewton.IInverse
{
    private double[,] h = Identity(n, 1);
    private bool scaled;

    private readonly double[] sBuffer = new double[n], yBuffer = new double[n];

    public double Direction(double[] g, double[] d, ReadOnlySpan<double> x, Span<double> trial)
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s -= h[i, j] * g[j];
            d[i] = s;
        }
        if (!trial.IsEmpty) Passes.Along(x, 1, d, trial);
        return Progress.Dot(d, g);
    }

    public Passes.StepSums Take(double[] xNew, double[] x, double[] gNew, double[] g)
    {
        var sums = Passes.Differences(xNew, x, gNew, g, sBuffer, yBuffer);
        if (sums.SY > 1e-300) Update(sBuffer, yBuffer, sums.SY, sums.YY);
        return sums;
    }

    private void Update(double[] s, double[] y, double sy, double yy)
    {
        if (!scaled)
        {
            h = Identity(n, sy / yy);
            scaled = true;
        }
        double rho = 1 / sy;
        var hy = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) hy[i] += h[i, j] * y[j];
        double yhy = Progress.Dot(y, hy);
        // H₊ = H − ρ(Hy sᵀ + s yᵀH) + (ρ²yᵀHy + ρ) s sᵀ, the product form expanded (H symmetric).
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
    }

    public void Reset()
    {
        h = Identity(n, 1);
        scaled = false;
    }

    private static double[,] Identity(int n, double scale)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++) m[i, i] = scale;
        return m;
    }
}
