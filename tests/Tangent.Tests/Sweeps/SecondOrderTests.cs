using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// The second-order sweep where it is easiest to get wrong: the same node as both operands, weighted
/// Hessians of vector maps, outputs that are inputs or constants, and graphs with dead branches.
/// </summary>
public class SecondOrderTests
{
    [Fact]
    public void SameNodeAsBothOperandsGetsBothPartialsInEveryMode()
    {
        // x·x: 2x, 2;  x/x: 0, 0;  x − x: 0;  xˣ: xˣ(ln x + 1), xˣ((ln x + 1)² + 1/x);  atan2(x, x): 0, 0;  max(x, x) = x: 1 (a tie).
        double x0 = 1.7, l = Math.Log(x0) + 1, p = Math.Pow(x0, x0);
        (ScalarFunction F, double D1, double D2)[] cases =
        [
            (x => x[0] * x[0], 2 * x0, 2),
            (x => x[0] / x[0], 0, 0),
            (x => x[0] - x[0], 0, 0),
            (x => x[0] + x[0], 2, 0),
            (x => Var.Pow(x[0], x[0]), p * l, p * (l * l + 1 / x0)),
            (x => Var.Atan2(x[0], x[0]), 0, 0),
            (x => Var.Max(x[0], x[0]), 1, 0),
            (x => Var.Min(x[0], x[0]) * x[0], 2 * x0, 2),
        ];
        foreach (var (f, d1, d2) in cases)
        {
            var h = Differentiate.Hessian(f, [x0]);
            Approx.Equal(d1, h.Gradient[0], 1e-14, 1e-15, "first derivative (reverse)");
            Approx.Equal(d1, Differentiate.Jvp(f, [x0], [1.0]).Derivative, 1e-14, 1e-15, "first derivative (forward)");
            Approx.Equal(d2, h.Hessian[0, 0], 1e-13, 1e-15, "second derivative");
        }
    }

    [Theory]
    [MemberData(nameof(VectorCorpus.Cases), MemberType = typeof(VectorCorpus))]
    public void WeightedHessianOfAVectorMapIsTheWeightedSumOfTheComponentHessians(VectorCase c)
    {
        var x = c.Points[0];
        var g = Differentiate.Record(c.F, x);
        var rng = new Random(9);
        var w = Dense.Random(rng, c.Outputs);
        var v = Dense.Random(rng, c.Inputs);
        var expected = new double[c.Inputs, c.Inputs];
        for (int i = 0; i < c.Outputs; i++)
        {
            int row = i;
            var hi = Differentiate.Hessian(p => c.F(p)[row], x).Hessian;
            for (int a = 0; a < c.Inputs; a++)
                for (int b = 0; b < c.Inputs; b++) expected[a, b] += w[i] * hi[a, b];
        }
        double scale = 1 + Approx.MaxAbs(expected);
        Approx.Equal(expected, g.Hessian(w), 1e-13, 1e-13 * scale, $"{c} ∇²(wᵀF)");
        Approx.Equal(Dense.Multiply(expected, v), g.Hvp(v, w), 1e-13, 1e-13 * scale * c.Inputs, $"{c} ∇²(wᵀF)·v");
        // Without weights the first output is meant.
        var h0 = Differentiate.Hessian(p => c.F(p)[0], x).Hessian;
        Approx.Equal(h0, g.Hessian(), 0, 0, $"{c} ∇²F₀");
    }

    [Fact]
    public void OutputsThatAreInputsOrConstantsHaveUnitOrZeroDerivatives()
    {
        VectorFunction f = x => [x[1], new Var(3), x[0] * x[1], x[0]];
        double[] x0 = [2.0, 5.0];
        var expected = new double[,] { { 0, 1 }, { 0, 0 }, { 5, 2 }, { 1, 0 } };
        Assert.Equal(expected, Differentiate.Jacobian(f, x0, new DifferentiationOptions { Jacobian = JacobianMode.Forward }).Jacobian);
        Assert.Equal(expected, Differentiate.Jacobian(f, x0, new DifferentiationOptions { Jacobian = JacobianMode.Reverse }).Jacobian);
        var g = Differentiate.Record(f, x0);
        Assert.Equal([5.0, 3.0, 10.0, 2.0], g.Value);
        Assert.Equal(new double[,] { { 0, 1 }, { 1, 0 } }, g.Hessian([0.0, 7.0, 1.0, 4.0]));
        Assert.Equal(new double[2, 2], Differentiate.Hessian(x => x[1], x0).Hessian);
        var constant = Differentiate.Hessian(x => new Var(4), x0);
        Assert.Equal(4.0, constant.Value);
        Assert.Equal([0.0, 0.0], constant.Gradient);
        Assert.Equal(new double[2, 2], constant.Hessian);
    }

    [Fact]
    public void RepeatedOutputAccumulatesItsWeights()
    {
        VectorFunction f = x => { var s = x[0] * x[1]; return [s, s]; };
        var g = Differentiate.Record(f, [2.0, 3.0]);
        Assert.Equal([3.0 * 5, 2.0 * 5], g.Vjp([2.0, 3.0]));
        Assert.Equal(new double[,] { { 0, 5 }, { 5, 0 } }, g.Hessian([2.0, 3.0]));
    }

    [Fact]
    public void DeadBranchWithANaNPartialDoesNotPoisonTheDerivatives()
    {
        // log(−x) is recorded (NaN value and partial) but does not reach the output.
        ScalarFunction f = x => { var dead = Var.Log(-x[0]) * x[1]; return x[0] * x[1]; };
        var h = Differentiate.Hessian(f, [2.0, 3.0]);
        Assert.Equal([3.0, 2.0], h.Gradient);
        Assert.Equal(new double[,] { { 0, 1 }, { 1, 0 } }, h.Hessian);
        Assert.Equal([3.0, 2.0], Differentiate.Record(f, [2.0, 3.0]).Jacobian(JacobianMode.Forward).Jacobian.Cast<double>());
        Assert.Contains(h.Diagnostics, d => d.Primitive == "log");
    }

    [Fact]
    public void HessianOfExtendedRosenbrockInFiftyDimensionsIsTheTridiagonalHandDerivedOne()
    {
        var x = Enumerable.Range(0, 50).Select(i => 0.9 + 0.05 * Math.Sin(i)).ToArray();
        var f = new ExtendedRosenbrock();
        var h = Differentiate.Hessian(v => f.Invoke(v), x).Hessian;
        Approx.Equal(ExtendedRosenbrock.Hessian(x), h, 1e-13, 1e-11, "∇² Rosenbrock n = 50");
    }
}
