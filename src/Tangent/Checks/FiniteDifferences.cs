namespace Tangent.Checks;

/// <summary>One entry ∂Fᵢ/∂xⱼ of a finite-difference check.</summary>
/// <param name="Row">i: the output component (0 for a scalar f).</param>
/// <param name="Column">j: the variable.</param>
/// <param name="Automatic">The entry by automatic differentiation.</param>
/// <param name="FiniteDifference">The entry by Richardson-extrapolated central differences.</param>
/// <param name="ErrorEstimate">A bound on |FiniteDifference − true value|: truncation (the change made by the last extrapolation) plus rounding.</param>
/// <param name="Tolerance">The tolerance used: 2·ErrorEstimate + 4ε·|Automatic|.</param>
/// <remarks>When F is not finite at a point sampled, or the differences overflow, the estimate is not finite and the entry
/// is not <see cref="Measured"/>: it neither passes nor fails.</remarks>
public sealed record FiniteDifferenceEntry(int Row, int Column, double Automatic, double FiniteDifference, double ErrorEstimate, double Tolerance)
{
    /// <summary>|Automatic − FiniteDifference|.</summary>
    public double Difference => Math.Abs(Automatic - FiniteDifference);

    /// <summary>True when the difference is within the tolerance.</summary>
    public bool Passed => Difference <= Tolerance;

    /// <summary>
    /// True when the central differences gave a finite estimate with a finite error bound, so that the comparison says
    /// something; false when F is not finite at a point sampled (outside its domain, an overflow) or the differences overflow.
    /// </summary>
    public bool Measured => double.IsFinite(FiniteDifference) && double.IsFinite(ErrorEstimate);

    /// <summary>True when the entry was measured and does not pass: the automatic entry disagrees with the differences.</summary>
    public bool Failed => Measured && !Passed;
}

/// <summary>The automatic gradient or Jacobian at x checked entry by entry against finite differences.</summary>
/// <param name="Point">x.</param>
/// <param name="Value">F(x).</param>
/// <param name="Entries">One entry per (output, variable), row by row.</param>
/// <param name="Kinks">Kinks hit at x: there a central difference straddles the kink and is expected to disagree.</param>
public sealed record FiniteDifferenceResult(double[] Point, double[] Value, IReadOnlyList<FiniteDifferenceEntry> Entries, IReadOnlyList<Kink> Kinks)
{
    /// <summary>True when every entry passed.</summary>
    public bool Passed => Entries.All(e => e.Passed);

    /// <summary>True when some measured entry disagrees with its central differences (an entry that could not be measured is no failure).</summary>
    public bool Failed => Entries.Any(e => e.Failed);

    /// <summary>Domain errors, overflow and non-finite derivatives met by the evaluation at x (they explain a NaN or ∞ in the result).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}

/// <summary>
/// Checks automatic derivatives against central differences with Richardson extrapolation.
/// D(h) = (F(x + h eⱼ) − F(x − h eⱼ))/2h = ∂ⱼF + c₂h² + c₄h⁴ + …; two Richardson steps over h, h/2, h/4
/// cancel the h² and h⁴ terms. The step is h = 2⁻¹⁰·max(1, |xⱼ|) (about ε^(1/5) relative, balancing
/// truncation against the rounding error ε|F|/h); the steps actually taken are (xⱼ ± h) − xⱼ in doubles.
/// </summary>
public static class FiniteDifferences
{
    private const double Eps = 2.220446049250313e-16;
    /// <summary>Rounding of one evaluation of F, in units of ε·|F|.</summary>
    private const double Kappa = 16;

    /// <summary>∇f(x) by reverse sweep, checked against finite differences.</summary>
    public static FiniteDifferenceResult CheckGradient(ScalarFunction f, ReadOnlySpan<double> x)
    {
        var r = Differentiate.Gradient(f, x);
        var j = new double[1, x.Length];
        for (int k = 0; k < x.Length; k++) j[0, k] = r.Gradient[k];
        return Check(p => [Differentiate.Value(f, p)], x.ToArray(), [r.Value], j, r.Kinks) with { Diagnostics = r.Diagnostics };
    }

    /// <summary>∇f(x) of a generic function, checked against finite differences (evaluated on plain doubles).</summary>
    public static FiniteDifferenceResult CheckGradient<TFunction>(TFunction f, ReadOnlySpan<double> x) where TFunction : IScalarFunction
    {
        var r = Differentiate.Gradient(f, x);
        var j = new double[1, x.Length];
        for (int k = 0; k < x.Length; k++) j[0, k] = r.Gradient[k];
        return Check(p => [Differentiate.Value(f, p)], x.ToArray(), [r.Value], j, r.Kinks) with { Diagnostics = r.Diagnostics };
    }

    /// <summary>The m×n Jacobian DF(x), checked against finite differences.</summary>
    public static FiniteDifferenceResult CheckJacobian(VectorFunction f, ReadOnlySpan<double> x)
    {
        var r = Differentiate.Jacobian(f, x);
        return Check(p => Evaluate(f, p), x.ToArray(), r.Value, r.Jacobian, r.Kinks) with { Diagnostics = r.Diagnostics };
    }

    /// <summary>
    /// ∂F/∂xⱼ at x by Richardson-extrapolated central differences, with a bound on its error per component.
    /// </summary>
    /// <param name="f">F on plain doubles.</param>
    /// <param name="x">The point.</param>
    /// <param name="j">The variable.</param>
    /// <remarks>The steps are <see cref="Steps"/>.</remarks>
    public static (double[] Derivative, double[] Error) Central(Func<double[], double[]> f, ReadOnlySpan<double> x, int j)
    {
        var p = x.ToArray();
        double h = Steps(p[j])[0];
        var d = new double[3][];
        var noise = new double[3][];
        for (int k = 0; k < 3; k++, h /= 2)
        {
            double xj = p[j];
            p[j] = xj + h;
            double hp = p[j] - xj;
            var fp = f(p);
            p[j] = xj - h;
            double hm = xj - p[j];
            var fm = f(p);
            p[j] = xj;
            d[k] = new double[fp.Length];
            noise[k] = new double[fp.Length];
            for (int i = 0; i < fp.Length; i++)
            {
                d[k][i] = (fp[i] - fm[i]) / (hp + hm);
                // Rounding of each value: ε relative, but never below the spacing of the subnormals (2⁻¹⁰⁷⁴), where
                // exp(−745) = 4.9e−324 carries no significant digit beyond the first.
                noise[k][i] = Kappa * (Eps * (Math.Abs(fp[i]) + Math.Abs(fm[i])) + 2 * double.Epsilon) / (hp + hm);
            }
        }
        int m = d[0].Length;
        var result = new double[m];
        var error = new double[m];
        for (int i = 0; i < m; i++)
        {
            // R₁ removes h², R₂ removes h⁴: R₂ = (64 D(h/4) − 20 D(h/2) + D(h))/45.
            double r1Fine = (4 * d[2][i] - d[1][i]) / 3;
            double r2 = (64 * d[2][i] - 20 * d[1][i] + d[0][i]) / 45;
            result[i] = r2;
            // |R₂ − R₁(h/2)| is the size of the h⁴ term R₂ removed, which bounds R₂'s own (h⁶) error while the
            // expansion holds; rounding enters through the weights 64/45, 20/45, 1/45 (plus ε|R₂| for the sum).
            double rounding = (64 * noise[2][i] + 20 * noise[1][i] + noise[0][i]) / 45 + 4 * Eps * Math.Abs(r2);
            error[i] = Math.Abs(r2 - r1Fine) + rounding;
        }
        return (result, error);
    }

    /// <summary>The steps h, h/2, h/4 of the central differences in a coordinate of value xⱼ: h = 2⁻¹⁰·max(1, |xⱼ|).</summary>
    public static double[] Steps(double xj)
    {
        double h = Math.ScaleB(Math.Max(1, Math.Abs(xj)), -10);
        return [h, h / 2, h / 4];
    }

    private static FiniteDifferenceResult Check(Func<double[], double[]> f, double[] x, double[] value, double[,] jacobian, IReadOnlyList<Kink> kinks)
    {
        int m = jacobian.GetLength(0), n = x.Length;
        var entries = new FiniteDifferenceEntry[m * n];
        for (int j = 0; j < n; j++)
        {
            var (d, e) = Central(f, x, j);
            for (int i = 0; i < m; i++)
            {
                double ad = jacobian[i, j];
                entries[i * n + j] = new FiniteDifferenceEntry(i, j, ad, d[i], e[i], 2 * e[i] + 4 * Eps * Math.Abs(ad));
            }
        }
        return new FiniteDifferenceResult(x, value, entries, kinks);
    }

    private static double[] Evaluate(VectorFunction f, double[] p)
    {
        var v = new Var[p.Length];
        for (int i = 0; i < v.Length; i++) v[i] = p[i];
        return [.. f(v).Select(y => y.Value)];
    }
}
