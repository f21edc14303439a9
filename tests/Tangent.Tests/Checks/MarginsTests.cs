using Tangent.Checks;
using Tangent.Formulas;

namespace Tangent.Tests.Checks;

public class MarginsTests
{
    private static bool Clear(string expr, string[] vars, params double[] x) =>
        Margins.Clear(Differentiate.Record(Formula.Parse(expr).ToScalarFunction(vars), x), out _);

    [Fact]
    public void KinkFarBeyondRoundingIsClear()
    {
        // abs at −1e−9: every operand is exact to ε·1e−9, far inside the smooth piece a < 0.
        Assert.True(Clear("abs(x-1e-9)", ["x"], 0));
        // sqrt at 1e−16 > 0 with an operand error of ε·1e−16: inside its domain.
        Assert.True(Clear("sqrt(x^2+1e-16)", ["x"], 0));
        Assert.True(Clear("max(x,y)", ["x", "y"], 0, 1e-9));
    }

    [Fact]
    public void KinkWithinRoundingIsNotClear()
    {
        // 3·0.1 − 0.3 computes to 5.6e−17 but is 0 at the exact decimal point: abs sits on its kink.
        Assert.False(Clear("abs(3*x-0.3)", ["x"], 0.1));
        Assert.False(Clear("abs(x+y-0.3)", ["x", "y"], 0.1, 0.2));
        // 0.1² − 0.01 is 0 exactly, 1.7e−18 in doubles: sqrt at its domain boundary.
        Assert.False(Clear("sqrt(x^2-0.01)", ["x"], 0.1));
        // A branch threshold within rounding of the condition's operands.
        Assert.False(Clear("if(3*x < 0.3, x, -x)", ["x"], 0.1));
    }

    [Fact]
    public void IntegerPowersOfNegativeBasesAreClear()
    {
        // ∂(aᵇ)/∂b is undefined for a < 0; the exponent 2 is an exact constant, so it does not matter.
        Assert.True(Clear("x^2 + y^3", ["x", "y"], -1.5, -0.25));
    }
}
