using Tangent.Optimisation;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// The stability bound a fixed-step momentum run states is the one its update has on a quadratic: heavy ball
/// η &lt; 2(1 + β)/λmax, Nesterov's look-ahead form η &lt; 2(1 + β)/((1 + 2β)λmax). Nesterov used to state the heavy
/// ball's 3.8/λmax, and a run at η = 0.03 on 50x² + 0.5y² (bound 0.0136) diverged "although η &lt; 0.038 … the curvature
/// grew on the way" on a quadratic, whose curvature never changes.
/// </summary>
public class MomentumBoundTests
{
    /// <summary>|x| after many steps of the rule in plain doubles on f = ½λx², written out independently of the library.</summary>
    private static double Simulate(bool nesterov, double eta, double lambda, double beta = 0.9, int steps = 20_000)
    {
        double x = 1, b = 0;
        for (int t = 0; t < steps && double.IsFinite(x); t++)
        {
            double g = lambda * x;
            b = beta * b + g;
            x -= eta * (nesterov ? g + beta * b : b);
        }
        return Math.Abs(x);
    }

    [Theory]
    [InlineData(Method.Momentum, 3.8)]
    [InlineData(Method.Nesterov, 3.8 / 2.8)]
    public void TheStatedBoundSeparatesConvergenceFromDivergence(Method method, double factor)
    {
        const double lambda = 100; // f = 50x² + 0.5y²: λmax = 100
        bool nesterov = method == Method.Nesterov;
        // The plain recursion confirms the factor: 2% below it settles, 2% above it grows.
        Assert.True(Simulate(nesterov, 0.98 * factor / lambda, lambda) < 1e-6);
        Assert.False(Simulate(nesterov, 1.02 * factor / lambda, lambda) < 1);

        Var F(ReadOnlySpan<Var> x) => 50 * x[0] * x[0] + 0.5 * x[1] * x[1];
        MinimizeResult Run(double eta) => Minimizer.Minimize(F, [1.0, 1.0], new MinimizeOptions { Method = method, LearningRate = eta, MaxIterations = 20_000, GradientTolerance = 1e-6 });
        var above = Run(1.05 * factor / lambda);
        Assert.Equal(MinimizeStatus.Diverged, above.Status);
        Assert.Contains($"/λmax = {Math.Round(factor / lambda, 5).ToString(System.Globalization.CultureInfo.InvariantCulture)}", above.Reason);
        Assert.DoesNotContain("curvature grew", above.Reason);
        Assert.Equal(MinimizeStatus.Converged, Run(0.95 * factor / lambda).Status);
    }
}
