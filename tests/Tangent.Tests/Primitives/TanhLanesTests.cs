using System.Runtime.Intrinsics;
using Tangent.Primitives;

namespace Tangent.Tests.Primitives;

/// <summary>
/// tanh's combined lanes form (value and slope from one exponential, what the dense layers and the elementwise
/// arrays run) against Math.Tanh and against sech²x computed independently, across the rational's switch at
/// |x| = 0.625, where tanh rounds to ±1, and where e^{2|x|} overflows but sech²x is still a subnormal.
/// </summary>
public class TanhLanesTests
{
    private static long Ulps(double x, double y) =>
        x == y ? 0 : Math.Sign(x) != Math.Sign(y) || !double.IsFinite(x) || !double.IsFinite(y) ? long.MaxValue
        : Math.Abs(BitConverter.DoubleToInt64Bits(x) - BitConverter.DoubleToInt64Bits(y));

    /// <summary>sech²x = 4e/(1 + e)², e = e^{−2|x|}, in quadruple-ish care: no cancellation, no overflow.</summary>
    private static double Sech2(double x)
    {
        double e = Math.Exp(-2 * Math.Abs(x)), q = 1 + e;
        return 4 * e / (q * q);
    }

    [Fact]
    public void ValueAndSlopeTogetherAreWithinAFewUlpsOfTanhAndSech2()
    {
        var a = new List<double> { 0.0, -0.0, 354.8, 354.95, 355, 360, 372, 372.6, 380, 1e300, double.PositiveInfinity, double.NegativeInfinity };
        for (int e = -300; e <= 0; e++) { a.Add(Math.Pow(10, e)); a.Add(-Math.Pow(10, e) * 1.7); }
        for (int k = -2000; k <= 2000; k++) { a.Add(0.625 + k * 1e-6); a.Add(-1 - k * 1e-6); }
        for (int k = 0; k < 4000; k++) a.Add(k * 0.005 - 10);
        for (int k = 0; k < 400; k++) a.Add(-(10 + k * 0.9));
        foreach (double x in a)
        {
            var (y, d) = TanhLanes.ValueAndDerivative(Vector256.Create(x));
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.True(Ulps(Math.Tanh(x), y[lane]) <= 4, $"tanh({x:R}) = {y[lane]:R}, Math.Tanh {Math.Tanh(x):R}");
                double s = Sech2(x);
                Assert.True(Math.Abs(d[lane] - s) <= 8 * double.Epsilon + 8 * 2.220446049250313e-16 * s, $"tanh'({x:R}) = {d[lane]:R}, sech² {s:R}");
            }
        }
    }

    [Fact]
    public void MixedLanesGetEachTheirOwnForm()
    {
        // one lane per regime in the same vector: rational, exponential, rounded to 1, overflowed
        var x = Vector256.Create(0.3, -2.5, 30.0, -365.0);
        var (y, d) = TanhLanes.ValueAndDerivative(x);
        for (int lane = 0; lane < 4; lane++)
        {
            Assert.True(Ulps(Math.Tanh(x[lane]), y[lane]) <= 4, $"lane {lane}: tanh {y[lane]:R}");
            Assert.True(Math.Abs(d[lane] - Sech2(x[lane])) <= 8 * double.Epsilon + 1.8e-15 * Sech2(x[lane]), $"lane {lane}: slope {d[lane]:R} vs {Sech2(x[lane]):R}");
        }
        Assert.True(d[3] > 0, "sech²(−365) ≈ 4e−317 is a subnormal, not 0");
    }
}
