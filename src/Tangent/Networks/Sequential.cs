using Tangent.Arrays;

namespace Tangent.Networks;

/// <summary>
/// A network as a composition of layers, f = f_L ∘ … ∘ f_1, itself a layer. Its derivative is the product of
/// the layers' local derivatives (the chain rule): <see cref="LayerDerivatives"/> hands each one back as a
/// matrix-free <see cref="LinearMap"/>, with respect to the layer's input and to its parameters, and their
/// composition is the whole network's Jacobian (<see cref="Linearize"/>). Reverse mode multiplies them from the
/// output end, where a scalar loss makes every product a vector.
/// </summary>
/// <example>
/// <code>
/// var net = new Sequential(new Dense(784, 128, Initializer.HeNormal()), Activation.Relu(), new Dense(128, 10));
/// Tensor[] theta = net.Initialize(seed: 1);
/// </code>
/// </example>
public sealed class Sequential : Layer
{
    private readonly Layer[] layers;
    private readonly ParameterSpec[] parameters;
    private readonly int[] firstParameter; // the index of layer k's first array in Parameters

    /// <summary>The composition of <paramref name="layers"/>, applied first to last; an activation made without a width gets the previous layer's output width.</summary>
    /// <exception cref="ArgumentException">No layers, the first layer is an activation without a width, or a layer's input width differs from the previous layer's output width (the message names the layer, its index and both shapes).</exception>
    public Sequential(params Layer[] layers)
    {
        if (layers.Length == 0) throw new ArgumentException("A sequential network needs at least one layer.", nameof(layers));
        layers = [.. layers];
        if (layers[0] is Activation { Unsized: true } first)
            throw new ArgumentException($"layer 0 ({first.Name}) was made without a width, and no layer before it gives one: give it the width of the input rows.", nameof(layers));
        for (int k = 1; k < layers.Length; k++)
            if (layers[k] is Activation { Unsized: true } activation) layers[k] = activation.FitTo(layers[k - 1].OutputWidth);
        for (int k = 1; k < layers.Length; k++)
            if (layers[k].InputWidth != layers[k - 1].OutputWidth)
                throw new ArgumentException(
                    $"layer {k} ({layers[k].Name}) takes rows of width {layers[k].InputWidth} (batch×{layers[k].InputWidth}), but layer {k - 1} ({layers[k - 1].Name}) gives (batch×{layers[k - 1].OutputWidth}).",
                    nameof(layers));
        this.layers = [.. layers];
        firstParameter = new int[layers.Length + 1];
        var all = new List<ParameterSpec>();
        for (int k = 0; k < layers.Length; k++)
        {
            firstParameter[k] = all.Count;
            all.AddRange(layers[k].Parameters.Select(p => p with { Name = $"{k}.{p.Name}" }));
        }
        firstParameter[layers.Length] = all.Count;
        parameters = [.. all];
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => layers;
    /// <inheritdoc/>
    public override string Name => $"sequential({string.Join(", ", layers.Select(l => l.Name))})";
    /// <inheritdoc/>
    public override int InputWidth => layers[0].InputWidth;
    /// <inheritdoc/>
    public override int OutputWidth => layers[^1].OutputWidth;
    /// <summary>Every layer's parameter arrays, layer after layer, named "k.W" for layer k's W.</summary>
    public override IReadOnlyList<ParameterSpec> Parameters => parameters;

    /// <summary>The range of <see cref="Parameters"/> that belongs to layer <paramref name="k"/>.</summary>
    public Range ParametersOf(int k) => firstParameter[k]..firstParameter[k + 1];

    /// <summary>Fresh parameters: weights from each layer's initialiser, biases 0, all from one generator seeded by <paramref name="seed"/>.</summary>
    public Tensor[] Initialize(int seed)
    {
        var random = new Random(seed);
        return [.. parameters.Select(p =>
        {
            var t = new Tensor(p.Shape);
            p.Initializer?.Fill(t.Data, p.FanIn, p.FanOut, random);
            return t;
        })];
    }

    private protected override TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> p, List<DenseNodes>? dense) =>
        RecordLayers(input, p, dense, null);

    /// <summary>
    /// Records the layers in order; <paramref name="ends"/>[k] receives the graph's node count after layer k (a
    /// dense layer fused with the activation after it owns the fused node: the activation's range is empty).
    /// </summary>
    internal TensorVar RecordLayers(TensorVar input, ReadOnlySpan<TensorVar> p, List<DenseNodes>? dense, int[]? ends)
    {
        var x = input;
        for (int k = 0; k < layers.Length; k++)
        {
            if (layers[k] is Dense layer && k + 1 < layers.Length && layers[k + 1] is Activation { AfterDense: { } fused })
            {
                // A dense layer and a smooth activation after it: one operation φ(X·W + b) (see DenseVar), the
                // slope kept from the same pass. The activation's width is the dense layer's (checked above).
                x = layer.RecordActivated(x, p[ParametersOf(k)], dense, fused);
                if (ends is not null) ends[k] = x.Graph.Count;
                k++;
            }
            else x = layers[k].Record(x, p[ParametersOf(k)], dense);
            if (ends is not null) ends[k] = x.Graph.Count;
        }
        return x;
    }

    /// <summary>The output rows for input rows <paramref name="input"/> (batch × <see cref="InputWidth"/>).</summary>
    /// <exception cref="ArgumentException">The input or the parameters do not have the declared shapes.</exception>
    public Tensor Evaluate(ReadOnlySpan<Tensor> parameters, Tensor input) => LayerProgram.Evaluate(this, parameters, input);

    /// <summary>
    /// The local derivative of each layer at the point the network passes through on <paramref name="input"/>:
    /// layer k's map with respect to its input (what backpropagation multiplies) and with respect to its own
    /// parameters. Composing the input maps from last to first gives <see cref="Linearize"/>'s map; each is a
    /// derivative of a recorded array program (forward sweeps apply it, reverse sweeps its transpose).
    /// </summary>
    public IReadOnlyList<LayerDerivative> LayerDerivatives(ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        LayerProgram.CheckParameters(this, parameters);
        var result = new List<LayerDerivative>(layers.Length);
        var x = input;
        for (int k = 0; k < layers.Length; k++)
        {
            var own = parameters[ParametersOf(k)];
            var wrtInput = LayerProgram.WithRespectToInput(layers[k], own, x);
            var wrtParameters = layers[k].Parameters.Count > 0 ? LayerProgram.WithRespectToParameters(layers[k], own, x) : null;
            var y = LayerProgram.Evaluate(layers[k], own, x);
            result.Add(new LayerDerivative(k, layers[k], x, y, wrtInput, wrtParameters));
            x = y;
        }
        return result;
    }

    /// <summary>The whole network's derivative with respect to its input rows (flattened, row-major), as one recorded program.</summary>
    public LinearMap Linearize(ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        LayerProgram.CheckParameters(this, parameters);
        return LayerProgram.WithRespectToInput(this, parameters, input);
    }

    /// <summary>The whole network's derivative with respect to all its parameters (flattened in <see cref="Parameters"/> order).</summary>
    public LinearMap LinearizeParameters(ReadOnlySpan<Tensor> parameters, Tensor input)
    {
        LayerProgram.CheckParameters(this, parameters);
        return LayerProgram.WithRespectToParameters(this, parameters, input);
    }
}

/// <summary>
/// Layer k's local derivative at the point a network passed through.
/// </summary>
/// <param name="Index">k, from 0.</param>
/// <param name="Layer">The layer.</param>
/// <param name="Input">Its input rows there.</param>
/// <param name="Output">Its output rows there.</param>
/// <param name="WithRespectToInput">∂y/∂x: (batch·out) × (batch·in).</param>
/// <param name="WithRespectToParameters">∂y/∂θ_k: (batch·out) × (the layer's parameter count); null for a layer without parameters.</param>
public sealed record LayerDerivative(int Index, Layer Layer, Tensor Input, Tensor Output, LinearMap WithRespectToInput, LinearMap? WithRespectToParameters);
