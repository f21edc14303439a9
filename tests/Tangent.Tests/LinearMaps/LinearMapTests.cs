using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.LinearMaps;

/// <summary>
/// The derivative as a value: every kind of linear map (read off a graph, transposed, composed, from a
/// matrix) passes the dot-product test ⟨w, L·v⟩ = ⟨Lᵀ·w, v⟩, materialises to the matrix it applies, and
/// composition is the chain rule D(g∘f)(x) = Dg(f(x))·Df(x).
/// </summary>
public class LinearMapTests
{
    private static readonly Random Rng = new(2024);

    /// <summary>One map of each kind, with the matrix it must equal.</summary>
    public static TheoryData<string> Kinds() => new() { "graph", "transposed graph", "composed graphs", "matrix", "transposed matrix", "composed matrix and graph", "twice transposed", "scalar graph" };

    private static (LinearMap Map, double[,] Matrix) Build(string kind)
    {
        var polar = VectorCorpus.All[0];      // R² → R²
        var threeToTwo = VectorCorpus.All[1]; // R³ → R²
        var twoToFour = VectorCorpus.All[2];  // R² → R⁴
        double[] x3 = [1.0, 2.0, 3.0], x2 = [0.5, -1.0];
        var m = new double[,] { { 1, -2, 0.5 }, { 3, 0, -1 }, { 0.25, 4, 2 }, { -1, 1, 1 } }; // 4×3
        return kind switch
        {
            "graph" => (Differentiate.Linearize(threeToTwo.F, x3), threeToTwo.Jacobian(x3)),
            "transposed graph" => (Differentiate.Linearize(threeToTwo.F, x3).Transpose(), Dense.Transpose(threeToTwo.Jacobian(x3))),
            "composed graphs" => (Differentiate.Linearize(twoToFour.F, polar.Plain(x2)).Compose(Differentiate.Linearize(polar.F, x2)),
                Dense.Multiply(twoToFour.Jacobian(polar.Plain(x2)), polar.Jacobian(x2))),
            "matrix" => (LinearMap.FromMatrix(m), m),
            "transposed matrix" => (LinearMap.FromMatrix(m).Transpose(), Dense.Transpose(m)),
            "composed matrix and graph" => (LinearMap.FromMatrix(m).Compose(Differentiate.Linearize(threeToTwo.F, x3).Transpose()),
                Dense.Multiply(m, Dense.Transpose(threeToTwo.Jacobian(x3)))),
            "twice transposed" => (Differentiate.Linearize(twoToFour.F, x2).Transpose().Transpose(), twoToFour.Jacobian(x2)),
            "scalar graph" => (Differentiate.Linearize(ScalarCorpus.All[0].F, [-1.2, 1.0]), ToRow(ScalarCorpus.All[0].Gradient([-1.2, 1.0]))),
            _ => throw new ArgumentException(kind),
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void DotProductTestHoldsForEveryKindOfLinearMap(string kind)
    {
        var (map, _) = Build(kind);
        for (int k = 0; k < 20; k++)
        {
            var v = Dense.Random(Rng, map.Columns);
            var w = Dense.Random(Rng, map.Rows);
            double left = Dense.Dot(w, map.Apply(v)), right = Dense.Dot(map.ApplyTranspose(w), v);
            Approx.Equal(left, right, 1e-13, 1e-13, $"⟨w, L·v⟩ = ⟨Lᵀ·w, v⟩ for the {kind} map");
            Approx.Equal(map.Apply(v), map.Transpose().ApplyTranspose(v), 0, 0, $"(Lᵀ)ᵀ·v = L·v for the {kind} map");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindOfLinearMapHasTheShapeAndMatrixOfWhatItApplies(string kind)
    {
        var (map, matrix) = Build(kind);
        Assert.Equal((matrix.GetLength(0), matrix.GetLength(1)), map.Shape);
        Approx.Equal(matrix, map.ToMatrix(), 1e-13, 1e-13, $"{kind} ToMatrix");
        var v = Dense.Random(Rng, map.Columns);
        Approx.Equal(Dense.Multiply(matrix, v), map.Apply(v), 1e-13, 1e-13, $"{kind} Apply");
        var w = Dense.Random(Rng, map.Rows);
        Approx.Equal(Dense.Multiply(Dense.Transpose(matrix), w), map.ApplyTranspose(w), 1e-13, 1e-13, $"{kind} ApplyTranspose");
    }

    [Fact]
    public void FromMatrixCopiesItsInputSoLaterChangesDoNotLeakIn()
    {
        var m = new double[,] { { 1, 2 }, { 3, 4 } };
        var map = LinearMap.FromMatrix(m);
        m[0, 0] = 100;
        Assert.Equal([1.0 * 1 + 2 * 1, 3.0 + 4], map.Apply([1.0, 1.0]));
        var copy = map.ToMatrix();
        copy[1, 1] = -7;
        Assert.Equal(4.0, map.ToMatrix()[1, 1]);
    }

    // f: R³ → R², g: R² → R⁴ (so g∘f: R³ → R⁴); f: R² → R⁴, g: R⁴ → R (so g∘f: R² → R); f: R⁴ → R, g: R → R³.
    public static TheoryData<string> Chains() => new() { "R3→R2→R4", "R2→R4→R1", "R4→R1→R3", "R2→R2→R2" };

    private static (VectorFunction F, VectorFunction G, double[] X) Chain(string name) => name switch
    {
        "R3→R2→R4" => (VectorCorpus.All[1].F, VectorCorpus.All[2].F, [0.5, -0.25, 1.5]),
        "R2→R4→R1" => (VectorCorpus.All[2].F, x => [Var.Log(1 + x[0] * x[0]) + x[1] * x[2] - Var.Sin(x[3])], [0.3, 0.7]),
        "R4→R1→R3" => (VectorCorpus.All[3].F, VectorCorpus.All[4].F, [0.1, 0.2, -0.3, 0.4]),
        "R2→R2→R2" => (VectorCorpus.All[0].F, VectorCorpus.All[0].F, [1.5, 0.4]),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void LinearizationOfACompositionIsTheCompositionOfLinearizations(string name)
    {
        var (f, g, x) = Chain(name);
        VectorFunction gf = v => g(f(v));
        var fx = f(x.Select(t => new Var(t)).ToArray()).Select(o => o.Value).ToArray();
        var whole = Differentiate.Linearize(gf, x);
        var chained = Differentiate.Linearize(g, fx).Compose(Differentiate.Linearize(f, x));
        Assert.Equal(whole.Shape, chained.Shape);
        var expected = whole.ToMatrix();
        Approx.Equal(expected, chained.ToMatrix(), 1e-13, 1e-13 * (1 + Approx.MaxAbs(expected)), $"D(g∘f) for {name}");
        // And both equal the central-difference Jacobian of g∘f.
        var fd = FiniteDifference.Jacobian(p => gf(p.Select(t => new Var(t)).ToArray()).Select(o => o.Value).ToArray(), x);
        Approx.Equal(fd, chained.ToMatrix(), 1e-7, 1e-8 * (1 + Approx.MaxAbs(expected)), $"D(g∘f) vs central difference for {name}");
        var w = Dense.Random(Rng, chained.Rows);
        Approx.Equal(whole.ApplyTranspose(w), chained.ApplyTranspose(w), 1e-13, 1e-13 * (1 + Approx.MaxAbs(expected)), $"(D(g∘f))ᵀ·w for {name}");
    }

    [Fact]
    public void ComposingMismatchedShapesIsAnArgumentExceptionNamingBothShapes()
    {
        var outer = Differentiate.Linearize(VectorCorpus.All[2].F, [0.5, -1.0]); // 4×2
        var inner = Differentiate.Linearize(VectorCorpus.All[1].F, [1.0, 2.0, 3.0]).Transpose(); // 3×2
        var e = Assert.Throws<ArgumentException>(() => outer.Compose(inner));
        Assert.Contains("4×2", e.Message);
        Assert.Contains("3×2", e.Message);
        var m = Assert.Throws<ArgumentException>(() => LinearMap.FromMatrix(new double[2, 5]).Compose(LinearMap.FromMatrix(new double[3, 1])));
        Assert.Contains("2×5", m.Message);
        Assert.Contains("3×1", m.Message);
    }

    [Fact]
    public void LinearizedGraphMapKeepsWorkingAfterOtherRecordingsOnTheSameThread()
    {
        var c = VectorCorpus.All[5];
        double[] x = [2.0, 0.8, 1.2];
        var map = Differentiate.Linearize(c.F, x);
        for (int k = 0; k < 5; k++) Differentiate.Gradient(v => v[0] * v[1] * Var.Exp(v[0]), [k, 1.0 + k]);
        Approx.Equal(c.Jacobian(x), map.ToMatrix(), 1e-14, 1e-14, "a kept map after later recordings");
    }

    private static double[,] ToRow(double[] g)
    {
        var r = new double[1, g.Length];
        for (int j = 0; j < g.Length; j++) r[0, j] = g[j];
        return r;
    }
}
