namespace Tangent.Tests.Compilation;

/// <summary>
/// The compiled gradient is the recorded graph's gradient: equal to Graph.At(x).Gradient() and to a
/// fresh recording at x (Differentiate.Gradient), at random points, for small (one fused method) and
/// large (many blocks) graphs, every primitive, and it reports when a branch decision changes.
/// </summary>
public class CompiledGradientTests
{
    // Uses every primitive, constants on either side, a dead subexpression and a repeated operand.
    static Var Mixed(ReadOnlySpan<Var> x)
    {
        Var a = x[0], b = x[1], c = x[2];
        Var dead = Var.Exp(a) * 3; // not on a path to the output
        _ = dead;
        Var s = Var.Sin(a) * Var.Cos(b) + Var.Tan(0.3 * c) - Var.Atan(a * b)
              + Var.Asin(0.5 * Var.Tanh(c)) + Var.Acos(0.25 * Var.Sigmoid(a))
              + Var.Sinh(0.2 * b) / Var.Cosh(c) + Var.Log(1 + a * a) * Var.Sqrt(2 + b * b)
              + Var.Abs(a - b) + Var.Relu(c) + Var.Softplus(-a) + Var.Sign(b) * c
              + Var.Max(a, b) * Var.Min(b, c) + Var.Pow(2 + a * a, 1.5) + Var.Pow(2.0, c) + Var.Pow(1 + b * b, a)
              + Var.Atan2(a, 2 + c) + (-a) * a + 5 / (3 + c * c) - 7;
        return s;
    }

    static Var Rosenbrock(ReadOnlySpan<Var> x) => Support.TestFunctions.Rosenbrock(x);

    static void AssertSameAtRandomPoints(ScalarFunction f, double[] x0, int points, double spread, int seed)
    {
        var graph = Differentiate.Record(f, x0);
        var compiled = CompiledGradient.Compile(graph);
        var rng = new Random(seed);
        var grad = new double[x0.Length];
        for (int k = 0; k < points; k++)
        {
            var x = x0.Select(v => v + spread * (2 * rng.NextDouble() - 1)).ToArray();
            double value = compiled.Evaluate(x, grad, out bool holds);
            var replayed = graph.At(x);
            Assert.Equal(replayed is not null, holds);
            if (!holds) continue;
            var fresh = Differentiate.Gradient(f, x);
            Assert.Equal(fresh.Value, value);
            Assert.Equal(fresh.Gradient, grad);
            Assert.Equal(replayed!.Gradient(), grad);
            Assert.Equal(value, compiled.Value(x, out bool holdsToo));
            Assert.True(holdsToo);
        }
    }

    [Fact]
    public void Every_primitive_compiled_gives_the_recorded_gradient_bit_for_bit()
        => AssertSameAtRandomPoints(Mixed, [0.4, 0.7, 0.2], 200, 0.1, 1);

    [Fact]
    public void A_graph_of_many_blocks_gives_the_recorded_gradient_bit_for_bit()
    {
        var x0 = Enumerable.Range(0, 700).Select(i => -1.2 + 0.1 * Math.Sin(i)).ToArray();
        var compiled = CompiledGradient.Compile(Differentiate.Record(Rosenbrock, x0));
        Assert.Equal(1, compiled.LoopCount); // 699 terms of 8 nodes: the first differs (s = 0 + term), the other 698 are one loop
        Assert.Equal(698 * 8, compiled.RolledOperations);
        AssertSameAtRandomPoints(Rosenbrock, x0, 5, 0.5, 2);
    }

    [Fact]
    public void Rosenbrock_compiled_matches_the_analytic_gradient()
    {
        var x = new[] { -1.2, 1.0, 0.5, 2.0 };
        var compiled = CompiledGradient.Compile(Differentiate.Record(Rosenbrock, x));
        var y = new[] { 0.3, -0.7, 1.1, 0.2 };
        var g = new double[4];
        double f = compiled.Evaluate(y, g, out bool holds);
        Assert.True(holds);
        var expected = new double[4];
        double fe = 0;
        for (int i = 0; i < 3; i++)
        {
            double t = y[i + 1] - y[i] * y[i], u = 1 - y[i];
            fe += 100 * t * t + u * u;
            expected[i] += -400 * t * y[i] - 2 * u;
            expected[i + 1] += 200 * t;
        }
        Assert.Equal(fe, f, 1e-12);
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], g[i], 1e-10);
    }

    [Fact]
    public void A_changed_branch_decision_is_reported_and_a_held_one_is_not()
    {
        ScalarFunction f = x => x[0] > x[1] ? x[0] * x[0] : 3 * x[1];
        var compiled = CompiledGradient.Compile(Differentiate.Record(f, [2.0, 1.0]));
        var g = new double[2];
        double v = compiled.Evaluate([3.0, 0.5], g, out bool holds);
        Assert.True(holds);
        Assert.Equal(9.0, v);
        Assert.Equal([6.0, 0.0], g);
        compiled.Evaluate([0.5, 3.0], g, out holds);
        Assert.False(holds); // x₀ > x₁ no longer holds: re-record
        compiled.Value([0.5, 3.0], out holds);
        Assert.False(holds);
    }

    [Fact]
    public void Zero_adjoint_keeps_nan_partials_off_the_gradient_as_the_sweep_does()
    {
        // d/dx of 0·sqrt(x) at x = 0: sqrt′(0) = ∞, but the adjoint reaching sqrt is 0·… = 0, so the sweep skips it.
        ScalarFunction f = x => x[1] * 0 * Var.Sqrt(x[0]) + x[1];
        var graph = Differentiate.Record(f, [1.0, 2.0]);
        var compiled = CompiledGradient.Compile(graph);
        var g = new double[2];
        compiled.Evaluate([0.0, 2.0], g, out bool holds);
        Assert.True(holds);
        Assert.Equal(graph.At([0.0, 2.0])!.Gradient(), g);
        Assert.Equal(1.0, g[1]);
    }

    [Theory]
    [InlineData(1)]    // one fused method, no branch
    [InlineData(2)]    // fused, with a branch to check
    [InlineData(400)]  // rolled into a loop
    public void An_infinite_adjoint_meeting_a_zero_partial_on_a_non_finite_graph_gives_what_the_sweep_gives(int terms)
    {
        // At (NaN, −1, …): relu′(−1) = 0 receives the adjoint 1e200·1e200 = ∞. A NaN input makes the graph non-finite,
        // and then the interpreted sweep passes nothing back through a zero partial (0·∞ = 0): ∂f/∂y = 0, not NaN.
        ScalarFunction f = x =>
        {
            Var s = x[0] * 0;
            for (int k = 1; k < x.Length; k++) s += 1e200 * (1e200 * Var.Relu(x[k]));
            if (terms == 2 && x[1] < 5) s += x[1];
            return s;
        };
        int n = terms + 1;
        var x0 = Enumerable.Range(0, n).Select(i => 1.0 + i).ToArray();
        var graph = Differentiate.Record(f, x0);
        var compiled = CompiledGradient.Compile(graph);
        var at = Enumerable.Repeat(-1.0, n).ToArray();
        at[0] = double.NaN;
        var g = new double[n];
        double y = compiled.Evaluate(at, g, out bool holds);
        Assert.True(holds);
        var replayed = graph.At(at)!;
        Assert.True(replayed.NonFinite);
        Assert.Equal(replayed.Gradient(), g);
        Assert.Equal(replayed.Value[0], y);
        Assert.Equal(terms == 2 ? 1.0 : 0.0, g[1]);
    }

    [Fact]
    public void An_output_that_is_an_input_has_a_unit_gradient()
    {
        var compiled = CompiledGradient.Compile(Differentiate.Record(x => x[1], [1.0, 2.0, 3.0]));
        var g = new double[] { 7, 8, 9 }; // whatever the buffer held before is overwritten
        Assert.Equal(5.0, compiled.Evaluate([4.0, 5.0, 6.0], g, out bool holds));
        Assert.True(holds);
        Assert.Equal([0.0, 1.0, 0.0], g);
    }

    [Fact]
    public void Shapes_are_checked_and_named()
    {
        var compiled = CompiledGradient.Compile(Differentiate.Record(Rosenbrock, [1.0, 2.0]));
        var e = Assert.Throws<ArgumentException>(() => compiled.Evaluate([1.0, 2.0, 3.0], new double[2], out _));
        Assert.Contains("length 3", e.Message);
        Assert.Contains("length 2", e.Message);
    }

    [Fact]
    public void One_compiled_gradient_serves_many_threads_at_once()
    {
        var x0 = Enumerable.Range(0, 40).Select(i => 0.5 + 0.01 * i).ToArray();
        var graph = Differentiate.Record(Rosenbrock, x0);
        var compiled = CompiledGradient.Compile(graph);
        var mismatches = 0;
        Parallel.For(0, 200, k =>
        {
            var x = x0.Select(v => v + 0.001 * k).ToArray();
            var g = new double[x.Length];
            compiled.Evaluate(x, g, out _);
            if (!g.SequenceEqual(graph.At(x)!.Gradient())) Interlocked.Increment(ref mismatches);
        });
        Assert.Equal(0, mismatches);
    }
}
