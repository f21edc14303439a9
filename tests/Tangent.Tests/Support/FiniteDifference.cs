namespace Tangent.Tests.Support;

/// <summary>
/// High-order central differences: the independent referee for every derivative the library computes.
/// The 6th-order stencils have truncation error O(h⁶) and rounding error O(ε/h) (O(ε/h²) for the
/// second derivative), so the default step h = 2·10⁻³·max(1, |x|) balances them near 10⁻¹² relative
/// for functions whose higher derivatives are moderate. Keep the stencil (x ± 3h) away from kinks.
/// </summary>
public static class FiniteDifference
{
    /// <summary>The step used when none is given: relative to |x|, never below 2·10⁻³.</summary>
    public static double Step(double x) => 2e-3 * Math.Max(1, Math.Abs(x));

    /// <summary>f′(x) ≈ [−f(x−3h) + 9f(x−2h) − 45f(x−h) + 45f(x+h) − 9f(x+2h) + f(x+3h)] / (60h).</summary>
    public static double Derivative(Func<double, double> f, double x, double h = 0)
    {
        if (h == 0) h = Step(x);
        return (-f(x - 3 * h) + 9 * f(x - 2 * h) - 45 * f(x - h) + 45 * f(x + h) - 9 * f(x + 2 * h) + f(x + 3 * h)) / (60 * h);
    }

    /// <summary>
    /// f″(x) ≈ [2f(x−3h) − 27f(x−2h) + 270f(x−h) − 490f(x) + 270f(x+h) − 27f(x+2h) + 2f(x+3h)] / (180h²).
    /// Its rounding error grows like ε/h², so the default step is twice that for f′.
    /// </summary>
    public static double SecondDerivative(Func<double, double> f, double x, double h = 0)
    {
        if (h == 0) h = 2 * Step(x);
        return (2 * f(x - 3 * h) - 27 * f(x - 2 * h) + 270 * f(x - h) - 490 * f(x)
                + 270 * f(x + h) - 27 * f(x + 2 * h) + 2 * f(x + 3 * h)) / (180 * h * h);
    }

    /// <summary>∂f/∂xⱼ for every j: the 1-D stencil along each coordinate axis.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 0)
    {
        var g = new double[x.Length];
        for (int j = 0; j < x.Length; j++) g[j] = Derivative(t => f(With(x, j, t)), x[j], h);
        return g;
    }

    /// <summary>The m×n Jacobian, column j = ∂F/∂xⱼ by the 1-D stencil.</summary>
    public static double[,] Jacobian(Func<double[], double[]> f, double[] x, double h = 0)
    {
        int m = f(x).Length;
        var jac = new double[m, x.Length];
        for (int j = 0; j < x.Length; j++)
            for (int i = 0; i < m; i++)
            {
                int row = i;
                jac[i, j] = Derivative(t => f(With(x, j, t))[row], x[j], h);
            }
        return jac;
    }

    /// <summary>d/dt f(x + t·v) at t = 0: the directional rate along v (any length).</summary>
    public static double Directional(Func<double[], double> f, double[] x, double[] v, double h = 1e-3)
        => Derivative(t => f(x.Zip(v, (xi, vi) => xi + t * vi).ToArray()), 0, h);

    private static double[] With(double[] x, int j, double t)
    {
        var y = (double[])x.Clone();
        y[j] = t;
        return y;
    }
}
