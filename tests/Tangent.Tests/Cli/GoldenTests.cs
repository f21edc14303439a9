using System.Runtime.CompilerServices;

namespace Tangent.Tests.Cli;

/// <summary>
/// The human form of a few commands, compared line by line with files in Cli/Golden written by hand from the
/// mathematics (each file's numbers are worked out in the comment of its test).
/// </summary>
public class GoldenTests
{
    private static string Golden(string name, [CallerFilePath] string here = "")
        => File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Golden", name)).Replace("\r\n", "\n");

    private static void Matches(string golden, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Golden(golden), r.Out);
        Assert.Equal("", r.Error);
    }

    /// <summary>f = x²y + 3y at (1, 2): f = 2 + 6 = 8, ∂f/∂x = 2xy = 4, ∂f/∂y = x² + 3 = 4.</summary>
    [Fact]
    public void GradOfAPolynomial() => Matches("grad.txt", "grad", "x^2*y + 3*y", "--at", "x=1,y=2");

    /// <summary>f = x³ + xy² at (1, 2): f = 5, ∇f = (3x² + y², 2xy) = (7, 4), ∇²f = [[6x, 2y], [2y, 2x]] = [[6, 4], [4, 2]].</summary>
    [Fact]
    public void HessianOfACubic() => Matches("hessian.txt", "hessian", "x^3 + x*y^2", "--at", "x=1,y=2");

    /// <summary>f = x² + y² at (1, 2) along (3, 4): u = (0.6, 0.8), ∇f = (2, 4), D_u f = 1.2 + 3.2 = 4.4.</summary>
    [Fact]
    public void DirectionalDerivativeSaysTheDirectionWasNormalised() => Matches("dir.txt", "dir", "x^2 + y^2", "--at", "x=1,y=2", "--along", "3,4");

    /// <summary>F = (xy, x + y) at (1, 2): F = (2, 3), J = [[y, x], [1, 1]] = [[2, 1], [1, 1]]; n = 2 columns fit one forward sweep.</summary>
    [Fact]
    public void JacobianOfAVectorMap() => Matches("jacobian.txt", "jacobian", "[x*y, x + y]", "--at", "x=1,y=2");

    /// <summary>f = xy at (3, −2): f = −6, ∂f/∂y = x = 3.</summary>
    [Fact]
    public void PartialDerivative() => Matches("partial.txt", "partial", "x*y", "--wrt", "y", "--at", "x=3,y=-2");
}
