using System.Runtime.ExceptionServices;
using Tangent.Tests.Support;

namespace Tangent.Tests.Functions;

/// <summary>
/// The recording that feeds the background compiler is lent, not handed over (CompiledFunction.Loans.cs): the calling
/// thread goes on recording on tape storage it already wrote, and no kept recording is storage a thread still writes.
/// </summary>
public class TapeLoanTests
{
    /// <summary>Runs a on a new thread (a tape of its own), rethrowing what it throws.</summary>
    static void OnThread(Action a)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { a(); }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    static double[] Point(Random r, int n) => [.. Enumerable.Range(0, n).Select(_ => r.NextDouble() * 4 - 2)];

    /// <summary>A sum of Rosenbrock terms with a branch on x₀ (two variants) and a kink-free body.</summary>
    static Var Branchy(ReadOnlySpan<Var> x)
    {
        Var s = x[0] > 0 ? x[0] * x[1] : Var.Sin(x[1]) - x[0];
        for (int i = 0; i + 1 < x.Length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
        return s;
    }

    [Fact]
    public void The_thread_keeps_its_tape_storage_and_the_variant_gets_a_trimmed_copy_of_the_first_recording()
    {
        OnThread(() =>
        {
            var r = new Random(1);
            var x = Point(r, 200);
            var g = new double[200];
            Differentiate.Gradient(TestFunctions.Rosenbrock, x, g);
            var storage = Tape.RetainedStorage!;
            var f = Differentiate.Compile(TestFunctions.Rosenbrock);
            f.Gradient(x, g);
            Assert.True(f.WaitForCompilation(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, f.Compilations);
            // The thread's tape still holds the storage it wrote (a hand-over left it none: the next call recorded on new
            // storage and paid a page fault per 4 KiB) ...
            Assert.Same(storage, Tape.RetainedStorage);
            // ... and the variant holds a copy of the recording, trimmed to its nodes: 1 sink, 200 inputs, 8 per term.
            var copy = Assert.Single(f.VariantGraphs);
            Assert.NotSame(storage, copy.Nodes);
            Assert.Equal(1 + 200 + 8 * 199, copy.Count);
            Assert.Equal(copy.Count, copy.Nodes.Length);
            Assert.True(storage.Length > copy.Count);
        });
    }

    [Fact]
    public void Calls_while_the_compiler_works_equal_the_tape_and_kept_recordings_survive_the_threads_next_recordings()
    {
        OnThread(() =>
        {
            var r = new Random(2);
            const int n = 40, calls = 60;
            // The branch on x₀ flips every 5 calls; expected results are taken first, so that the calls below follow each
            // other as fast as a loop allows (the compiler then meets a lent recording whose thread is recording again).
            var points = Enumerable.Range(0, calls).Select(c =>
            {
                var x = Point(r, n);
                x[0] = (c / 5 % 2 == 0 ? 1 : -1) * (0.1 + r.NextDouble());
                return x;
            }).ToArray();
            var expected = points.Select(x => Differentiate.Gradient(Branchy, x)).ToArray();
            var g = new double[n];
            for (int round = 0; round < 12; round++)
            {
                var f = Differentiate.Compile(Branchy);
                for (int c = 0; c < calls; c++)
                {
                    double y = f.Gradient(points[c], g);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected[c].Value), BitConverter.DoubleToInt64Bits(y));
                    Assert.Equal(expected[c].Gradient, g);
                    // In odd rounds another function records on this thread between calls: it takes the lent storage back too.
                    if (round % 2 == 1 && c % 3 == 0) Differentiate.Gradient(TestFunctions.Rosenbrock, points[c]);
                }
                Assert.True(f.WaitForCompilation(TimeSpan.FromSeconds(60)));
                foreach (var graph in f.VariantGraphs) Assert.NotSame(Tape.RetainedStorage, graph.Nodes);
                // Overwrite this thread's tape with a larger recording; the products, replayed from the kept recordings (and
                // compiled from them), must still be those of f.
                Differentiate.Gradient(TestFunctions.Rosenbrock, Point(r, 3 * n));
                var hv = new double[n];
                for (int c = 0; c < calls; c += 7)
                {
                    var v = Point(r, n);
                    f.Hvp(points[c], v, hv);
                    var product = Differentiate.Hvp(Branchy, points[c], v);
                    for (int i = 0; i < n; i++) Assert.Equal(product[i], hv[i], 1e-9 * (1 + Math.Abs(product[i])));
                }
                Assert.InRange(f.Variants.Count, 1, 2);
            }
        });
    }

    [Fact]
    public void Threads_recording_one_function_at_once_never_share_storage_with_a_kept_recording()
    {
        var f = Differentiate.Compile(Branchy, new CompileOptions { MaxVariants = 2 });
        var storages = new Node[]?[4];
        var failures = 0;
        // Calls on 4 threads at once; then, once no call is left and the compiler is idle (no recording lent any more),
        // each thread reads its tape's storage.
        using var called = new Barrier(4);
        using var compiled = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var r = new Random(10 + t);
            var g = new double[12];
            for (int c = 0; c < 150; c++)
            {
                var x = Point(r, 12);
                var tape = Differentiate.Gradient(Branchy, x);
                double y = f.Gradient(x, g);
                if (BitConverter.DoubleToInt64Bits(y) != BitConverter.DoubleToInt64Bits(tape.Value) || !g.SequenceEqual(tape.Gradient)) Interlocked.Increment(ref failures);
            }
            called.SignalAndWait();
            if (t == 0) f.WaitForCompilation();
            compiled.SignalAndWait();
            storages[t] = Tape.RetainedStorage;
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Equal(0, failures);
        Assert.Equal(2, f.Variants.Count);
        foreach (var graph in f.VariantGraphs)
            foreach (var s in storages) Assert.NotSame(s, graph.Nodes);
    }

    [Fact]
    public void Warm_calls_of_a_function_compiled_in_the_background_allocate_nothing()
    {
        var f = Differentiate.Compile(Branchy);
        double[] a = [0.5, 1.5, -0.25, 2], b = [-0.5, 1.5, -0.25, 2];
        var g = new double[4];
        for (int i = 0; i < 4; i++)
        {
            f.Gradient(a, g);
            f.Gradient(b, g);
            Assert.True(f.WaitForCompilation(TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(2, f.Compilations);
        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (int i = 0; i < 200; i++) { f.Gradient(a, g); f.Gradient(b, g); }
        }));
    }

    [Fact]
    public void A_recorded_pattern_is_always_listed_while_the_compiler_turns_the_loan_into_a_variant()
    {
        // Variants read the kept variants, then the lent recording: with the compiler's Take between the two reads it
        // listed neither (the README example's Assert.Single saw an empty list once in about ten suite runs).
        OnThread(() =>
        {
            var x = Point(new Random(7), 40);
            var g = new double[x.Length];
            for (int k = 0; k < 100; k++)
            {
                var f = Differentiate.Compile(v => Branchy(v));
                f.Gradient(x, g);
                while (true)
                {
                    Assert.NotEmpty(f.Variants);
                    if (f.Compilations > 0) break;
                }
            }
        });
    }
}
