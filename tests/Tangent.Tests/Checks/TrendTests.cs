using Tangent.Checks;

namespace Tangent.Tests.Checks;

/// <summary>The limit reader on synthetic sequences q(r) with known limits.</summary>
public class TrendTests
{
    private static readonly double[] Radii = [.. Enumerable.Range(0, 13).Select(j => Math.Pow(10, -(j + 2) / 2.0))];

    private static TrendKind Classify(Func<double, double> q, double noise = 1e-16)
    {
        var values = Radii.Select(q).ToArray();
        var noises = Radii.Select(_ => noise).ToArray();
        return Trend.Classify(Radii, values, noises, out _);
    }

    [Fact]
    public void PowerLawsWithPositiveExponentTendToZero()
    {
        Assert.Equal(TrendKind.ToZero, Classify(r => r));
        Assert.Equal(TrendKind.ToZero, Classify(r => Math.Sqrt(r)));
        Assert.Equal(TrendKind.ToZero, Classify(r => 5 * r * r));
    }

    [Fact]
    public void ConstantsAndGrowthStayAwayFromZero()
    {
        Assert.Equal(TrendKind.NotToZero, Classify(_ => 0.5));
        Assert.Equal(TrendKind.NotToZero, Classify(r => 1 / r));
        Assert.Equal(TrendKind.NotToZero, Classify(r => 1e-3 + r)); // falls at first, then flattens at 1e-3
    }

    [Fact]
    public void SlowPowerLawBentByALargeSmoothTermIsReadByItsExtrapolatedLevel()
    {
        // c·r^0.01 + a·r with a·r still a fifth of the steps at r = 1e−7 (|L|^1.01·(x − 0.5)/2 + e^(eˣ) at 0.55).
        Assert.Equal(TrendKind.ToZero, Classify(r => 0.035 * Math.Pow(r, 0.01) + 7 * r + 3 * r * r));
        // The same with a level the extrapolation must see: 0.004 is 13% of the values at the deepest radii.
        Assert.NotEqual(TrendKind.ToZero, Classify(r => 0.004 + 0.035 * Math.Pow(r, 0.01) + 7 * r + 3 * r * r));
        Assert.NotEqual(TrendKind.ToZero, Classify(r => 0.03 + 0.01 * Math.Pow(r, 0.01)));
    }

    [Fact]
    public void OscillationIsJudgedByItsEnvelope()
    {
        // |sin(1/r)| sampled at 7 radii per point (as the stretched lines do) has envelope ≈ 1: no limit 0.
        double Envelope(double r, Func<double, double> q) => new[] { 1, 1.1, 1.23, 1.37, 1.52, 1.7, 1.9 }.Max(c => q(c * r));
        Assert.Equal(TrendKind.NotToZero, Classify(r => Envelope(r, t => Math.Abs(Math.Sin(1 / t)))));
        Assert.Equal(TrendKind.ToZero, Classify(r => Envelope(r, t => t * Math.Abs(Math.Sin(1 / t)))));
    }

    [Fact]
    public void AllBelowRoundingIsZero()
    {
        Assert.Equal(TrendKind.ToZero, Classify(_ => 0));
        Assert.Equal(TrendKind.ToZero, Classify(_ => 1e-17, noise: 1e-16));
    }

    [Fact]
    public void SteadySlowDecayOverSixDecadesFallsToZero()
    {
        // |x|^1.1 at 0: the remainder ratio is |t|^0.1, a fall at the same rate over every decade.
        Assert.Equal(TrendKind.ToZero, Classify(r => Math.Pow(r, 0.1)));
        Assert.Equal(TrendKind.ToZero, Classify(r => 3 * Math.Pow(r, 0.12)));
    }

    [Fact]
    public void SlowDecayThatLevelsOffIsUnclear()
    {
        // 0.05 + r^0.1 tends to 0.05: its rate shrinks from decade to decade (0.093, 0.089, 0.083).
        Assert.Equal(TrendKind.Unclear, Classify(r => 0.05 + Math.Pow(r, 0.1)));
        // So does a rate below 0.08 (r^0.05), however steady.
        Assert.Equal(TrendKind.Unclear, Classify(r => Math.Pow(r, 0.05)));
    }

    [Fact]
    public void DipThenRiseWithinCancellationNoiseIsReadBeforeTheRise()
    {
        // True q = r, plus a rounding error that grows like 1e-16/r² (as in (1 − cos x)/x²).
        var values = Radii.Select(r => r + 1e-16 / (r * r) * 3).ToArray();
        var noise = Radii.Select(_ => 1e-16).ToArray();
        Assert.Equal(TrendKind.ToZero, Trend.Classify(Radii, values, noise, out _));
        // A rise beyond what cancellation can produce is real.
        var real = Radii.Select(r => r + 1e-10 / (r * r * r)).ToArray();
        Assert.NotEqual(TrendKind.ToZero, Trend.Classify(Radii, real, noise, out _));
    }
}
