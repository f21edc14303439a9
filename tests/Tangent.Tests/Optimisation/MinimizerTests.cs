using CsCheck;
using Tangent.Optimisation;
using Tangent.Tests.Support;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// Every method on problems with known minima; the Rosenbrock iteration targets; steepest descent under a metric;
/// NaN met on the way; and the contract's errors.
/// </summary>
public class MinimizerTests
{
    private static Var Rosenbrock(ReadOnlySpan<Var> x) => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);

    /// <summary>f(x) = ½ Σ dᵢ(xᵢ − i)² + (x₀ − x₁)²/4: a coupled convex quadratic whose minimiser solves a 5×5 system.</summary>
    private static Var Quadratic(ReadOnlySpan<Var> x)
    {
        Var s = 0.25 * (x[0] - x[1]) * (x[0] - x[1]);
        double[] d = [1, 3, 0.5, 2, 8];
        for (int i = 0; i < 5; i++) s += 0.5 * d[i] * (x[i] - i) * (x[i] - i);
        return s;
    }

    // The minimiser of Quadratic: x₂..x₄ = 2, 3, 4; x₀, x₁ from [[1.5, −0.5], [−0.5, 3.5]]·(x₀, x₁) = (0, 3).
    private static readonly double[] QuadraticMinimum = [1.5 / 5, 4.5 / 5, 2, 3, 4];

    public static TheoryData<Method> Methods() => new()
    {
        Method.Auto, Method.TrustExact, Method.TrustRegion, Method.Newton, Method.NewtonCg, Method.Bfgs, Method.Lbfgs,
        Method.GradientDescent, Method.Momentum, Method.Nesterov, Method.Adam,
    };

    [Theory, MemberData(nameof(Methods))]
    public void EveryMethodFindsTheMinimiserOfACoupledQuadratic(Method method)
    {
        var options = new MinimizeOptions
        {
            Method = method,
            LearningRate = method switch { Method.Momentum or Method.Nesterov => 0.05, Method.Adam => 0.05, _ => null },
            GradientTolerance = method == Method.Adam ? 1e-4 : null,
            MaxIterations = 20000,
        };
        var r = Minimizer.Minimize(Quadratic, [0.0, 0, 0, 0, 0], options);
        Assert.True(r.Converged, $"{method}: {r.Reason}");
        Approx.Equal(QuadraticMinimum, r.Point, 0, method == Method.Adam ? 1e-3 : 1e-7, method.ToString());
        Assert.Equal(r.Iterations + 1, r.Trace.Count);
    }

    [Theory]
    [InlineData(Method.Newton, 25)]
    [InlineData(Method.TrustExact, 40)]
    [InlineData(Method.Bfgs, 40)]
    [InlineData(Method.Lbfgs, 40)]
    public void RosenbrockFromTheStandardStartWithinTheIterationTarget(Method method, int most)
    {
        var r = Minimizer.Minimize(Rosenbrock, [-1.2, 1.0], new MinimizeOptions { Method = method });
        Assert.True(r.Converged, r.Reason);
        Assert.True(r.Gradient.Max(Math.Abs) <= 1e-8, $"‖∇f‖∞ = {r.Gradient.Max(Math.Abs)}");
        Assert.True(r.Iterations <= most, $"{method}: {r.Iterations} iterations");
        Approx.Equal([1.0, 1.0], r.Point, 0, 1e-8);
    }

    [Fact]
    public void SteepestDescentUnderTheHessianMetricIsNewtonAndTakesOneStep()
    {
        // f = ½xᵀAx − bᵀx with A = diag(1, 100): under P = A the direction −P⁻¹∇f reaches the minimiser A⁻¹b at α = 1.
        var r = Minimizer.Minimize(x => 0.5 * (x[0] * x[0] + 100 * x[1] * x[1]) - x[0] - 2 * x[1], [5.0, 5.0],
            new MinimizeOptions { Method = Method.GradientDescent, Metric = LinearMap.Diagonal([1.0, 100.0]) });
        Assert.True(r.Converged, r.Reason);
        Assert.Equal(1, r.Iterations);
        Approx.Equal([1.0, 0.02], r.Point, 1e-12, 1e-12);
        var plain = Minimizer.Minimize(x => 0.5 * (x[0] * x[0] + 100 * x[1] * x[1]) - x[0] - 2 * x[1], [5.0, 5.0], new MinimizeOptions { Method = Method.GradientDescent });
        Assert.True(plain.Iterations > 50, $"Euclidean steepest descent took {plain.Iterations}");
    }

    [Theory]
    [InlineData(Method.Newton)]
    [InlineData(Method.Bfgs)]
    [InlineData(Method.GradientDescent)]
    public void NaNOnTheWayMakesTheLineSearchBackOffAndSaySo(Method method)
    {
        // f = x − log x, minimum at x = 1; from x = 4 the Newton step (−12) and the first long steps land at x < 0.
        var r = Minimizer.Minimize(x => x[0] - Var.Log(x[0]), [4.0], new MinimizeOptions { Method = method, LearningRate = null });
        Assert.True(r.Converged, r.Reason);
        Assert.Equal(1, r.Point[0], 1e-7);
        if (method == Method.Newton) Assert.Contains(r.Notes, n => n.Contains("NaN") && n.Contains("backed off"));
    }

    [Fact]
    public void TrustRegionRejectsANaNTrialAndShrinks()
    {
        var r = Minimizer.Minimize(x => x[0] - Var.Log(x[0]) + x[1] * x[1], [40.0, 1.0], new MinimizeOptions { Method = Method.TrustExact });
        Assert.True(r.Converged, r.Reason);
        Assert.Equal(1, r.Point[0], 1e-8);
    }

    [Fact]
    public void ArmijoAndStrongWolfeStepsSatisfyTheirConditions()
    {
        // Along a random descent direction from a random point of Rosenbrock's plane.
        Gen.Double[-2, 2].Array[2].Select(Gen.Double[-1, 1].Array[2]).SampleRepeatably((x0, dir) =>
        {
            var objective = Objective.FromFunction(Rosenbrock, 2);
            var p = new Progress(objective, x0, new MinimizeOptions());
            var d = dir;
            double slope = p.G[0] * d[0] + p.G[1] * d[1];
            if (slope > 0) { d = [-d[0], -d[1]]; slope = -slope; }
            if (slope > -1e-6) return;
            if (LineSearch.StrongWolfe(p, d, 1) is { } w && w.Note is null)
            {
                double dphi = w.G![0] * d[0] + w.G[1] * d[1];
                Assert.True(w.F <= p.F + LineSearch.C1 * w.Alpha * slope, "sufficient decrease");
                Assert.True(Math.Abs(dphi) <= LineSearch.C2 * Math.Abs(slope), $"curvature |φ′(α)| = {Math.Abs(dphi)} vs c₂|φ′(0)| = {LineSearch.C2 * Math.Abs(slope)}");
            }
            if (LineSearch.Armijo(p, d, 1) is { } a)
                Assert.True(a.F <= p.F + LineSearch.C1 * a.Alpha * slope, "Armijo");
        }, iter: 200);
    }

    [Fact]
    public void MomentumNamesItsOwnStabilityBound()
    {
        // Heavy ball on 50x² (λ = 100): stable for η < 2(1 + β)/λ = 0.038 at β = 0.9.
        var r = Minimizer.Minimize(x => 50 * x[0] * x[0], [1.0], new MinimizeOptions { Method = Method.Momentum, LearningRate = 0.04, MaxIterations = 5000 });
        Assert.Equal(MinimizeStatus.Diverged, r.Status);
        Assert.Contains("3.8/λmax = 0.038", r.Reason);
        var ok = Minimizer.Minimize(x => 50 * x[0] * x[0], [1.0], new MinimizeOptions { Method = Method.Momentum, LearningRate = 0.036, MaxIterations = 5000 });
        Assert.Equal(MinimizeStatus.Converged, ok.Status);
    }

    [Theory]
    [InlineData(MinimizeOptions.ExplainStepsLimit, null, true)]
    [InlineData(MinimizeOptions.ExplainStepsLimit + 1, null, false)]
    [InlineData(MinimizeOptions.ExplainStepsLimit + 1, true, true)]
    [InlineData(3, false, false)]
    public void StepsAreExplainedByDefaultUpToTheSizeLimitAndAsToldAtAnySize(int n, bool? explain, bool explained)
    {
        // Σ (xᵢ − 1)² + (xᵢ₊₁ − xᵢ)²/4 on the tape (it offers HVPs): an explained step costs one HVP and fills the
        // quadratic column; an unexplained one takes none and leaves it empty.
        var objective = Objective.FromFunction(x =>
        {
            Var s = 0;
            for (int i = 0; i < x.Length; i++) s += (x[i] - 1) * (x[i] - 1);
            for (int i = 0; i + 1 < x.Length; i++) s += 0.25 * (x[i + 1] - x[i]) * (x[i + 1] - x[i]);
            return s;
        }, n);
        var start = Enumerable.Range(0, n).Select(i => Math.Sin(i)).ToArray();
        var r = Minimizer.Minimize(objective, start, new MinimizeOptions { Method = Method.Lbfgs, MaxIterations = 3, ExplainSteps = explain });
        Assert.Equal(explained ? r.Iterations : 0, r.Evaluations.Hvp);
        Assert.All(r.Trace.Where(t => t.Step is not null), t => Assert.Equal(explained, t.PredictedQuadratic is not null));
    }

    [Fact]
    public void EvaluationsAreCountedAndAGradientOnlyObjectiveServesFirstOrderMethods()
    {
        var objective = Objective.FromGradient((x, g) =>
        {
            g[0] = 2 * (x[0] - 3);
            g[1] = 8 * (x[1] + 1);
            return (x[0] - 3) * (x[0] - 3) + 4 * (x[1] + 1) * (x[1] + 1);
        }, 2);
        var r = Minimizer.Minimize(objective, [0.0, 0.0]);
        Assert.Equal(Method.Lbfgs, r.Method);
        Assert.True(r.Converged);
        Approx.Equal([3.0, -1.0], r.Point, 0, 1e-8);
        Assert.Equal(objective.Evaluations, r.Evaluations);
        Assert.True(r.Evaluations.Value > 0 && r.Evaluations.Gradient > 0 && r.Evaluations.Hessian == 0);
        var e = Assert.Throws<ArgumentException>(() => Minimizer.Minimize(objective, [0.0, 0.0], new MinimizeOptions { Method = Method.Newton }));
        Assert.Contains("Hessian", e.Message);
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        Assert.Contains("outside its domain", Assert.Throws<ArgumentException>(() => Minimizer.Minimize(x => Var.Log(x[0]), [-1.0])).Message);
        Assert.Contains("must be finite and > 0", Assert.Throws<ArgumentException>(() => Minimizer.Minimize(x => x[0] * x[0], [1.0], new MinimizeOptions { Method = Method.GradientDescent, LearningRate = 0 })).Message);
        Assert.Contains("length", Assert.Throws<ArgumentException>(() => Minimizer.Minimize(Objective.FromFunction(Rosenbrock, 2), [1.0])).Message);
        Assert.Contains("not finite", Assert.Throws<ArgumentException>(() => Minimizer.Minimize(x => Var.Sqrt(x[0]), [0.0])).Message);
    }
}
