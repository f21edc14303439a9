using MathNet.Numerics.Distributions;

namespace Tangent.Networks;

/// <summary>How the entries of a freshly initialised weight matrix are drawn: a centred normal or uniform law.</summary>
public enum InitialDistribution
{
    /// <summary>N(0, σ²).</summary>
    Normal,
    /// <summary>U(−a, a) with a = √3·σ, so that its variance is σ².</summary>
    Uniform,
}

/// <summary>Which fan divides the variance: fan_in, or the average (fan_in + fan_out)/2.</summary>
public enum FanMode
{
    /// <summary>fan_in, the number of inputs of each output unit.</summary>
    In,
    /// <summary>(fan_in + fan_out)/2.</summary>
    Average,
}

/// <summary>
/// A seeded weight initialiser (variance scaling): entries i.i.d. with mean 0 and variance
/// σ² = gain²·scale/fan, where the rule fixes the scale and the fan. Glorot (Xavier): σ² = gain²·2/(fan_in + fan_out), which keeps the variance of the
/// activations forward and of the gradients backward near 1 for a linear or tanh layer. He (Kaiming):
/// σ² = gain²·2/fan_in, which compensates for relu zeroing half the signal. LeCun: σ² = gain²/fan_in.
/// The gain scales the standard deviation: a deep tanh network at gain 0.5 shrinks signals layer by layer,
/// at gain 2 it amplifies them (see docs/networks.md).
/// </summary>
/// <param name="Name">The rule's name, e.g. "glorot-uniform".</param>
/// <param name="Distribution">Normal or uniform entries.</param>
/// <param name="Scale">The numerator of the variance before the gain: 1 for Glorot and LeCun, 2 for He.</param>
/// <param name="Fan">The fan that divides it.</param>
/// <param name="Gain">The factor on the standard deviation (1 for the rule as published).</param>
public sealed record Initializer(string Name, InitialDistribution Distribution, double Scale, FanMode Fan, double Gain = 1)
{
    /// <summary>Glorot (Xavier) uniform: U(−a, a) with a = gain·√(6/(fan_in + fan_out)).</summary>
    public static Initializer GlorotUniform(double gain = 1) => new("glorot-uniform", InitialDistribution.Uniform, 1, FanMode.Average, gain);

    /// <summary>Glorot (Xavier) normal: N(0, gain²·2/(fan_in + fan_out)).</summary>
    public static Initializer GlorotNormal(double gain = 1) => new("glorot-normal", InitialDistribution.Normal, 1, FanMode.Average, gain);

    /// <summary>He (Kaiming) normal: N(0, gain²·2/fan_in), the usual choice before relu.</summary>
    public static Initializer HeNormal(double gain = 1) => new("he-normal", InitialDistribution.Normal, 2, FanMode.In, gain);

    /// <summary>He (Kaiming) uniform: U(−a, a) with a = gain·√(6/fan_in).</summary>
    public static Initializer HeUniform(double gain = 1) => new("he-uniform", InitialDistribution.Uniform, 2, FanMode.In, gain);

    /// <summary>LeCun normal: N(0, gain²/fan_in); with gain g before tanh, the signal is multiplied by about g per layer.</summary>
    public static Initializer LeCunNormal(double gain = 1) => new("lecun-normal", InitialDistribution.Normal, 1, FanMode.In, gain);

    /// <summary>The variance σ² of each entry for a layer with the given fans.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fan is not positive.</exception>
    public double Variance(int fanIn, int fanOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
        double fan = Fan == FanMode.In ? fanIn : (fanIn + fanOut) / 2.0;
        return Gain * Gain * Scale / fan;
    }

    /// <summary>
    /// Fills the weights of a fan_out × fan_in matrix (row-major, length fan_out·fan_in) with i.i.d.
    /// draws from <paramref name="random"/>: the same seed gives the same weights.
    /// </summary>
    /// <exception cref="ArgumentException">The span's length is not fan_in·fan_out.</exception>
    public void Fill(Span<double> weights, int fanIn, int fanOut, Random random)
    {
        double variance = Variance(fanIn, fanOut);
        if (weights.Length != (long)fanIn * fanOut)
            throw new ArgumentException($"The weights have length {weights.Length}, but a {fanOut}×{fanIn} matrix has {(long)fanIn * fanOut} entries.", nameof(weights));
        double sigma = Math.Sqrt(variance);
        // MathNet draws into an array; a buffer the size of the matrix is drawn once and copied.
        var draws = new double[weights.Length];
        if (Distribution == InitialDistribution.Normal) Normal.Samples(random, draws, 0, sigma);
        else ContinuousUniform.Samples(random, draws, -Math.Sqrt(3) * sigma, Math.Sqrt(3) * sigma);
        draws.CopyTo(weights);
    }

    /// <summary>A new fan_out × fan_in weight matrix (row-major) drawn with a fixed seed.</summary>
    public double[] Create(int fanIn, int fanOut, int seed)
    {
        var w = new double[(long)fanIn * fanOut];
        Fill(w, fanIn, fanOut, new Random(seed));
        return w;
    }
}
