using MathNet.Numerics.Differentiation;

namespace Tangent.Benchmarks;

/// <summary>
/// The finite-difference peer: MathNet.Numerics' NumericalDerivative, forward differences
/// (f(x + h eᵢ) − f(x)) / h with f(x) evaluated once: n + 1 evaluations of f per gradient.
/// </summary>
public static class FiniteDifferences
{
    public static void Run(string problem, long n, double fns, Func<double[], double> f, double[] x, double[] reference)
    {
        var fd = new NumericalDerivative(2, 0);
        int evaluations = 0;
        double Counted(double[] v) { evaluations++; return f(v); }
        var g = Gradient(fd, Counted, x);
        int perCall = evaluations;
        var t = Harness.Measure(() => Gradient(fd, f, x)[0]);
        Report.Add(new Row(problem, n, "MathNet.Numerics finite differences", fns, t.MedianNs, Harness.RelativeError(g, reference), t.BytesPerCall,
            $"{perCall} evaluations of f per gradient"));
    }

    static double[] Gradient(NumericalDerivative fd, Func<double[], double> f, double[] x)
    {
        var point = (double[])x.Clone();
        double fx = f(point);
        var g = new double[x.Length];
        for (int i = 0; i < g.Length; i++) g[i] = fd.EvaluatePartialDerivative(f, point, i, 1, fx);
        return g;
    }
}
