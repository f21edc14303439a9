using Tangent.Arrays;

namespace Tangent.Networks;

/// <summary>
/// A parameter array of a layer: its name (unique within the layer), its shape, and how it starts.
/// </summary>
/// <param name="Name">E.g. "W" or "b"; a network prefixes the layer's index ("2.W").</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Initializer">How its entries are drawn; null: zeros (biases).</param>
/// <param name="FanIn">The inputs of each unit (for the initialiser's variance).</param>
/// <param name="FanOut">The units (for the initialiser's variance).</param>
public sealed record ParameterSpec(string Name, int[] Shape, Initializer? Initializer, int FanIn, int FanOut)
{
    /// <summary>The number of entries.</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// A layer is a function (parameters, input) → output on a batch: the input is batch × <see cref="InputWidth"/>,
/// the output batch × <see cref="OutputWidth"/>, each row (sample) computed from its own row alone. It is
/// recorded on an <see cref="ArrayGraph"/> as a few array operations, so its value, its derivatives and its
/// local derivative as a <see cref="LinearMap"/> (with respect to its input and to its parameters) all come
/// from the array rules; a layer declares no derivative of its own.
/// </summary>
public abstract class Layer
{
    /// <summary>The layer's kind and widths, e.g. "dense 784→128" or "relu".</summary>
    public abstract string Name { get; }

    /// <summary>The width of an input row.</summary>
    public abstract int InputWidth { get; }

    /// <summary>The width of an output row.</summary>
    public abstract int OutputWidth { get; }

    /// <summary>The parameter arrays, in the order <see cref="Record(TensorVar, ReadOnlySpan{TensorVar})"/> takes them.</summary>
    public virtual IReadOnlyList<ParameterSpec> Parameters => [];

    /// <summary>The number of parameters (entries of all the arrays).</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>
    /// Records the layer's output for <paramref name="input"/> (batch × <see cref="InputWidth"/>) on its graph,
    /// with <paramref name="parameters"/> one array per <see cref="Parameters"/> entry (parameters of the graph
    /// to differentiate with respect to them, data to hold them fixed).
    /// </summary>
    /// <exception cref="ArgumentException">The input's width is not <see cref="InputWidth"/>, or the parameters do not fit.</exception>
    public TensorVar Record(TensorVar input, ReadOnlySpan<TensorVar> parameters) => Record(input, parameters, null);

    /// <summary>As <see cref="Record(TensorVar, ReadOnlySpan{TensorVar})"/>, listing every dense layer's (input, output) nodes in <paramref name="dense"/>.</summary>
    internal TensorVar Record(TensorVar input, ReadOnlySpan<TensorVar> parameters, List<DenseNodes>? dense)
    {
        CheckArguments(input, parameters);
        return RecordCore(input, parameters, dense);
    }

    /// <summary>Throws when <paramref name="input"/> or <paramref name="parameters"/> do not have this layer's shapes.</summary>
    internal void CheckArguments(TensorVar input, ReadOnlySpan<TensorVar> parameters)
    {
        if (input.Rank != 2 || (input.Shape[1] != InputWidth && this is not Activation { Unsized: true }))
            throw new ArgumentException($"{Name}: the input has shape {ArrayShape.Format(input.Shape)}, but this layer takes (batch×{InputWidth}).");
        if (parameters.Length != Parameters.Count)
            throw new ArgumentException($"{Name}: {parameters.Length} parameter arrays given, but the layer has {Parameters.Count}.");
        for (int i = 0; i < parameters.Length; i++)
            if (!parameters[i].Shape.SequenceEqual(Parameters[i].Shape))
                throw new ArgumentException($"{Name}: parameter {Parameters[i].Name} has shape {ArrayShape.Format(parameters[i].Shape)}, but {ArrayShape.Format(Parameters[i].Shape)} is declared.");
    }

    /// <summary>Records the layer on checked arguments.</summary>
    private protected abstract TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> parameters, List<DenseNodes>? dense);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>A dense layer's nodes on a recorded graph: its input X and its operation φ(X·W + b) (whose <see cref="DenseVar.AffineAdjoint"/> is ∂L/∂(X·W + b)), and its widths.</summary>
internal readonly record struct DenseNodes(TensorVar Input, DenseVar Output, int InWidth, int OutWidth);
