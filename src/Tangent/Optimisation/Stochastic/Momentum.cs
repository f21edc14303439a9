using System.Numerics;

namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// SGD with heavy-ball momentum (optax's sgd(momentum=β)): the trace b ← β·b + ∇, u = −η(t)·b; with
/// <c>nesterov</c>, the look-ahead form u = −η(t)·(∇ + β·b) after b is updated. A constant gradient g makes
/// b approach g/(1 − β), so the effective step is η/(1 − β).
/// </summary>
public sealed class Momentum : IStochasticOptimiser
{
    private readonly Schedule learningRate;
    private readonly double beta;
    private readonly bool nesterov;

    /// <summary>Momentum with rate η(t) and coefficient β ∈ [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">β is not in [0, 1).</exception>
    public Momentum(Schedule learningRate, double beta = 0.9, bool nesterov = false)
    {
        if (!(beta >= 0 && beta < 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "The momentum coefficient β must lie in [0, 1).");
        (this.learningRate, this.beta, this.nesterov) = (learningRate, beta, nesterov);
    }

    /// <summary>Momentum with a constant rate η.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η ≤ 0 or β not in [0, 1).</exception>
    public Momentum(double learningRate, double beta = 0.9, bool nesterov = false) : this(Schedules.Constant(learningRate), beta, nesterov) { }

    private sealed class State(int length) : OptimiserState(length)
    {
        public readonly double[] Trace = new double[Valid(length)];
    }

    /// <inheritdoc/>
    public OptimiserState Init(int length) => new State(length);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates)
    {
        state.Check(gradient, parameters, updates);
        var b = OptimiserState.As<State>(state, nameof(Momentum)).Trace.AsSpan();
        double eta = learningRate(state.Step);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<double>.Count; i <= b.Length - w; i += w)
            {
                var g = new Vector<double>(gradient[i..]);
                var t = beta * new Vector<double>(b[i..]) + g;
                t.CopyTo(b[i..]);
                (-eta * (nesterov ? g + beta * t : t)).CopyTo(updates[i..]);
            }
        for (; i < b.Length; i++)
        {
            b[i] = beta * b[i] + gradient[i];
            updates[i] = -eta * (nesterov ? gradient[i] + beta * b[i] : b[i]);
        }
        state.Step++;
    }
}
