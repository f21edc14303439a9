using Tangent.Arrays;
using Tangent.Networks;
using Tangent.Tests.Support;
using A = Tangent.Arrays.ArrayMath;
using Dense = Tangent.Networks.Dense;

namespace Tangent.Tests.Networks;

/// <summary>
/// A sequential network records a dense layer and a smooth activation after it as one operation φ(X·W + b), and a
/// dense layer alone as one "dense" operation; relu keeps its own node (its kinks are counted). The classifier's
/// loss and gradient equal those of the same network written as matmul, add and φ, to rounding.
/// </summary>
public class FusedLayerTests
{
    private static string[] Operations(Sequential net, int rows)
    {
        var g = new ArrayGraph();
        var x = g.Data("X", rows, net.InputWidth);
        var p = net.Parameters.Select(s => g.Parameter(s.Name, s.Shape)).ToArray();
        net.Record(x, p);
        return [.. g.Nodes.Select(n => n.Operation).Where(o => !o.StartsWith("parameter") && !o.StartsWith("data"))];
    }

    [Fact]
    public void DenseAndASmoothActivationAreOneOperationAndReluKeepsItsOwn()
    {
        var net = new Sequential(new Dense(4, 8), Activation.Tanh(), new Dense(8, 6), Activation.Sigmoid(), new Dense(6, 5), Activation.Relu(), new Dense(5, 3));
        Assert.Equal(["tanh∘dense", "sigmoid∘dense", "dense", "relu", "dense"], Operations(net, 7));
    }

    [Theory]
    [InlineData(4, 32, 3, 150)]
    [InlineData(24, 8, 2, 200)]
    [InlineData(30, 40, 50, 60)] // above the small-product size: the packed products
    public void ClassifierGradientEqualsTheUnfusedNetwork(int inputs, int hidden, int classes, int rows)
    {
        var net = new Sequential(new Dense(inputs, hidden), Activation.Tanh(), new Dense(hidden, classes));
        var theta = net.Initialize(seed: 2);
        var rng = new Random(9);
        var x = Enumerable.Range(0, rows * inputs).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var labels = Enumerable.Range(0, rows).Select(_ => rng.Next(classes)).ToArray();
        var model = new Classifier(net, theta, rows);
        double loss = model.Gradient(x, labels);

        var g = new ArrayGraph();
        var xv = g.Data("X", rows, inputs);
        var y = g.Labels("y", rows, classes);
        var p = net.Parameters.Select(s => g.Parameter(s.Name, s.Shape)).ToArray();
        var logits = A.Tanh(xv.MatMul(p[0]) + p[1]).MatMul(p[2]) + p[3];
        var general = new ArrayProgram(A.CrossEntropy(logits, y));
        var gradient = theta.Select(t => new Tensor([.. t.Shape])).ToArray();
        double expected = general.Gradient(theta, [Tensor.From(x, rows, inputs), Tensor.From(labels.Select(c => (double)c).ToArray(), rows)], gradient);
        Assert.DoesNotContain("matmul", Operations(net, rows));
        Approx.Equal(expected, loss, 1e-13, 1e-14, "loss");
        Approx.Equal(gradient.SelectMany(t => t.Data).ToArray(), model.Gradients.SelectMany(t => t.Data).ToArray(), 1e-11, 1e-14, "gradient");
    }
}
