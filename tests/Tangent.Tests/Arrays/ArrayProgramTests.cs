using Tangent.Arrays;
using Tangent.Tests.Support;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// The program as a whole: one recorded program serves every minibatch of its shapes, data are never
/// differentiated, a warm gradient step allocates nothing, and kinks are counted per operation with the first
/// element's index.
/// </summary>
public class ArrayProgramTests
{
    private static Tensor Random(Random rng, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++) t.Data[i] = rng.NextDouble() * 2 - 1;
        return t;
    }

    /// <summary>A 6-5-3 MLP with batch 4: relu(X·W1 + b1)·W2 + b2 against labels.</summary>
    private static ArrayProgram Mlp()
    {
        var g = new ArrayGraph();
        var w1 = g.Parameter("W1", 6, 5);
        var b1 = g.Parameter("b1", 5);
        var w2 = g.Parameter("W2", 5, 3);
        var b2 = g.Parameter("b2", 3);
        var x = g.Data("X", 4, 6);
        var c = g.Labels("c", 4, 3);
        return new ArrayProgram(A.CrossEntropy(A.Relu(x.MatMul(w1) + b1).MatMul(w2) + b2, c));
    }

    [Fact]
    public void OneProgramServesEveryMinibatchAndMatchesAFreshRecording()
    {
        var rng = new Random(3);
        Tensor[] parameters = [Random(rng, 6, 5), Random(rng, 5), Random(rng, 5, 3), Random(rng, 3)];
        var program = Mlp();
        var gradient = parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        for (int batch = 0; batch < 3; batch++)
        {
            Tensor[] data = [Random(rng, 4, 6), Tensor.From([.. Enumerable.Range(0, 4).Select(_ => (double)rng.Next(3))], 4)];
            double f = program.Gradient(parameters, data, gradient);
            var fresh = Mlp();
            var expected = parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
            Assert.Equal(fresh.Gradient(parameters, data, expected), f);
            for (int i = 0; i < parameters.Length; i++) Assert.Equal(expected[i].Data, gradient[i].Data);
        }
    }

    [Fact]
    public void AWarmGradientStepAllocatesNothing()
    {
        var rng = new Random(4);
        Tensor[] parameters = [Random(rng, 6, 5), Random(rng, 5), Random(rng, 5, 3), Random(rng, 3)];
        Tensor[] data = [Random(rng, 4, 6), Tensor.From([0.0, 2, 1, 1], 4)];
        var gradient = parameters.Select(p => new Tensor([.. p.Shape])).ToArray();
        var program = Mlp();
        for (int i = 0; i < 3; i++) program.Gradient(parameters, data, gradient);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 10; i++) program.Gradient(parameters, data, gradient);
        }));
        Assert.True(program.GraphBytes > 0);
    }

    [Fact]
    public void ReluKinksAreCountedWithTheFirstIndex()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 3);
        var program = new ArrayProgram(A.Sum(A.Relu(x)));
        var gradient = new Tensor(2, 3);
        program.Gradient([Tensor.From([1.0, -2, 3, 0, 5, 0], 2, 3)], [], [gradient]);
        var kink = Assert.Single(program.Kinks);
        Assert.Equal("relu", kink.Operation);
        Assert.Equal(2, kink.Count);
        Assert.Equal("(1, 0)", kink.FirstIndex);
        Assert.Equal([0.0], kink.Operands);
        Assert.Contains("relu'(0) = 0", kink.Convention);
        Assert.Equal([1.0, 0, 1, 0, 1, 0], gradient.Data); // the convention relu'(0) = 0
        program.Value([Tensor.From([1.0, -2, 3, 4, 5, 6], 2, 3)], []);
        Assert.Empty(program.Kinks);
    }

    [Fact]
    public void UnderKinkPolicyThrowAKinkThrowsWithTheOperationAndElementBeforeTheGradientIsWritten()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 3);
        var program = new ArrayProgram(A.Sum(A.Relu(x))) { KinkPolicy = KinkPolicy.Throw };
        var gradient = Tensor.From([7.0, 7, 7, 7, 7, 7], 2, 3);
        var e = Assert.Throws<KinkException>(() => program.Gradient([Tensor.From([1.0, -2, 3, 0, 5, 0], 2, 3)], [], [gradient]));
        Assert.Equal("relu", e.Kink.Primitive);
        Assert.Equal([0.0], e.Kink.Operands);
        Assert.Contains("element (1, 0) of relu (2×3), the first of 2", e.Message);
        Assert.Equal([7.0, 7, 7, 7, 7, 7], gradient.Data);
        Assert.Throws<KinkException>(() => program.Value([Tensor.From([0.0, 1, 1, 1, 1, 1], 2, 3)], []));
        // Off the kinks it runs as under Report.
        Assert.Equal(21.0, program.Gradient([Tensor.From([1.0, 2, 3, 4, 5, 6], 2, 3)], [], [gradient]));
        Assert.Equal([1.0, 1, 1, 1, 1, 1], gradient.Data);
    }

    [Fact]
    public void MaxTiesAreKinksAndShareTheDerivative()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 3);
        var program = new ArrayProgram(A.Sum(A.Max(x, -1)));
        var gradient = new Tensor(2, 3);
        program.Gradient([Tensor.From([1.0, 4, 2, 7, 3, 7], 2, 3)], [], [gradient]);
        var kink = Assert.Single(program.Kinks);
        Assert.Equal(("max", 1, "(1)"), (kink.Operation, kink.Count, kink.FirstIndex));
        Assert.Equal([7.0, 3, 7], kink.Operands);
        Assert.Equal([0.0, 1, 0, 0.5, 0, 0.5], gradient.Data);
    }

    [Fact]
    public void DataAreNotDifferentiated()
    {
        // d/dw of Σ (X·w) is Σ over rows of X; X itself gets no adjoint and the program has one parameter.
        var g = new ArrayGraph();
        var w = g.Parameter("w", 2);
        var x = g.Data("X", 3, 2);
        var program = new ArrayProgram(A.Sum(x.MatMul(w)));
        Assert.Single(program.Parameters);
        var gradient = new Tensor(2);
        program.Gradient([Tensor.From([5.0, 7], 2)], [Tensor.From([1.0, 2, 3, 4, 5, 6], 3, 2)], [gradient]);
        Assert.Equal([9.0, 12], gradient.Data);
    }

    [Fact]
    public void TheDerivativeIsALinearMapThatPassesTheTaylorTest()
    {
        // f(x + h·v) − f(x) − h·J·v shrinks like h²: the remainder of the linear model is second order.
        var rng = new Random(6);
        Tensor[] parameters = [Random(rng, 6, 5), Random(rng, 5), Random(rng, 5, 3), Random(rng, 3)];
        Tensor[] data = [Random(rng, 4, 6), Tensor.From([0.0, 2, 1, 1], 4)];
        var program = Mlp();
        var map = program.Linearize(parameters, data);
        Assert.Equal((1, 6 * 5 + 5 + 5 * 3 + 3), map.Shape);
        var v = Dense.Random(rng, map.Columns);
        double f0 = program.Value(parameters, data), slope = map.Apply(v)[0];
        double Remainder(double h)
        {
            var moved = parameters.Select(p => p.Clone()).ToArray();
            int at = 0;
            foreach (var p in moved) for (int i = 0; i < p.Length; i++) p.Data[i] += h * v[at++];
            return Math.Abs(program.Value(moved, data) - f0 - h * slope);
        }
        double r1 = Remainder(1e-2), r2 = Remainder(5e-3);
        Assert.InRange(r1 / r2, 3.5, 4.5);
    }
}
