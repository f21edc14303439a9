using Tangent.Primitives;
using Tangent.Tests.Support;

namespace Tangent.Tests.Primitives;

/// <summary>
/// y = aᵇ in all its forms (Var^Var, Var^c, c^Var) and at its delicate points: integer powers of
/// negative bases, u² at u = 0, the exponent 0, the base 0, non-integer powers of negative bases.
/// </summary>
public class PowerTests
{
    [Fact]
    public void CubeOfMinusTwoIsMinusEightWithDerivativeTwelveAndSecondDerivativeMinusTwelve()
    {
        ScalarFunction f = x => Var.Pow(x[0], 3.0);
        var h = Differentiate.Hessian(f, [-2.0]);
        Assert.Equal(-8.0, h.Value);
        Assert.Equal([12.0], h.Gradient);
        Assert.Equal(-12.0, h.Hessian[0, 0]);
        Assert.Equal(12.0, Differentiate.Jvp(f, [-2.0], [1.0]).Derivative);
        Assert.Equal(12.0, Dual.Apply<Power>(new Dual(-2, 1), 3).Derivative);
        Assert.Empty(h.Diagnostics);
    }

    [Fact]
    public void CubeOfANegativeVarExponentVarHasBaseDerivativeTwelveAndUndefinedExponentDerivative()
    {
        var r = Differentiate.Gradient(x => Var.Pow(x[0], x[1]), [-2.0, 3.0]);
        Assert.Equal(-8.0, r.Value);
        Assert.Equal(12.0, r.Gradient[0]);
        Assert.True(double.IsNaN(r.Gradient[1]), "∂/∂b aᵇ = aᵇ ln a has no real value for a < 0");
        Assert.Contains(r.Diagnostics, d => d.Primitive == "^");
        // The forward sweep along the base alone does not touch the undefined partial.
        Assert.Equal(12.0, Differentiate.Jvp(x => Var.Pow(x[0], x[1]), [-2.0, 3.0], [1.0, 0.0]).Derivative);
    }

    [Fact]
    public void SquareAtZeroHasDerivativeZeroNotNaNInEveryForm()
    {
        Assert.Equal([0.0], Differentiate.Gradient(x => Var.Pow(x[0], 2.0), [0.0]).Gradient);
        Assert.Equal(0.0, Differentiate.Jvp(x => Var.Pow(x[0], 2.0), [0.0], [1.0]).Derivative);
        Assert.Equal(0.0, Dual.Apply<Power>(new Dual(0, 1), 2).Derivative);
        Assert.Equal(2.0, Differentiate.Hessian(x => Var.Pow(x[0], 2.0), [0.0]).Hessian[0, 0]);
        var both = Differentiate.Hessian(x => Var.Pow(x[0], x[1]), [0.0, 2.0]);
        Assert.Equal([0.0, 0.0], both.Gradient); // ∂/∂b 0ᵇ = lim aᵇ ln a = 0 for b > 0
        Approx.Equal(new[,] { { 2.0, 0.0 }, { 0.0, 0.0 } }, both.Hessian);
        Assert.Empty(both.Diagnostics);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(2.5)]
    public void ExponentZeroGivesTheConstantOneWithDerivativeZero(double x0)
    {
        var h = Differentiate.Hessian(x => Var.Pow(x[0], 0.0), [x0]);
        Assert.Equal(1.0, h.Value);
        Assert.Equal([0.0], h.Gradient);
        Assert.Equal(0.0, h.Hessian[0, 0]);
        Assert.Equal(0.0, Differentiate.Jvp(x => Var.Pow(x[0], 0.0), [x0], [1.0]).Derivative);
    }

    [Fact]
    public void ZeroToAPositivePowerIsZeroWithDerivativeZeroInTheExponent()
    {
        foreach (var y in new[] { 0.5, 2.0, 3.7 })
        {
            var r = Differentiate.Gradient(x => Var.Pow(0.0, x[0]), [y]);
            Assert.Equal(0.0, r.Value);
            Assert.Equal([0.0], r.Gradient);
        }
    }

    [Fact]
    public void ZeroToANegativePowerIsADomainErrorNamingPower()
    {
        var r = Differentiate.Gradient(x => Var.Pow(0.0, x[0]), [-1.0]);
        Assert.Equal(double.PositiveInfinity, r.Value);
        Assert.Contains(r.Diagnostics, d => d.Primitive == "^" && d.Message.Contains("outside the domain"));
    }

    [Fact]
    public void VarToVarEqualsAnalyticPartialsAtAPositiveBase()
    {
        var r = Differentiate.Gradient(x => Var.Pow(x[0], x[1]), [2.0, 3.0]);
        Assert.Equal(8.0, r.Value);
        Approx.Equal([12.0, 8 * Math.Log(2)], r.Gradient, 1e-15, 0);
        var h = Differentiate.Hessian(x => Var.Pow(x[0], x[1]), [2.0, 3.0]).Hessian;
        // ∂²/∂a² = b(b−1)aᵇ⁻² = 6·2, ∂²/∂a∂b = aᵇ⁻¹(1 + b ln a) = 4(1 + 3 ln 2), ∂²/∂b² = aᵇ ln² a
        Approx.Equal(new[,] { { 12.0, 4 * (1 + 3 * Math.Log(2)) }, { 4 * (1 + 3 * Math.Log(2)), 8 * Math.Log(2) * Math.Log(2) } }, h, 1e-14, 1e-14);
    }

    [Fact]
    public void ConstantBaseToVarIsExponentialWithRateLnBase()
    {
        var r = Differentiate.Gradient(x => Var.Pow(2.0, x[0]), [3.0]);
        Assert.Equal(8.0, r.Value);
        Approx.Equal(8 * Math.Log(2), r.Gradient[0], 1e-15, 0);
        Approx.Equal(8 * Math.Log(2) * Math.Log(2), Differentiate.Hessian(x => Var.Pow(2.0, x[0]), [3.0]).Hessian[0, 0], 1e-15, 0);
    }

    [Fact]
    public void NegativeIntegerPowerOfANegativeBaseIsDefined()
    {
        // x⁻¹ at −2: −1/2, derivative −x⁻² = −1/4, second derivative 2x⁻³ = −1/4
        var h = Differentiate.Hessian(x => Var.Pow(x[0], -1.0), [-2.0]);
        Assert.Equal(-0.5, h.Value);
        Assert.Equal([-0.25], h.Gradient);
        Assert.Equal(-0.25, h.Hessian[0, 0]);
    }

    [Fact]
    public void NonIntegerPowerOfANegativeBaseIsNaNWithADiagnosticNamingPower()
    {
        var r = Differentiate.Gradient(x => Var.Pow(x[0], 2.5), [-1.0]);
        Assert.True(double.IsNaN(r.Value));
        Assert.True(double.IsNaN(r.Gradient[0]));
        var d = Assert.Single(r.Diagnostics, d => d.Primitive != Diagnostic.Output); // and the note that f = NaN is no derivative
        Assert.Single(r.Diagnostics, d => d.Primitive == Diagnostic.Output);
        Assert.Equal("^", d.Primitive);
        Assert.Contains("outside the domain", d.Message);
    }

    [Fact]
    public void SquareRootAsPowerOneHalfMatchesSqrt()
    {
        var p = Differentiate.Hessian(x => Var.Pow(x[0], 0.5), [4.0]);
        var s = Differentiate.Hessian(x => Var.Sqrt(x[0]), [4.0]);
        Assert.Equal(2.0, p.Value);
        Assert.Equal([0.25], p.Gradient);
        Approx.Equal(-1.0 / 32, p.Hessian[0, 0], 1e-15, 0);
        Approx.Equal(s.Hessian[0, 0], p.Hessian[0, 0], 1e-15, 0);
    }
}
