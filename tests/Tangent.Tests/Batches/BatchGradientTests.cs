using Tangent.Tests.Support;
using CsCheck;
using Tangent.Tests.Corpus;

namespace Tangent.Tests.Batches;

/// <summary>
/// The batched evaluator gives, at every point, what the one-point path gives: Graph.At(x) then Gradient where
/// the recorded branch decisions hold, a fresh recording (Differentiate.Gradient) where they do not; bit for bit.
/// </summary>
public class BatchGradientTests
{
    static bool SameBits(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y));

    /// <summary>f and ∇f at each point by the one-point path: the replayed graph where it holds, else a fresh recording.</summary>
    static (double Value, double[] Gradient) OnePoint(ScalarFunction f, Graph recorded, double[] x)
    {
        var replayed = recorded.At(x);
        if (replayed is not null) return (replayed.Value[0], replayed.Gradient());
        var fresh = Differentiate.Gradient(f, x);
        return (fresh.Value, fresh.Gradient);
    }

    static double[] Point(double[] points, int k, int n) => points.AsSpan(k * n, n).ToArray();

    /// <summary>
    /// Evaluates f at the points in a batch, compiled to four-lane code and interpreted over rows of lanes, and asserts
    /// that every point's value and gradient equal the one-point path's bits in both; returns the compiled run's summary.
    /// </summary>
    static BatchSummary AssertSameAsOnePoint(ScalarFunction f, double[] x0, double[] points, BatchOptions? options = null)
    {
        int n = x0.Length, m = points.Length / n;
        var recorded = Differentiate.Record(f, x0);
        var expected = Enumerable.Range(0, m).Select(k => OnePoint(f, recorded, Point(points, k, n))).ToArray();
        BatchSummary? first = null;
        foreach (bool compile in new[] { true, false })
        {
            var batch = BatchGradient.Record(f, x0, (options ?? BatchOptions.Default) with { CompileSmallGraphs = compile });
            Assert.Equal(compile && recorded.OperationCount + recorded.InputDimension + 1 <= LaneEmitter.MaxNodes, batch.IsCompiled);
            var values = new double[m];
            var gradients = new double[m * n];
            var summary = batch.Evaluate(points, values, gradients);
            for (int k = 0; k < m; k++)
            {
                var x = Point(points, k, n);
                var (value, gradient) = expected[k];
                Assert.True(SameBits(value, values[k]), $"{(compile ? "compiled" : "interpreted")}, point {k} ({string.Join(", ", x)}): f = {values[k]:R} batched, {value:R} one point");
                for (int i = 0; i < n; i++)
                    Assert.True(SameBits(gradient[i], gradients[k * n + i]), $"{(compile ? "compiled" : "interpreted")}, point {k} ({string.Join(", ", x)}): ∂f/∂x{i} = {gradients[k * n + i]:R} batched, {gradient[i]:R} one point");
            }
            Assert.Equal(m, summary.Points);
            Assert.Empty(summary.Unresolved);
            first ??= summary;
        }
        return first!;
    }

    static ScalarFunction Of(Expr tree) => x => tree.Eval(x);

    [Fact]
    public void Random_trees_over_every_primitive_match_the_one_point_path_bit_for_bit()
    {
        Gen.Int[1, 4].SelectMany(n => Gen.Select(ExpressionTrees.Tree(n, 4), Gen.Double[-2, 2].Array[n], Gen.Int[1, 300].SelectMany(m => Gen.Double[-2, 2].Array[m * n])))
            .SampleRepeatably((tree, x0, points) => { AssertSameAsOnePoint(Of(tree), x0, points); }, iter: 60);
    }

    /// <summary>f = (t₁ ⋚ t₂) ? t₃ : t₄ over random trees: the recorded decision flips at some points and not at others.</summary>
    static ScalarFunction Branching(Expr left, Expr right, int comparison, Expr then, Expr otherwise) => x =>
    {
        Var a = left.Eval(x), b = right.Eval(x);
        bool c = comparison switch { 0 => a < b, 1 => a <= b, 2 => a > b, 3 => a >= b, 4 => a == b, _ => a != b };
        return c ? then.Eval(x) : otherwise.Eval(x);
    };

    [Fact]
    public void Points_whose_branch_decisions_flip_are_re_recorded_and_match_fresh_recordings()
    {
        int flipped = 0;
        var tree = ExpressionTrees.Tree(2, 3);
        Gen.Select(tree, tree, Gen.Int[0, 5], tree, tree, Gen.Int[1, 200].SelectMany(m => Gen.Double[-2, 2].Array[2 * m]))
            .SampleRepeatably((l, r, c, t, e, points) =>
            {
                var f = Branching(l, r, c, t, e);
                var summary = AssertSameAsOnePoint(f, [0.3, -0.4], points);
                var recorded = Differentiate.Record(f, [0.3, -0.4]);
                int expected = Enumerable.Range(0, points.Length / 2).Count(k => recorded.At(Point(points, k, 2)) is null);
                Assert.Equal(expected, summary.ChangedBranches);
                Assert.True(summary.Recordings <= expected);
                flipped += expected;
            }, iter: 60);
        Assert.True(flipped > 0); // the generator does produce flips
    }

    [Fact]
    public void A_piecewise_function_needs_one_recording_per_piece()
    {
        // f = x² for x > 0, 3x otherwise: two control-flow paths, so one extra recording serves every flipped point.
        ScalarFunction f = x => x[0] > 0 ? x[0] * x[0] : 3 * x[0];
        var points = Enumerable.Range(0, 1001).Select(k => -1 + 0.002 * k + 1e-4).ToArray();
        var summary = AssertSameAsOnePoint(f, [0.5], points);
        Assert.Equal(500, summary.ChangedBranches);
        Assert.Equal(1, summary.Recordings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(255)]
    [InlineData(257)]
    [InlineData(515)]
    public void Batch_sizes_that_are_not_multiples_of_the_lane_width_are_exact(int m)
    {
        var rng = new Random(m);
        var points = Enumerable.Range(0, 3 * m).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        AssertSameAsOnePoint(Mixed, [0.4, 0.7, 0.2], points);
    }

    [Fact]
    public void No_points_give_an_empty_result()
    {
        var batch = BatchGradient.Record(Mixed, [0.4, 0.7, 0.2]);
        var summary = batch.Evaluate([], [], []);
        Assert.Equal(0, summary.Points);
    }

    // Uses every primitive, constants on either side, a dead subexpression and a repeated operand.
    static Var Mixed(ReadOnlySpan<Var> x)
    {
        Var a = x[0], b = x[1], c = x[2];
        Var dead = Var.Exp(a) * 3;
        _ = dead;
        return Var.Sin(a) * Var.Cos(b) + Var.Tan(0.3 * c) - Var.Atan(a * b)
             + Var.Asin(0.5 * Var.Tanh(c)) + Var.Acos(0.25 * Var.Sigmoid(a))
             + Var.Sinh(0.2 * b) / Var.Cosh(c) + Var.Log(1 + a * a) * Var.Sqrt(2 + b * b)
             + Var.Abs(a - b) + Var.Relu(c) + Var.Softplus(-a) + Var.Sign(b) * c
             + Var.Max(a, b) * Var.Min(b, c) + Var.Pow(2 + a * a, 1.5) + Var.Pow(2.0, c) + Var.Pow(1 + b * b, a)
             + Var.Atan2(a, 2 + c) + (-a) * a + 5 / (3 + c * c) - 7;
    }

    [Fact]
    public void Non_finite_inputs_propagate_as_in_the_one_point_path()
    {
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0, -0.0, 1e308, -1e308, 0.5];
        var points = new List<double>();
        foreach (var u in specials) foreach (var v in specials) points.AddRange([u, v, 0.25]);
        AssertSameAsOnePoint(Mixed, [0.4, 0.7, 0.2], [.. points]);
        // With comparisons: NaN compares false, so a NaN point takes the other branch and is re-recorded.
        ScalarFunction f = x => x[0] > x[1] ? Var.Log(x[0]) * x[1] : Var.Sqrt(x[1] - x[0]);
        var pairs = specials.SelectMany(u => specials.SelectMany(v => new[] { u, v })).ToArray();
        AssertSameAsOnePoint(f, [2.0, 1.0], pairs);
    }

    [Fact]
    public void Kinks_take_their_declared_conventions()
    {
        // abs'(0) = 0, relu'(0) = 0, max and min give 1/2 to each side at a tie.
        ScalarFunction f = x => Var.Abs(x[0]) + Var.Relu(x[1]) + Var.Max(x[0], x[1]) + 2 * Var.Min(x[0], x[1]);
        var batch = BatchGradient.Record(f, [1.0, 2.0]);
        var values = new double[2];
        var gradients = new double[4];
        batch.Evaluate([0.0, 0.0, 3.0, -1.0], values, gradients);
        Assert.Equal([0.0, 4.0], values); // f(3, −1) = 3 + 0 + 3 − 2
        Assert.Equal([0 + 0.5 + 1, 0 + 0.5 + 1, 1 + 1 + 0, 0 + 0 + 2], gradients);
        AssertSameAsOnePoint(f, [1.0, 2.0], [0.0, 0.0, 3.0, -1.0, -0.0, 0.0, 2, 2]);
    }

    [Fact]
    public void A_zero_adjoint_keeps_an_infinite_partial_off_the_gradient()
    {
        // √x₀ has derivative +∞ at 0, but it is multiplied by 0: its adjoint is 0 and nothing passes back.
        ScalarFunction f = x => Var.Sqrt(x[0]) * 0 + x[1];
        var summary = AssertSameAsOnePoint(f, [1.0, 1.0], [0.0, 2.0, 4.0, 3.0]);
        var values = new double[2];
        var gradients = new double[4];
        BatchGradient.Record(f, [1.0, 1.0]).Evaluate([0.0, 2.0, 4.0, 3.0], values, gradients);
        Assert.Equal([0.0, 1.0, 0.0, 1.0], gradients);
        Assert.Equal(0, summary.ChangedBranches);
    }

    [Fact]
    public void A_zero_adjoint_in_some_lanes_skips_only_those_lanes()
    {
        // ∂f/∂(√x₀) = x₂: 0 at the first and third point (where √′ = ∞ at x₀ = 0), nonzero at the others, in one vector.
        ScalarFunction f = x => Var.Sqrt(x[0]) * x[2] + x[1];
        double[] points = [0, 1, 0, 1, 1, 1, 0, 2, 0, 4, 1, 2];
        AssertSameAsOnePoint(f, [1.0, 1.0, 1.0], points);
        var values = new double[4];
        var gradients = new double[12];
        BatchGradient.Record(f, [1.0, 1.0, 1.0]).Evaluate(points, values, gradients);
        Assert.Equal([0.0, 1.0, 0.0, 0.5, 1.0, 1.0, 0.0, 1.0, 0.0, 0.5, 1.0, 2.0], gradients);
    }

    [Fact]
    public void An_overflowing_adjoint_meets_a_zero_partial_as_in_the_one_point_path()
    {
        // The adjoint of relu(x₁) is 1e200·1e200 = ∞ and relu′(−1) = 0. At a finite point the sweep forms 0·∞ = NaN;
        // where an input is not finite (here the unused x₀) the graph is marked non-finite and 0·∞ passes nothing back.
        ScalarFunction f = x => 1e200 * (1e200 * Var.Relu(x[1]));
        AssertSameAsOnePoint(f, [1.0, 1.0], [1, -1, double.NaN, -1, 2, 3, double.PositiveInfinity, 3]);
        var gradients = new double[4];
        BatchGradient.Record(f, [1.0, 1.0]).Evaluate([1, -1, double.NaN, -1], new double[2], gradients);
        Assert.True(double.IsNaN(gradients[1]));
        Assert.Equal(0.0, gradients[3]);
    }

    [Fact]
    public void The_documented_example_gives_the_documented_numbers()
    {
        var batch = BatchGradient.Record(x => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]), [-1.2, 1.0]);
        double[] points = [1, 1, 0, 0, -1.2, 1];
        var values = new double[3];
        var gradients = new double[6];
        batch.Evaluate(points, values, gradients);
        // ∂f/∂x = −400x(y − x²) − 2(1 − x), ∂f/∂y = 200(y − x²).
        double[] expectedValues = [0, 1, 24.2], expectedGradients = [0, 0, -2, 0, -215.6, -88];
        for (int k = 0; k < 3; k++) Assert.Equal(expectedValues[k], values[k], 1e-12);
        for (int k = 0; k < 6; k++) Assert.Equal(expectedGradients[k], gradients[k], 1e-12);
    }

    [Fact]
    public void A_graph_too_large_to_compile_is_swept_over_lanes_exactly()
    {
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int i = 0; i + 1 < x.Length; i++) { Var t = x[i + 1] - x[i] * x[i], u = 1 - x[i]; s += 100 * t * t + Var.Tanh(u) * u; }
            return s;
        };
        var x0 = Enumerable.Range(0, 40).Select(i => Math.Sin(i)).ToArray();
        Assert.False(BatchGradient.Record(f, x0).IsCompiled); // ~350 nodes
        var rng = new Random(9);
        AssertSameAsOnePoint(f, x0, Enumerable.Range(0, 40 * 37).Select(_ => 2 * rng.NextDouble() - 1).ToArray());
    }

    [Fact]
    public void A_function_with_more_paths_than_recordings_kept_still_gets_every_point_right()
    {
        // floor-like staircase: the comparisons x > 0, x > 1, …, x > 29 give 31 control-flow paths over [−1, 31).
        ScalarFunction f = x =>
        {
            Var s = x[0] * x[0];
            for (int j = 0; j < 30; j++) if (x[0] > j) s += Var.Sin(x[0] * j);
            return s;
        };
        var points = Enumerable.Range(0, 320).Select(k => -1 + 0.1 * k + 0.01).ToArray();
        var summary = AssertSameAsOnePoint(f, [0.5], points, new BatchOptions { MaxRecordings = 4 });
        Assert.True(summary.Recordings > 4);
    }

    [Fact]
    public void An_output_that_is_an_input_or_a_constant_has_a_unit_or_zero_gradient()
    {
        double[] points = [1, 2, -3, 4, double.NaN, 5];
        AssertSameAsOnePoint(x => x[1], [0.0, 0.0], points);
        AssertSameAsOnePoint(x => 3.0, [0.0, 0.0], points);
        var values = new double[3];
        var gradients = new double[6];
        BatchGradient.Record(x => x[1], [0.0, 0.0]).Evaluate(points, values, gradients);
        Assert.Equal([2.0, 4.0, 5.0], values);
        Assert.Equal([0.0, 1.0, 0.0, 1.0, 0.0, 1.0], gradients);
        BatchGradient.Record(x => 3.0, [0.0, 0.0]).Evaluate(points, values, gradients);
        Assert.Equal([3.0, 3.0, 3.0], values);
        Assert.All(gradients, g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void Rosenbrock_matches_its_analytic_gradient_at_many_points()
    {
        ScalarFunction f = x => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
        int m = 1000;
        var points = Enumerable.Range(0, 2 * m).Select(i => Math.Sin(0.37 * i) * 2).ToArray();
        var values = new double[m];
        var gradients = new double[2 * m];
        BatchGradient.Record(f, [-1.2, 1.0]).Evaluate(points, values, gradients);
        for (int k = 0; k < m; k++)
        {
            double x = points[2 * k], y = points[2 * k + 1], t = y - x * x;
            Assert.Equal(100 * t * t + (1 - x) * (1 - x), values[k], 1e-12 * (1 + Math.Abs(values[k])));
            Assert.Equal(-400 * t * x - 2 * (1 - x), gradients[2 * k], 1e-11 * (1 + Math.Abs(gradients[2 * k])));
            Assert.Equal(200 * t, gradients[2 * k + 1], 1e-11 * (1 + Math.Abs(gradients[2 * k + 1])));
        }
    }

    [Fact]
    public void All_cores_give_the_same_bits_as_one_core()
    {
        ScalarFunction f = x => x[0] > 0 ? Var.Sin(x[0]) * x[1] : Var.Exp(x[1]) - x[0];
        var rng = new Random(3);
        var points = Enumerable.Range(0, 2 * 5000).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var one = (new double[5000], new double[10000]);
        var all = (new double[5000], new double[10000]);
        var s1 = BatchGradient.Record(f, [1.0, 1.0]).Evaluate(points, one.Item1, one.Item2);
        var sa = BatchGradient.Record(f, [1.0, 1.0], new BatchOptions { MaxDegreeOfParallelism = -1 }).Evaluate(points, all.Item1, all.Item2);
        Assert.Equal(one.Item1, all.Item1);
        Assert.Equal(one.Item2, all.Item2);
        Assert.Equal(s1.ChangedBranches, sa.ChangedBranches);
        AssertSameAsOnePoint(f, [1.0, 1.0], points, new BatchOptions { MaxDegreeOfParallelism = 2 });
    }

    [Fact]
    public void One_instance_serves_several_threads_at_once()
    {
        ScalarFunction f = x => x[0] > x[1] ? Var.Sin(x[0]) * x[1] : Var.Exp(x[1]) - x[0];
        var batch = BatchGradient.Record(f, [1.0, 0.5], new BatchOptions { MaxRecordings = 1 });
        var rng = new Random(4);
        var sets = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, 2 * 700).Select(_ => 4 * rng.NextDouble() - 2).ToArray()).ToArray();
        var expected = sets.Select(p =>
        {
            var v = new double[700];
            var g = new double[1400];
            BatchGradient.Record(f, [1.0, 0.5]).Evaluate(p, v, g);
            return (v, g);
        }).ToArray();
        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var v = new double[700];
            var g = new double[1400];
            batch.Evaluate(sets[t % 8], v, g);
            Assert.Equal(expected[t % 8].v, v);
            Assert.Equal(expected[t % 8].g, g);
        });
    }

    [Fact]
    public void A_graph_alone_marks_points_it_does_not_describe_with_nan()
    {
        ScalarFunction f = x => x[0] > 0 ? x[0] * x[0] : 3 * x[0];
        var batch = BatchGradient.FromGraph(Differentiate.Record(f, [1.0]));
        var values = new double[3];
        var gradients = new double[3];
        var summary = batch.Evaluate([2.0, -1.0, 0.5], values, gradients);
        Assert.Equal([1], summary.Unresolved);
        Assert.Equal(4.0, values[0]);
        Assert.Equal(4.0, gradients[0]);
        Assert.True(double.IsNaN(values[1]) && double.IsNaN(gradients[1]));
        Assert.Equal(0.25, values[2]);
        Assert.Equal(0, summary.Recordings);
    }

    [Fact]
    public void Vector_transcendentals_stay_within_a_few_ulps_of_the_one_point_path()
    {
        ScalarFunction f = x => Var.Exp(0.3 * x[0]) * Var.Sin(x[1]) + Var.Log(2 + x[0] * x[0]) * Var.Cos(x[0] * x[1]) + Var.Sigmoid(x[1] - x[0])
            + Var.Pow(x[0], 2) * Var.Pow(x[1], 3);
        var rng = new Random(5);
        int m = 999;
        var points = Enumerable.Range(0, 2 * m).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        foreach (bool compile in new[] { true, false })
        {
            var values = new double[m];
            var gradients = new double[2 * m];
            BatchGradient.Record(f, [0.1, 0.2], new BatchOptions { ExactTranscendentals = false, CompileSmallGraphs = compile }).Evaluate(points, values, gradients);
            for (int k = 0; k < m; k++)
            {
                var exact = Differentiate.Gradient(f, Point(points, k, 2));
                // A few ulps in each primitive, summed over a handful of terms of size ≤ 50: 1e-14 relative to 1 + |exact|.
                Assert.Equal(exact.Value, values[k], 1e-14 * (1 + Math.Abs(exact.Value)));
                Assert.Equal(exact.Gradient[0], gradients[2 * k], 1e-14 * (1 + Math.Abs(exact.Gradient[0])));
                Assert.Equal(exact.Gradient[1], gradients[2 * k + 1], 1e-14 * (1 + Math.Abs(exact.Gradient[1])));
            }
        }
    }

    [Fact]
    public void Shape_errors_name_both_shapes()
    {
        var batch = BatchGradient.Record(Mixed, [0.4, 0.7, 0.2]);
        var e = Assert.Throws<ArgumentException>(() => batch.Evaluate(new double[7], new double[2], new double[6]));
        Assert.Contains("7", e.Message);
        Assert.Contains("n = 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => batch.Evaluate(new double[6], new double[3], new double[6]));
        Assert.Contains("the values buffer has length 3", e.Message);
        Assert.Contains("the 2 points has length 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => batch.Evaluate(new double[6], new double[2], new double[5]));
        Assert.Contains("the gradients buffer has length 5", e.Message);
        Assert.Contains("has length 6", e.Message);
        Assert.Throws<ArgumentException>(() => BatchGradient.Record(Mixed, [0.4, 0.7, 0.2], new BatchOptions { MaxDegreeOfParallelism = 0 }));
    }
}
