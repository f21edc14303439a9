using Tangent.Tests.Support;
using CsCheck;
using Tangent.Primitives;
using Tangent.Tests.Corpus;

namespace Tangent.Tests.Compilation;

/// <summary>
/// Compiled Hessian-vector products (reverse over forward: the compiled gradient of the tangent graph), through
/// CompiledHvp (weights, the recorded point, any point) and CompiledGradient.Hvp: equal to the interpreted product at
/// the same point (Graph.At then Hvp) to rounding on random compositions of every primitive, maps with weights and loop
/// programs compiled with rolling; each primitive's declared second partials; Rosenbrock's analytic Hessian; symmetric;
/// the gradient that comes with them equal to the interpreted one; the recorded branches checked; shapes named.
/// </summary>
public class CompiledHvpTests
{
    static double[] Point(Random rng, int n, double spread = 2) => Enumerable.Range(0, n).Select(_ => spread * (2 * rng.NextDouble() - 1)).ToArray();

    internal delegate void Product(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv, Span<double> gradient, out bool holds);

    static bool AssertSameAt(Graph graph, CompiledGradient compiled, double[] x, double[] v, string what) =>
        AssertSameAt(graph, [1.0, .. new double[graph.OutputDimension - 1]], compiled.Hvp, x, v, what);

    /// <summary>
    /// The compiled product ∇²(wᵀF)(x)·v at x against the interpreted one; false when the branches do not hold there.
    /// The two form their sums in different orders, so they are compared to rounding, scaled by Σₖ |wₖ| Σⱼ |Hᵏᵢⱼ vⱼ|
    /// from each output's dense Hessian; the gradient ∇(wᵀF)(x) that comes with the product against Vjp(w).
    /// </summary>
    internal static bool AssertSameAt(Graph graph, double[] w, Product product, double[] x, double[] v, string what)
    {
        int n = x.Length;
        double[] hv = Enumerable.Repeat(double.NaN, n).ToArray(), grad = Enumerable.Repeat(double.NaN, n).ToArray();
        product(x, v, hv, grad, out bool holds);
        var replayed = graph.At(x);
        Assert.True((replayed is not null) == holds, $"branch check: compiled {holds}, replay {replayed is not null} for {what}");
        if (replayed is null) return false;
        var expected = replayed.Hvp(v, w);
        var gradient = replayed.Vjp(w);
        var scale = Enumerable.Repeat(1.0, n).ToArray();
        for (int k = 0; k < w.Length; k++)
        {
            if (w[k] == 0) continue;
            var e = new double[w.Length];
            e[k] = 1;
            var h = replayed.Hessian(e);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) scale[i] += Math.Abs(w[k] * h[i, j] * v[j]);
        }
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(expected[i]) || !double.IsFinite(scale[i])) continue; // no bound to compare against
            Assert.True(Math.Abs(hv[i] - expected[i]) <= 1e-11 * scale[i], $"(Hv)_{i}: compiled {hv[i]:R}, interpreted {expected[i]:R} for {what} at [{string.Join(", ", x.Select(q => q.ToString("R")))}] v [{string.Join(", ", v.ToArray().Select(q => q.ToString("R")))}]");
            if (double.IsFinite(gradient[i]))
                Assert.True(Math.Abs(grad[i] - gradient[i]) <= 1e-12 * (1 + Math.Abs(gradient[i])), $"gradient {i}: compiled {grad[i]:R}, interpreted {gradient[i]:R} for {what}");
        }
        return true;
    }

    [Fact]
    public void Weighted_products_at_the_recorded_point_and_at_new_points_equal_the_interpreted_ones()
    {
        // Maps with several outputs over every primitive (kinks included) and random weights, some of them 0.
        int compared = 0;
        Gen.Select(ExpressionTrees.Map(depth: 5), Gen.Double[-1, 1].Array[5], Gen.Double[-2, 2].Array[5], Gen.Double[-0.5, 0.5].Array[5])
            .SampleRepeatably((map, wAll, v, shift) =>
            {
                var (outputs, x0) = map;
                int n = x0.Length, m = outputs.Length;
                var graph = Differentiate.Record(ExpressionTrees.AsVectorFunction(outputs), x0);
                var w = wAll[..m];
                if (m > 1) w[1] = 0;
                var compiled = CompiledHvp.Compile(graph, w);
                Assert.Equal(n, compiled.InputDimension);
                string what = string.Join("; ", outputs.Select(o => o.ToString()));
                // At x₀ through Hvp(v, hv): the branches hold there.
                if (AssertSameAt(graph, w, (ReadOnlySpan<double> x, ReadOnlySpan<double> d, Span<double> hv, Span<double> g, out bool holds) =>
                    {
                        compiled.Hvp(d, hv);
                        graph.Vjp(w).CopyTo(g);
                        holds = true;
                    }, x0, v[..n], what)) compared++;
                Assert.Equal(compiled.Hvp(v[..n]), AtPoint(compiled, x0, v[..n]));
                var moved = x0.Select((xi, j) => xi + shift[j]).ToArray();
                if (AssertSameAt(graph, w, compiled.Hvp, moved, v[..n], what)) compared++;
            }, iter: 300);
        Assert.True(compared > 400, $"{compared} of 600 products compared");
    }

    static double[] AtPoint(CompiledHvp compiled, double[] x, double[] v)
    {
        var hv = new double[x.Length];
        compiled.Hvp(x, v, hv, out bool holds);
        Assert.True(holds);
        return hv;
    }

    [Fact]
    public void Products_at_new_points_equal_the_interpreted_ones_on_random_compositions_of_every_primitive()
    {
        int compared = 0;
        Gen.Select(ExpressionTrees.Map(depth: 5), Gen.Double[-1, 1].Array[5], Gen.Double[-0.5, 0.5].Array[5], Gen.Int)
            .SampleRepeatably((map, v, shift, seed) =>
            {
                var (outputs, x0) = map;
                int n = x0.Length;
                var graph = Differentiate.Record(ExpressionTrees.AsVectorFunction(outputs), x0);
                var compiled = CompiledGradient.Compile(graph);
                var rng = new Random(seed);
                var moved = x0.Select((xi, j) => xi + shift[j]).ToArray(); // near x₀: the branches often hold
                foreach (var x in new[] { x0, moved, Point(rng, n) })
                    if (AssertSameAt(graph, compiled, x, v[..n], outputs[0].ToString())) compared++;
            }, iter: 300);
        Assert.True(compared > 450, $"{compared} of 900 products compared");
    }

    [Fact]
    public void Every_primitive_gives_its_declared_second_derivative_and_the_central_differences_of_its_gradient()
    {
        // f(x) = φ(u(x), w(x)) with u, w linear: ∇²f = J^T ∇²φ J, with J = [[1, 0.3], [−0.2, 1]]. Points inside every domain.
        var rng = new Random(5);
        foreach (var p in Primitive.All)
        {
            ScalarFunction f = x =>
            {
                var u = x[0] + 0.3 * x[1];
                var w = x[1] - 0.2 * x[0];
                return p.Record(u, w);
            };
            for (int k = 0; k < 20; k++)
            {
                double[] x0 = [0.2 + 0.6 * rng.NextDouble(), 0.1 + 0.5 * rng.NextDouble()];
                double[] x = [0.2 + 0.6 * rng.NextDouble(), 0.1 + 0.5 * rng.NextDouble()];
                double[] v = [2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1];
                double u0 = x0[0] + 0.3 * x0[1], w0 = x0[1] - 0.2 * x0[0], u1 = x[0] + 0.3 * x[1], w1 = x[1] - 0.2 * x[0];
                if (p.OutsideDomain(u0, w0) || p.OutsideDomain(u1, w1)) continue; // a primitive defined elsewhere (acosh: x ≥ 1)
                var graph = Differentiate.Record(f, x0);
                var compiled = CompiledGradient.Compile(graph);
                var hv = new double[2];
                compiled.Hvp(x, v, hv, out bool holds);
                if (!holds) continue; // max/min chose the other operand at x
                double u = x[0] + 0.3 * x[1], w = x[1] - 0.2 * x[0];
                double y = p.Evaluate(u, w, out _, out _);
                var (daa, dab, dbb) = p.SecondPartials(u, w, y);
                double[,] j = { { 1, 0.3 }, { -0.2, 1 } };
                double[] jv = [j[0, 0] * v[0] + j[0, 1] * v[1], j[1, 0] * v[0] + j[1, 1] * v[1]];
                double[] hjv = [daa * jv[0] + dab * jv[1], dab * jv[0] + dbb * jv[1]];
                for (int i = 0; i < 2; i++)
                {
                    double expected = j[0, i] * hjv[0] + j[1, i] * hjv[1];
                    Assert.True(Math.Abs(hv[i] - expected) <= 1e-12 * (1 + Math.Abs(expected)), $"{p.Name}: (Hv)_{i} = {hv[i]:R}, declared {expected:R} at ({u}, {w})");
                }
                // And against central differences of the compiled gradient along v: (∇f(x + hv) − ∇f(x − hv)) / 2h.
                const double h = 1e-5;
                double[] gPlus = new double[2], gMinus = new double[2];
                compiled.Evaluate([x[0] + h * v[0], x[1] + h * v[1]], gPlus, out _);
                compiled.Evaluate([x[0] - h * v[0], x[1] - h * v[1]], gMinus, out _);
                for (int i = 0; i < 2; i++)
                {
                    double fd = (gPlus[i] - gMinus[i]) / (2 * h);
                    Assert.True(Math.Abs(hv[i] - fd) <= 1e-5 * (1 + Math.Abs(fd)), $"{p.Name}: (Hv)_{i} = {hv[i]:R}, central differences {fd:R} at ({u}, {w})");
                }
            }
        }
    }

    [Fact]
    public void Products_at_new_points_equal_the_interpreted_ones_on_loop_programs_compiled_with_rolling()
    {
        int samples = 0, compared = 0;
        Gen.Select(Gen.Int, Gen.Int[2, 40]).SampleRepeatably((seed, block) =>
        {
            var program = LoopProgram.Random(seed);
            var rng = new Random(seed);
            var graph = Differentiate.Record(program.Run, Point(rng, program.N));
            samples++;
            foreach (var settings in new[] { new CompileSettings(0, block, 4, 64), CompileSettings.Default })
            {
                var compiled = CompiledGradient.Compile(graph, settings);
                for (int k = 0; k < 2; k++)
                    if (AssertSameAt(graph, compiled, k == 0 ? graph.Point : Point(rng, program.N), Point(rng, program.N, 1), $"loop program {seed}")) compared++;
            }
        }, iter: 100);
        Assert.True(compared > samples * 2, $"{compared} comparisons of {samples * 4}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Rosenbrock_products_at_new_points_match_the_analytic_Hessian(int n)
    {
        var rng = new Random(n);
        var compiled = CompiledGradient.Compile(Differentiate.Record(Support.TestFunctions.Rosenbrock, Point(rng, n, 1)));
        for (int k = 0; k < 3; k++)
        {
            var x = Point(rng, n, 1.5);
            var v = Point(rng, n, 1);
            double[] hv = new double[n], grad = new double[n];
            compiled.Hvp(x, v, hv, grad, out bool holds);
            Assert.True(holds);
            // H_ii = 1200 xᵢ² − 400 x_{i+1} + 2 (i < n−1), + 200 (i > 0); H_{i,i+1} = H_{i+1,i} = −400 xᵢ.
            for (int i = 0; i < n; i++)
            {
                double d = (i + 1 < n ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
                double expected = d * v[i] + (i + 1 < n ? -400 * x[i] * v[i + 1] : 0) + (i > 0 ? -400 * x[i - 1] * v[i - 1] : 0);
                double scale = Math.Abs(d * v[i]) + 400 * (Math.Abs(x[i]) + (i > 0 ? Math.Abs(x[i - 1]) : 0)) + 1;
                Assert.True(Math.Abs(hv[i] - expected) <= 1e-13 * scale, $"n = {n}, (Hv)_{i}: {hv[i]:R}, analytic {expected:R}");
                double g = (i + 1 < n ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0) + (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0);
                Assert.True(Math.Abs(grad[i] - g) <= 1e-12 * (1 + Math.Abs(g) + 400 * Math.Abs(x[i])), $"n = {n}, ∂f/∂x_{i}: {grad[i]:R}, analytic {g:R}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(150)]
    public void A_loop_carried_product_reads_the_carried_values_in_its_reverse_loop(int fusedNodes)
    {
        // p ← p·sin(xᵢ) + xᵢ: the tangent ṗ ← ṗ·sin xᵢ + p·cos(xᵢ)ẋᵢ + ẋᵢ multiplies carried values, which the reverse
        // loop of its gradient must read back from memory although nothing else reads them (no value is wanted).
        ScalarFunction f = x =>
        {
            Var p = 1;
            for (int i = 0; i < x.Length; i++) p = p * Var.Sin(x[i]) + x[i];
            return p;
        };
        var rng = new Random(11);
        var graph = Differentiate.Record(f, Point(rng, 60, 1));
        var compiled = CompiledGradient.Compile(graph, new CompileSettings(fusedNodes, 40, 4, 64));
        for (int k = 0; k < 3; k++)
            Assert.True(AssertSameAt(graph, compiled, Point(rng, 60, 1.5), Point(rng, 60, 1), "the carried product"));
    }

    [Fact]
    public void Constants_that_change_between_iterations_leave_the_tangent_graph_one_loop()
    {
        // softplus(cᵢ·(aᵢ·w)) with labels cᵢ = ±1: the tangent multiplies by cᵢ whatever its value, so every
        // iteration records the same nodes and the outer loop rolls (folding c = 1 would break the period).
        const int m = 60, d = 5;
        ScalarFunction f = w =>
        {
            Var loss = 0;
            for (int i = 0; i < m; i++)
            {
                Var z = 0;
                for (int j = 0; j < d; j++) z += Math.Sin(i * d + j) * w[j];
                loss += Var.Softplus((i % 3 == 0 ? 1.0 : -1.0) * z);
            }
            return loss;
        };
        var w0 = Enumerable.Range(0, d).Select(j => 0.1 * Math.Cos(j)).ToArray();
        var graph = Differentiate.Record(f, w0);
        var tangent = TangentGraph.Record(graph, [1.0]);
        var plan = Plan.Make(tangent, CompileSettings.Default, value: false);
        long rolled = plan.Segments.Where(s => s.Rolled).Sum(s => (long)s.Period * s.Reps);
        Assert.True(rolled > 0.9 * tangent.OperationCount, $"{rolled} of {tangent.OperationCount} tangent operations rolled");
        Assert.Contains(plan.Segments, s => s.Rolled && s.Reps >= m - 3);
        var rng = new Random(3);
        Assert.True(AssertSameAt(graph, CompiledGradient.Compile(graph), Point(rng, d, 0.5), Point(rng, d, 1), "labelled softplus"));
    }

    [Fact]
    public void Dot_product_test_holds_at_new_points()
    {
        // ⟨u, H(x)v⟩ = ⟨H(x)u, v⟩: two products of the compiled map at a point away from the recorded one.
        Gen.Select(ExpressionTrees.Tree(4, 5, smooth: true), Gen.Double[-2, 2].Array[4], Gen.Double[-0.3, 0.3].Array[4], Gen.Double[-1, 1].Array[4], Gen.Double[-1, 1].Array[4])
            .SampleRepeatably((tree, x0, shift, u, v) =>
            {
                var compiled = CompiledGradient.Compile(Differentiate.Record(new ExpressionTrees.AsScalarFunction(tree), x0));
                var x = x0.Select((xi, j) => xi + shift[j]).ToArray();
                double[] hu = new double[4], hv = new double[4];
                compiled.Hvp(x, u, hu, out bool holds);
                compiled.Hvp(x, v, hv, out _);
                if (!holds) return;
                double left = 0, right = 0, scale = 0;
                for (int j = 0; j < 4; j++)
                {
                    left += u[j] * hv[j];
                    right += hu[j] * v[j];
                    scale += Math.Abs(u[j] * hv[j]) + Math.Abs(hu[j] * v[j]);
                }
                if (!double.IsFinite(scale)) return;
                Assert.True(Math.Abs(left - right) <= 1e-12 * (1 + scale), $"⟨u, Hv⟩ = {left:R}, ⟨Hu, v⟩ = {right:R} for {tree}");
            }, iter: 200);
    }

    [Fact]
    public void A_changed_branch_is_reported_and_the_recorded_branch_is_differentiated_while_it_holds()
    {
        ScalarFunction f = x => x[0] > x[1] ? x[0] * x[0] * x[1] : Var.Sin(x[0]) * x[1];
        var compiled = CompiledGradient.Compile(Differentiate.Record(f, [2.0, 1.0]));
        var hv = new double[2];
        compiled.Hvp([3.0, 0.5], [1.0, 0.0], hv, out bool holds);
        Assert.True(holds);
        Assert.Equal(2 * 0.5, hv[0], 14);  // ∂²(x₀²x₁)/∂x₀² = 2x₁
        Assert.Equal(2 * 3.0, hv[1], 14);  // ∂²(x₀²x₁)/∂x₁∂x₀ = 2x₀
        compiled.Hvp([0.5, 3.0], [1.0, 0.0], hv, out holds);
        Assert.False(holds);
    }

    [Theory]
    [InlineData("an input")]
    [InlineData("linear")]
    [InlineData("constant")]
    public void Functions_without_curvature_give_zero_products_and_their_gradient(string kind)
    {
        ScalarFunction f = kind switch
        {
            "an input" => x => x[1],
            "linear" => x => 2 * x[0] - x[1] + 3,
            _ => x => 7.0,
        };
        double[] expectedGradient = kind switch { "an input" => [0, 1], "linear" => [2, -1], _ => [0, 0] };
        var compiled = CompiledGradient.Compile(Differentiate.Record(f, [0.5, -1.5]));
        double[] hv = [double.NaN, double.NaN], grad = [double.NaN, double.NaN];
        compiled.Hvp([2.0, 3.0], [1.0, -4.0], hv, grad, out bool holds);
        Assert.True(holds);
        Assert.Equal([0.0, 0.0], hv);
        Assert.Equal(expectedGradient, grad);
    }

    [Fact]
    public void Products_are_computed_from_several_threads_at_once()
    {
        var compiled = CompiledGradient.Compile(Differentiate.Record(Support.TestFunctions.Rosenbrock, Enumerable.Repeat(0.5, 50).ToArray()));
        var x = Enumerable.Range(0, 50).Select(i => Math.Cos(i)).ToArray();
        var v = Enumerable.Range(0, 50).Select(i => Math.Sin(i)).ToArray();
        var expected = new double[50];
        compiled.Hvp(x, v, expected, out _);
        Parallel.For(0, 64, _ =>
        {
            var hv = new double[50];
            compiled.Hvp(x, v, hv, out bool holds);
            Assert.True(holds);
            Assert.Equal(expected, hv);
        });
    }

    [Fact]
    public void Hessians_from_compiled_products_equal_the_graphs_at_new_points_with_the_same_pattern()
    {
        // Sparse (banded, arrow) and dense Hessians of maps with weights, at moved points: the same pattern and product
        // count as Graph.SparseHessian, every entry equal to rounding.
        int compared = 0;
        Gen.Select(ExpressionTrees.Map(depth: 4), Gen.Double[-1, 1].Array[5], Gen.Double[-0.3, 0.3].Array[5]).SampleRepeatably((map, wAll, shift) =>
        {
            var (outputs, x0) = map;
            int n = x0.Length;
            var w = wAll[..outputs.Length];
            var graph = Differentiate.Record(ExpressionTrees.AsVectorFunction(outputs), x0);
            var compiled = CompiledHvp.Compile(graph, w);
            Assert.Equal(graph.HessianProducts(), compiled.HessianProducts);
            var x = x0.Select((xi, j) => xi + shift[j]).ToArray();
            var h = compiled.SparseHessian(x, out bool holds);
            var replayed = graph.At(x);
            Assert.Equal(replayed is not null, holds);
            if (replayed is null) return;
            var expected = replayed.SparseHessian(w);
            Assert.Equal(expected.RowStart, h.RowStart);
            Assert.Equal(expected.Columns, h.Columns);
            Assert.Equal(expected.Products, h.Products);
            for (int e = 0; e < h.Count; e++)
                if (double.IsFinite(expected.Values[e]))
                    Assert.True(Math.Abs(h.Values[e] - expected.Values[e]) <= 1e-11 * (1 + Math.Abs(expected.Values[e])),
                        $"entry {e}: compiled {h.Values[e]:R}, interpreted {expected.Values[e]:R} for {string.Join("; ", outputs.Select(o => o.ToString()))}");
            compared++;
        }, iter: 200);
        Assert.True(compared > 100, $"{compared} of 200 Hessians compared");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(200)]
    public void Rosenbrocks_Hessian_from_compiled_products_is_the_analytic_one_at_new_points_for_three_products(int n)
    {
        var rng = new Random(n);
        var compiled = CompiledHvp.Compile(Differentiate.Record(Support.TestFunctions.Rosenbrock, Point(rng, n, 1)));
        Assert.Equal(3, compiled.HessianProducts);
        var x = Point(rng, n, 1.5);
        var h = compiled.SparseHessian(x, out bool holds);
        Assert.True(holds);
        Assert.Equal(3 * n - 2, h.Count); // tridiagonal
        for (int i = 0; i < n; i++)
        {
            double d = (i + 1 < n ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0) + (i > 0 ? 200 : 0);
            Assert.Equal(d, h[i, i], 1e-12 * (1 + Math.Abs(d)));
            if (i + 1 < n)
            {
                Assert.Equal(-400 * x[i], h[i, i + 1], 1e-12 * (1 + 400 * Math.Abs(x[i])));
                Assert.Equal(-400 * x[i], h[i + 1, i], 1e-12 * (1 + 400 * Math.Abs(x[i])));
            }
        }
        var atRecorded = compiled.SparseHessian(Point(new Random(n), n, 1), out holds); // x₀ itself
        Assert.True(holds);
        Assert.Equal(h.Columns, atRecorded.Columns);
    }

    [Fact]
    public void Squares_products_one_sided_and_general_curvature_give_the_interpreted_products()
    {
        // a·a (square), a·b (product), exp a and a^2.5 (curved in a alone), a/b and atan2 (general), at random points and
        // directions with zero components.
        ScalarFunction f = x => x[0] * x[0] + x[0] * x[1] + Var.Exp(x[2]) * x[1] + Var.Pow(1 + x[3] * x[3], 2.5)
            + x[2] / (2 + x[1] * x[1]) + Var.Atan2(x[3], 3 + x[0]) + x[1] * x[1] * x[2];
        var compiled = CompiledHvp.Compile(Differentiate.Record(f, [0.1, 0.2, 0.3, 0.4]));
        Gen.Select(Gen.Double[-2, 2].Array[4], Gen.Double[-1, 1].Array[4], Gen.Int[0, 4]).SampleRepeatably((x, v, zero) =>
        {
            if (zero < 4) v[zero] = 0;
            Assert.True(AssertSameAt(Differentiate.Record(f, x), [1.0], compiled.Hvp, x, v, "the mixed function"));
        }, iter: 300);
    }

    [Fact]
    public void A_point_with_an_infinite_partial_still_gives_the_parts_of_the_product_it_does_not_touch()
    {
        // d sqrt(u)/du = ∞ at u = x₀² − x₁ = 0: the Hessian does not exist there, but sin x₂ is separate from it.
        ScalarFunction f = x => Var.Sqrt(x[0] * x[0] - x[1]) + x[0] * x[1] * x[1] + Var.Sin(x[2]);
        var compiled = CompiledHvp.Compile(Differentiate.Record(f, [1.0, 1.0, 0.5]));
        double[] v = [0.3, -0.7, 0.2];
        var hv = compiled.Hvp(v);
        Assert.Equal(-Math.Sin(0.5) * v[2], hv[2], 15);
        // Away from the singular point, every component is the analytic one.
        var away = new double[3];
        compiled.Hvp([2.0, 1.0, 0.5], v, away, out bool holds);
        Assert.True(holds);
        // H = ∇²√(x₀² − x₁) + [[0, 2x₁, 0], [2x₁, 2x₀, 0], [0, 0, −sin x₂]] at (2, 1, 0.5), u = 3.
        double u = 3, r = Math.Sqrt(u);
        double h00 = 1 / r - 4 / (r * u), h01 = 2 / (2 * r * u), h11 = -1 / (4 * r * u);
        Assert.Equal(h00 * v[0] + (h01 + 2) * v[1], away[0], 14);
        Assert.Equal((h01 + 2) * v[0] + (h11 + 4) * v[1], away[1], 14);
        Assert.Equal(-Math.Sin(0.5) * v[2], away[2], 15);
    }

    [Fact]
    public void An_undefined_partial_times_a_zero_tangent_gives_the_interpreted_product_not_NaN()
    {
        // atan2(0, 0) has undefined partials; reverse over forward multiplies them by the zero tangent of x₀ − x₀ and
        // gets NaN, where the interpreted sweep's rule 0·∞ = 0 keeps the dead path out: the product falls back to it.
        ScalarFunction f = x => Var.Atan2(x[0] - x[0], x[1] - x[1]) + x[0] * x[0] * x[1];
        var graph = Differentiate.Record(f, [1.0, 2.0]);
        var compiled = CompiledHvp.Compile(graph);
        double[] x = [3.0, 5.0], v = [0.5, -1.0];
        double[] hv = new double[2], gradient = new double[2];
        compiled.Hvp(x, v, hv, gradient, out bool holds);
        Assert.True(holds);
        var replayed = graph.At(x)!;
        Assert.Equal(replayed.Hvp(v), hv);
        Assert.Equal(replayed.Gradient(), gradient);
        Assert.Equal([2 * 5.0 * 0.5 + 2 * 3.0 * -1.0, 2 * 3.0 * 0.5], hv); // ∇²(x₀²x₁)·v
    }

    [Fact]
    public void A_vector_of_the_wrong_length_is_refused_naming_both_lengths()
    {
        var compiled = CompiledHvp.Compile(Differentiate.Record(x => x[0] * x[1] * x[2], [1.0, 2.0, 3.0]));
        var e = Assert.Throws<ArgumentException>(() => compiled.Hvp([1.0, 2.0], new double[3]));
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => compiled.Hvp([1.0, 2.0, 3.0], new double[4]));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("length 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => compiled.Hvp([1.0, 2.0], [1.0, 2.0, 3.0], new double[3], out _));
        Assert.Contains("length 2", e.Message);
        var w = Assert.Throws<ArgumentException>(() => CompiledHvp.Compile(Differentiate.Record(x => x[0] * x[1], [1.0, 2.0]), [1.0, 2.0]));
        Assert.Contains("length 2", w.Message);
        Assert.Contains("length 1", w.Message);
        var g = CompiledGradient.Compile(Differentiate.Record(x => x[0] * x[1] * x[2], [1.0, 2.0, 3.0]));
        e = Assert.Throws<ArgumentException>(() => g.Hvp([1.0, 2.0, 3.0], [1.0, 2.0], new double[3], out _));
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => g.Hvp([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], new double[3], new double[4], out _));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("length 3", e.Message);
    }
}
