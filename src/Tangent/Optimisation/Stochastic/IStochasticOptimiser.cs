namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// A stochastic optimiser in the optax shape: a pure description (the hyper-parameters) with
/// <see cref="Init"/>, which makes the state for parameters of a given length, and <see cref="Update"/>,
/// which turns a (minibatch) gradient into the update u to add to the parameters, θ ← θ + u, advancing
/// the state. One state per parameter buffer: a network keeps one state per weight array and calls
/// <see cref="Update"/> on each, every step.
/// </summary>
/// <example>
/// <code>
/// var adam = new Adam(learningRate: 1e-3);
/// var state = adam.Init(weights.Length);
/// for (int step = 0; step &lt; steps; step++)
/// {
///     Loss(weights, batch, gradient);            // your minibatch gradient
///     adam.Step(state, weights, gradient);       // θ ← θ + Update(∇, state, θ), no allocation
/// }
/// </code>
/// </example>
public interface IStochasticOptimiser
{
    /// <summary>The state for a parameter buffer of <paramref name="length"/> entries (moments at 0, step 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">length is negative.</exception>
    OptimiserState Init(int length);

    /// <summary>
    /// Writes into <paramref name="updates"/> the step u to add to <paramref name="parameters"/>, from the
    /// <paramref name="gradient"/> at them, and advances <paramref name="state"/> by one step. The
    /// parameters are read only (weight decay needs them) and never written.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length differs from the state's, or the state was made by another optimiser.</exception>
    void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates);
}

/// <summary>
/// What a stochastic optimiser carries between steps: the number of updates made (<see cref="Step"/>, which
/// learning-rate schedules and Adam's bias correction read) and the optimiser's own buffers.
/// </summary>
public class OptimiserState
{
    private double[]? scratch;

    /// <summary>Creates a state for a buffer of <paramref name="length"/> parameters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">length is negative.</exception>
    public OptimiserState(int length) => Length = Valid(length);

    /// <summary>The length, or an error when it is negative (for buffers a derived state allocates before this constructor runs).</summary>
    /// <exception cref="ArgumentOutOfRangeException">length is negative.</exception>
    protected static int Valid(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length;
    }

    /// <summary>The number of parameters this state is for.</summary>
    public int Length { get; }

    /// <summary>Updates made so far: 0 before the first, t after t updates.</summary>
    public long Step { get; internal set; }

    /// <summary>A buffer of <see cref="Length"/> for <see cref="StochasticOptimiser.Step"/>, made once.</summary>
    internal double[] Scratch => scratch ??= new double[Length];

    /// <summary>Checks the spans of one update against this state, naming both lengths.</summary>
    internal void Check(ReadOnlySpan<double> gradient, ReadOnlySpan<double> parameters, ReadOnlySpan<double> updates)
    {
        Shape.Require(gradient.Length, Length, "the gradient", "the optimiser state");
        Shape.Require(parameters.Length, Length, "the parameters", "the optimiser state");
        Shape.Require(updates.Length, Length, "the updates buffer", "the optimiser state");
    }

    /// <summary>The state as <typeparamref name="TState"/>, or an error saying it came from another optimiser.</summary>
    internal static TState As<TState>(OptimiserState state, string optimiser) where TState : OptimiserState
        => state as TState ?? throw new ArgumentException(
            $"This state was made by another optimiser ({state.GetType().Name}); use the one {optimiser}.Init returned.", nameof(state));
}

/// <summary>Helpers shared by every <see cref="IStochasticOptimiser"/>.</summary>
public static class StochasticOptimiser
{
    /// <summary>θ ← θ + u (optax's apply_updates).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ApplyUpdates(Span<double> parameters, ReadOnlySpan<double> updates)
    {
        Shape.Require(updates.Length, parameters.Length, "the updates", "the parameters");
        System.Numerics.Tensors.TensorPrimitives.Add(parameters, updates, parameters);
    }

    /// <summary>
    /// One step in place: u = Update(∇, state, θ) into the state's own buffer, then θ ← θ + u. Allocation-free
    /// after the first call on a state.
    /// </summary>
    /// <exception cref="ArgumentException">A length differs from the state's.</exception>
    public static void Step(this IStochasticOptimiser optimiser, OptimiserState state, Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        var u = state.Scratch;
        optimiser.Update(gradient, state, parameters, u);
        ApplyUpdates(parameters, u);
    }
}

/// <summary>
/// An optimiser that can also apply its step in the same pass that computes it, θ ← θ + Update(∇, state, θ),
/// with the same numbers as <see cref="IStochasticOptimiser.Update"/> followed by
/// <see cref="StochasticOptimiser.ApplyUpdates"/>, but without writing u and reading it back
/// (<see cref="Networks.Classifier.Step"/> uses it).
/// </summary>
internal interface IInPlaceOptimiser
{
    /// <summary>
    /// Advances <paramref name="state"/> and adds the update to <paramref name="parameters"/>, their old values
    /// copied into <paramref name="kept"/>. Returns −1 when every new parameter is finite; else the index of the
    /// first that is not, with the parameters put back from <paramref name="kept"/> (the state stays advanced) and
    /// that coordinate's update in <paramref name="badUpdate"/>.
    /// </summary>
    int Apply(ReadOnlySpan<double> gradient, OptimiserState state, Span<double> parameters, Span<double> kept, out double badUpdate);
}
