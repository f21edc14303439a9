using Tangent.Arrays;

namespace Tangent.Networks;

/// <summary>
/// A residual connection y = x + F(x) around a block F of equal input and output width. Its Jacobian is
/// I + DF(x): a product of such factors stays near the identity when each DF is small, which is why deep
/// residual networks pass gradients back without vanishing (docs/networks.md measures it).
/// </summary>
public sealed class Residual : Layer
{
    private readonly Sequential block;

    /// <summary>x + F(x) for the block F = the given layers in order.</summary>
    /// <exception cref="ArgumentException">The block's input and output widths differ, or its layers do not fit together.</exception>
    public Residual(params Layer[] block)
    {
        this.block = new Sequential(block);
        if (this.block.InputWidth != this.block.OutputWidth)
            throw new ArgumentException($"residual: the block maps width {this.block.InputWidth} to {this.block.OutputWidth}; x + F(x) needs equal widths.", nameof(block));
    }

    /// <inheritdoc/>
    public override string Name => $"residual({string.Join(", ", block.Layers.Select(l => l.Name))})";
    /// <inheritdoc/>
    public override int InputWidth => block.InputWidth;
    /// <inheritdoc/>
    public override int OutputWidth => block.OutputWidth;
    /// <inheritdoc/>
    public override IReadOnlyList<ParameterSpec> Parameters => block.Parameters;

    private protected override TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> parameters, List<DenseNodes>? dense) =>
        input + block.Record(input, parameters, dense);
}
