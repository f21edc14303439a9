namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// Adam (Kingma and Ba, 2015): moments m ← β₁m + (1 − β₁)∇, v ← β₂v + (1 − β₂)∇², bias-corrected
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) at step t = 1, 2, …, and u = −η(t)·m̂/(√v̂ + ε). Each coordinate's
/// step is about η whatever the gradient's scale, which is why one rate serves many problems.
/// </summary>
public sealed class Adam : IStochasticOptimiser, IInPlaceOptimiser
{
    private readonly AdamMoments moments;

    /// <summary>Adam with rate η(t), β₁, β₂ in [0, 1) and ε &gt; 0 (defaults: 0.9, 0.999, 1e-8).</summary>
    /// <exception cref="ArgumentOutOfRangeException">β₁ or β₂ not in [0, 1), or ε ≤ 0.</exception>
    public Adam(Schedule learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        => moments = new AdamMoments(learningRate, beta1, beta2, epsilon, 0);

    /// <summary>Adam with a constant rate η (default 1e-3).</summary>
    /// <exception cref="ArgumentOutOfRangeException">η ≤ 0, β₁ or β₂ not in [0, 1), or ε ≤ 0.</exception>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        : this(Schedules.Constant(learningRate), beta1, beta2, epsilon) { }

    /// <inheritdoc/>
    public OptimiserState Init(int length) => new AdamMoments.State(length);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates)
        => moments.Update(gradient, state, parameters, updates, nameof(Adam));

    int IInPlaceOptimiser.Apply(ReadOnlySpan<double> gradient, OptimiserState state, Span<double> parameters, Span<double> kept, out double badUpdate)
        => moments.Apply(gradient, state, parameters, kept, nameof(Adam), out badUpdate);
}

/// <summary>
/// The moment recursion Adam and AdamW share, with decoupled weight decay λ (0 for Adam):
/// u = −η(t)·(m̂/(√v̂ + ε) + λθ).
/// </summary>
internal sealed class AdamMoments
{
    private readonly Schedule learningRate;
    private readonly double beta1, beta2, epsilon, decay;

    public AdamMoments(Schedule learningRate, double beta1, double beta2, double epsilon, double decay)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β₁ must lie in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β₂ must lie in [0, 1).");
        if (!(epsilon > 0 && double.IsFinite(epsilon))) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be finite and > 0.");
        if (!(decay >= 0 && double.IsFinite(decay))) throw new ArgumentOutOfRangeException("weightDecay", decay, "The weight decay must be finite and ≥ 0.");
        (this.learningRate, this.beta1, this.beta2, this.epsilon, this.decay) = (learningRate, beta1, beta2, epsilon, decay);
    }

    public sealed class State(int length) : OptimiserState(length)
    {
        public readonly double[] First = new double[Valid(length)], Second = new double[length];
    }

    public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates, string name)
    {
        state.Check(gradient, parameters, updates);
        var s = OptimiserState.As<State>(state, name);
        AdamPass.Updates(Coefficients(state.Step), gradient, s.First, s.Second, parameters, updates);
        state.Step++;
    }

    /// <summary>θ ← θ + u in one pass (see <see cref="IInPlaceOptimiser.Apply"/>).</summary>
    public int Apply(ReadOnlySpan<double> gradient, OptimiserState state, Span<double> parameters, Span<double> kept, string name, out double badUpdate)
    {
        state.Check(gradient, parameters, kept);
        var s = OptimiserState.As<State>(state, name);
        int bad = AdamPass.Apply(Coefficients(state.Step), gradient, s.First, s.Second, parameters, kept, out badUpdate);
        state.Step++;
        return bad;
    }

    /// <summary>
    /// The scalars of step t = Step + 1: m̂/(√v̂ + ε) = m·c₁/(√v·c₂ + ε) with c₁ = 1/(1 − β₁ᵗ), c₂ = 1/√(1 − β₂ᵗ),
    /// and η(t) read at the schedule's step count before the update.
    /// </summary>
    private AdamPass.Coefficients Coefficients(long step)
    {
        long t = step + 1;
        return new(beta1, beta2, 1 - beta1, 1 - beta2, 1 / (1 - Math.Pow(beta1, t)), 1 / Math.Sqrt(1 - Math.Pow(beta2, t)),
            epsilon, decay, learningRate(step));
    }
}
