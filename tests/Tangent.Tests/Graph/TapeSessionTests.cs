namespace Tangent.Tests.GraphTests;

/// <summary>
/// The recording's session rules on the fast path (graph reached through the Var, thread checked by
/// stack range): a Var records only into the innermost live recording of the thread that made it.
/// </summary>
public class TapeSessionTests
{
    static Var Square(ReadOnlySpan<Var> x) => x[0] * x[0];

    [Fact]
    public void A_var_kept_after_its_recording_ended_throws()
    {
        Var kept = default;
        Differentiate.Gradient(x => { kept = x[0]; return x[0] * 2; }, [3.0]);
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(x => x[0] + kept * kept, [1.0]));
        Assert.Throws<InvalidOperationException>(() => { _ = Var.Sin(kept); });
    }

    [Fact]
    public void A_var_used_on_another_thread_during_its_recording_throws()
    {
        Exception? seen = null;
        var r = Differentiate.Gradient(x =>
        {
            var v = x[0];
            var t = new Thread(() =>
            {
                try { _ = v * v; }
                catch (Exception e) { seen = e; }
            });
            t.Start();
            t.Join();
            return v * v;
        }, [3.0]);
        Assert.IsType<InvalidOperationException>(seen);
        Assert.Equal(6.0, r.Gradient[0]); // the foreign use recorded nothing
    }

    [Fact]
    public void An_outer_var_inside_a_nested_recording_throws_and_works_again_after_it()
    {
        bool threw = false;
        var r = Differentiate.Gradient(x =>
        {
            var outer = x[0];
            var inner = Differentiate.Gradient(y =>
            {
                try { _ = outer * y[0]; }
                catch (InvalidOperationException) { threw = true; }
                return y[0] * y[0] * y[0];
            }, [2.0]);
            Assert.Equal(12.0, inner.Gradient[0]); // d/dy y³ = 3y² at 2
            return outer * outer * inner.Value; // outer usable again: 8·x²
        }, [3.0]);
        Assert.True(threw);
        Assert.Equal(48.0, r.Gradient[0]); // d/dx 8x² = 16x at 3
    }

    [Fact]
    public void Recordings_on_many_threads_at_once_give_each_its_own_gradient()
    {
        var errors = new double[64];
        Parallel.For(0, errors.Length, k =>
        {
            var x = new double[50];
            for (int i = 0; i < x.Length; i++) x[i] = k + 0.01 * i;
            var g = new double[x.Length];
            for (int rep = 0; rep < 20; rep++)
            {
                Differentiate.Gradient(v =>
                {
                    Var s = 0;
                    for (int i = 0; i < v.Length; i++) s += v[i] * v[i] * v[i];
                    return s;
                }, x, g);
                for (int i = 0; i < x.Length; i++) errors[k] = Math.Max(errors[k], Math.Abs(g[i] - 3 * x[i] * x[i]));
            }
        });
        Assert.All(errors, e => Assert.True(e < 1e-9, $"error {e}")); // |∇| up to 3·64², rounding only
    }

    [Fact]
    public void A_binary_operation_takes_24_bytes_with_its_primitive_code()
    {
        Assert.Equal(24, Tangent.Graph.BytesPerOperation);
        var g = Differentiate.Record(x => Var.Max(x[0] * x[1], Var.Sin(x[0])) / x[1], [2.0, 3.0]);
        var expected = new[] { "*", "sin", "max", "/" };
        for (int k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k], Tangent.Primitives.Primitive.ByCode(g.Ops[3 + k]).Name);
        var moved = g.At([1.0, 5.0])!; // replay keeps the codes
        for (int k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k], Tangent.Primitives.Primitive.ByCode(moved.Ops[3 + k]).Name);
    }

    [Fact]
    public void The_allocation_free_gradient_allocates_nothing_once_warm()
    {
        var x = new double[1000];
        for (int i = 0; i < x.Length; i++) x[i] = Math.Sin(i);
        var g = new double[x.Length];
        ScalarFunction f = v =>
        {
            Var s = 0;
            for (int i = 0; i + 1 < v.Length; i++) s += (v[i + 1] - v[i] * v[i]) * Var.Exp(v[i]);
            return s;
        };
        for (int rep = 0; rep < 100; rep++) Differentiate.Gradient(f, x, g); // warm: tape grown, code tiered
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int rep = 0; rep < 10; rep++) Differentiate.Gradient(f, x, g);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The promise holds for optimized code; an unoptimized (Debug) build of the library allocates
        // a few bytes per call in code the JIT would otherwise have folded away.
        var debuggable = typeof(Var).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().FirstOrDefault();
        if (debuggable is null || !debuggable.IsJITOptimizerDisabled) Assert.Equal(0, allocated);
        else Assert.True(allocated <= 10 * 128, $"{allocated} bytes in 10 calls");
        // ∂/∂x₀ of (x₁ − x₀²)e^{x₀} = (−2x₀ + x₁ − x₀²)e^{x₀}
        Assert.Equal((-2 * x[0] + x[1] - x[0] * x[0]) * Math.Exp(x[0]), g[0], 1e-12);
    }

    [Fact]
    public void The_recording_threads_stack_range_is_known_so_operations_take_the_call_free_path()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())) return;
        var (low, size) = ThreadStack.Bounds();
        Assert.True(size > 0, "the stack range was not found: every operation would take the slow thread-local check");
        // (ThreadStack accepts a range only if it holds the asking frame.)
        nuint otherLow = 0, otherSize = 0;
        var t = new Thread(() => (otherLow, otherSize) = ThreadStack.Bounds());
        t.Start();
        t.Join();
        Assert.True(otherSize > 0);
        Assert.True(otherLow + otherSize <= low || low + size <= otherLow, "two threads' stacks overlap");
    }
}
