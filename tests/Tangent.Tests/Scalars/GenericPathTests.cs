using CsCheck;
using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.ScalarTests;

/// <summary>
/// One generic function, three scalar types: on Real, Dual and Var it computes identical values, and the
/// dual-number JVP equals the tape's JVP and the gradient's projection.
/// </summary>
public class GenericPathTests
{
    public static TheoryData<string> Functions() => new() { "rosenbrock", "smooth mix", "piecewise" };

    private static IScalarFunction Get(string name) => name switch
    {
        "rosenbrock" => new ExtendedRosenbrock(),
        "smooth mix" => new SmoothMix(),
        _ => new Piecewise(),
    };

    private static double Value<F>(F f, double[] x) where F : IScalarFunction => Differentiate.Value(f, x);

    [Theory]
    [MemberData(nameof(Functions))]
    public void GenericFunctionHasIdenticalValuesOnRealDualAndVar(string name)
    {
        var f = Get(name);
        var rng = new Random(77);
        for (int k = 0; k < 50; k++)
        {
            var x = Dense.Random(rng, 3, -1.5, 1.5);
            double real = Value(f, x);
            var duals = x.Select(t => new Dual(t, 0.5)).ToArray();
            double dual = f.Invoke<Dual>(duals).Value;
            double tape = Differentiate.Gradient(f, x).Value;
            double recorded = Differentiate.Record(f, x).Value[0];
            var vars = x.Select(t => new Var(t)).ToArray();
            double constants = f.Invoke<Var>(vars).Value;
            Assert.Equal(real, dual);
            Assert.Equal(real, tape);
            Assert.Equal(real, recorded);
            Assert.Equal(real, constants);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void DualJvpEqualsTapeJvpAndTheGradientAlongV(string name)
    {
        var f = Get(name);
        var rng = new Random(78);
        for (int k = 0; k < 50; k++)
        {
            var x = Dense.Random(rng, 3, -1.5, 1.5);
            var v = Dense.Random(rng, 3);
            var dual = Differentiate.Jvp(f, x, v);
            var tape = Differentiate.Record(f, x).Jvp(v)[0];
            var grad = Differentiate.Gradient(f, x).Gradient;
            double scale = 1 + Math.Abs(tape);
            Approx.Equal(tape, dual.Derivative, 1e-13, 1e-13 * scale, $"{name} dual vs tape JVP");
            Approx.Equal(Dense.Dot(grad, v), dual.Derivative, 1e-12, 1e-12 * scale, $"{name} dual JVP vs ∇f·v");
        }
    }

    [Fact]
    public void SmoothMixGradientEqualsCentralDifferencesOnDoubles()
    {
        var f = new SmoothMix();
        var rng = new Random(79);
        for (int k = 0; k < 30; k++)
        {
            var x = Dense.Random(rng, 3, -1.5, 1.5);
            var r = Differentiate.Gradient(f, x).Gradient;
            Approx.Equal(FiniteDifference.Gradient(p => Value(f, p), x), r, 1e-7, 1e-8 * (1 + r.Max(Math.Abs)), "SmoothMix ∇ vs central difference");
        }
    }

    [Fact]
    public void PiecewiseFunctionTakesTheSameBranchOnEveryScalarTypeAndRecordsItOnTheTape()
    {
        var f = new Piecewise();
        // x > y: s = x² − y, then + max(x, 1)·|z| + relu(y − z) + min(xy, z).
        double[] x = [2.0, 0.5, -1.0];
        var r = Differentiate.Gradient(f, x);
        // x² − y + 2·1 + relu(1.5) + min(1, −1) = 4 − 0.5 + 2 + 1.5 − 1
        Assert.Equal(6.0, r.Value);
        Assert.Equal(6.0, Value(f, x));
        // ∂x = 2x + |z| (max = x) = 5, ∂y = −1 + 1 = 0, ∂z = max(x,1)·sign z − 1 + 1 (min = z) = −2
        Assert.Equal([5.0, 0.0, -2.0], r.Gradient);
        Assert.Equal(1, Differentiate.Record(f, x).BranchCount);
        Assert.Equal(Dense.Dot(r.Gradient, [1.0, 2.0, 3.0]), Differentiate.Jvp(f, x, [1.0, 2.0, 3.0]).Derivative);
    }

    [Fact]
    public void DualComparisonsCompareValuesOnly()
    {
        Assert.True(new Dual(1, 5) < new Dual(2, -5));
        Assert.True(new Dual(1, 5) == new Dual(1, -3));
        Assert.False(new Dual(1, 5) != new Dual(1, -3));
        Assert.True(new Dual(2, 0) >= new Dual(2, 1));
        Assert.Equal(new Dual(1, 5).GetHashCode(), new Dual(1, -3).GetHashCode());
    }

    [Fact]
    public void RandomTreesHaveIdenticalValuesOnRealDualAndVar()
    {
        Gen.Select(ExpressionTrees.Tree(3, 4), Gen.Double[-2, 2].Array[3]).SampleRepeatably((tree, x) =>
        {
            var f = new ExpressionTrees.AsScalarFunction(tree);
            double real = Differentiate.Value(f, x);
            Assert.Equal(real, f.Invoke<Dual>(x.Select(t => new Dual(t, 1)).ToArray()).Value);
            Assert.Equal(real, Differentiate.Gradient(f, x).Value);
        }, iter: 300);
    }
}
