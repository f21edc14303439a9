using CsCheck;
using Tangent.Tests.Corpus;

namespace Tangent.Tests.Compilation;

/// <summary>
/// The compiled Hessian-vector product is the recorded graph's: equal to Graph.Hvp bit for bit on random compositions
/// of every primitive and on loop programs, exact on Rosenbrock's analytic Hessian, symmetric (⟨u, Hv⟩ = ⟨Hu, v⟩), and
/// it names both shapes when a vector has the wrong length.
/// </summary>
public class CompiledHvpTests
{
    static void AssertBitwise(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[j]) == BitConverter.DoubleToInt64Bits(actual[j]),
                $"component {j}: graph {expected[j]:R}, compiled {actual[j]:R} for {what}");
    }

    [Fact]
    public void Compiled_products_equal_the_graphs_Hvp_bit_for_bit_on_random_compositions_of_every_primitive()
    {
        // Trees over every primitive (kinks included), maps with several outputs and random weights.
        Gen.Select(ExpressionTrees.Map(depth: 5), Gen.Double[-1, 1].Array[5], Gen.Double[-2, 2].Array[5], Gen.Double[-2, 2].Array[5])
            .Sample((map, wAll, u, v) =>
            {
                var (outputs, x) = map;
                int n = x.Length, m = outputs.Length;
                var g = Differentiate.Record(ExpressionTrees.AsVectorFunction(outputs), x);
                var w = wAll[..m];
                var compiled = CompiledHvp.Compile(g, w);
                var first = CompiledHvp.Compile(g);
                foreach (var d in new[] { v[..n], u[..n] })
                {
                    AssertBitwise(g.Hvp(d, w), compiled.Multiply(d), string.Join("; ", outputs.Select(o => o.ToString())));
                    AssertBitwise(g.Hvp(d), first.Multiply(d), outputs[0].ToString());
                }
            }, iter: 300, threads: 1);
    }

    [Fact]
    public void Compiled_products_equal_the_graphs_Hvp_bit_for_bit_on_loop_programs()
    {
        int samples = 0, swept = 0;
        Gen.Int.Sample(seed =>
        {
            var program = LoopProgram.Random(seed);
            var rng = new Random(seed);
            var x = Enumerable.Range(0, program.N).Select(_ => 2 * (2 * rng.NextDouble() - 1)).ToArray();
            var g = Differentiate.Record(program.Run, x);
            var compiled = CompiledHvp.Compile(g);
            samples++;
            if (compiled.ActiveOperations > 0) swept++;
            for (int k = 0; k < 3; k++)
            {
                var v = Enumerable.Range(0, program.N).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
                AssertBitwise(g.Hvp(v), compiled.Multiply(v), $"loop program {seed}");
            }
        }, iter: 100, threads: 1);
        Assert.True(swept > samples / 2, $"{swept} of {samples} programs had curved nodes");
    }

    static Var Rosenbrock(ReadOnlySpan<Var> x) => Support.TestFunctions.Rosenbrock(x);

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Rosenbrock_products_match_the_analytic_Hessian_and_the_graphs_Hvp(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var graph = Differentiate.Record(Rosenbrock, x);
        var compiled = CompiledHvp.Compile(graph);
        for (int k = 0; k < 3; k++)
        {
            var v = Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            if (k == 2) v[n / 2] = 0; // a zero tangent meets the zero rule of the sources
            var hv = new double[n];
            compiled.Multiply(v, hv);
            AssertBitwise(graph.Hvp(v), hv, $"Rosenbrock, n = {n}"); // squares and products: the specialised sources
            // H_ii = 1200 xᵢ² − 400 x_{i+1} + 2 (i < n−1), + 200 (i > 0); H_{i,i+1} = H_{i+1,i} = −400 xᵢ.
            for (int i = 0; i < n; i++)
            {
                double d = (i + 1 < n ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
                double expected = d * v[i] + (i + 1 < n ? -400 * x[i] * v[i + 1] : 0) + (i > 0 ? -400 * x[i - 1] * v[i - 1] : 0);
                double scale = Math.Abs(d * v[i]) + 400 * (Math.Abs(x[i]) + (i > 0 ? Math.Abs(x[i - 1]) : 0)) + 1;
                Assert.True(Math.Abs(hv[i] - expected) <= 1e-13 * scale, $"n = {n}, (Hv)_{i}: {hv[i]:R}, analytic {expected:R}");
            }
        }
    }

    [Fact]
    public void Squares_products_one_sided_and_general_curvature_give_the_graphs_Hvp_bit_for_bit()
    {
        // a·a (square), a·b (product), exp a and a^2.5 (curved in a alone), a/b and atan2 (general), at random points and
        // directions with zero components (the zero rule of the sources).
        ScalarFunction f = x => x[0] * x[0] + x[0] * x[1] + Var.Exp(x[2]) * x[1] + Var.Pow(1 + x[3] * x[3], 2.5)
            + x[2] / (2 + x[1] * x[1]) + Var.Atan2(x[3], 3 + x[0]) + x[1] * x[1] * x[2];
        Gen.Select(Gen.Double[-2, 2].Array[4], Gen.Double[-1, 1].Array[4], Gen.Int[0, 4]).Sample((x, v, zero) =>
        {
            if (zero < 4) v[zero] = 0;
            var g = Differentiate.Record(f, x);
            AssertBitwise(g.Hvp(v), CompiledHvp.Compile(g).Multiply(v), "the mixed function");
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Dot_product_test_holds_for_compiled_products()
    {
        // H is symmetric, so ⟨u, Hv⟩ = ⟨Hu, v⟩ up to rounding: the two sides are different sweeps of the compiled map.
        Gen.Select(ExpressionTrees.Tree(4, 5, smooth: true), Gen.Double[-2, 2].Array[4], Gen.Double[-1, 1].Array[4], Gen.Double[-1, 1].Array[4])
            .Sample((tree, x, u, v) =>
            {
                var compiled = CompiledHvp.Compile(Differentiate.Record(new ExpressionTrees.AsScalarFunction(tree), x));
                var hu = compiled.Multiply(u);
                var hv = compiled.Multiply(v);
                double left = 0, right = 0, scale = 0;
                for (int j = 0; j < 4; j++)
                {
                    left += u[j] * hv[j];
                    right += hu[j] * v[j];
                    scale += Math.Abs(u[j] * hv[j]) + Math.Abs(hu[j] * v[j]);
                }
                Assert.True(Math.Abs(left - right) <= 1e-12 * (1 + scale), $"⟨u, Hv⟩ = {left:R}, ⟨Hu, v⟩ = {right:R} for {tree}");
            }, iter: 200, threads: 1);
    }

    [Fact]
    public void A_graph_with_a_non_finite_partial_is_swept_by_the_interpreter_and_agrees_with_it()
    {
        // d sqrt(u)/du = ∞ at u = 0: the graph is non-finite and its sweep needs 0·∞ = 0.
        ScalarFunction f = x => Var.Sqrt(x[0] * x[0] - x[1]) + x[0] * x[1] * x[1] + Var.Sin(x[2]);
        double[] x0 = [1.0, 1.0, 0.5];
        var g = Differentiate.Record(f, x0);
        var compiled = CompiledHvp.Compile(g);
        Assert.False(compiled.IsCompiled);
        double[] v = [0.3, -0.7, 0.2];
        AssertBitwise(g.Hvp(v), compiled.Multiply(v), "sqrt at 0");
        // Away from the interpreter's rule the product is the analytic one: x₀x₁² and sin x₂ contribute.
        var finite = CompiledHvp.Compile(Differentiate.Record(x => x[0] * x[1] * x[1] + Var.Sin(x[2]), x0));
        Assert.True(finite.IsCompiled);
        var hv = finite.Multiply(v);
        // H = [[0, 2x₁, 0], [2x₁, 2x₀, 0], [0, 0, −sin x₂]].
        Assert.Equal(2 * 1.0 * v[1], hv[0], 15);
        Assert.Equal(2 * 1.0 * v[0] + 2 * 1.0 * v[1], hv[1], 15);
        Assert.Equal(-Math.Sin(0.5) * v[2], hv[2], 15);
    }

    [Fact]
    public void A_vector_of_the_wrong_length_is_refused_naming_both_lengths()
    {
        var compiled = CompiledHvp.Compile(Differentiate.Record(x => x[0] * x[1] * x[2], [1.0, 2.0, 3.0]));
        var e = Assert.Throws<ArgumentException>(() => compiled.Multiply([1.0, 2.0], new double[3]));
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => compiled.Multiply([1.0, 2.0, 3.0], new double[4]));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("length 3", e.Message);
        var w = Assert.Throws<ArgumentException>(() => CompiledHvp.Compile(Differentiate.Record(x => x[0] * x[1], [1.0, 2.0]), [1.0, 2.0]));
        Assert.Contains("length 2", w.Message);
        Assert.Contains("length 1", w.Message);
    }
}
