using Tangent.Formulas;
using Tangent.Pictures;

namespace Tangent.Tests.Pictures;

/// <summary>
/// A picture's plane spanned by two directions of Rⁿ: orthonormalised as stated, its points are x + a·U + b·V, its
/// gradient is (∇f·U, ∇f·V), and the contour and angle pictures on it agree with the analytic answers and with the
/// coordinate plane when the directions are coordinate axes.
/// </summary>
public class PlaneTests
{
    private static ScalarFunction F(string text, params string[] names) => Formula.Parse(text).ToScalarFunction(names);

    [Fact]
    public void DirectionsAreOrthonormalisedByGramSchmidt()
    {
        var p = Plane.Spanned([1, 2, 3], [3, 0, 4], [1, 1, 0], 1);
        Assert.Equal([0.6, 0, 0.8], p.U);
        // v − (v·U)U = (1, 1, 0) − 0.6·(0.6, 0, 0.8) = (0.64, 1, −0.48), of length √1.64.
        double n = Math.Sqrt(1.64);
        Assert.Equal(0.64 / n, p.V[0], 15);
        Assert.Equal(1 / n, p.V[1], 15);
        Assert.Equal(-0.48 / n, p.V[2], 15);
        Assert.Equal(0, p.U.Zip(p.V, (a, b) => a * b).Sum(), 15);
        Assert.False(p.IsCoordinate);
        Assert.Equal((0.0, 0.0), (p.X0, p.Y0));
    }

    [Fact]
    public void PointsOfThePlaneAreThePointPlusDistancesAlongUAndV()
    {
        var p = Plane.Spanned([1, 2, 3], [0, 0, 2], [0, -5, 0], 1);
        Assert.Equal([1.0, 2 - 0.25, 3 + 0.5], p.At(0.5, 0.25));
        Assert.Equal(("a along (0, 0, 1)", "b along (0, -1, 0)"), p.Labels(["x", "y", "z"]));
    }

    [Fact]
    public void ContourOnAPlaneOfDirectionsHoldsFAndTheProjectedGradient()
    {
        // f = x² + y·z + sin z: ∇f = (2x, z, y + cos z).
        var f = F("x^2 + y*z + sin(z)", "x", "y", "z");
        double[] x = [1, 0.5, 0.2];
        var plane = Plane.Spanned(x, [1, 1, 0], [0, 0, 1], 0.5);
        var p = Contour.Of(f, plane, resolution: 5, arrows: 3, TestContext.Current.CancellationToken);
        double s = Math.Sqrt(0.5);
        double[] g = [2 * x[0], x[2], x[1] + Math.Cos(x[2])];
        Assert.Equal(s * (g[0] + g[1]), p.Gradient[0], 14);
        Assert.Equal(g[2], p.Gradient[1], 14);
        for (int j = 0; j < 5; j++)
            for (int i = 0; i < 5; i++)
            {
                double a = p.Xs[i], b = p.Ys[j];
                double px = x[0] + s * a, py = x[1] + s * a, pz = x[2] + b;
                Assert.Equal(px * px + py * pz + Math.Sin(pz), p.Values[j, i], 13);
            }
        foreach (var arrow in p.Arrows)
        {
            double px = x[0] + s * arrow.X, py = x[1] + s * arrow.X, pz = x[2] + arrow.Y;
            Assert.Equal(s * (2 * px + pz), arrow.Dx, 13);
            Assert.Equal(py + Math.Cos(pz), arrow.Dy, 13);
        }
    }

    [Fact]
    public void CoordinateDirectionsGiveTheCoordinatePlanesPicture()
    {
        var f = F("exp(x)*sin(y) + z^3", "x", "y", "z");
        double[] x = [0.3, -0.7, 1.1];
        var axes = Contour.Of(f, new Plane(x, 0, 2, 0.4), resolution: 7, arrows: 0, TestContext.Current.CancellationToken);
        var spanned = Contour.Of(f, Plane.Spanned(x, [1, 0, 0], [0, 0, 1], 0.4), resolution: 7, arrows: 0, TestContext.Current.CancellationToken);
        Assert.Equal(axes.Gradient, spanned.Gradient);
        for (int j = 0; j < 7; j++)
            for (int i = 0; i < 7; i++)
                Assert.Equal(axes.Values[j, i], spanned.Values[j, i], 13);
    }

    [Fact]
    public void AngleCurveOnAPlaneOfDirectionsMeasuresUnitDirectionsOfRn()
    {
        // f = x·y·z at (1, 2, 3): ∇f = (6, 3, 2). In the plane of U = (1, −1, 0)/√2 and V = e_z the gradient is
        // (3/√2, 2), so D_u f = (3/√2) cos θ + 2 sin θ, measured from values of f.
        var f = F("x*y*z", "x", "y", "z");
        var p = Angle.Of(f, Plane.Spanned([1, 2, 3], [1, -1, 0], [0, 0, 1], 1), samples: 36);
        double ga = 3 / Math.Sqrt(2);
        for (int k = 0; k < 36; k++)
        {
            double predicted = ga * Math.Cos(p.Theta[k]) + 2 * Math.Sin(p.Theta[k]);
            Assert.Equal(predicted, p.Predicted[k], 13);
            Assert.Equal(predicted, p.Measured[k], 6);
        }
        Assert.Equal(Math.Atan2(2, ga), p.ThetaStar, 13);
    }

    [Theory]
    [InlineData(new double[] { 1, 0 }, new double[] { 0, 1, 0 }, "one per variable")]
    [InlineData(new double[] { 0, 0, 0 }, new double[] { 0, 1, 0 }, "zero vector")]
    [InlineData(new double[] { 1, 2, 3 }, new double[] { -2, -4, -6 }, "parallel")]
    [InlineData(new double[] { 1, double.NaN, 0 }, new double[] { 0, 1, 0 }, "not finite")]
    public void BadDirectionsAreRefused(double[] u, double[] v, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Plane.Spanned([1, 2, 3], u, v, 1));
        Assert.Contains(message, e.Message);
    }
}
