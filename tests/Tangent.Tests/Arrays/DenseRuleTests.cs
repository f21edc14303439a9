using Tangent.Arrays;
using Tangent.Primitives;
using Tangent.Tests.Support;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// The fused dense operation φ(X·W + b) (<see cref="DenseVar{A}"/>) against the general path, the same function
/// recorded as matmul, add and the elementwise φ: the same value, gradient and Hessian-vector product to rounding,
/// on shapes that take every loop order of <see cref="SmallProducts"/> and on the packed products; and on its own
/// terms: the gradient against central differences, the JVP and the VJP transposes of each other.
/// </summary>
public class DenseRuleTests
{
    public enum Phi { None, Tanh, Sigmoid }

    // (m, k, n): n ≥ 8 with n ≥ k (rows of W in the lanes, X̄ by dot products); n < 8 and n < k (forward by dot
    // products, X̄ along rows of Wᵀ); widths with every tail (16, 8, 4, 1 lanes); rows of C four at a time and
    // alone (n < 16, m ≥ 4); W̄ four rows and single rows at a time (k ≥ 4, k % 4 ≠ 0), and through W̄ᵀ (n < 4)
    // with an odd and an even count of samples; the narrow network's shapes (24 → 8 → 2).
    public static TheoryData<int, int, int, Phi, bool> Cases()
    {
        var data = new TheoryData<int, int, int, Phi, bool>();
        foreach (var (m, k, n) in new[] { (5, 3, 10), (6, 9, 3), (4, 4, 29), (3, 13, 2), (2, 1, 1), (9, 24, 8), (7, 6, 13), (11, 8, 2), (12, 5, 3) })
            foreach (var phi in Enum.GetValues<Phi>())
                foreach (bool small in new[] { true, false })
                    data.Add(m, k, n, phi, small);
        return data;
    }

    private static TensorVar Fused(Phi phi, TensorVar x, TensorVar w, TensorVar b, bool small) => phi switch
    {
        Phi.None => DenseVar<NoActivation>.Record(x, w, b, small),
        Phi.Tanh => DenseVar<Activated<Tanh, TanhLanes>>.Record(x, w, b, small),
        _ => DenseVar<Activated<Sigmoid, SigmoidLanes>>.Record(x, w, b, small),
    };

    private static TensorVar General(Phi phi, TensorVar x, TensorVar w, TensorVar b)
    {
        var z = x.MatMul(w) + b;
        return phi switch { Phi.None => z, Phi.Tanh => A.Tanh(z), _ => A.Sigmoid(z) };
    }

    private static Tensor Random(Random rng, params int[] shape)
    {
        var t = new Tensor(shape);
        for (int i = 0; i < t.Length; i++) t.Data[i] = 2 * rng.NextDouble() - 1;
        return t;
    }

    /// <summary>Σ C⊙φ(X·W + b), X, W and b all parameters, C a fixed random weight; built fused or general.</summary>
    private static (ArrayProgram Program, Tensor[] Point) Loss(int m, int k, int n, Phi phi, bool? small)
    {
        var rng = new Random(m * 1000 + k * 100 + n);
        var point = new[] { Random(rng, m, k), Random(rng, k, n), Random(rng, n) };
        var c = Random(rng, m, n);
        var g = new ArrayGraph();
        TensorVar x = g.Parameter("X", m, k), w = g.Parameter("W", k, n), b = g.Parameter("b", n);
        var y = small is { } s ? Fused(phi, x, w, b, s) : General(phi, x, w, b);
        return (new ArrayProgram(A.Sum(y * g.Constant(c))), point);
    }

    private static Tensor[] Like(Tensor[] point) => [.. point.Select(t => new Tensor([.. t.Shape]))];
    private static double[] Flat(Tensor[] tensors) => [.. tensors.SelectMany(t => t.Data)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueGradientAndHessianVectorProductEqualTheGeneralPath(int m, int k, int n, Phi phi, bool small)
    {
        var (fused, point) = Loss(m, k, n, phi, small);
        var (general, _) = Loss(m, k, n, phi, null);
        Tensor[] gf = Like(point), gg = Like(point);
        double vf = fused.Gradient(point, [], gf), vg = general.Gradient(point, [], gg);
        Approx.Equal(vg, vf, 1e-13, 1e-13, "value");
        Approx.Equal(Flat(gg), Flat(gf), 1e-12, 1e-13, "gradient");

        var rng = new Random(3);
        var v = point.Select(t => Random(rng, [.. t.Shape])).ToArray();
        Tensor[] hf = Like(point), hg = Like(point);
        fused.Hvp(point, [], v, hf);
        general.Hvp(point, [], v, hg);
        Approx.Equal(Flat(hg), Flat(hf), 1e-11, 1e-12, "Hessian·v");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesCentralDifferences(int m, int k, int n, Phi phi, bool small)
    {
        var (fused, point) = Loss(m, k, n, phi, small);
        var gradient = Like(point);
        fused.Gradient(point, [], gradient);
        var fd = FiniteDifference.Gradient(x => fused.Value(ArrayRuleTests.Unflatten(x, point), []), Flat(point));
        Approx.Equal(fd, Flat(gradient), 1e-8, 1e-9, "gradient vs central differences");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void JvpAndVjpAreTransposes(int m, int k, int n, Phi phi, bool small)
    {
        var rng = new Random(7);
        var point = new[] { Random(rng, m, k), Random(rng, k, n), Random(rng, n) };
        var g = new ArrayGraph();
        var program = new ArrayProgram(Fused(phi, g.Parameter("X", m, k), g.Parameter("W", k, n), g.Parameter("b", n), small));
        var map = program.Linearize(point, []);
        for (int trial = 0; trial < 3; trial++)
        {
            var v = Tangent.Tests.Support.Dense.Random(rng, map.Columns);
            var w = Tangent.Tests.Support.Dense.Random(rng, map.Rows);
            double left = Tangent.Tests.Support.Dense.Dot(w, map.Apply(v)), right = Tangent.Tests.Support.Dense.Dot(map.ApplyTranspose(w), v);
            Approx.Equal(left, right, 1e-12, 1e-13, "⟨w, J·v⟩ vs ⟨Jᵀ·w, v⟩");
        }
    }

    [Fact]
    public void DataInputIsNotDifferentiatedAndShapesAreChecked()
    {
        var g = new ArrayGraph();
        var x = g.Data("X", 4, 3);
        var w = g.Parameter("W", 3, 5);
        var b = g.Parameter("b", 5);
        var y = DenseVar<NoActivation>.Record(x, w, b);
        Assert.Equal([4, 5], y.Shape);
        var e = Assert.Throws<ArgumentException>(() => DenseVar<NoActivation>.Record(x, g.Parameter("V", 4, 5), b));
        Assert.Contains("X (4×3), W (4×5), b (5)", e.Message);
    }
}
