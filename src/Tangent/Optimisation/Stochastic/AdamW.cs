namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019): Adam with decoupled weight decay, u = −η(t)·(m̂/(√v̂ + ε) + λθ).
/// The decay shrinks the parameters directly instead of entering the moments, so it is not rescaled by
/// √v̂ as an L2 term in the loss would be. Same moments as <see cref="Adam"/>.
/// </summary>
public sealed class AdamW : IStochasticOptimiser, IInPlaceOptimiser
{
    private readonly AdamMoments moments;

    /// <summary>AdamW with rate η(t), weight decay λ ≥ 0 (default 1e-4, optax's), β₁, β₂ in [0, 1) and ε &gt; 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ &lt; 0, β₁ or β₂ not in [0, 1), or ε ≤ 0.</exception>
    public AdamW(Schedule learningRate, double weightDecay = 1e-4, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        => moments = new AdamMoments(learningRate, beta1, beta2, epsilon, weightDecay);

    /// <summary>AdamW with a constant rate η (default 1e-3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">η ≤ 0, λ &lt; 0, β₁ or β₂ not in [0, 1), or ε ≤ 0.</exception>
    public AdamW(double learningRate = 1e-3, double weightDecay = 1e-4, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(Schedules.Constant(learningRate), weightDecay, beta1, beta2, epsilon) { }

    /// <inheritdoc/>
    public OptimiserState Init(int length) => new AdamMoments.State(length);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates)
        => moments.Update(gradient, state, parameters, updates, nameof(AdamW));

    int IInPlaceOptimiser.Apply(ReadOnlySpan<double> gradient, OptimiserState state, Span<double> parameters, Span<double> kept, out double badUpdate)
        => moments.Apply(gradient, state, parameters, kept, nameof(AdamW), out badUpdate);
}
