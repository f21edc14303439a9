namespace Tangent.Optimisation.Stochastic;

/// <summary>A learning-rate schedule: the step size η(t) for update t = 0, 1, 2, … (the state's step before the update).</summary>
public delegate double Schedule(long step);

/// <summary>The usual learning-rate schedules (the optax names), each a <see cref="Schedule"/>.</summary>
public static class Schedules
{
    /// <summary>η(t) = η.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η is not finite and positive.</exception>
    public static Schedule Constant(double learningRate)
    {
        Positive(learningRate, nameof(learningRate));
        return _ => learningRate;
    }

    /// <summary>η(t) = η₀·r^(t/k): the rate multiplied by <paramref name="rate"/> every <paramref name="steps"/> steps; stepwise (⌊t/k⌋) when <paramref name="staircase"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η₀ ≤ 0, rate not in (0, 1], or steps ≤ 0.</exception>
    public static Schedule ExponentialDecay(double initial, double rate, long steps, bool staircase = false)
    {
        Positive(initial, nameof(initial));
        if (!(rate > 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The decay rate must lie in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        return t => initial * Math.Pow(rate, staircase ? t / steps : (double)t / steps);
    }

    /// <summary>
    /// Cosine decay from η₀ to α·η₀ over <paramref name="steps"/> steps, then constant:
    /// η(t) = η₀·(α + (1 − α)·½(1 + cos(π·min(t, T)/T))).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">η₀ ≤ 0, steps ≤ 0, or α not in [0, 1].</exception>
    public static Schedule CosineDecay(double initial, long steps, double alpha = 0)
    {
        Positive(initial, nameof(initial));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α, the final fraction of the rate, must lie in [0, 1].");
        return t => initial * (alpha + (1 - alpha) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t, steps) / steps)));
    }

    /// <summary>
    /// Linear warm-up, η(t) = peak·(t + 1)/w for t &lt; w = <paramref name="warmup"/> (the peak at step w − 1), then cosine
    /// decay from the peak at step w to <paramref name="end"/> at step <paramref name="steps"/>, constant after.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">peak ≤ 0, end &lt; 0, warmup &lt; 0 or steps ≤ warmup.</exception>
    public static Schedule WarmupCosineDecay(double peak, long warmup, long steps, double end = 0)
    {
        Positive(peak, nameof(peak));
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(steps, warmup);
        if (!(end >= 0 && end <= peak)) throw new ArgumentOutOfRangeException(nameof(end), end, "The final rate must lie in [0, peak].");
        long decay = steps - warmup;
        return t => t < warmup
            ? peak * (t + 1) / warmup
            : end + (peak - end) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(t - warmup, decay) / decay));
    }

    /// <summary>η(t) = η₀·factor^k where k is the number of <paramref name="boundaries"/> ≤ t (step decay at given steps).</summary>
    /// <exception cref="ArgumentOutOfRangeException">η₀ ≤ 0 or factor not in (0, 1].</exception>
    public static Schedule PiecewiseConstant(double initial, double factor, params long[] boundaries)
    {
        Positive(initial, nameof(initial));
        if (!(factor > 0 && factor <= 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must lie in (0, 1].");
        var sorted = boundaries.Order().ToArray();
        return t =>
        {
            int k = 0;
            while (k < sorted.Length && sorted[k] <= t) k++;
            return initial * Math.Pow(factor, k);
        };
    }

    internal static void Positive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
            throw new ArgumentOutOfRangeException(name, value, "A learning rate must be finite and > 0.");
    }
}
