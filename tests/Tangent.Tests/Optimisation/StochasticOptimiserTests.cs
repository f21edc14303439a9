using Tangent.Optimisation.Stochastic;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// The optax-shaped optimisers against their defining recursions written out here step by step (lengths 1, 7 and
/// 37, so both the vector loop and the scalar tail run), plus their behaviour on problems with known answers.
/// </summary>
public class StochasticOptimiserTests
{
    private static double[] Random(int n, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1))];
    }

    /// <summary>Runs <paramref name="steps"/> updates with fresh random gradients; returns the parameters after them.</summary>
    private static double[] Run(IStochasticOptimiser opt, int n, int steps)
    {
        var theta = Random(n, 1);
        var state = opt.Init(n);
        for (int t = 0; t < steps; t++) opt.Step(state, theta, Random(n, 100 + t));
        Assert.Equal(steps, state.Step);
        return theta;
    }

    [Theory, InlineData(1), InlineData(7), InlineData(37)]
    public void AdamFollowsKingmaBaRecursionWithBiasCorrection(int n)
    {
        double eta = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var theta = Random(n, 1);
        var m = new double[n];
        var v = new double[n];
        for (int t = 1; t <= 5; t++)
        {
            var g = Random(n, 99 + t);
            for (int i = 0; i < n; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mhat = m[i] / (1 - Math.Pow(b1, t)), vhat = v[i] / (1 - Math.Pow(b2, t));
                theta[i] -= eta * mhat / (Math.Sqrt(vhat) + eps);
            }
        }
        var got = Run(new Adam(eta, b1, b2, eps), n, 5);
        for (int i = 0; i < n; i++) Assert.Equal(theta[i], got[i], 1e-14);
    }

    [Theory, InlineData(1), InlineData(3), InlineData(8), InlineData(13), InlineData(37), InlineData(101)]
    public void AdamsPassGivesTheScalarRecursionsBitsInEveryLane(int n)
    {
        // Lengths that take the 8-lane, the 4-lane and the scalar loops (in whichever the machine has).
        var k = new AdamPass.Coefficients(0.9, 0.999, 1 - 0.9, 1 - 0.999, 1 / (1 - Math.Pow(0.9, 3)), 1 / Math.Sqrt(1 - Math.Pow(0.999, 3)), 1e-8, 0.01, 0.003);
        var (g, theta) = (Random(n, 7, 3), Random(n, 8));
        var (m, v) = (Random(n, 9), Random(n, 10).Select(Math.Abs).ToArray());
        var (m1, v1, u) = ((double[])m.Clone(), (double[])v.Clone(), new double[n]);
        AdamPass.Updates(k, g, m1, v1, theta, u);
        var (m2, v2, t2, kept) = ((double[])m.Clone(), (double[])v.Clone(), (double[])theta.Clone(), new double[n]);
        Assert.Equal(-1, AdamPass.Apply(k, g, m2, v2, t2, kept, out _));
        for (int i = 0; i < n; i++)
        {
            double mi = 0.9 * m[i] + (1 - 0.9) * g[i], vi = 0.999 * v[i] + (1 - 0.999) * g[i] * g[i];
            double ui = -k.Eta * (k.C1 * mi / (k.C2 * Math.Sqrt(vi) + k.Epsilon) + k.Decay * theta[i]);
            Assert.Equal((mi, vi, ui), (m1[i], v1[i], u[i]));
            Assert.Equal((mi, vi, theta[i] + ui, theta[i]), (m2[i], v2[i], t2[i], kept[i]));
        }
    }

    [Theory, InlineData(9, 0), InlineData(9, 5), InlineData(21, 17), InlineData(21, 20)]
    public void AdamsPassPutsTheParametersBackWhenOneOverflows(int n, int at)
    {
        // η = 10³⁰⁸ makes u ≈ −η·sign(g) at t = 1; θ = 1.7e308 with g < 0 goes past the largest double.
        var k = new AdamPass.Coefficients(0.9, 0.999, 0.1, 0.001, 1 / 0.1, 1 / Math.Sqrt(0.001), 1e-8, 0, 1e308);
        var (g, theta) = (Random(n, 3), Random(n, 4));
        (g[at], theta[at]) = (-1, 1.7e308);
        var (m, v, t, kept) = (new double[n], new double[n], (double[])theta.Clone(), new double[n]);
        Assert.Equal(at, AdamPass.Apply(k, g, m, v, t, kept, out double u));
        Assert.Equal(theta, t);
        Assert.Equal(-1e308 * ((1 / 0.1) * (0.9 * 0 + 0.1 * -1) / ((1 / Math.Sqrt(0.001)) * Math.Sqrt(0.999 * 0 + 0.001 * -1 * -1) + 1e-8) + 0 * 1.7e308), u);
    }

    [Fact]
    public void AdamFirstStepIsLearningRateTimesSignOfGradient()
    {
        // m̂ = g, v̂ = g² at t = 1, so u = −η g/(|g| + ε) ≈ −η sign(g) whatever the scale of g.
        var adam = new Adam(0.1);
        var state = adam.Init(3);
        var u = new double[3];
        adam.Update([1e3, -2e-2, 5.0], state, [0.0, 0, 0], u);
        Assert.Equal(-0.1, u[0], 1e-9);
        Assert.Equal(0.1, u[1], 1e-6);
        Assert.Equal(-0.1, u[2], 1e-9);
    }

    [Theory, InlineData(1), InlineData(7), InlineData(37)]
    public void AdamWDecaysParametersOutsideTheMoments(int n)
    {
        double eta = 0.01, lambda = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var theta = Random(n, 1);
        var m = new double[n];
        var v = new double[n];
        for (int t = 1; t <= 4; t++)
        {
            var g = Random(n, 99 + t);
            for (int i = 0; i < n; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mhat = m[i] / (1 - Math.Pow(b1, t)), vhat = v[i] / (1 - Math.Pow(b2, t));
                theta[i] -= eta * (mhat / (Math.Sqrt(vhat) + eps) + lambda * theta[i]);
            }
        }
        var got = Run(new AdamW(eta, lambda, b1, b2, eps), n, 4);
        for (int i = 0; i < n; i++) Assert.Equal(theta[i], got[i], 1e-14);
    }

    [Theory, InlineData(1, false), InlineData(7, false), InlineData(37, true), InlineData(7, true)]
    public void MomentumFollowsHeavyBallAndNesterovRecursions(int n, bool nesterov)
    {
        double eta = 0.05, beta = 0.8;
        var theta = Random(n, 1);
        var b = new double[n];
        for (int t = 1; t <= 6; t++)
        {
            var g = Random(n, 99 + t);
            for (int i = 0; i < n; i++)
            {
                b[i] = beta * b[i] + g[i];
                theta[i] -= eta * (nesterov ? g[i] + beta * b[i] : b[i]);
            }
        }
        var got = Run(new Momentum(eta, beta, nesterov), n, 6);
        for (int i = 0; i < n; i++) Assert.Equal(theta[i], got[i], 1e-14);
    }

    [Fact]
    public void MomentumUnderConstantGradientApproachesStepOverOneMinusBeta()
    {
        var opt = new Momentum(0.1, 0.9);
        var state = opt.Init(1);
        var u = new double[1];
        for (int t = 0; t < 400; t++) opt.Update([2.0], state, [0.0], u);
        Assert.Equal(-0.1 * 2 / (1 - 0.9), u[0], 1e-12);
    }

    [Fact]
    public void SgdWithScheduleUsesTheRateOfEachStep()
    {
        var opt = new Sgd(t => 1.0 / (t + 1));
        var state = opt.Init(2);
        var u = new double[2];
        opt.Update([2.0, -4.0], state, [0.0, 0.0], u);
        Assert.Equal([-2.0, 4.0], u);
        opt.Update([2.0, -4.0], state, [0.0, 0.0], u);
        Assert.Equal([-1.0, 2.0], u);
    }

    [Fact]
    public void EveryOptimiserMinimisesANoisyQuadratic()
    {
        // f(θ) = ½Σ aᵢθᵢ², gradients with zero-mean noise; each method ends near 0 with a decaying rate.
        double[] a = [1, 4, 0.5, 2, 3];
        IStochasticOptimiser[] all =
        [
            new Sgd(Schedules.ExponentialDecay(0.2, 0.5, 200)),
            new Momentum(Schedules.CosineDecay(0.05, 1500), 0.9),
            new Momentum(Schedules.CosineDecay(0.05, 1500), 0.9, nesterov: true),
            new Adam(Schedules.CosineDecay(0.05, 1500)),
            new AdamW(Schedules.WarmupCosineDecay(0.05, 50, 1500), weightDecay: 1e-3),
        ];
        foreach (var opt in all)
        {
            var rng = new Random(5);
            var theta = new double[] { 3, -2, 1, 4, -1 };
            var state = opt.Init(5);
            var g = new double[5];
            for (int t = 0; t < 1500; t++)
            {
                for (int i = 0; i < 5; i++) g[i] = a[i] * theta[i] + 0.1 * (2 * rng.NextDouble() - 1);
                opt.Step(state, theta, g);
            }
            Assert.True(theta.All(x => Math.Abs(x) < 0.05), $"{opt.GetType().Name} ended at [{string.Join(", ", theta)}]");
        }
    }

    [Fact]
    public void SchedulesHaveTheirDefiningValues()
    {
        Assert.Equal(0.3, Schedules.Constant(0.3)(1000));
        Assert.Equal(1.0 * 0.5, Schedules.ExponentialDecay(1, 0.5, 10)(10), 1e-15);
        Assert.Equal(Math.Sqrt(0.5), Schedules.ExponentialDecay(1, 0.5, 10)(5), 1e-15);
        Assert.Equal(1.0, Schedules.ExponentialDecay(1, 0.5, 10, staircase: true)(9));
        Assert.Equal(1.0, Schedules.CosineDecay(1, 100)(0));
        Assert.Equal(0.5, Schedules.CosineDecay(1, 100)(50), 1e-15);
        Assert.Equal(0.1, Schedules.CosineDecay(1, 100, alpha: 0.1)(100), 1e-15);
        Assert.Equal(0.1, Schedules.CosineDecay(1, 100, alpha: 0.1)(500), 1e-15);
        var warm = Schedules.WarmupCosineDecay(2, 4, 14, 0.2);
        Assert.Equal(0.5, warm(0), 1e-15);
        Assert.Equal(2.0, warm(3), 1e-15);
        Assert.Equal(2.0, warm(4), 1e-15);
        Assert.Equal(1.1, warm(9), 1e-14);
        Assert.Equal(0.2, warm(14), 1e-15);
        var piece = Schedules.PiecewiseConstant(1, 0.1, 100, 10);
        Assert.Equal(1.0, piece(9));
        Assert.Equal(0.1, piece(10), 1e-15);
        Assert.Equal(0.01, piece(100), 1e-15);
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var adam = new Adam();
        var state = adam.Init(3);
        var e = Assert.Throws<ArgumentException>(() => adam.Update(new double[4], state, new double[3], new double[3]));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("length 3", e.Message);
        var other = new Momentum(0.1).Init(3);
        Assert.Contains("another optimiser", Assert.Throws<ArgumentException>(() => adam.Update(new double[3], other, new double[3], new double[3])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(0.1, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.1, beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW(0.1, weightDecay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.Init(-1));
    }
}
