using Tangent.Tests.Support;

namespace Tangent.Tests.Functions;

public class CompiledFunctionTests
{
    static readonly CompileOptions Now = new() { Background = false };

    static double[] Point(Random r, int n, double scale = 2) => [.. Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2 - 1) * scale)];

    static void Same(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));

    static void Same(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]) || expected[i] == actual[i],
                $"entry {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Rosenbrock_gradients_equal_the_tape_and_the_compiled_code_takes_over()
    {
        var f = Differentiate.Compile(TestFunctions.Rosenbrock);
        var r = new Random(1);
        var g = new double[50];
        for (int call = 0; call < 40; call++)
        {
            var x = Point(r, 50);
            double y = f.Gradient(x, g);
            if (call == 0) Assert.True(f.WaitForCompilation(TimeSpan.FromSeconds(60)));
            var tape = Differentiate.Gradient(TestFunctions.Rosenbrock, x);
            Same(tape.Value, y);
            Same(tape.Gradient, g);
            Same(tape.Value, f.Value(x));
        }
        // One recording (the first call); every later call ran compiled code.
        Assert.Equal(1, f.Recordings);
        var v = Assert.Single(f.Variants);
        Assert.True(v.Compiled);
        Assert.True(v.Loops >= 1);
        Assert.Equal(50, f.InputDimension);
    }

    [Fact]
    public void Generated_programs_with_branches_equal_the_tape_at_every_call()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var program = BranchProgram.Random(seed, 3, 0);
            var f = Differentiate.Compile((ScalarFunction)program.Run, seed % 2 == 0 ? Now : new CompileOptions { MaxVariants = 3 });
            var r = new Random(seed);
            var g = new double[3];
            for (int call = 0; call < 30; call++)
            {
                var x = Point(r, 3);
                var tape = Differentiate.Gradient(program.Run, x);
                double y = f.Gradient(x, g);
                Same(tape.Value, y);
                Same(tape.Gradient, g);
                Same(tape.Value, f.Value(x));
            }
            // The kept variants, and at most one recording lent to the compiler and not yet taken (listed last).
            Assert.True(f.Variants.Count <= (seed % 2 == 0 ? 8 : 3 + 1));
        }
    }

    [Fact]
    public void A_branch_that_flips_every_other_call_keeps_both_variants_compiled()
    {
        var f = Differentiate.Compile(x => Var.Abs(x[0]) * x[1] + (x[0] > 0 ? x[1] * x[1] : Var.Sin(x[1])), Now);
        var g = new double[2];
        for (int call = 0; call < 100; call++)
        {
            double[] x = [call % 2 == 0 ? 0.3 + call * 1e-3 : -0.4 - call * 1e-3, 1.5];
            double y = f.Gradient(x, g);
            var tape = Differentiate.Gradient(x => Var.Abs(x[0]) * x[1] + (x[0] > 0 ? x[1] * x[1] : Var.Sin(x[1])), x);
            Same(tape.Value, y);
            Same(tape.Gradient, g);
        }
        Assert.Equal(2, f.Recordings); // one per branch pattern
        Assert.Equal(2, f.Variants.Count);
        Assert.All(f.Variants, v => Assert.True(v.Compiled));
        Assert.False(f.OnTape);
    }

    [Fact]
    public void A_throwing_call_does_not_poison_the_cache()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var program = BranchProgram.Random(seed, 3, 0, throwing: true);
            var f = Differentiate.Compile((ScalarFunction)program.Run, Now);
            var r = new Random(seed);
            var g = new double[3];
            int threw = 0;
            for (int call = 0; call < 30; call++)
            {
                var x = Point(r, 3);
                GradientResult tape;
                try { tape = Differentiate.Gradient(program.Run, x); }
                catch (InvalidOperationException)
                {
                    // The compiled code holds no user exception: f throws only while recorded, and the call says so.
                    threw++;
                    var before = f.Variants.Count;
                    try { f.Gradient(x, g); } catch (InvalidOperationException) { }
                    Assert.Equal(before, f.Variants.Count);
                    continue;
                }
                Same(tape.Value, f.Gradient(x, g));
                Same(tape.Gradient, g);
            }
            Assert.True(threw < 30);
        }
    }

    [Fact]
    public void Threads_share_one_function_and_each_gets_the_tapes_answer()
    {
        var program = BranchProgram.Random(7, 3, 0);
        var f = Differentiate.Compile((ScalarFunction)program.Run, new CompileOptions { MaxVariants = 4 });
        var failures = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            var r = new Random(100 + t);
            var g = new double[3];
            for (int call = 0; call < 300; call++)
            {
                var x = Point(r, 3);
                var tape = Differentiate.Gradient(program.Run, x);
                double y = f.Gradient(x, g);
                if (BitConverter.DoubleToInt64Bits(y) != BitConverter.DoubleToInt64Bits(tape.Value) || !g.SequenceEqual(tape.Gradient)) Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void Branches_that_change_on_every_call_fall_back_to_the_tape_and_say_so()
    {
        // 12 independent comparisons: a random point almost never repeats a pattern.
        Var F(ReadOnlySpan<Var> x)
        {
            Var s = 0;
            for (int i = 0; i < x.Length; i++) s += x[i] > 0 ? x[i] * x[i] : -x[i];
            return s;
        }
        var f = Differentiate.Compile(F, new CompileOptions { Background = false, MaxVariants = 4, MissesBeforeTape = 6 });
        var r = new Random(3);
        var g = new double[12];
        for (int call = 0; call < 40; call++)
        {
            var x = Point(r, 12);
            var tape = Differentiate.Gradient(F, x);
            Same(tape.Value, f.Gradient(x, g));
            Same(tape.Gradient, g);
        }
        Assert.True(f.OnTape);
        Assert.Empty(f.Variants);
        Assert.Contains(f.Diagnostics, d => d.Message.Contains("every call is now recorded on the tape"));
    }

    [Fact]
    public void Warm_calls_allocate_nothing()
    {
        var f = Differentiate.Compile(TestFunctions.Rosenbrock, Now);
        var flip = Differentiate.Compile(x => x[0] > 0 ? x[0] * x[1] : x[1] - x[0], Now);
        double[] x = [0.5, 1.5, -0.25, 2], g = new double[4], a = [0.5, 2], b = [-0.5, 2], h = new double[2];
        for (int i = 0; i < 3; i++) { f.Gradient(x, g); f.Value(x); flip.Gradient(a, h); flip.Gradient(b, h); }
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 200; i++) { f.Gradient(x, g); f.Value(x); flip.Gradient(a, h); flip.Gradient(b, h); }
        }));
    }

    [Fact]
    public void Hvp_equals_the_interpreted_product()
    {
        var f = Differentiate.Compile(TestFunctions.Rosenbrock, Now);
        var r = new Random(5);
        var hv = new double[6];
        for (int call = 0; call < 10; call++)
        {
            var x = Point(r, 6);
            var v = Point(r, 6);
            f.Hvp(x, v, hv);
            var expected = Differentiate.Hvp(TestFunctions.Rosenbrock, x, v);
            for (int i = 0; i < 6; i++) Assert.Equal(expected[i], hv[i], 1e-12 * (1 + Math.Abs(expected[i])));
        }
    }

    [Fact]
    public void Shapes_are_those_of_the_first_call_and_errors_name_both()
    {
        var f = Differentiate.Compile(TestFunctions.Rosenbrock);
        f.Gradient([1.0, 2, 3], new double[3]);
        var e = Assert.Throws<ArgumentException>(() => f.Gradient([1.0, 2], new double[2]));
        Assert.Contains("length 2", e.Message);
        Assert.Contains("length 3", e.Message);
        e = Assert.Throws<ArgumentException>(() => f.Gradient([1.0, 2, 3], new double[2]));
        Assert.Contains("gradient", e.Message);
        Assert.Throws<ArgumentException>(() => f.Gradient([1.0, 2, 3], [1.0], new double[3]));
    }

    [Fact]
    public void An_unbounded_graph_meets_the_existing_limit_and_the_next_call_works()
    {
        var f = Differentiate.Compile(x =>
        {
            Var s = x[0];
            if (x[1].Value > 0) while (true) s = s * s; // loops forever on the tape: the node limit stops it
            return s * x[1];
        }, new CompileOptions { Background = false, Recording = DifferentiationOptions.Default with { MaxNodes = 10_000 } });
        var e = Assert.Throws<GraphTooLargeException>(() => f.Gradient([0.5, 1], new double[2]));
        Assert.Contains("10,000 nodes", e.Message);
        var g = new double[2];
        Assert.Equal(-0.25, f.Gradient([0.5, -0.5], g));
        Assert.Equal([-0.5, 0.5], g);
    }

    [Fact]
    public void Results_with_kinks_come_from_replays_when_kinks_are_wanted()
    {
        var options = new CompileOptions { Background = false, ReportKinks = true };
        var f = Differentiate.Compile(x => Var.Abs(x[0]) * x[1], options);
        var atKink = f.Gradient([0.0, 2.0]);
        Assert.NotEmpty(atKink.Kinks);
        Assert.Equal(Differentiate.Gradient(x => Var.Abs(x[0]) * x[1], [0.0, 2.0]).Gradient, atKink.Gradient);
        var away = f.Gradient([-1.5, 2.0]);
        Assert.Empty(away.Kinks);
        Assert.Equal([-2.0, 1.5], away.Gradient);
        var again = f.Gradient([0.0, 3.0]); // a replay of the kept recording sees the kink again
        Assert.NotEmpty(again.Kinks);
        Assert.Equal(1, f.Recordings);
        Assert.Equal(0, f.Compilations); // abs can land on its kink: replayed, never compiled

        var smooth = Differentiate.Compile(x => x[0] * Var.Sin(x[1]), options);
        smooth.Gradient([1.0, 2.0]);
        var r = smooth.Gradient([3.0, 4.0]);
        Assert.Equal(Differentiate.Gradient(x => x[0] * Var.Sin(x[1]), [3.0, 4.0]).Gradient, r.Gradient);
        Assert.Equal(1, smooth.Compilations);
        Assert.Equal(1, smooth.Recordings);
    }
}
