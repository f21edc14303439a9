namespace Tangent.Tests.Readme;

/// <summary>The README's C# example, compiled and run: it must keep working as written there.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExampleGivesTheAnalyticGradientAndHessian()
    {
        // --- README example begins ---
        // f(x, y) = x²y + sin y
        var r = Differentiate.Gradient(x => x[0] * x[0] * x[1] + Var.Sin(x[1]), [3.0, 0.5]);
        // r.Value = 9·0.5 + sin 0.5, r.Gradient = [2xy, x² + cos y] = [3, 9 + cos 0.5]

        var h = Differentiate.Hessian(x => x[0] * x[0] * x[1] + Var.Sin(x[1]), [3.0, 0.5]);
        // h.Hessian = [[2y, 2x], [2x, −sin y]] = [[1, 6], [6, −sin 0.5]]
        // --- README example ends ---

        Assert.Equal(4.5 + Math.Sin(0.5), r.Value, 15);
        Assert.Equal([3.0, 9 + Math.Cos(0.5)], r.Gradient);
        Assert.Equal(1.0, h.Hessian[0, 0]);
        Assert.Equal(6.0, h.Hessian[0, 1]);
        Assert.Equal(6.0, h.Hessian[1, 0]);
        Assert.Equal(-Math.Sin(0.5), h.Hessian[1, 1], 15);
        Assert.Empty(r.Kinks);
    }
}
