using Tangent.Checks;

namespace Tangent.Tests.Checks;

/// <summary>
/// The nonsmooth points of the new primitives, as the differentiability check and the kink log see them:
/// floor and ceil jump (not continuous), cbrt has a vertical tangent (an infinite derivative), hypot is not
/// differentiable at the origin, leakyrelu at 0; elu is C¹, so it is differentiable at 0.
/// </summary>
public class NewPrimitiveCheckTests
{
    public static TheoryData<string, double[], Verdict> Cases => new()
    {
        { "floor", [1.0], Verdict.NotDifferentiable },
        { "ceil", [-2.0], Verdict.NotDifferentiable },
        { "cbrt", [0.0], Verdict.NotDifferentiable },
        { "hypot", [0.0, 0.0], Verdict.NotDifferentiable },
        { "leakyrelu", [0.0], Verdict.NotDifferentiable },
        { "elu", [0.0], Verdict.Differentiable },
        { "floor", [1.5], Verdict.Differentiable },
        { "cbrt", [-8.0], Verdict.Differentiable },
    };

    private static Var Call(string name, ReadOnlySpan<Var> v) => name switch
    {
        "floor" => Var.Floor(v[0]),
        "ceil" => Var.Ceil(v[0]),
        "cbrt" => Var.Cbrt(v[0]),
        "hypot" => Var.Hypot(v[0], v[1]),
        "leakyrelu" => Var.LeakyRelu(v[0]),
        _ => Var.Elu(v[0]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheCheckGivesTheVerdictOfTheMathematics(string name, double[] x, Verdict expected)
    {
        var r = Differentiability.Check(v => Call(name, v), x);
        Assert.True(expected == r.Verdict, $"{name} at ({string.Join(", ", x)}): {r.Verdict}, {r.Reason}");
        if (name is "floor" or "ceil" && expected == Verdict.NotDifferentiable) Assert.Contains("not continuous", r.Reason);
        if (name == "cbrt" && expected == Verdict.NotDifferentiable) Assert.Contains("vertical tangent", r.Reason);
    }

    [Fact]
    public void FloorAndCeilLogAJumpAtAnInteger()
    {
        var g = Differentiate.Gradient(v => Var.Floor(v[0]) + Var.Ceil(v[1]), [3.0, -1.0]);
        Assert.Equal(2, g.Kinks.Count);
        Assert.All(g.Kinks, k => Assert.Contains("jumps", k.Convention));
        Assert.Equal([0.0, 0.0], g.Gradient);
    }

    [Fact]
    public void EluIsNotAKinkButLeakyReluIs()
    {
        Assert.Empty(Differentiate.Gradient(v => Var.Elu(v[0]), [0.0]).Kinks);
        var leaky = Differentiate.Gradient(v => Var.LeakyRelu(v[0]), [0.0]);
        Assert.Single(leaky.Kinks);
        Assert.Equal(0.01, leaky.Gradient[0]);
    }
}
