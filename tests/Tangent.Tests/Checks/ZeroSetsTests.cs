using Tangent.Checks;
using Tangent.Formulas;

namespace Tangent.Tests.Checks;

public class ZeroSetsTests
{
    private static List<double[]> Normals(string expr, string[] vars, params double[] x)
    {
        var f = Formula.Parse(expr).ToScalarFunction(vars);
        var s = x.Select(v => v == 0 ? 1 : Math.Abs(v)).ToArray();
        return ZeroSets.Normals(Differentiate.Record(f, x), s, x, p => Differentiate.Record(f, p));
    }

    /// <summary>Whether some normal is ±v/|v|.</summary>
    private static bool HasNormal(List<double[]> normals, params double[] v)
    {
        double norm = Math.Sqrt(v.Sum(c => c * c));
        return normals.Any(m => Math.Abs(Math.Abs(m.Zip(v, (a, b) => a * b / norm).Sum()) - 1) < 1e-9);
    }

    [Fact]
    public void KinkArgumentGivesItsGradientAsNormal()
    {
        // |x − 2y| vanishes at 0 with ∇(x − 2y) = (1, −2).
        Assert.True(HasNormal(Normals("abs(x - 2*y)", ["x", "y"], 0, 0), 1, -2));
    }

    [Fact]
    public void BranchComparisonGivesTheGradientOfItsDifference()
    {
        Assert.True(HasNormal(Normals("if(x == 2*y, abs(x), 0)", ["x", "y"], 0, 0), 1, -2));
    }

    [Fact]
    public void IntermediatesHiddenByALazyIfAreFoundBesideThePoint()
    {
        // At 0 only the branch value 0 is recorded; x − 3y and 3x + y are found by recording f next to 0.
        var normals = Normals("if(x==0 && y==0, 0, (3*x+y)^2*(x-3*y)/((3*x+y)^4+(x-3*y)^2))", ["x", "y"], 0, 0);
        Assert.True(HasNormal(normals, 1, -3));
        Assert.True(HasNormal(normals, 3, 1));
    }

    [Fact]
    public void AxesAndNonVanishingIntermediatesAreLeftOut()
    {
        // x and y vanish at 0 but their normals are axes; x − 2y = −1 at (1, 1) does not vanish.
        Assert.Empty(Normals("abs(x) + abs(y) + abs(x - 2*y)", ["x", "y"], 1, 1));
        Assert.DoesNotContain(Normals("abs(x) * abs(y)", ["x", "y"], 0, 0), m => m.Count(c => c != 0) < 2);
    }
}
