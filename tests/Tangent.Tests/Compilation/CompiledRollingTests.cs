using Tangent.Tests.Support;
using CsCheck;

namespace Tangent.Tests.Compilation;

/// <summary>
/// Repeated structure compiled to loops gives the interpreted gradient (Graph.At then Gradient) bit for bit,
/// signs of zero included, on functions written as C# loops (generated: carried values, strided and wrapping
/// inputs, invariants, varying constants, several loops, broken runs) and under settings that force rolling on
/// small graphs; the detector rolls the shapes it must and leaves the others straight-line.
/// </summary>
public class CompiledRollingTests
{
    /// <summary>Rolling on any graph past the sink and inputs, in methods of a few nodes.</summary>
    static CompileSettings Forced(int block = 12, int minReps = 4, int maxPeriod = 64) => new(0, block, minReps, maxPeriod);

    static long[] Bits(IEnumerable<double> v) => v.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Compiled value, gradient and branch check against the interpreted replay at x; false when x is skipped.</summary>
    static bool AssertSameAt(Graph graph, CompiledGradient compiled, double[] x)
    {
        var grad = Enumerable.Repeat(double.NaN, x.Length).ToArray(); // every entry must be written
        double value = compiled.Evaluate(x, grad, out bool holds);
        var replayed = graph.At(x);
        Assert.Equal(replayed is not null, holds);
        compiled.Value(x, out bool holdsToo);
        Assert.Equal(holds, holdsToo);
        if (replayed is null) return false;
        Assert.Equal(BitConverter.DoubleToInt64Bits(replayed.Value[0]), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(Bits(replayed.Gradient()), Bits(grad));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(compiled.Value(x, out _)));
        return true;
    }

    static double[] Point(Random rng, int n, double spread = 2) => Enumerable.Range(0, n).Select(_ => spread * (2 * rng.NextDouble() - 1)).ToArray();

    [Fact]
    public void Generated_loop_programs_compiled_with_rolling_give_the_interpreted_gradient_bit_for_bit()
    {
        int samples = 0, rolled = 0, compared = 0;
        Gen.Select(Gen.Int, Gen.Int[2, 40], Gen.Int[2, 5], Gen.Int[1, 64]).SampleRepeatably((seed, block, minReps, maxPeriod) =>
        {
            var program = LoopProgram.Random(seed);
            var rng = new Random(seed);
            var graph = Differentiate.Record(program.Run, Point(rng, program.N));
            samples++;
            foreach (var settings in new[] { Forced(block, minReps, maxPeriod), CompileSettings.Default })
            {
                var compiled = CompiledGradient.Compile(graph, settings);
                if (settings.FusedNodes == 0 && compiled.LoopCount > 0) rolled++;
                for (int k = 0; k < 3; k++)
                    if (AssertSameAt(graph, compiled, k == 0 ? graph.Point : Point(rng, program.N))) compared++;
            }
        }, iter: 300);
        // The generator must exercise the loops, and the comparisons must not all be skipped.
        Assert.True(rolled > samples / 3, $"{rolled} of {samples} programs rolled");
        Assert.True(compared > samples * 4, $"{compared} comparisons of {samples * 6}");
    }

    [Fact]
    public void A_clean_loop_rolls_and_a_loop_of_three_iterations_does_not()
    {
        // s += sin(x[t]) · c_t + w, with w = x₀·x₁ invariant and c_t = 0.5 + t varying.
        static ScalarFunction Sum(int reps) => x =>
        {
            Var w = x[0] * x[1], s = 0;
            for (int t = 0; t < reps; t++) s += Var.Sin(x[t % x.Length]) * (0.5 + t) + w;
            return s;
        };
        var rng = new Random(3);
        var x = Point(rng, 40);
        var graph = Differentiate.Record(Sum(40), x);
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.Equal(1, compiled.LoopCount);
        Assert.True(compiled.RolledOperations >= 38 * 4, $"{compiled.RolledOperations} of {graph.OperationCount} operations rolled");
        for (int k = 0; k < 5; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 40)));
        // ∂f/∂x_t = cos(x_t)·(0.5 + t) for t ≥ 2, the varying constant read back per iteration.
        var g = new double[40];
        compiled.Evaluate(x, g, out _);
        for (int t = 2; t < 40; t++) Assert.Equal(Math.Cos(x[t]) * (0.5 + t), g[t], 1e-12);

        var short3 = Differentiate.Record(Sum(3), x);
        var straight = CompiledGradient.Compile(short3, Forced());
        Assert.Equal(0, straight.LoopCount);
        Assert.True(AssertSameAt(short3, straight, Point(rng, 40)));
    }

    [Fact]
    public void A_run_broken_by_one_different_node_rolls_on_either_side_of_it()
    {
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int t = 0; t < 30; t++) s += t == 15 ? Var.Cos(x[t]) * x[t + 1] : Var.Sin(x[t]) * x[t + 1];
            return s;
        };
        var rng = new Random(5);
        var graph = Differentiate.Record(f, Point(rng, 31));
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.Equal(2, compiled.LoopCount);
        Assert.True(compiled.RolledOperations < graph.OperationCount);
        for (int k = 0; k < 5; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 31)));
    }

    [Fact]
    public void Inputs_that_wrap_around_end_the_run_where_the_stride_breaks()
    {
        // x[(3t) mod 20]: affine until the index wraps past n, then a new run starts.
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int t = 0; t < 40; t++) s += Var.Tanh(x[3 * t % 20]) * x[(3 * t + 1) % 20];
            return s;
        };
        var rng = new Random(7);
        var graph = Differentiate.Record(f, Point(rng, 20));
        var compiled = CompiledGradient.Compile(graph, Forced(minReps: 4));
        Assert.True(compiled.LoopCount >= 2, $"{compiled.LoopCount} loops");
        for (int k = 0; k < 5; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 20)));
    }

    [Fact]
    public void Several_loops_with_prologue_and_epilogue_each_roll()
    {
        ScalarFunction f = x =>
        {
            Var a = Var.Exp(0.1 * x[0]), p = 1, s = 0;                      // prologue
            for (int t = 0; t < 25; t++) p *= Var.Sigmoid(x[t] - a);         // running product
            for (int t = 0; t < 25; t++) s += Var.Max(x[t], x[49 - t]) * a;  // reversed stride (never the same input), invariant a
            return Var.Log(1 + p * p) + s * s;                              // epilogue
        };
        var rng = new Random(11);
        var graph = Differentiate.Record(f, Point(rng, 50));
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.Equal(2, compiled.LoopCount);
        for (int k = 0; k < 5; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 50)));
    }

    [Fact]
    public void Two_operands_that_meet_at_one_iteration_split_the_run_there()
    {
        // x[t] and x[24 − t] are the same input at t = 12: one iteration would need two adjoint locals for one
        // input, so the run stops before it and the rest rolls on its own.
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int t = 0; t < 25; t++) s += Var.Max(x[t], x[24 - t]) * x[t];
            return s;
        };
        var rng = new Random(17);
        var graph = Differentiate.Record(f, Point(rng, 25));
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.True(compiled.LoopCount >= 2, $"{compiled.LoopCount} loops");
        for (int k = 0; k < 5; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 25)));
    }

    [Fact]
    public void A_branch_inside_a_rolled_loop_is_checked_at_every_iteration()
    {
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int t = 0; t < 20; t++) s += x[t] > 0 ? x[t] * x[t] : -x[t];
            return s;
        };
        var x = Enumerable.Range(0, 20).Select(i => 1.0 + i).ToArray();
        var graph = Differentiate.Record(f, x);
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.Equal(1, compiled.LoopCount);
        var g = new double[20];
        Assert.Equal(x.Sum(v => v * v), compiled.Evaluate(x, g, out bool holds));
        Assert.True(holds);
        Assert.Equal(x.Select(v => 2 * v), g);
        x[13] = -1; // one decision changes, deep inside the loop
        compiled.Evaluate(x, g, out holds);
        Assert.False(holds);
        compiled.Value(x, out holds);
        Assert.False(holds);
    }

    [Fact]
    public void Zero_adjoints_keep_infinite_partials_off_the_gradient_inside_a_loop()
    {
        // 0·sqrt(x_t): sqrt′(0) = ∞, but the adjoint reaching sqrt is 0, so the sweep skips it.
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int t = 0; t < 12; t++) s += 0 * Var.Sqrt(x[t]) + x[t] * x[t + 1];
            return s;
        };
        var graph = Differentiate.Record(f, Enumerable.Range(0, 13).Select(i => 1.0 + i).ToArray());
        var compiled = CompiledGradient.Compile(graph, Forced());
        Assert.Equal(1, compiled.LoopCount);
        var x = new double[13];
        x[12] = 2;
        var g = new double[13];
        compiled.Evaluate(x, g, out bool holds);
        Assert.True(holds);
        Assert.All(g, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(Bits(graph.At(x)!.Gradient()), Bits(g));
        Assert.Equal(2.0, g[11]);
    }

    [Fact]
    public void A_gradient_entry_that_is_zero_has_the_sign_of_the_interpreted_sweep()
    {
        // ∂/∂x₀ of x₀·(−0) + x₁ is the single term (−0)·1 = −0; the sweep adds it to +0 and returns +0.
        ScalarFunction f = x => x[0] * -0.0 + x[1];
        var graph = Differentiate.Record(f, [1.0, 2.0]);
        foreach (var compiled in new[] { CompiledGradient.Compile(graph), CompiledGradient.Compile(graph, Forced()) })
        {
            var g = new double[2];
            compiled.Evaluate([3.0, 4.0], g, out _);
            Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(g[0]));
            Assert.True(AssertSameAt(graph, compiled, [3.0, 4.0]));
        }
    }

    [Fact]
    public void An_output_that_is_an_input_beside_dead_operations_overwrites_the_whole_gradient()
    {
        ScalarFunction f = x => { _ = Var.Sin(x[0]) * x[2]; return x[1]; };
        var graph = Differentiate.Record(f, [1.0, 2.0, 3.0]);
        foreach (var compiled in new[] { CompiledGradient.Compile(graph), CompiledGradient.Compile(graph, Forced()) })
        {
            var g = new double[] { 7, 8, 9 };
            Assert.Equal(5.0, compiled.Evaluate([4.0, 5.0, 6.0], g, out bool holds));
            Assert.True(holds);
            Assert.Equal([0.0, 1.0, 0.0], g);
        }
    }

    [Fact]
    public void A_loop_whose_reverse_reads_back_a_stored_dot_product_gives_the_interpreted_gradient_bit_for_bit()
    {
        // Logistic loss: each iteration's softplus needs z = aᵢ·w, 40 operations back: the forward loop
        // stores z (and −yᵢz) rather than the reverse loop recomputing them.
        const int m = 30, d = 20;
        double A(int i, int j) => Math.Sin(0.3 * i + 0.7 * j);
        ScalarFunction f = w =>
        {
            Var loss = 0;
            for (int i = 0; i < m; i++)
            {
                Var z = 0;
                for (int j = 0; j < d; j++) z += A(i, j) * w[j];
                loss += Var.Softplus((i % 3 == 0 ? -1 : 1) * z);
            }
            return loss / m;
        };
        var rng = new Random(19);
        var graph = Differentiate.Record(f, Point(rng, d));
        foreach (var settings in new[] { CompileSettings.Default, Forced(block: 30, maxPeriod: 64) })
        {
            var compiled = CompiledGradient.Compile(graph, settings);
            Assert.True(compiled.LoopCount >= 1);
            for (int k = 0; k < 4; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, d)));
        }
    }

    [Fact]
    public void A_large_rosenbrock_becomes_a_few_methods_and_gives_the_interpreted_gradient_bit_for_bit()
    {
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int i = 0; i + 1 < x.Length; i++)
            {
                Var t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
                s += 100 * t * t + u * u;
            }
            return s;
        };
        var rng = new Random(13);
        var graph = Differentiate.Record(f, Point(rng, 3000));
        var compiled = CompiledGradient.Compile(graph);
        Assert.Equal(1, compiled.LoopCount);
        Assert.True(compiled.MethodCount <= 2, $"{compiled.MethodCount} methods");
        for (int k = 0; k < 3; k++) Assert.True(AssertSameAt(graph, compiled, Point(rng, 3000)));
    }
}
