using Tangent.Primitives;
namespace Tangent.Tests.Sweeps;

/// <summary>
/// Where an infinite partial meets a zero one (√ of a square at 0, a constant 0 times 1/x at 0), the chain
/// product 0·∞ is associated differently by the forward sweep, the reverse sweep and dual numbers; all three
/// read the same declarations, so they must still give the same number.
/// </summary>
public class ZeroTimesInfinityTests
{
    public static TheoryData<string> Cases() => new() { "sqrt(x·x)", "0·(1/x)", "x·(1/x)", "sqrt(x)·0 + x", "sqrt(x·x)·y" };

    private static ScalarFunction Get(string name) => name switch
    {
        "sqrt(x·x)" => x => Var.Sqrt(x[0] * x[0]),
        "0·(1/x)" => x => 0.0 * (1.0 / x[0]),
        "x·(1/x)" => x => x[0] * (1.0 / x[0]),
        "sqrt(x)·0 + x" => x => Var.Sqrt(x[0]) * 0.0 + x[0],
        _ => x => Var.Sqrt(x[0] * x[0]) * x[1],
    };

    private static Dual OnDual(string name, Dual x, Dual y) => name switch
    {
        "sqrt(x·x)" => Dual.Apply<Sqrt>(x * x),
        "0·(1/x)" => 0.0 * (1.0 / x),
        "x·(1/x)" => x * (1.0 / x),
        "sqrt(x)·0 + x" => Dual.Apply<Sqrt>(x) * 0.0 + x,
        _ => Dual.Apply<Sqrt>(x * x) * y,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardReverseAndDualAgreeWhereAZeroPartialMeetsAnInfiniteOne(string name)
    {
        var f = Get(name);
        double[] x = [0.0, 2.0];
        var g = Differentiate.Record(f, x);
        var reverse = g.Gradient();
        var forward = new[] { g.Jvp([1.0, 0.0])[0], g.Jvp([0.0, 1.0])[0] };
        var dual = new[] { OnDual(name, new Dual(0, 1), 2.0).Derivative, OnDual(name, 0.0, new Dual(2, 1)).Derivative };
        Assert.Equal(reverse, forward);
        Assert.Equal(reverse, dual);
        Assert.Equal(reverse, g.Jacobian(JacobianMode.Forward).Jacobian.Cast<double>());
        Assert.Equal(reverse, g.Jacobian(JacobianMode.Reverse).Jacobian.Cast<double>());
        Assert.NotEmpty(g.Diagnostics); // the infinite partial is reported either way
    }

    [Fact]
    public void ZeroTimesAnInfinitePartialDropsOutOfTheGradientAndTheHessian()
    {
        // f = √x·0 + x is x for x ≥ 0: f′(0) = 1, f″(0) = 0 in every mode.
        var h = Differentiate.Hessian(x => Var.Sqrt(x[0]) * 0.0 + x[0], [0.0]);
        Assert.Equal([1.0], h.Gradient);
        Assert.Equal(0.0, h.Hessian[0, 0]);
        Assert.Equal(1.0, Differentiate.Jvp(x => Var.Sqrt(x[0]) * 0.0 + x[0], [0.0], [1.0]).Derivative);
    }
}
