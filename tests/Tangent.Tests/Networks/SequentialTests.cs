using Tangent.Arrays;
using Tangent.Networks;
using Tangent.Tests.Support;
using Dense = Tangent.Networks.Dense;
using Vec = Tangent.Tests.Support.Dense;

namespace Tangent.Tests.Networks;

/// <summary>
/// The chain rule on a network: the layers' local derivatives (matrix-free maps from recorded array programs)
/// composed from last to first equal the whole network's Jacobian, which equals central differences of the
/// network; the parameter block of layer k is (later layers' input maps)∘(layer k's parameter map); every
/// local map passes the dot-product test.
/// </summary>
public class SequentialTests
{
    private static Sequential Net() => new(
        new Dense(3, 5, Initializer.GlorotNormal()), Activation.Tanh(5),
        new Residual(new Dense(5, 5, Initializer.HeNormal()), Activation.Sigmoid(5)),
        new Dense(5, 2));

    private static Tensor Input(int rows, int seed)
    {
        var rng = new Random(seed);
        return Tensor.From(Vec.Random(rng, rows * 3), rows, 3);
    }

    [Fact]
    public void LayerJacobiansComposeToTheNetworkJacobian()
    {
        var net = Net();
        var theta = net.Initialize(seed: 4);
        var x = Input(2, 1);
        var layers = net.LayerDerivatives(theta, x);
        Assert.Equal(4, layers.Count);
        LinearMap product = layers[0].WithRespectToInput;
        foreach (var d in layers.Skip(1)) product = d.WithRespectToInput.Compose(product);
        var whole = net.Linearize(theta, x).ToMatrix();
        Approx.Equal(whole, product.ToMatrix(), rel: 1e-12, abs: 1e-14, what: "composed layer Jacobians");
        // And the whole Jacobian is the derivative: central differences of the network's output.
        var fd = FiniteDifferences(v => net.Evaluate(theta, Tensor.From(v, 2, 3)).Data, x.Data);
        Approx.Equal(fd, whole, rel: 1e-7, abs: 1e-8, what: "network Jacobian vs central differences");
        // The output of each layer is the next one's input.
        for (int k = 1; k < layers.Count; k++) Assert.Equal(layers[k - 1].Output.Data, layers[k].Input.Data);
    }

    [Fact]
    public void ParameterJacobianOfLayerKIsTheLaterInputMapsAfterItsOwnParameterMap()
    {
        var net = Net();
        var theta = net.Initialize(seed: 9);
        var x = Input(3, 2);
        var layers = net.LayerDerivatives(theta, x);
        var whole = net.LinearizeParameters(theta, x).ToMatrix();
        int column = 0;
        for (int k = 0; k < layers.Count; k++)
        {
            if (layers[k].WithRespectToParameters is not { } own) continue;
            LinearMap chain = own;
            foreach (var later in layers.Skip(k + 1)) chain = later.WithRespectToInput.Compose(chain);
            var block = chain.ToMatrix();
            for (int i = 0; i < block.GetLength(0); i++)
                for (int j = 0; j < block.GetLength(1); j++)
                    Approx.Equal(whole[i, column + j], block[i, j], rel: 1e-12, abs: 1e-14, what: $"layer {k} block [{i},{j}]");
            column += block.GetLength(1);
        }
        Assert.Equal(net.ParameterCount, column);
    }

    [Fact]
    public void EveryLocalDerivativePassesTheDotProductTest()
    {
        var net = Net();
        var theta = net.Initialize(seed: 2);
        var rng = new Random(3);
        foreach (var d in net.LayerDerivatives(theta, Input(4, 5)))
            foreach (var map in new[] { d.WithRespectToInput, d.WithRespectToParameters })
            {
                if (map is null) continue;
                var v = Vec.Random(rng, map.Columns);
                var w = Vec.Random(rng, map.Rows);
                Approx.Equal(Vec.Dot(w, map.Apply(v)), Vec.Dot(map.ApplyTranspose(w), v), rel: 1e-12, abs: 1e-13, what: $"{d.Layer.Name}");
            }
    }

    [Fact]
    public void ALayerWhoseInputWidthDoesNotMatchIsNamedWithItsIndexAndBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential(new Dense(4, 6), Activation.Relu(6), new Dense(5, 3)));
        Assert.Contains("layer 2 (dense 5→3) takes rows of width 5 (batch×5), but layer 1 (relu) gives (batch×6)", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Residual(new Dense(4, 6)));
        Assert.Contains("width 4 to 6", e.Message);
        var net = new Sequential(new Dense(4, 6));
        e = Assert.Throws<ArgumentException>(() => net.Evaluate(net.Initialize(1), new Tensor(2, 5)));
        Assert.Contains("(2×5)", e.Message);
        Assert.Contains("(batch×4)", e.Message);
    }

    [Fact]
    public void ActivationsMadeWithoutAWidthTakeThePreviousLayersAndComputeTheirPrimitive()
    {
        var activations = new (Activation Layer, Func<double, double> Phi)[]
        {
            (Activation.Relu(), Tangent.Primitives.Relu.Value), (Activation.Tanh(), Math.Tanh), (Activation.Sigmoid(), Tangent.Primitives.Sigmoid.Value),
            (Activation.Gelu(), Tangent.Primitives.Gelu.Value), (Activation.Silu(), Tangent.Primitives.Silu.Value),
            (Activation.Elu(), Tangent.Primitives.Elu.Value), (Activation.LeakyRelu(), Tangent.Primitives.LeakyRelu.Value),
        };
        var rng = new Random(3);
        var x = new Tensor(2, 3);
        for (int i = 0; i < x.Length; i++) x.Data[i] = 2 * rng.NextDouble() - 1;
        foreach (var (activation, phi) in activations)
        {
            var dense = new Dense(3, 5);
            var net = new Sequential(dense, activation, new Dense(5, 2));
            Assert.Equal(5, net.Layers[1].InputWidth);
            Assert.Equal(0, activation.InputWidth); // the layer given is not changed: the network holds a fitted copy
            var theta = net.Initialize(seed: 2);
            var pre = new Sequential(dense).Evaluate(theta[..2], x);
            var post = new Sequential(dense, activation).Evaluate(theta[..2], x);
            for (int i = 0; i < pre.Length; i++)
                Assert.Equal(phi(pre.Data[i]), post.Data[i], 1e-15);
        }
        var e = Assert.Throws<ArgumentException>(() => new Sequential(Activation.Gelu(), new Dense(3, 2)));
        Assert.Contains("layer 0 (gelu) was made without a width", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Sequential(new Dense(3, 5), Activation.Of<Tangent.Primitives.Silu>(4)));
        Assert.Contains("layer 1 (silu) takes rows of width 4 (batch×4), but layer 0 (dense 3→5) gives (batch×5)", e.Message);
    }

    private static double[,] FiniteDifferences(Func<double[], double[]> f, double[] x)
    {
        int m = f(x).Length;
        var j = new double[m, x.Length];
        for (int c = 0; c < x.Length; c++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(x[c]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[c] += h;
            minus[c] -= h;
            var fp = f(plus);
            var fm = f(minus);
            for (int r = 0; r < m; r++) j[r, c] = (fp[r] - fm[r]) / (2 * h);
        }
        return j;
    }
}
