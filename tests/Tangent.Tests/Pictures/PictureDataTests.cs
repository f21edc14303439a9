using Tangent.Formulas;
using Tangent.Pictures;

namespace Tangent.Tests.Pictures;

/// <summary>
/// The numbers behind every picture, checked against the analytic answers: grid values, gradients, the angle curve's
/// maximum at θ*, the Taylor orders, slice slopes and curvatures, singular values, gradient-descent iterates and 2/λmax.
/// </summary>
public class PictureDataTests
{
    private static ScalarFunction F(string text, params string[] names) => Formula.Parse(text).ToScalarFunction(names);

    private static ContourPicture ContourOf(ScalarFunction f, Plane plane, int resolution = 101, int arrows = 15)
        => Contour.Of(f, plane, resolution, arrows, TestContext.Current.CancellationToken);

    private static DescentPath PathOf(ScalarFunction f, double[] start, double learningRate, int steps = 30)
        => Descent.Path(f, start, learningRate, steps, TestContext.Current.CancellationToken);

    private static readonly ScalarFunction Bowl = F("x^2 + 3*y^2", "x", "y");          // ∇f = (2x, 6y), H = diag(2, 6)
    private static readonly ScalarFunction Kinked = F("abs(x) + y", "x", "y");         // D_u f(0) = |cos θ| + sin θ
    private static readonly ScalarFunction Classic = F("if(x^2 + y^2 > 0, x*y/sqrt(x^2 + y^2), 0)", "x", "y");   // D_u f(0) = cos θ sin θ

    [Fact]
    public void ContourGridHoldsFAndTheArrowsHoldTheAnalyticGradient()
    {
        var p = ContourOf(Bowl, Plane.Around([1, 1], 0.5), resolution: 21, arrows: 5);
        Assert.Equal(0.5, p.Xs[0]);
        Assert.Equal(1.5, p.Ys[^1]);
        for (int j = 0; j < 21; j += 4)
            for (int i = 0; i < 21; i += 5)
                Assert.Equal(p.Xs[i] * p.Xs[i] + 3 * p.Ys[j] * p.Ys[j], p.Values[j, i], 12);
        Assert.Equal(25, p.Arrows.Count);
        foreach (var a in p.Arrows)
        {
            Assert.Equal(2 * a.X, a.Dx, 12);
            Assert.Equal(6 * a.Y, a.Dy, 12);
        }
        Assert.Equal(4, p.Value);
        Assert.Equal([2.0, 6.0], p.Gradient);
        Assert.Equal(Math.Sqrt(40), p.GradientNorm, 14);
        // The level set's tangent is ∇f turned by 90°: unit, orthogonal to ∇f.
        Assert.Equal(0, p.Tangent![0] * 2 + p.Tangent[1] * 6, 12);
        Assert.Equal(1, Math.Sqrt(p.Tangent[0] * p.Tangent[0] + p.Tangent[1] * p.Tangent[1]), 14);
        Assert.Equal(0, p.UndefinedFraction);
    }

    [Fact]
    public void LinearRegionIsWhereTheRemainderIsWithinTenPercentOfTheChange()
    {
        var p = ContourOf(Bowl, Plane.Around([1, 1], 0.5), resolution: 41, arrows: 0);
        int checkedCells = 0;
        for (int j = 0; j < 41; j++)
            for (int i = 0; i < 41; i++)
            {
                double hx = p.Xs[i] - 1, hy = p.Ys[j] - 1;
                double change = 2 * hx + 6 * hy + hx * hx + 3 * hy * hy, remainder = hx * hx + 3 * hy * hy;
                // Skip cells within rounding of the boundary.
                if (Math.Abs(remainder - 0.1 * Math.Abs(change)) < 1e-9) continue;
                Assert.Equal(remainder <= 0.1 * Math.Abs(change), p.WithinLinear[j, i]);
                checkedCells++;
            }
        Assert.True(checkedCells > 1600);
        // Along ∇f a short step is predicted well; along the level set the linear model predicts no change at all.
        Assert.True(p.WithinLinear[20 + 3, 20 + 1]);
        Assert.False(p.WithinLinear[20 - 1, 20 + 3]);
    }

    [Fact]
    public void ContourStatesWhereFIsUndefined()
    {
        var p = ContourOf(F("log(x) + y", "x", "y"), Plane.Around([0, 0], 1), resolution: 11, arrows: 4);
        // x ≤ 0 on 6 of 11 columns: log(0) = −∞ and log(x < 0) = NaN are both undefined.
        Assert.Equal(6.0 / 11, p.UndefinedFraction, 12);
        Assert.All(p.Arrows, a => Assert.True(a.X > 0));
    }

    [Fact]
    public void ContourAtACriticalPointHasNoTangentLine()
    {
        var p = ContourOf(Bowl, Plane.Around([0, 0], 1), resolution: 5, arrows: 0);
        Assert.Null(p.Tangent);
        Assert.Equal(0, p.GradientNorm);
    }

    [Fact]
    public void ContourInThePlaneOfTwoChosenVariablesHoldsTheOthersAtThePoint()
    {
        var f = F("x + 10*y + 100*z", "x", "y", "z");
        var p = ContourOf(f, new Plane([1, 2, 3], 2, 0, 1), resolution: 3, arrows: 0);
        // Across: z ∈ {2, 3, 4}; up: x ∈ {0, 1, 2}; y stays 2.
        Assert.Equal(0 + 20 + 200, p.Values[0, 0], 12);
        Assert.Equal(2 + 20 + 400, p.Values[2, 2], 12);
        Assert.Equal([100.0, 1.0], p.Gradient);
    }

    [Fact]
    public void AngleCurveOfASmoothFunctionIsTheSinusoidWithItsMaximumAtThetaStar()
    {
        var p = Angle.Of(Bowl, Plane.Around([1, 1], 1), samples: 360);
        Assert.True(p.Coincide, $"largest gap {p.LargestGap}");
        Assert.True(p.LargestGap < 1e-6);
        double star = Math.Atan2(6, 2);
        Assert.Equal(star, p.ThetaStar, 14);
        Assert.True(Math.Abs(p.MeasuredArgMax - star) <= Math.PI / 360, $"argmax {p.MeasuredArgMax} vs θ* {star}");
        for (int k = 0; k < 360; k += 7)
            Assert.Equal(Math.Sqrt(40) * Math.Cos(p.Theta[k] - star), p.Predicted[k], 12);
    }

    [Fact]
    public void AngleCurveAtTheKinkOfAbsIsNotOneLinearMap()
    {
        var p = Angle.Of(Kinked, Plane.Around([0, 0], 1), samples: 72);
        for (int k = 0; k < 72; k++)
        {
            Assert.Equal(Math.Abs(Math.Cos(p.Theta[k])) + Math.Sin(p.Theta[k]), p.Measured[k], 9);
            Assert.Equal(Math.Sin(p.Theta[k]), p.Predicted[k], 12);   // abs'(0) = 0 gives ∇f = (0, 1)
        }
        Assert.False(p.Coincide);
        Assert.Equal(1, p.LargestGap, 9);
        Assert.Single(p.Kinks);
    }

    [Fact]
    public void AngleCurveOfTheClassicCounterexampleIsHalfSinTwoTheta()
    {
        var p = Angle.Of(Classic, Plane.Around([0, 0], 1), samples: 36);
        for (int k = 0; k < 36; k++) Assert.Equal(Math.Sin(2 * p.Theta[k]) / 2, p.Measured[k], 9);
        Assert.False(p.Coincide);
        Assert.True(double.IsNaN(p.ThetaStar));   // the recorded branch gives ∇f = 0
    }

    [Fact]
    public void TaylorPictureShowsOrdersTwoAndThreeForASmoothFunction()
    {
        var p = TaylorPicture.Of(F("exp(x)*sin(y)", "x", "y"), [0.5, 1]);
        Assert.InRange(p.First.Order, 1.9, 2.1);
        Assert.InRange(p.Second!.Order, 2.9, 3.1);
        Assert.Equal([1, 2, 3], p.References.Select(r => r.Slope));
        foreach (var r in p.References)
            Assert.Equal(r.Slope, Math.Log(r.Remainders[0] / r.Remainders[1]) / Math.Log(r.Steps[0] / r.Steps[1]), 9);
    }

    [Fact]
    public void TaylorPictureShowsOrderOneAcrossAKink()
    {
        var p = TaylorPicture.Of(Kinked, [0, 0], [1, 1]);
        Assert.InRange(p.First.Order, 0.9, 1.1);
        Assert.False(p.First.Passed);
    }

    [Fact]
    public void SliceHoldsTheSlopeAndCurvatureAlongTheUnitDirection()
    {
        var p = Slice.Of(Bowl, [1, 1], [3, 4], 1, samples: 11);
        Assert.Equal([0.6, 0.8], p.Direction);
        Assert.Equal(2 * 0.6 + 6 * 0.8, p.Slope, 12);                      // ∇f·u
        Assert.Equal(2 * 0.36 + 6 * 0.64, p.Curvature, 12);                // uᵀHu
        for (int k = 0; k < 11; k++)
        {
            double x = 1 + 0.6 * p.T[k], y = 1 + 0.8 * p.T[k];
            Assert.Equal(x * x + 3 * y * y, p.Values[k], 12);
            Assert.Equal(p.Values[k], p.Quadratic[k], 11);                  // f is its own quadratic model
        }
        Assert.Equal(4 + 1 * p.Slope, p.Linear[^1], 12);                       // t = 1
    }

    [Fact]
    public void SliceStatesWhereFIsUndefined()
    {
        var p = Slice.Of(F("sqrt(x)", "x"), [0.5], [1], 1, samples: 5);   // t = −1, −0.5, 0, 0.5, 1 → x = −0.5 is NaN
        Assert.Equal(0.2, p.UndefinedFraction, 12);
    }

    [Fact]
    public void JacobianEllipseHasTheSingularValuesAsSemiAxes()
    {
        var map = Formula.Parse("[2*x + y^2, y/2]").ToVectorFunction(["x", "y"]);   // J(0, 0) = diag(2, 1/2)
        var p = JacobianImage.Of(map, [0, 0], 0.1, samples: 65);
        Assert.Equal(2, p.SingularValues[0], 12);
        Assert.Equal(0.5, p.SingularValues[1], 12);
        Assert.Equal(0.2, Math.Sqrt(p.Axes[0].X * p.Axes[0].X + p.Axes[0].Y * p.Axes[0].Y), 12);
        foreach (var (x, y) in p.Linear) Assert.Equal(1, x * x / 0.04 + y * y / 0.0025, 9);   // on the ellipse (x/0.2)² + (y/0.05)² = 1
        for (int k = 0; k < 65; k++) Assert.Equal(p.Circle[k].Y * p.Circle[k].Y, p.Image[k].X - p.Linear[k].X, 12);   // the remainder is y²
    }

    [Fact]
    public void JacobianInputAxesAreTheDirectionsSentOntoTheSemiAxes()
    {
        // F = (3x + y, x² + y²) has J(1, 2) = [[3, 1], [2, 4]]: J·ρvₖ = ρσₖuₖ, |ρvₖ| = ρ, v₁ ⟂ v₂.
        var map = Formula.Parse("[3*x + y, x^2 + y^2]").ToVectorFunction(["x", "y"]);
        var p = JacobianImage.Of(map, [1, 2], 0.25);
        double[,] j = { { 3, 1 }, { 2, 4 } };
        for (int k = 0; k < 2; k++)
        {
            var (vx, vy) = p.InputAxes[k];
            Assert.Equal(0.25, Math.Sqrt(vx * vx + vy * vy), 14);
            Assert.Equal(p.Axes[k].X, j[0, 0] * vx + j[0, 1] * vy, 13);
            Assert.Equal(p.Axes[k].Y, j[1, 0] * vx + j[1, 1] * vy, 13);
        }
        Assert.Equal(0, p.InputAxes[0].X * p.InputAxes[1].X + p.InputAxes[0].Y * p.InputAxes[1].Y, 14);
    }

    [Fact]
    public void JacobianImageApproachesTheEllipseLikeTheRadius()
    {
        var map = Formula.Parse("[x^2 - y^2, 2*x*y]").ToVectorFunction(["x", "y"]);
        double a = JacobianImage.Of(map, [1, 0.5], 0.1).RelativeGap, b = JacobianImage.Of(map, [1, 0.5], 0.05).RelativeGap;
        Assert.Equal(2, a / b, 6);
        Assert.Equal(0.1, a, 9);   // F(x+h) − F(x) − Jh = h² (as a complex square), |h²|/ρ = ρ
    }

    [Fact]
    public void DescentFollowsTheIterationAndTheBoundIsTwoOverLambdaMax()
    {
        var f = F("x^2 + 10*y^2", "x", "y");   // λ = 2, 20: x ← (1 − 2η)x, y ← (1 − 20η)y
        var slow = PathOf(f, [1, 1], 0.09, steps: 20);
        Assert.Equal(20, slow.LargestEigenvalue, 12);
        Assert.Equal(0.1, slow.StableBound, 14);
        Assert.False(slow.Exploded);
        for (int k = 0; k <= 20; k++)
        {
            Assert.Equal(Math.Pow(1 - 0.18, k), slow.Iterates[k][0], 12);
            Assert.Equal(Math.Pow(1 - 1.8, k), slow.Iterates[k][1], 12);
        }
        var fast = PathOf(f, [1, 1], 0.11, steps: 1000);
        Assert.True(fast.Exploded);
        Assert.True(Math.Abs(fast.Iterates[^1][1]) > 1e6);
        Assert.True(fast.Iterates.Count < 1001);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Plane.Around([1], 1));
        Assert.Throws<ArgumentException>(() => Plane.Around([1, 2], 0));
        Assert.Throws<ArgumentException>(() => ContourOf(Bowl, Plane.Around([1, 2], 1), resolution: 1));
        Assert.Throws<ArgumentException>(() => Slice.Of(Bowl, [1, 1], [0, 0], 1));
        Assert.Throws<ArgumentException>(() => PathOf(Bowl, [1, 1], -1));
        Assert.Throws<ArgumentException>(() => JacobianImage.Of(Formula.Parse("[x, y, x*y]").ToVectorFunction(["x", "y"]), [1, 1], 0.1));
    }
}
