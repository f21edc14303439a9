using CsCheck;
using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// Forward and reverse sweeps read the same local partials, so on any composition their Jacobians agree
/// to rounding; dual numbers agree with the forward sweep; the Hessian is symmetric and its products
/// agree with HVP — on CsCheck-generated compositions over every primitive.
/// </summary>
public class ForwardReverseAgreementTests
{
    private static double Tolerance(double[,] a) => 1e-12 * (1 + Approx.MaxAbs(a));

    [Fact]
    public void ForwardAndReverseJacobiansAgreeOnRandomCompositions()
    {
        ExpressionTrees.Map().SampleRepeatably(t =>
        {
            var f = ExpressionTrees.AsVectorFunction(t.Outputs);
            var g = Differentiate.Record(f, t.Point);
            var forward = g.Jacobian(JacobianMode.Forward).Jacobian;
            var reverse = g.Jacobian(JacobianMode.Reverse).Jacobian;
            Approx.Equal(forward, reverse, 1e-12, Tolerance(forward), "forward vs reverse Jacobian");
            Assert.True(forward.Cast<double>().All(double.IsFinite), "guarded trees are finite");
        }, iter: 300);
    }

    [Fact]
    public void SmoothRandomCompositionJacobianEqualsCentralDifferences()
    {
        ExpressionTrees.Map(depth: 3, smooth: true).SampleRepeatably(t =>
        {
            var f = ExpressionTrees.AsVectorFunction(t.Outputs);
            var r = Differentiate.Jacobian(f, t.Point);
            double[] Plain(double[] x) => f(x.Select(v => new Var(v)).ToArray()).Select(v => v.Value).ToArray();
            double scale = 1 + Approx.MaxAbs(r.Jacobian);
            Assert.Empty(r.Kinks);
            Approx.Equal(FiniteDifference.Jacobian(Plain, t.Point), r.Jacobian, 1e-6, 1e-7 * scale, "Jacobian vs central difference");
        }, iter: 200);
    }

    [Fact]
    public void DualNumbersAgreeWithTheForwardSweepOnRandomCompositions()
    {
        Gen.Select(ExpressionTrees.Tree(3, 4), Gen.Double[-2, 2].Array[3], Gen.Double[-1, 1].Array[3]).SampleRepeatably((tree, x, v) =>
        {
            var f = new ExpressionTrees.AsScalarFunction(tree);
            var dual = Differentiate.Jvp(f, x, v);
            var tape = Differentiate.Record(f, x).Jvp(v)[0];
            Approx.Equal(tape, dual.Derivative, 1e-12, 1e-12 * (1 + Math.Abs(tape)), $"dual vs tape JVP of {tree}");
            Assert.Equal(Differentiate.Value(f, x), dual.Value);
            Assert.Equal(Differentiate.Value(f, x), Differentiate.Gradient(f, x).Value);
        }, iter: 300);
    }

    [Fact]
    public void HessianOfRandomCompositionsIsSymmetricAndItsColumnsAreHvps()
    {
        Gen.Select(ExpressionTrees.Tree(3, 3), Gen.Double[-2, 2].Array[3], Gen.Double[-1, 1].Array[3]).SampleRepeatably((tree, x, v) =>
        {
            var f = new ExpressionTrees.AsScalarFunction(tree);
            var g = Differentiate.Record(f, x);
            var h = g.Hessian();
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++) Assert.Equal(h[i, j], h[j, i]);
            double scale = 1 + Approx.MaxAbs(h);
            Approx.Equal(Dense.Multiply(h, v), g.Hvp(v), 1e-11, 1e-11 * scale, $"HVP = H·v for {tree}");
        }, iter: 150);
    }

    [Fact]
    public void HessianOfSmoothRandomCompositionsEqualsTheDifferenceJacobianOfTheGradient()
    {
        Gen.Select(ExpressionTrees.Tree(3, 3, smooth: true), Gen.Double[-2, 2].Array[3]).SampleRepeatably((tree, x) =>
        {
            var f = new ExpressionTrees.AsScalarFunction(tree);
            var h = Differentiate.Record(f, x).Hessian();
            var fd = FiniteDifference.Jacobian(p => Differentiate.Gradient(f, p).Gradient, x);
            Approx.Equal(fd, h, 1e-6, 1e-7 * (1 + Approx.MaxAbs(h)), $"∇² vs difference of ∇ for {tree}");
        }, iter: 150);
    }

    [Theory]
    [InlineData(100, 1, JacobianMode.Reverse, 1)]
    [InlineData(4, 1, JacobianMode.Reverse, 1)]
    [InlineData(5, 2, JacobianMode.Reverse, 2)]
    [InlineData(1, 100, JacobianMode.Forward, 1)]
    [InlineData(3, 3, JacobianMode.Forward, 1)]
    [InlineData(20, 20, JacobianMode.Forward, 3)]
    [InlineData(2, 4, JacobianMode.Forward, 1)]
    public void AutoModePicksForwardWhenNAtMostMAndReverseOtherwiseAndReportsTheSweeps(int n, int m, JacobianMode expected, int sweeps)
    {
        VectorFunction f = x =>
        {
            var y = new Var[m];
            for (int i = 0; i < m; i++) y[i] = Var.Sin(x[i % n] * (i + 1)) + x[(i + 1) % n] * x[0];
            return y;
        };
        var x0 = Enumerable.Range(0, n).Select(i => 0.1 * i - 0.3).ToArray();
        var auto = Differentiate.Jacobian(f, x0);
        Assert.Equal(expected, auto.Mode);
        Assert.Equal(sweeps, auto.Sweeps);
        var other = Differentiate.Jacobian(f, x0, new DifferentiationOptions { Jacobian = expected == JacobianMode.Forward ? JacobianMode.Reverse : JacobianMode.Forward });
        Approx.Equal(other.Jacobian, auto.Jacobian, 1e-14, 1e-14, "auto vs the other direction");
    }
}
