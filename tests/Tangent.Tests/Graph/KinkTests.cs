using Tangent.Tests.Primitives;
using Tangent.Tests.Support;

namespace Tangent.Tests.GraphTests;

/// <summary>
/// Nonsmooth points are never silent: relu(0), abs(0), sign(0), ties of max and min, and comparisons on
/// their boundary are reported with the primitive, the operands and the convention; the convention's
/// values (relu′(0) = 0, abs′(0) = 0, sign′(0) = 0, 1/2 to each side of a tie) hold in every mode.
/// </summary>
public class KinkTests
{
    [Theory]
    [InlineData("relu", "relu'(0) = 0")]
    [InlineData("abs", "abs'(0) = 0")]
    [InlineData("sign", "sign'(0) = 0")]
    public void UnaryKinkAtZeroIsReportedAndItsConventionHoldsInEveryMode(string name, string convention)
    {
        ScalarFunction f = x => PrimitiveTable.Apply<Var>(name, x[0], 0) * 3.0;
        var r = Differentiate.Gradient(f, [0.0]);
        var kink = Assert.Single(r.Kinks);
        Assert.Equal(name, kink.Primitive);
        Assert.Equal([0.0], kink.Operands);
        Assert.StartsWith(convention, kink.Convention);
        Assert.Equal($"{name}(0)", kink.Where);
        Assert.Equal(0.0, r.Gradient[0]);                                              // reverse
        Assert.Equal(0.0, Differentiate.Jvp(f, [0.0], [1.0]).Derivative);               // forward
        Assert.Equal(0.0, PrimitiveTable.Apply<Dual>(name, new Dual(0, 1), 0).Derivative); // dual
        Assert.Equal(0.0, Differentiate.Hessian(f, [0.0]).Hessian[0, 0]);              // second order
        var replayed = Differentiate.Record(f, [1.0]).At([0.0])!;                       // replay
        Assert.Equal(0.0, replayed.Gradient()[0]);
        Assert.Equal(name, Assert.Single(replayed.Kinks).Primitive);
    }

    [Theory]
    [InlineData("max")]
    [InlineData("min")]
    public void TieOfMaxOrMinIsReportedAndEachArgumentGetsOneHalfInEveryMode(string name)
    {
        ScalarFunction f = x => PrimitiveTable.Apply<Var>(name, x[0], x[1]);
        double[] tie = [1.25, 1.25];
        var r = Differentiate.Gradient(f, tie);
        var kink = Assert.Single(r.Kinks);
        Assert.Equal(name, kink.Primitive);
        Assert.Equal([1.25, 1.25], kink.Operands);
        Assert.Contains("1/2", kink.Convention);
        Assert.Equal([0.5, 0.5], r.Gradient);
        var g = Differentiate.Record(f, tie);
        Assert.Equal([0.5, 0.5], Row(g.Jacobian(JacobianMode.Forward).Jacobian));
        Assert.Equal([0.5, 0.5], Row(g.Jacobian(JacobianMode.Reverse).Jacobian));
        Assert.Equal(0.5 * 2 + 0.5 * -6, g.Jvp([2.0, -6.0])[0]);
        Assert.Equal(0.5, PrimitiveTable.Apply<Dual>(name, new Dual(1.25, 1), 1.25).Derivative);
        Assert.Equal(0.5, PrimitiveTable.Apply<Dual>(name, 1.25, new Dual(1.25, 1)).Derivative);
        Assert.Equal(new double[2, 2], g.Hessian());
        // A tie against a constant is a kink too, with the Var's partial 1/2.
        var c = Differentiate.Gradient(x => PrimitiveTable.Apply<Var>(name, x[0], 2.0), [2.0]);
        Assert.Equal([0.5], c.Gradient);
        Assert.Equal(name, Assert.Single(c.Kinks).Primitive);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.0, 0.0)]
    public void ComparisonOnItsBoundaryIsReportedAsAnIfKinkWithItsOperands(double a, double b)
    {
        // f = x ≥ y ? x·y : x + y, evaluated at x = y: the branch taken is one-sided.
        var r = Differentiate.Gradient(x => x[0] >= x[1] ? x[0] * x[1] : x[0] + x[1], [a, b]);
        var kink = Assert.Single(r.Kinks);
        Assert.Equal("if", kink.Primitive);
        Assert.Equal([a, b], kink.Operands);
        Assert.Contains(">=", kink.Convention);
        Assert.Contains("true", kink.Convention);
        Assert.Equal([b, a], r.Gradient); // the taken branch x·y
    }

    [Fact]
    public void ComparisonOffItsBoundaryAndComparisonOfConstantsAreNotKinks()
    {
        var r = Differentiate.Gradient(x => x[0] > 0.5 && new Var(1) == new Var(1) ? x[0] * 2 : x[0], [1.0]);
        Assert.Empty(r.Kinks);
        Assert.Equal([2.0], r.Gradient);
    }

    [Fact]
    public void SmoothEvaluationReportsNoKinks()
    {
        var r = Differentiate.Gradient(x => Var.Relu(x[0]) + Var.Abs(x[1]) + Var.Max(x[0], x[1]), [0.5, -0.25]);
        Assert.Empty(r.Kinks);
        Assert.Equal([1.0 + 1.0, -1.0], r.Gradient);
    }

    [Fact]
    public void EveryKinkHitIsReportedInTheOrderMet()
    {
        var r = Differentiate.Gradient(x => Var.Abs(x[0]) + Var.Relu(x[1]) + Var.Max(x[0], x[1]), [0.0, 0.0]);
        Assert.Equal(["abs", "relu", "max"], r.Kinks.Select(k => k.Primitive));
        Assert.Equal([0.5, 0.5], r.Gradient);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("abs")]
    [InlineData("max")]
    [InlineData("sign")]
    public void KinkPolicyThrowThrowsKinkExceptionNamingThePrimitive(string name)
    {
        var options = new DifferentiationOptions { Kinks = KinkPolicy.Throw };
        var e = Assert.Throws<KinkException>(() => Differentiate.Gradient(x => PrimitiveTable.Apply<Var>(name, x[0], 0), [0.0], options));
        Assert.Equal(name, e.Kink.Primitive);
        Assert.Contains($"{name}(0", e.Message);
        // Away from the kink the same policy lets the evaluation through.
        Assert.Empty(Differentiate.Gradient(x => PrimitiveTable.Apply<Var>(name, x[0], 0), [0.75], options).Kinks);
        // The thread's tape still works after the exception.
        Assert.Equal([4.0], Differentiate.Gradient(x => x[0] * x[0], [2.0]).Gradient);
    }

    [Fact]
    public void KinkPolicyThrowAlsoThrowsForAComparisonOnItsBoundary()
    {
        var options = new DifferentiationOptions { Kinks = KinkPolicy.Throw };
        var e = Assert.Throws<KinkException>(() => Differentiate.Gradient(x => x[0] < x[1] ? x[0] : x[1], [2.0, 2.0], options));
        Assert.Equal("if", e.Kink.Primitive);
    }

    [Fact]
    public void KinksAreReportedByHessianAndJacobianResultsToo()
    {
        Assert.Equal("abs", Assert.Single(Differentiate.Hessian(x => Var.Abs(x[0]) * x[1], [0.0, 1.0]).Kinks).Primitive);
        var j = Differentiate.Jacobian(x => [Var.Relu(x[0]), Var.Min(x[0], x[1])], [0.0, 0.0]);
        Assert.Equal(["relu", "min"], j.Kinks.Select(k => k.Primitive));
        Approx.Equal(new[,] { { 0.0, 0.0 }, { 0.5, 0.5 } }, j.Jacobian);
    }

    private static double[] Row(double[,] m) => Enumerable.Range(0, m.GetLength(1)).Select(j => m[0, j]).ToArray();
}
