using Tangent.Arrays;
using Tangent.Primitives;

namespace Tangent.Networks;

/// <summary>
/// An elementwise activation y = φ(x), one array operation whose value and derivative are the scalar
/// primitive's own declaration applied over the array (so relu's kink convention, relu'(0) = 0, is the scalar
/// one, and its kinks are counted per run). Any declared primitive works: <c>Activation.Of&lt;Gelu&gt;()</c>.
/// An activation maps each row to a row of the same width, so it needs no width of its own: made without one,
/// a <see cref="Sequential"/> gives it the previous layer's output width (a width may still be given, and is then checked).
/// </summary>
public sealed class Activation : Layer
{
    private readonly Func<TensorVar, TensorVar> apply;

    private Activation(string name, int width, Func<TensorVar, TensorVar> apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        (Name, InputWidth, this.apply) = (name, width, apply);
        // Recorded once on a scratch graph: the elementwise node says whether φ(X·W + b) has a fused form.
        AfterDense = apply(new ArrayGraph().Parameter("z", 1, 1)) is IFusesAfterDense node ? node.AfterDense : null;
    }

    /// <summary>
    /// Records φ(X·W + b) as one operation, for a <see cref="Sequential"/> that finds this activation after a
    /// dense layer; null for an activation with kinks (relu), which keeps its own node so that its kinks are counted.
    /// </summary>
    internal Func<TensorVar, TensorVar, TensorVar, TensorVar>? AfterDense { get; }

    private static Activation Sized(string name, int width, Func<TensorVar, TensorVar> apply)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        return new(name, width, apply);
    }

    /// <summary>relu(x) = max(x, 0) (relu'(0) = 0), of the previous layer's width.</summary>
    public static Activation Relu() => new("relu", 0, ArrayMath.Relu);
    /// <summary>relu(x) = max(x, 0) (relu'(0) = 0) on rows of <paramref name="width"/>.</summary>
    public static Activation Relu(int width) => Sized("relu", width, ArrayMath.Relu);
    /// <summary>tanh x, of the previous layer's width.</summary>
    public static Activation Tanh() => new("tanh", 0, ArrayMath.Tanh);
    /// <summary>tanh x on rows of <paramref name="width"/>.</summary>
    public static Activation Tanh(int width) => Sized("tanh", width, ArrayMath.Tanh);
    /// <summary>σ(x) = 1/(1 + e⁻ˣ), of the previous layer's width.</summary>
    public static Activation Sigmoid() => new("sigmoid", 0, ArrayMath.Sigmoid);
    /// <summary>σ(x) = 1/(1 + e⁻ˣ) on rows of <paramref name="width"/>.</summary>
    public static Activation Sigmoid(int width) => Sized("sigmoid", width, ArrayMath.Sigmoid);
    /// <summary>gelu x = x·Φ(x), the exact GELU (Φ the standard normal distribution function), of the previous layer's width.</summary>
    public static Activation Gelu() => Of<Primitives.Gelu>();
    /// <summary>silu x = x·σ(x) (swish), of the previous layer's width.</summary>
    public static Activation Silu() => Of<Primitives.Silu>();
    /// <summary>elu x = x for x &gt; 0, eˣ − 1 otherwise (α = 1), of the previous layer's width.</summary>
    public static Activation Elu() => Of<Primitives.Elu>();
    /// <summary>leakyrelu x = x for x &gt; 0, 0.01x otherwise (leakyrelu'(0) = 0.01), of the previous layer's width.</summary>
    public static Activation LeakyRelu() => Of<Primitives.LeakyRelu>();
    /// <summary>The activation of any scalar primitive P, elementwise, of the previous layer's width.</summary>
    public static Activation Of<P>() where P : IUnaryPrimitive => new(P.Name, 0, ArrayMath.Apply<P>);
    /// <summary>The activation of any scalar primitive P, elementwise, on rows of <paramref name="width"/>.</summary>
    public static Activation Of<P>(int width) where P : IUnaryPrimitive => Sized(P.Name, width, ArrayMath.Apply<P>);

    /// <inheritdoc/>
    public override string Name { get; }
    /// <summary>The width of a row; 0 for an activation made without one, until a <see cref="Sequential"/> fits it.</summary>
    public override int InputWidth { get; }
    /// <inheritdoc/>
    public override int OutputWidth => InputWidth;

    /// <summary>True when made without a width.</summary>
    internal bool Unsized => InputWidth == 0;

    /// <summary>The same activation on rows of <paramref name="width"/>.</summary>
    internal Activation FitTo(int width) => Sized(Name, width, apply);

    private protected override TensorVar RecordCore(TensorVar input, ReadOnlySpan<TensorVar> parameters, List<DenseNodes>? dense) => apply(input);
}
