using System.Reflection;
using Tangent.Checks;
using Tangent.Primitives;

namespace Tangent.Tests.Checks;

public class TaylorTestTests
{
    /// <summary>An interior point of each primitive's domain, away from its kinks (argument order a, b).</summary>
    private static (double A, double B) InteriorPoint(string name) => name switch
    {
        "log" or "sqrt" => (0.7, 0),
        "asin" or "acos" => (0.3, 0),
        "^" => (1.3, 0.7),
        "atan2" => (0.5, 0.9),
        "max" or "min" => (0.4, 0.9),
        _ => Inside(Primitive.All.Single(p => p.Name == name)),
    };

    /// <summary>The first of a few points whose neighbourhood lies inside the primitive's domain and off its kinks.</summary>
    private static (double A, double B) Inside(Primitive p) =>
        new[] { (0.4, 0.9), (1.3, 0.7), (2.5, 1.5), (-0.6, 0.8), (7.0, 3.0) }.First(c =>
            new[] { -0.2, 0, 0.2 }.All(s => !p.OutsideDomain(c.Item1 + s, c.Item2 + s) && !p.IsKink(c.Item1 + s, c.Item2 + s)));

    public static TheoryData<string> PrimitiveNames => [.. Primitive.All.Select(p => p.Name)];

    /// <summary>
    /// f(t) = φ(u(t)) or φ(u(t), w(t)) with u, w curved (u(t) = a + t + 0.3t², w(t) = b − t + 0.2t²), so that even
    /// linear primitives give a genuine second-order remainder, taken at t = 0.
    /// </summary>
    private static ScalarFunction Composed(Primitive p)
    {
        var (a, b) = InteriorPoint(p.Name);
        if (p.Arity == 1) return t => p.Record(a + t[0] + 0.3 * t[0] * t[0], 0);
        return t => p.Record(a + t[0] + 0.3 * t[0] * t[0], b - t[1] + 0.2 * t[1] * t[1]);
    }

    [Theory]
    [MemberData(nameof(PrimitiveNames))]
    public void EveryPrimitiveHasTaylorOrderTwo(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var f = Composed(p);
        double[] x = p.Arity == 1 ? [0.0] : [0.0, 0.0];
        double[] v = p.Arity == 1 ? [1.0] : [0.6, 0.8];
        var r = TaylorTest.FirstOrder(f, x, v);
        if (p.PiecewiseConstant)
            Assert.True(r.AtRoundingLevel, $"{name} is locally constant: the first-order model is exact"); // f − f(x) − 0·h = 0
        else
            Assert.True(Math.Abs(r.Order - 2) <= 0.2, $"{name}: observed order {r.Order}");
    }

    [Fact]
    public void WrongDerivativeRuleGivesOrderOne()
    {
        var r = TaylorTest.FirstOrder(x => Wrong.Sin(x[0]) * x[1], [0.7, 1.3]);
        Assert.True(Math.Abs(r.Order - 1) <= 0.2, $"observed order {r.Order}");
        Assert.False(r.Passed);
        var right = TaylorTest.FirstOrder(x => Var.Sin(x[0]) * x[1], [0.7, 1.3]);
        Assert.True(right.Passed && Math.Abs(right.Order - 2) <= 0.2, $"observed order {right.Order}");
    }

    [Fact]
    public void SecondOrderRemainderWithTheHessianHasOrderThree()
    {
        ScalarFunction rosenbrock = x => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
        var r = TaylorTest.SecondOrder(rosenbrock, [-1.2, 1.0]);
        Assert.True(Math.Abs(r.Order - 3) <= 0.2, $"observed order {r.Order}");
        var s = TaylorTest.SecondOrder(x => Var.Exp(x[0]) * Var.Sin(x[1]) + Var.Log(x[2]), [0.3, 0.4, 2.0]);
        Assert.True(Math.Abs(s.Order - 3) <= 0.2, $"observed order {s.Order}");
    }

    [Fact]
    public void WrongSecondDerivativeRuleGivesSecondOrderTwo()
    {
        var r = TaylorTest.SecondOrder(x => Wrong.Sin2(x[0] * x[1]), [0.7, 1.3]);
        Assert.True(Math.Abs(r.Order - 2) <= 0.2, $"observed order {r.Order}");
        Assert.True(TaylorTest.FirstOrder(x => Wrong.Sin2(x[0] * x[1]), [0.7, 1.3]).Passed);
    }

    [Fact]
    public void JacobianTaylorTestHasOrderTwoAndCatchesAWrongRule()
    {
        VectorFunction polar = x => [x[0] * Var.Cos(x[1]), x[0] * Var.Sin(x[1])];
        var r = TaylorTest.FirstOrder(polar, [2.0, 0.5]);
        Assert.True(Math.Abs(r.Order - 2) <= 0.2, $"observed order {r.Order}");
        VectorFunction wrong = x => [x[0] * Var.Cos(x[1]), x[0] * Wrong.Sin(x[1])];
        var w = TaylorTest.FirstOrder(wrong, [2.0, 0.5]);
        Assert.True(Math.Abs(w.Order - 1) <= 0.2, $"observed order {w.Order}");
    }

    [Fact]
    public void LinearFunctionHasRemainderAtRoundingLevel()
    {
        var r = TaylorTest.FirstOrder(x => 3 * x[0] - 2 * x[1], [1.0, 2.0]);
        Assert.True(r.AtRoundingLevel);
        Assert.All(r.Steps, s => Assert.True(s.Remainder <= 100 * s.Noise));
    }

    [Fact]
    public void RemainderFallsByFourPerHalvingOnAQuadratic()
    {
        // f(x) = x², x = 1, v = 1: r(h) = h² exactly.
        var r = TaylorTest.FirstOrder(x => x[0] * x[0], [1.0], [1.0]);
        foreach (var s in r.Steps.Take(10)) Assert.Equal(s.Step * s.Step, s.Remainder, 1e-12);
    }

    [Fact]
    public void HigherOrderThanExpectedPassesWhenTheNextTermVanishes()
    {
        // f = x²|y| + x³ at the origin: ∇f = 0 and ∇²f = 0 along v, so r₁(h) = O(h³), not O(h²).
        var r = TaylorTest.FirstOrder(v => v[0] * v[0] * Var.Abs(v[1]) + v[0] * v[0] * v[0], [0.0, 0.0], [0.6, 0.8]);
        Assert.Equal(3, r.Order, 0.2);
        Assert.True(r.Passed);
    }
}
