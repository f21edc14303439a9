using Tangent.Tests.Support;

namespace Tangent.Tests.LinearMaps;

/// <summary>Sums, multiples, identity and diagonal maps: each equals its matrix and passes the dot-product test ⟨w, L·v⟩ = ⟨Lᵀ·w, v⟩.</summary>
public class LinearMapAlgebraTests
{
    private static readonly double[,] A = { { 1, -2, 0.5 }, { 3, 0, -1 } }, B = { { 0.25, 4, 2 }, { -1, 1, 1 } };

    public static TheoryData<string> Kinds() => new() { "sum", "difference", "scaled", "identity", "diagonal", "sum with graph", "scaled transpose" };

    private static (LinearMap Map, double[,] Matrix) Build(string kind)
    {
        var graph = Differentiate.Linearize(x => [x[0] * x[1], Var.Sin(x[2]) + x[0], x[1] * x[1]], [1.0, 2.0, 0.5]); // 3×3
        var jac = Differentiate.Jacobian(x => [x[0] * x[1], Var.Sin(x[2]) + x[0], x[1] * x[1]], [1.0, 2.0, 0.5]).Jacobian;
        double[] d = [2, -3, 0.5];
        return kind switch
        {
            "sum" => (LinearMap.FromMatrix(A) + LinearMap.FromMatrix(B), Map(A, B, (a, b) => a + b)),
            "difference" => (LinearMap.FromMatrix(A) - LinearMap.FromMatrix(B), Map(A, B, (a, b) => a - b)),
            "scaled" => (-2.5 * LinearMap.FromMatrix(A), Map(A, A, (a, _) => -2.5 * a)),
            "identity" => (LinearMap.Identity(3), new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }),
            "diagonal" => (LinearMap.Diagonal(d), new double[,] { { 2, 0, 0 }, { 0, -3, 0 }, { 0, 0, 0.5 } }),
            "sum with graph" => (graph + 3 * LinearMap.Identity(3), Map(jac, jac, (a, _) => a, diagonal: 3)),
            _ => ((2 * LinearMap.FromMatrix(A)).Transpose(), Dense.Transpose(Map(A, A, (a, _) => 2 * a))),
        };
    }

    private static double[,] Map(double[,] a, double[,] b, Func<double, double, double> op, double diagonal = 0)
    {
        var m = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) m[i, j] = op(a[i, j], b[i, j]) + (i == j ? diagonal : 0);
        return m;
    }

    [Theory, MemberData(nameof(Kinds))]
    public void EqualsItsMatrixAndPassesTheDotProductTest(string kind)
    {
        var (map, matrix) = Build(kind);
        Approx.Equal(matrix, map.ToMatrix(), 1e-14, 1e-14);
        var rng = new Random(7);
        var v = Enumerable.Range(0, map.Columns).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var w = Enumerable.Range(0, map.Rows).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double left = w.Zip(map.Apply(v)).Sum(p => p.First * p.Second), right = map.ApplyTranspose(w).Zip(v).Sum(p => p.First * p.Second);
        Assert.Equal(left, right, 1e-13);
    }

    [Fact]
    public void MismatchedShapesNameBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => LinearMap.FromMatrix(A) + LinearMap.Identity(3));
        Assert.Contains("2×3", e.Message);
        Assert.Contains("3×3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearMap.Identity(0));
        Assert.Throws<ArgumentException>(() => LinearMap.Diagonal([]));
    }
}
