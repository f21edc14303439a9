using Tangent.Arrays;

namespace Tangent.Networks;

/// <summary>
/// The affine layer Y = X·W + b: X is batch × in, W is in × out (so a row y = x·W + b), b is a vector of out
/// entries broadcast over the rows. One array operation ("dense"; in a <see cref="Sequential"/>, followed by a
/// smooth activation φ, the one operation φ(X·W + b)): wrt X, Ẏ = Ẋ·W; wrt (W, b), Ẏ = X·Ẇ + ḃ.
/// </summary>
public sealed class Dense : Layer
{
    private readonly ParameterSpec[] parameters;

    /// <summary>A dense layer from <paramref name="inputs"/> to <paramref name="outputs"/> units, W drawn by <paramref name="initializer"/> (default Glorot uniform), b zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A width is not positive.</exception>
    public Dense(int inputs, int outputs, Initializer? initializer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        (InputWidth, OutputWidth) = (inputs, outputs);
        parameters = [new("W", [inputs, outputs], initializer ?? Initializer.GlorotUniform(), inputs, outputs), new("b", [outputs], null, inputs, outputs)];
    }

    /// <inheritdoc/>
    public override string Name => $"dense {InputWidth}→{OutputWidth}";
    /// <inheritdoc/>
    public override int InputWidth { get; }
    /// <inheritdoc/>
    public override int OutputWidth { get; }
    /// <inheritdoc/>
    public override IReadOnlyList<ParameterSpec> Parameters => parameters;

    private protected override TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> p, List<DenseNodes>? dense) =>
        Listed(DenseVar<NoActivation>.Record(input, p[0], p[1]), input, dense);

    /// <summary>
    /// Records this layer followed by an activation as the one operation φ(X·W + b) that <paramref name="fused"/>
    /// records (its value and derivatives are those of the two layers recorded apart, to rounding).
    /// </summary>
    internal TensorVar RecordActivated(TensorVar input, ReadOnlySpan<TensorVar> p, List<DenseNodes>? dense, Func<TensorVar, TensorVar, TensorVar, TensorVar> fused)
    {
        CheckArguments(input, p);
        return Listed((DenseVar)fused(input, p[0], p[1]), input, dense);
    }

    private TensorVar Listed(DenseVar output, TensorVar input, List<DenseNodes>? dense)
    {
        dense?.Add(new DenseNodes(input, output, InputWidth, OutputWidth));
        return output;
    }
}
