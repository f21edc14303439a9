using Tangent.Checks;

namespace Tangent.Tests.Checks;

public class FiniteDifferencesTests
{
    /// <summary>A corpus of f: Rⁿ → R with their gradients written out by hand (not by the library).</summary>
    public static TheoryData<string> Corpus => [.. Functions.Keys];

    private static readonly Dictionary<string, (ScalarFunction F, Func<double[], double[]> Gradient, double[][] Points)> Functions = new()
    {
        ["sin(x)·exp(y)"] = (v => Var.Sin(v[0]) * Var.Exp(v[1]),
            p => [Math.Cos(p[0]) * Math.Exp(p[1]), Math.Sin(p[0]) * Math.Exp(p[1])], [[0.3, 0.4], [2, -1], [-5, 3]]),
        ["rosenbrock"] = (v => 100 * (v[1] - v[0] * v[0]) * (v[1] - v[0] * v[0]) + (1 - v[0]) * (1 - v[0]),
            p => [-400 * p[0] * (p[1] - p[0] * p[0]) - 2 * (1 - p[0]), 200 * (p[1] - p[0] * p[0])], [[-1.2, 1], [1, 1], [30, -400]]),
        ["log(x²+y²)"] = (v => Var.Log(v[0] * v[0] + v[1] * v[1]),
            p => [2 * p[0] / (p[0] * p[0] + p[1] * p[1]), 2 * p[1] / (p[0] * p[0] + p[1] * p[1])], [[1, 2], [0.01, 0.02], [1e4, 3]]),
        ["x^y"] = (v => Var.Pow(v[0], v[1]),
            p => [p[1] * Math.Pow(p[0], p[1] - 1), Math.Pow(p[0], p[1]) * Math.Log(p[0])], [[1.5, 2.5], [3, 0.5], [0.2, 4]]),
        ["atan2(y,x)·sqrt(x)"] = (v => Var.Atan2(v[1], v[0]) * Var.Sqrt(v[0]),
            p =>
            {
                double r2 = p[0] * p[0] + p[1] * p[1], a = Math.Atan2(p[1], p[0]);
                return [-p[1] / r2 * Math.Sqrt(p[0]) + a / (2 * Math.Sqrt(p[0])), p[0] / r2 * Math.Sqrt(p[0])];
            }, [[1, 1], [4, -3], [0.5, 20]]),
        ["1/(1+x²+y²+z²)"] = (v => 1 / (1 + v[0] * v[0] + v[1] * v[1] + v[2] * v[2]),
            p =>
            {
                double d = 1 + p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
                return [-2 * p[0] / (d * d), -2 * p[1] / (d * d), -2 * p[2] / (d * d)];
            }, [[0.1, 0.2, 0.3], [3, -2, 1], [100, 0, -50]]),
        ["tanh(xy)+cosh(x)"] = (v => Var.Tanh(v[0] * v[1]) + Var.Cosh(v[0]),
            p =>
            {
                double s = 1 / Math.Cosh(p[0] * p[1]);
                return [p[1] * s * s + Math.Sinh(p[0]), p[0] * s * s];
            }, [[0.5, 0.5], [2, -0.7], [-3, 0.1]]),
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void ErrorEstimateBoundsTheTrueError(string name)
    {
        var (f, gradient, points) = Functions[name];
        foreach (var x in points)
        {
            var exact = gradient(x);
            var r = FiniteDifferences.CheckGradient(f, x);
            foreach (var e in r.Entries)
            {
                // The hand-written gradient is itself rounded: allow it a few ulps.
                double trueError = Math.Abs(e.FiniteDifference - exact[e.Column]);
                Assert.True(trueError <= e.ErrorEstimate + 1e-15 * Math.Abs(exact[e.Column]),
                    $"{name} at ({string.Join(", ", x)}), ∂/∂x{e.Column + 1}: true error {trueError} > estimate {e.ErrorEstimate}");
                Assert.True(e.ErrorEstimate <= 1e-6 * Math.Max(1, Math.Abs(exact[e.Column])),
                    $"{name}: the estimate {e.ErrorEstimate} is too loose to be useful");
            }
            Assert.True(r.Passed, $"{name} at ({string.Join(", ", x)}): a correct gradient failed the check");
        }
    }

    [Fact]
    public void WrongDerivativeRuleFailsTheGradientCheck()
    {
        var r = FiniteDifferences.CheckGradient(x => Wrong.Sin(x[0]) + x[1] * x[1], [0.7, 1.3]);
        Assert.False(r.Entries[0].Passed);
        Assert.True(r.Entries[1].Passed);
        Assert.Equal(Math.Cos(0.7), r.Entries[0].FiniteDifference, 1e-10);
    }

    [Fact]
    public void JacobianCheckPassesOnPolarCoordinates()
    {
        VectorFunction polar = x => [x[0] * Var.Cos(x[1]), x[0] * Var.Sin(x[1]), x[0] * x[0]];
        var r = FiniteDifferences.CheckJacobian(polar, [2.0, 0.5]);
        Assert.Equal(6, r.Entries.Count);
        Assert.True(r.Passed);
        Assert.Equal(-2 * Math.Sin(0.5), r.Entries.Single(e => e.Row == 0 && e.Column == 1).FiniteDifference, 1e-10);
    }

    [Fact]
    public void ReluAtItsKinkDisagreesWithItsConventionAndReportsTheKink()
    {
        // relu'(0) = 0 by convention; the central difference straddles the kink: (h − 0)/2h = 1/2.
        var r = FiniteDifferences.CheckGradient(x => Var.Relu(x[0]), [0.0]);
        Assert.Single(r.Kinks);
        Assert.False(r.Passed);
        Assert.Equal(0.5, r.Entries[0].FiniteDifference, 1e-12);
    }
}
