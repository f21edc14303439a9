using Tangent.Arrays;
using Tangent.Primitives;

namespace Tangent.Networks;

/// <summary>
/// An elementwise activation y = φ(x), one array operation whose value and derivative are the scalar
/// primitive's own declaration applied over the array (so relu's kink convention, relu'(0) = 0, is the scalar
/// one, and its kinks are counted per run). Any declared primitive works: <c>Activation.Of&lt;Softplus&gt;(width)</c>.
/// </summary>
public sealed class Activation : Layer
{
    private readonly Func<TensorVar, TensorVar> apply;

    private Activation(string name, int width, Func<TensorVar, TensorVar> apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (Name, InputWidth, this.apply) = (name, width, apply);
    }

    /// <summary>relu(x) = max(x, 0) (relu'(0) = 0).</summary>
    public static Activation Relu(int width) => new("relu", width, ArrayMath.Relu);
    /// <summary>tanh x.</summary>
    public static Activation Tanh(int width) => new("tanh", width, ArrayMath.Tanh);
    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public static Activation Sigmoid(int width) => new("sigmoid", width, ArrayMath.Sigmoid);
    /// <summary>The activation of any scalar primitive P, elementwise.</summary>
    public static Activation Of<P>(int width) where P : IUnaryPrimitive => new(P.Name, width, ArrayMath.Apply<P>);

    /// <inheritdoc/>
    public override string Name { get; }
    /// <inheritdoc/>
    public override int InputWidth { get; }
    /// <inheritdoc/>
    public override int OutputWidth => InputWidth;

    private protected override TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> parameters, List<DenseNodes>? dense) => apply(input);
}
