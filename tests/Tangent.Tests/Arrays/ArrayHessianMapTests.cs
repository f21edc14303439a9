using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// The Hessian of an array program as a linear map (HessianMap): products are Hessian-vector products that agree
/// with differences of the gradient, and the map passes the dot-product test against its own transpose,
/// ⟨w, H·v⟩ = ⟨Hᵀ·w, v⟩ = ⟨H·w, v⟩.
/// </summary>
public class ArrayHessianMapTests
{
    private static Tensor Random(Random rng, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++) t.Data[i] = rng.NextDouble() * 2 - 1;
        return t;
    }

    /// <summary>mse(tanh(X·W + b)·u, y): a smooth loss of 20 parameters over 5 samples.</summary>
    private static (ArrayProgram Program, Tensor[] Parameters, Tensor[] Data) Case(int seed)
    {
        var g = new ArrayGraph();
        var w = g.Parameter("W", 3, 4);
        var b = g.Parameter("b", 4);
        var u = g.Parameter("u", 4);
        var x = g.Data("X", 5, 3);
        var y = g.Data("y", 5);
        var program = new ArrayProgram(A.MeanSquaredError(A.Tanh(x.MatMul(w) + b).MatMul(u), y));
        var rng = new Random(seed);
        return (program, [Random(rng, 3, 4), Random(rng, 4), Random(rng, 4)], [Random(rng, 5, 3), Random(rng, 5)]);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    [Fact]
    public void TheHessianMapPassesTheDotProductTestAgainstItsTranspose()
    {
        var (program, parameters, data) = Case(1);
        var h = program.HessianMap(parameters, data);
        Assert.Equal((20, 20), h.Shape);
        var rng = new Random(2);
        for (int trial = 0; trial < 3; trial++)
        {
            double[] v = [.. Enumerable.Range(0, 20).Select(_ => rng.NextDouble() - 0.5)];
            double[] w = [.. Enumerable.Range(0, 20).Select(_ => rng.NextDouble() - 0.5)];
            double left = Dot(w, h.Apply(v)), right = Dot(h.Transpose().Apply(w), v);
            Assert.Equal(left, right, 1e-12 * (1 + Math.Abs(left)));
            Assert.Equal(Dot(w, h.Apply(v)), Dot(h.ApplyTranspose(w), v), 1e-12 * (1 + Math.Abs(left)));
        }
    }

    [Fact]
    public void EachProductIsTheDerivativeOfTheGradientAlongTheDirection()
    {
        // H·v = (∇f(θ + εv) − ∇f(θ − εv)) / 2ε + O(ε²).
        var (program, parameters, data) = Case(3);
        var h = program.HessianMap(parameters, data);
        var rng = new Random(4);
        double[] v = [.. Enumerable.Range(0, 20).Select(_ => rng.NextDouble() - 0.5)];
        double[] Gradient(double step)
        {
            var moved = parameters.Select(p => p.Clone()).ToArray();
            int at = 0;
            foreach (var p in moved) for (int i = 0; i < p.Length; i++) p.Data[i] += step * v[at++];
            var g = moved.Select(p => new Tensor([.. p.Shape])).ToArray();
            program.Gradient(moved, data, g);
            return [.. g.SelectMany(t => t.Data)];
        }
        const double eps = 1e-5;
        double[] up = Gradient(eps), down = Gradient(-eps), hv = h.Apply(v);
        for (int i = 0; i < 20; i++) Assert.Equal((up[i] - down[i]) / (2 * eps), hv[i], 1e-7 * (1 + Math.Abs(hv[i])));
        // The map was taken at the point it was given: moving the caller's tensors afterwards changes nothing.
        parameters[0].Data[0] += 1;
        Assert.Equal(hv, h.Apply(v));
    }

    [Fact]
    public void AProgramWithAnArrayOutputHasNoHessianMap()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 3);
        var program = new ArrayProgram(A.Tanh(x));
        var e = Assert.Throws<InvalidOperationException>(() => program.HessianMap([new Tensor(3)], []));
        Assert.Contains("HessianMap needs a scalar output", e.Message);
    }
}
