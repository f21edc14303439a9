namespace Tangent.Optimisation.Stochastic;

/// <summary>Stochastic gradient descent: u = −η(t)·∇ (no state beyond the step count).</summary>
/// <param name="learningRate">η(t).</param>
public sealed class Sgd(Schedule learningRate) : IStochasticOptimiser
{
    /// <summary>SGD with a constant rate η.</summary>
    /// <exception cref="ArgumentOutOfRangeException">η is not finite and positive.</exception>
    public Sgd(double learningRate) : this(Schedules.Constant(learningRate)) { }

    /// <inheritdoc/>
    public OptimiserState Init(int length) => new(length);

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates)
    {
        state.Check(gradient, parameters, updates);
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, -learningRate(state.Step), updates);
        state.Step++;
    }
}
