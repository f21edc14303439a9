using Tangent.Tests.Support;
using CsCheck;

namespace Tangent.Tests.Compilation;

/// <summary>
/// Nested loops (groups of segments rolled again, <see cref="Nesting"/>) give the interpreted gradient (Graph.At then
/// Gradient) bit for bit, and the interpreted value, on generated nested programs with data arguments, kinks, branches,
/// constants that vary per term and sums whose first repetition differs; the scalar MLP's units and samples roll into
/// loops of loops; two operands that meet at one repetition end the run there; Hessian-vector products through the
/// same emitter agree with the interpreted ones to rounding.
/// </summary>
public class NestedRollingTests
{
    static long[] Bits(IEnumerable<double> v) => v.Select(BitConverter.DoubleToInt64Bits).ToArray();

    static double[] Uniform(Random rng, int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();

    /// <summary>Groups anywhere in the plan, and the deepest nesting of a segment (1: a group of loops; 2: a group of groups).</summary>
    static (int Groups, int Depth) Groups(CompiledGradient compiled)
    {
        int groups = 0, depth = 0;
        void Visit(Segment s)
        {
            depth = Math.Max(depth, s.Depth);
            if (!s.IsGroup) return;
            groups++;
            foreach (var b in s.Body!) Visit(b);
        }
        foreach (var s in compiled.Plan.Segments) Visit(s);
        return (groups, depth);
    }

    /// <summary>Compiled value, gradient and branch check against the interpreted replay at (θ, data, labels); false when the branches do not hold there.</summary>
    static bool AssertSameAt(Graph graph, CompiledGradient compiled, double[] theta, double[] data, double[] labels)
    {
        var grad = Enumerable.Repeat(double.NaN, theta.Length).ToArray(); // every entry must be written
        double value = compiled.Evaluate(theta, data, labels, grad, out bool holds);
        var replayed = graph.At([.. theta, .. data, .. labels]);
        Assert.Equal(replayed is not null, holds);
        double valueOnly = compiled.Value(theta, data, labels, out bool holdsToo);
        Assert.Equal(holds, holdsToo);
        if (replayed is null) return false;
        Assert.Equal(BitConverter.DoubleToInt64Bits(replayed.Value[0]), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(valueOnly));
        Assert.Equal(Bits(replayed.Gradient().Take(theta.Length)), Bits(grad));
        return true;
    }

    [Fact]
    public void Generated_nested_programs_compiled_with_nested_loops_give_the_interpreted_gradient_bit_for_bit()
    {
        int samples = 0, nested = 0, deep = 0, compared = 0;
        Gen.Select(Gen.Int, Gen.Int[4, 40], Gen.Int[2, 4], Gen.Int[2, 24]).SampleRepeatably((seed, block, minReps, maxPeriod) =>
        {
            var program = NestedProgram.Random(seed);
            var rng = new Random(seed);
            int p = program.Parameters;
            double[] theta = Uniform(rng, p, -1, 1), data = Uniform(rng, program.Samples * program.Width, -1, 1), labels = Uniform(rng, program.Samples, 0.5, 1.5);
            var graph = NestedProgram.Record(program.Run, theta, data, labels, program.Width);
            samples++;
            // Rolling forced on small graphs (no fused method, short bodies, few repetitions), and the defaults.
            foreach (var settings in new[] { new CompileSettings(0, block, minReps, maxPeriod), CompileSettings.Default })
            {
                var compiled = CompiledGradient.Compile(graph, settings);
                var (groups, depth) = Groups(compiled);
                if (groups > 0) nested++;
                if (depth >= 2) deep++;
                for (int k = 0; k < 3; k++)
                {
                    // The recorded point, then new weights, data and labels (the branches may not hold there).
                    var at = k == 0 ? (theta, data, labels) : (Uniform(rng, p, -1, 1), Uniform(rng, data.Length, -1, 1), Uniform(rng, labels.Length, -1, 1));
                    if (AssertSameAt(graph, compiled, at.Item1, at.Item2, at.Item3)) compared++;
                }
            }
        }, iter: 200);
        // The generator must exercise nested loops, two levels deep too, and the comparisons must not all be skipped.
        Assert.True(nested > samples / 3, $"{nested} of {2 * samples} compilations nested");
        Assert.True(deep > samples / 10, $"{deep} of {2 * samples} compilations nested two levels deep");
        Assert.True(compared > samples * 3, $"{compared} comparisons of {samples * 6}");
    }

    /// <summary>The benchmark's scalar MLP d-h-10 on b images: one-hot labels as data, cross-entropy of a softmax.</summary>
    static Var Mlp(ReadOnlySpan<Var> theta, Data data, int d, int h)
    {
        Var loss = 0;
        var hidden = new Var[h];
        for (int i = 0; i < data.Rows; i++)
        {
            for (int k = 0; k < h; k++)
            {
                Var z = theta[d * h + k];
                for (int j = 0; j < d; j++) z += theta[k * d + j] * data[i, j];
                hidden[k] = Var.Tanh(z);
            }
            int o0 = d * h + h;
            Var sum = 0, picked = 0;
            for (int c = 0; c < 10; c++)
            {
                Var z = theta[o0 + 10 * h + c];
                for (int k = 0; k < h; k++) z += theta[o0 + c * h + k] * hidden[k];
                sum += Var.Exp(z);
                picked += data.Label(i * 10 + c) * z;
            }
            loss += Var.Log(sum) - picked;
        }
        return loss / data.Rows;
    }

    [Theory]
    [InlineData(300, 5, 7)]  // a unit's dot product (601 operations) is longer than the longest loop body: a loop per unit, a group per layer
    [InlineData(40, 6, 9)]   // a unit's whole body (81 operations) is one loop's
    [InlineData(270, 1, 6)]  // one hidden unit
    public void The_scalar_mlp_rolls_its_units_and_its_images_and_gives_the_interpreted_gradient_bit_for_bit(int d, int h, int b)
    {
        var rng = new Random(d + h + b);
        int p = d * h + h + 10 * h + 10;
        double[] theta = Uniform(rng, p, -0.05, 0.05), images = Uniform(rng, b * d, 0, 1), labels = new double[b * 10];
        for (int i = 0; i < b; i++) labels[i * 10 + rng.Next(10)] = 1;
        var graph = NestedProgram.Record((t, data) => Mlp(t, data, d, h), theta, images, labels, d);
        var flat = CompiledGradient.Compile(graph, CompileSettings.Default with { Nest = 0 });
        var compiled = CompiledGradient.Compile(graph);
        var (groups, _) = Groups(compiled);
        Assert.True(groups >= 1, "no group rolled");
        // The images roll: the loops do not grow with b (about a loop per image and layer without nesting).
        Assert.True(compiled.LoopCount < flat.LoopCount, $"{compiled.LoopCount} loops nested, {flat.LoopCount} flat");
        Assert.True(compiled.Plan.Segments.Length <= 40, $"{compiled.Plan.Segments.Length} segments at top level");
        for (int k = 0; k < 3; k++)
        {
            var at = k == 0 ? (theta, images) : (Uniform(rng, p, -0.1, 0.1), Uniform(rng, b * d, 0, 1));
            Assert.True(AssertSameAt(graph, compiled, at.Item1, at.Item2, labels));
            Assert.True(AssertSameAt(graph, flat, at.Item1, at.Item2, labels));
        }
    }

    [Fact]
    public void Two_operands_that_meet_at_one_repetition_of_a_group_end_its_run_there()
    {
        // Unit u: a dot product (a loop), then x[2 + u]·x[10 − u]: the same input at u = 4, where one emitted body
        // would keep two adjoint locals for it. The group of units must stop before u = 4.
        ScalarFunction f = x =>
        {
            Var s = 0;
            for (int u = 0; u < 9; u++)
            {
                Var z = x[12 + u];
                for (int j = 0; j < 12; j++) z += x[j] * (0.5 + 0.1 * j);
                s += Var.Tanh(z) * (x[2 + u] * x[10 - u]);
            }
            return s;
        };
        var rng = new Random(23);
        var x = Uniform(rng, 21, -1, 1);
        var graph = Differentiate.Record(f, x);
        var compiled = CompiledGradient.Compile(graph, new CompileSettings(0, 8, 2, 4));
        var groups = compiled.Plan.Segments.Where(s => s.IsGroup).ToArray();
        Assert.NotEmpty(groups);
        // Unit 4's x[6]·x[6] (input x[6] is node 7): no group may run through it.
        int meet = Enumerable.Range(graph.InputCount + 1, graph.Count - graph.InputCount - 1).Single(i => graph.Nodes[i].A == 7 && graph.Nodes[i].B == 7);
        Assert.DoesNotContain(groups, g => g.Start <= meet && meet < g.Start + (long)g.Period * g.Reps);
        Assert.Contains(groups, g => g.Start + (long)g.Period * g.Reps <= meet); // units 0–3 still roll
        for (int k = 0; k < 4; k++)
        {
            var at = k == 0 ? x : Uniform(rng, 21, -1, 1);
            var grad = new double[21];
            Assert.Equal(BitConverter.DoubleToInt64Bits(graph.At(at)!.Value[0]), BitConverter.DoubleToInt64Bits(compiled.Evaluate(at, grad, out _)));
            Assert.Equal(Bits(graph.At(at)!.Gradient()), Bits(grad));
        }
    }

    [Fact]
    public void Hessian_vector_products_of_nested_loops_equal_the_interpreted_ones()
    {
        // Two samples' worth of data as constants that vary per term, units of a dot product and a tanh.
        const int d = 9, h = 5, samples = 6;
        double Datum(int i, int j) => Math.Sin(0.7 * i + 0.3 * j);
        ScalarFunction f = x =>
        {
            Var loss = 0;
            for (int i = 0; i < samples; i++)
                for (int k = 0; k < h; k++)
                {
                    Var z = x[d * h + k];
                    for (int j = 0; j < d; j++) z += x[k * d + j] * Datum(i, j);
                    var a = Var.Tanh(z);
                    loss += a * a;
                }
            return loss;
        };
        int n = d * h + h;
        var rng = new Random(29);
        var graph = Differentiate.Record(f, Uniform(rng, n, -0.5, 0.5));
        foreach (var settings in new[] { new CompileSettings(0, 8, 3, 4), new CompileSettings(0, 30, 4, 16) })
        {
            var hvp = CompiledHvp.Compile(graph, settings);
            var gradient = CompiledGradient.Compile(graph, settings);
            Assert.Contains(gradient.Plan.Segments, s => s.IsGroup);
            for (int k = 0; k < 3; k++)
                Assert.True(CompiledHvpTests.AssertSameAt(graph, [1.0], hvp.Hvp, k == 0 ? graph.Point : Uniform(rng, n, -0.5, 0.5), Uniform(rng, n, -1, 1), $"nested loops, {settings}"));
        }
    }
}
