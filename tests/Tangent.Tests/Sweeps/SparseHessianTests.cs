using CsCheck;
using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// Hessians by star colouring of the pattern read off the graph: the pattern is the true one on functions whose
/// Hessian structure is known (banded, block, arrow, dense, extended Rosenbrock), the number of products is the
/// number of colours, every entry is exactly an entry of the n products H·eⱼ, and the Hessian matches central
/// differences of the gradient.
/// </summary>
public class SparseHessianTests
{
    private static Var Rosenbrock(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int i = 0; i + 1 < x.Length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
        return s;
    }

    private static Var Band(ReadOnlySpan<Var> x)
    {
        Var s = Var.Sin(x[^2] * x[^1]);
        for (int i = 0; i + 2 < x.Length; i++) s += Var.Sin(x[i] * x[i + 1]) + x[i] * x[i] * x[i + 2];
        return s;
    }

    private static Var Blocks(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int k = 0; 3 * k + 2 < x.Length; k++) s += Var.Exp(0.1 * (x[3 * k] + 2 * x[3 * k + 1] + 3 * x[3 * k + 2]));
        return s;
    }

    private static Var Arrow(ReadOnlySpan<Var> x)
    {
        Var c = 0, cubes = 0;
        for (int i = 1; i < x.Length; i++) c += Var.Cos(x[i]);
        for (int i = 0; i < x.Length; i++) cubes += x[i] * x[i] * x[i];
        return x[0] * x[0] * c + cubes;
    }

    private static Var ArrowLastWithChain(ReadOnlySpan<Var> x)
    {
        Var sum = 0, chain = 0;
        for (int i = 0; i + 1 < x.Length; i++) sum += x[i];
        for (int i = 0; i + 1 < x.Length; i++) chain += Var.Log(1 + x[i] * x[i] * x[i + 1] * x[i + 1]);
        return Var.Sin(x[^1]) * sum + chain;
    }

    private static Var DenseFunction(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        return Var.Exp(0.1 * s) + s * s;
    }

    private static Var Separable(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int i = 0; i < x.Length; i++) s += Var.Sin(x[i]);
        return s;
    }

    /// <summary>A named function with its true Hessian pattern (off-diagonal pairs) and the products it should take (−1: unknown).</summary>
    public sealed record Case(string Name, int N, ScalarFunction F, Func<int, int, bool> Pair, int Products)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new Case("extended Rosenbrock n = 30", 30, Rosenbrock, (i, j) => Math.Abs(i - j) == 1, 3),
        new Case("band of width 2: Σ sin(xᵢxᵢ₊₁) + xᵢ²xᵢ₊₂", 25, Band, (i, j) => Math.Abs(i - j) is 1 or 2, -1),
        new Case("blocks of 3: Σ exp(0.1(x₃ₖ + 2x₃ₖ₊₁ + 3x₃ₖ₊₂))", 24, Blocks, (i, j) => i / 3 == j / 3, 3),
        new Case("arrow: x₀²·Σ cos xᵢ + Σ xᵢ³", 20, Arrow, (i, j) => i == 0 || j == 0, 2),
        new Case("arrow with its hub last, plus a chain", 20, ArrowLastWithChain, (i, j) => i == 19 || j == 19 || Math.Abs(i - j) == 1, -1),
        new Case("dense: exp(0.1 Σ xᵢ) + (Σ xᵢ)²", 12, DenseFunction, (i, j) => true, 12),
        new Case("separable: Σ sin xᵢ (diagonal)", 15, Separable, (i, j) => false, 1),
    };

    private static double[] Point(int n) => [.. Enumerable.Range(0, n).Select(i => 0.6 + 0.3 * Math.Sin(1.7 * i))];

    /// <summary>The n products H·eⱼ, column j in column j (not symmetrised).</summary>
    private static double[,] Columns(Graph g)
    {
        int n = g.InputDimension;
        var h = new double[n, n];
        var e = new double[n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            var column = g.Hvp(e);
            e[j] = 0;
            for (int i = 0; i < n; i++) h[i, j] = column[i];
        }
        return h;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PatternReadOffTheGraphIsTheTruePattern(Case c)
    {
        var p = HessianPattern.Find(Differentiate.Record(c.F, Point(c.N)));
        Assert.NotNull(p);
        for (int i = 0; i < c.N; i++)
            Assert.Equal(Enumerable.Range(0, c.N).Where(j => j != i && c.Pair(i, j)).ToArray(), p.Row(i).ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ColouredHessianIsExactlyTheProductsEntriesAndUsesOneProductPerColour(Case c)
    {
        var g = Differentiate.Record(c.F, Point(c.N));
        int products = g.HessianProducts();
        if (c.Products > 0) Assert.Equal(c.Products, products);
        Assert.True(products <= c.N);
        var h = g.Hessian();
        var columns = Columns(g);
        for (int i = 0; i < c.N; i++)
            for (int j = 0; j < c.N; j++)
            {
                double ij = columns[i, j], ji = columns[j, i];
                Assert.True(h[i, j] == ij || h[i, j] == ji || h[i, j] == 0.5 * (ij + ji),
                    $"{c}: H[{i},{j}] = {h[i, j]:R} is none of the products' entries {ij:R}, {ji:R}");
                Assert.Equal(h[i, j], h[j, i]);
            }
        Assert.Equal(h, Differentiate.Hessian(c.F, Point(c.N)).Hessian); // recording each call: the same numbers
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ColouredHessianEqualsCentralDifferencesOfTheGradient(Case c)
    {
        var x = Point(c.N);
        var h = Differentiate.Hessian(c.F, x).Hessian;
        var fd = FiniteDifference.Jacobian(p => Differentiate.Gradient(c.F, p).Gradient, x);
        Approx.Equal(fd, h, 1e-6, 1e-6 * (1 + Approx.MaxAbs(h)), $"{c}: ∇² vs difference of ∇");
        for (int i = 0; i < c.N; i++)
            for (int j = 0; j < c.N; j++)
                if (i != j && !c.Pair(i, j)) Assert.Equal(0.0, h[i, j]);
    }

    [Fact]
    public void HessianOfExtendedRosenbrockInAThousandDimensionsTakesThreeProductsAndIsTheHandDerivedOne()
    {
        var x = Enumerable.Range(0, 1000).Select(i => -1.2 + 0.1 * Math.Sin(i)).ToArray();
        var f = new ExtendedRosenbrock();
        var g = Differentiate.Record(v => f.Invoke(v), x);
        Assert.Equal(3, g.HessianProducts());
        var sparse = g.SparseHessian();
        Assert.Equal(3 * 1000 - 2, sparse.Count);
        Approx.Equal(ExtendedRosenbrock.Hessian(x), sparse.ToDense(), 1e-13, 1e-11, "∇² Rosenbrock n = 1000");
    }

    [Fact]
    public void TheSparseHessianHandsOutNoArrayOfItsOwn()
    {
        // Writing into Columns or RowStart would break the indexer's binary search, into Values change H behind it:
        // they are read-only spans.
        Assert.DoesNotContain(typeof(SparseHessian).GetProperties(), p => p.PropertyType.IsArray);
        var h = Differentiate.Record(v => v[0] * v[0] * v[1], [1.5, 2]).SparseHessian();
        Assert.Equal([4.0, 3], h.Values[..2].ToArray());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SparseHessianListsExactlyThePatternAndAgreesWithTheDenseOne(Case c)
    {
        var g = Differentiate.Record(c.F, Point(c.N));
        var sparse = g.SparseHessian();
        var dense = g.Hessian();
        Assert.Equal(dense, sparse.ToDense());
        Assert.Equal(g.HessianProducts(), sparse.Products);
        int listed = 0;
        for (int i = 0; i < c.N; i++)
        {
            var columns = sparse.Columns.Slice(sparse.RowStart[i], sparse.RowStart[i + 1] - sparse.RowStart[i]).ToArray();
            int[] expected = sparse.Products == c.N && c.Products == c.N
                ? [.. Enumerable.Range(0, c.N)]
                : [.. Enumerable.Range(0, c.N).Where(j => j == i || c.Pair(i, j))];
            Assert.Equal(expected, columns);
            listed += columns.Length;
            for (int j = 0; j < c.N; j++) Assert.Equal(dense[i, j], sparse[i, j]);
        }
        Assert.Equal(listed, sparse.Count);
        var v = Enumerable.Range(0, c.N).Select(i => Math.Cos(3.0 * i)).ToArray();
        Approx.Equal(Dense.Multiply(dense, v), sparse.Multiply(v), 1e-14, 1e-12 * (1 + Approx.MaxAbs(dense)), $"{c}: H·v from the listed entries");
        Assert.Throws<IndexOutOfRangeException>(() => sparse[c.N, 0]);
    }

    [Fact]
    public void ColouredHessianOfRandomCompositionsIsExactlyTheProductsEntries()
    {
        // Sums of random trees over disjoint and overlapping variable pairs give sparse, irregular patterns.
        Gen.Select(ExpressionTrees.Tree(2, 3), ExpressionTrees.Tree(2, 3), Gen.Double[-2, 2].Array[8]).SampleRepeatably((t1, t2, x) =>
        {
            var a = new ExpressionTrees.AsScalarFunction(t1);
            var b = new ExpressionTrees.AsScalarFunction(t2);
            ScalarFunction f = v => a.Invoke<Var>([v[0], v[1]]) + b.Invoke<Var>([v[1], v[2]]) * a.Invoke<Var>([v[3], v[4]]) + b.Invoke<Var>([v[5], v[7]]);
            var g = Differentiate.Record(f, x);
            var h = g.Hessian();
            var columns = Columns(g);
            for (int i = 0; i < 8; i++)
                for (int j = 0; j < 8; j++)
                {
                    double ij = columns[i, j], ji = columns[j, i];
                    bool same = h[i, j].Equals(ij) || h[i, j].Equals(ji) || h[i, j].Equals(0.5 * (ij + ji));
                    Assert.True(same, $"H[{i},{j}] = {h[i, j]:R}, products {ij:R}, {ji:R} for {t1}, {t2}");
                }
        }, iter: 150);
    }
}
