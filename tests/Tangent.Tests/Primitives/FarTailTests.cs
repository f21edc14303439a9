using Tangent.Primitives;
using Tangent.Tests.Support;

namespace Tangent.Tests.Primitives;

/// <summary>
/// Values and derivatives far out in the tails, where a naive formula loses every digit
/// (ln(1 + eˣ) for x ≪ 0, 1 − σ(x) for x ≫ 0), checked against series that are exact there.
/// </summary>
public class FarTailTests
{
    [Theory]
    [InlineData(-20.0)]
    [InlineData(-40.0)]
    [InlineData(-100.0)]
    [InlineData(-700.0)]
    public void SoftplusFarBelowZeroIsExpXToFullPrecision(double x)
    {
        // ln(1 + e) = e − e²/2 + e³/3 − …; for e = eˣ ≤ 2·10⁻⁹ the second term is below 10⁻⁹ relative.
        double e = Math.Exp(x), expected = e - e * e / 2;
        var r = Differentiate.Gradient(v => Var.Softplus(v[0]), [x]);
        Approx.Equal(expected, r.Value, 1e-15, 0, $"softplus({x})");
        Approx.Equal(expected, Real.Apply<Softplus>(x).Value, 1e-15, 0, $"softplus({x}) on Real");
        Approx.Equal(e / (1 + e), r.Gradient[0], 1e-15, 0, $"softplus′({x}) = σ({x})");
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(40.0)]
    [InlineData(800.0)]
    public void SoftplusFarAboveZeroIsXPlusExpMinusX(double x)
    {
        double e = Math.Exp(-x);
        Approx.Equal(x + e, Differentiate.Gradient(v => Var.Softplus(v[0]), [x]).Value, 1e-15, 0, $"softplus({x})");
    }

    [Theory]
    [InlineData(-30.0)]
    [InlineData(-700.0)]
    public void SigmoidFarBelowZeroIsExpXWithDerivativeExpX(double x)
    {
        double e = Math.Exp(x);
        var r = Differentiate.Gradient(v => Var.Sigmoid(v[0]), [x]);
        Approx.Equal(e / (1 + e), r.Value, 1e-15, 0, $"σ({x})");
        Approx.Equal(e / ((1 + e) * (1 + e)), r.Gradient[0], 1e-14, 0, $"σ′({x})");
    }

    [Fact]
    public void ExpOverflowIsReportedAsAnOverflowOfExp()
    {
        var r = Differentiate.Gradient(v => Var.Exp(v[0]), [800.0]);
        Assert.Equal(double.PositiveInfinity, r.Value);
        Assert.Contains(r.Diagnostics, d => d.Primitive == "exp" && d.Message.Contains("overflows"));
    }
}
