using Tangent.Networks;

namespace Tangent.Tests.Networks;

/// <summary>
/// Initialisers draw entries with mean 0 and the published variance (Glorot 2/(fan_in+fan_out), He 2/fan_in,
/// LeCun 1/fan_in, times gain²), uniform ones inside ±√3·σ, the same seed giving the same weights.
/// </summary>
public class InitializerTests
{
    public static TheoryData<string, double, int, int, double> Rules() => new()
    {
        // rule, gain, fan_in, fan_out, the variance it must have
        { "glorot-uniform", 1, 300, 100, 2.0 / 400 },
        { "glorot-normal", 1, 300, 100, 2.0 / 400 },
        { "he-normal", 1, 300, 100, 2.0 / 300 },
        { "he-uniform", 1, 300, 100, 2.0 / 300 },
        { "lecun-normal", 2, 300, 100, 4.0 / 300 },
        { "lecun-normal", 0.5, 64, 64, 0.25 / 64 },
    };

    private static Initializer Of(string name, double gain) => name switch
    {
        "glorot-uniform" => Initializer.GlorotUniform(gain),
        "glorot-normal" => Initializer.GlorotNormal(gain),
        "he-normal" => Initializer.HeNormal(gain),
        "he-uniform" => Initializer.HeUniform(gain),
        "lecun-normal" => Initializer.LeCunNormal(gain),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void SampleMeanAndVarianceMatchTheRule(string name, double gain, int fanIn, int fanOut, double variance)
    {
        var init = Of(name, gain);
        Assert.Equal(variance, init.Variance(fanIn, fanOut), 15);
        // Many matrices of the real shape from one generator, so the sample statistics are sharp: N ≈ 3·10⁵.
        int size = fanIn * fanOut, count = 300_000 / size + 1;
        var w = new double[size * count];
        var rng = new Random(7);
        for (int k = 0; k < count; k++) init.Fill(w.AsSpan(k * size, size), fanIn, fanOut, rng);
        double n = w.Length, mean = w.Average(), var = w.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        // Standard errors: mean σ/√N; variance σ²·√((κ−1)/N) with kurtosis κ = 3 (normal) or 1.8 (uniform).
        double kurtosis = init.Distribution == InitialDistribution.Normal ? 3 : 1.8;
        Assert.True(Math.Abs(mean) < 5 * Math.Sqrt(variance / n), $"{name}: mean {mean} is not 0 (σ/√N = {Math.Sqrt(variance / n)})");
        Assert.True(Math.Abs(var - variance) < 5 * variance * Math.Sqrt((kurtosis - 1) / n), $"{name}: variance {var}, expected {variance}");
        if (init.Distribution == InitialDistribution.Uniform)
            Assert.True(w.Max(Math.Abs) <= Math.Sqrt(3 * variance), $"{name}: a draw lies outside ±√(3σ²)");
        else // a normal sample this large reaches beyond 4σ
            Assert.True(w.Max(Math.Abs) > 4 * Math.Sqrt(variance), $"{name}: no draw beyond 4σ: not a normal law");
    }

    [Fact]
    public void TheSameSeedGivesTheSameWeightsAndAnotherSeedOthers()
    {
        var init = Initializer.HeNormal();
        Assert.Equal(init.Create(20, 10, seed: 3), init.Create(20, 10, seed: 3));
        Assert.NotEqual(init.Create(20, 10, seed: 3), init.Create(20, 10, seed: 4));
    }

    [Fact]
    public void AWrongBufferLengthNamesTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => Initializer.GlorotUniform().Fill(new double[10], 4, 3, new Random(1)));
        Assert.Contains("3×4", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializer.HeNormal().Variance(0, 3));
    }
}
