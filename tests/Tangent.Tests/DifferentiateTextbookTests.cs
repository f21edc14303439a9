using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests;

/// <summary>
/// The textbook facts of the derivative, checked on the facade: D_u f = ∇f·u; at a critical point every
/// directional derivative is 0 and there is no steepest direction; the largest D_u f over unit u is |∇f|,
/// at u = ∇f/|∇f|; a directional derivative needs a unit u, a JVP takes any v.
/// </summary>
public class DifferentiateTextbookTests
{
    [Theory]
    [MemberData(nameof(ScalarCorpus.Cases), MemberType = typeof(ScalarCorpus))]
    public void DirectionalDerivativeEqualsGradientDotUAndTheCentralDifferenceAlongU(ScalarCase c)
    {
        var rng = new Random(41);
        foreach (var x in c.Points)
        {
            var grad = c.Gradient(x);
            for (int k = 0; k < 10; k++)
            {
                var u = Dense.RandomUnit(rng, c.Dimension);
                var d = Differentiate.Directional(c.F, x, u);
                double scale = 1 + Dense.Norm(grad);
                Approx.Equal(Dense.Dot(grad, u), d.Derivative, 1e-12, 1e-13 * scale, $"{c} D_u f at {CorpusTests.Show(x)}");
                Approx.Equal(FiniteDifference.Directional(c.Plain, x, u), d.Derivative, 1e-7, 1e-8 * scale, $"{c} D_u f vs central difference");
                Assert.Equal(u, d.Direction);
                Approx.Equal(c.Plain(x), d.Value, 1e-14, 1e-14, $"{c} value");
            }
        }
    }

    [Fact]
    public void AtACriticalPointEveryDirectionalDerivativeIsZeroAndThereIsNoSteepestDirection()
    {
        // f = x² + 3y² − xy has ∇f = (2x − y, 6y − x) = 0 at the origin; Rosenbrock at (1, 1); a saddle x² − y².
        (ScalarFunction F, double[] X)[] critical =
        [
            (x => x[0] * x[0] + 3 * x[1] * x[1] - x[0] * x[1], [0.0, 0.0]),
            (ScalarCorpus.All[0].F, [1.0, 1.0]),
            (x => x[0] * x[0] - x[1] * x[1], [0.0, 0.0]),
        ];
        var rng = new Random(3);
        foreach (var (f, x) in critical)
        {
            Assert.Equal([0.0, 0.0], Differentiate.Gradient(f, x).Gradient);
            for (int k = 0; k < 50; k++)
                Assert.Equal(0.0, Differentiate.Directional(f, x, Dense.RandomUnit(rng, 2)).Derivative);
            var s = Differentiate.SteepestAscent(f, x);
            Assert.Null(s.Direction);
            Assert.Equal(0.0, s.Rate);
            Assert.Contains("no first-order steepest direction", s.Note);
        }
    }

    [Theory]
    [MemberData(nameof(ScalarCorpus.Cases), MemberType = typeof(ScalarCorpus))]
    public void OverAThousandRandomUnitDirectionsTheLargestRateIsTheGradientNormAtTheGradientDirection(ScalarCase c)
    {
        var x = c.Points[^1];
        var grad = c.Gradient(x);
        double norm = Dense.Norm(grad);
        if (norm == 0) return; // a critical point: covered above
        var g = Differentiate.Record(c.F, x);
        var rng = new Random(1000);
        double best = double.NegativeInfinity;
        double[] bestU = [];
        for (int k = 0; k < 1000; k++)
        {
            var u = Dense.RandomUnit(rng, c.Dimension);
            double rate = g.Jvp(u)[0];
            Assert.True(rate <= norm * (1 + 1e-12), $"{c}: D_u f = {rate} exceeds |∇f| = {norm} (Cauchy–Schwarz)");
            if (rate > best) (best, bestU) = (rate, u);
        }
        var s = Differentiate.SteepestAscent(c.F, x);
        Approx.Equal(norm, s.Rate, 1e-13, 0, $"{c} steepest rate = |∇f|");
        Assert.NotNull(s.Direction);
        Approx.Equal(1.0, Dense.Norm(s.Direction!), 1e-14, 0, $"{c} steepest direction is a unit vector");
        Approx.Equal(grad.Select(t => t / norm).ToArray(), s.Direction!, 1e-12, 1e-13, $"{c} steepest direction = ∇f/|∇f|");
        Approx.Equal(norm, Differentiate.Directional(c.F, x, s.Direction!).Derivative, 1e-13, 0, $"{c} D_u* f = |∇f|");
        Assert.True(best <= s.Rate * (1 + 1e-12), $"{c}: a random direction beat the steepest one");
        // The best of the samples approaches |∇f| (in dimension ≤ 4 a thousand samples come within a few percent)
        // and points nearly along ∇f.
        Assert.True(best >= 0.9 * norm, $"{c}: best sampled rate {best} is far from |∇f| = {norm}");
        Assert.True(Dense.Dot(bestU, s.Direction!) >= 0.9, $"{c}: the best sampled direction is not near ∇f/|∇f|");
    }

    [Fact]
    public void JvpTakesAnyVectorAndScalesLinearlyWhereDirectionalRejectsNonUnitVectors()
    {
        var c = ScalarCorpus.All[2];
        double[] x = [3.0, 0.5];
        double[] u = [0.6, 0.8], v = [3.0, 4.0];
        Approx.Equal(5 * Differentiate.Directional(c.F, x, u).Derivative, Differentiate.Jvp(c.F, x, v).Derivative, 1e-15, 0, "J·(5u) = 5 D_u f");
        Assert.Equal(0.0, Differentiate.Jvp(c.F, x, [0.0, 0.0]).Derivative);
        var e = Assert.Throws<ArgumentException>(() => Differentiate.Directional(c.F, x, v));
        Assert.Contains("unit", e.Message);
    }

    [Fact]
    public void SteepestAscentWithANonFiniteGradientSaysSo()
    {
        var s = Differentiate.SteepestAscent(x => Var.Sqrt(x[0]) + x[1], [0.0, 1.0]);
        Assert.Null(s.Direction);
        Assert.Contains("not finite", s.Note);
    }
}
