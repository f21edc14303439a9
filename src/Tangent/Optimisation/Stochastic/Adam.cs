using System.Numerics;

namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// Adam (Kingma and Ba, 2015): moments m ← β₁m + (1 − β₁)∇, v ← β₂v + (1 − β₂)∇², bias-corrected
/// m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) at step t = 1, 2, …, and u = −η(t)·m̂/(√v̂ + ε). Each coordinate's
/// step is about η whatever the gradient's scale, which is why one rate serves many problems.
/// </summary>
public sealed class Adam : IStochasticOptimiser
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
        Span<double> m = s.First, v = s.Second;
        double eta = learningRate(state.Step);
        long t = state.Step + 1;
        // m̂/(√v̂ + ε) = m·c₁/(√v·c₂ + ε) with c₁ = 1/(1 − β₁ᵗ), c₂ = 1/√(1 − β₂ᵗ).
        double c1 = 1 / (1 - Math.Pow(beta1, t)), c2 = 1 / Math.Sqrt(1 - Math.Pow(beta2, t));
        double a1 = 1 - beta1, a2 = 1 - beta2;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<double>.Count; i <= m.Length - w; i += w)
            {
                var g = new Vector<double>(gradient[i..]);
                var mi = beta1 * new Vector<double>(m[i..]) + a1 * g;
                var vi = beta2 * new Vector<double>(v[i..]) + a2 * g * g;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var u = c1 * mi / (c2 * Vector.SquareRoot(vi) + new Vector<double>(epsilon)) + decay * new Vector<double>(parameters[i..]);
                (-eta * u).CopyTo(updates[i..]);
            }
        for (; i < m.Length; i++)
        {
            m[i] = beta1 * m[i] + a1 * gradient[i];
            v[i] = beta2 * v[i] + a2 * gradient[i] * gradient[i];
            updates[i] = -eta * (c1 * m[i] / (c2 * Math.Sqrt(v[i]) + epsilon) + decay * parameters[i]);
        }
        state.Step++;
    }
}
