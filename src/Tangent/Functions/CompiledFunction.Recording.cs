using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Tangent;

/// <summary>The tape side of <see cref="CompiledFunction"/>: recordings, the variant cache, the background compiler, input checks.</summary>
public sealed partial class CompiledFunction
{
    /// <summary>
    /// Records f at (x, data) on this thread's tape, answers from the recording (the gradient when
    /// <paramref name="sweep"/>), and hands the recording to the cache.
    /// </summary>
    double Record(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient, bool sweep)
    {
        Interlocked.Increment(ref recordings);
        var g = Tape.Begin(x, data, labels, options.Recording, out var inputs);
        try
        {
            var y = Call(g, inputs, data.Length, labels.Length);
            if (sweep)
            {
                var all = Buffer(ref productBuffer, g.InputCount);
                Reverse.Sweep(g, [1.0], all);
                all[..x.Length].CopyTo(gradient);
            }
            if (!tape) Learn(g);
            return y.Value;
        }
        finally
        {
            Tape.End(g);
        }
    }

    /// <summary>Records f at x and answers with its value, gradient, kinks and diagnostics (see <see cref="Gradient(ReadOnlySpan{double})"/>).</summary>
    GradientResult Recorded(ReadOnlySpan<double> x)
    {
        Interlocked.Increment(ref recordings);
        var g = Tape.Begin(x, default, default, options.Recording, out var inputs);
        try
        {
            var y = Call(g, inputs, 0, 0);
            var gradient = new double[x.Length];
            Reverse.Sweep(g, [1.0], gradient);
            var result = new GradientResult(y.Value, gradient, [.. g.KinkList], Diagnostic.WithValues(g.DiagnosticList, [y.Value]));
            if (!tape) Learn(g);
            return result;
        }
        finally
        {
            Tape.End(g);
        }
    }

    /// <summary>Calls f on the recording's inputs and sets its output.</summary>
    Var Call(Graph g, Span<Var> inputs, int data, int labels)
    {
        Var y;
        if (withData is not null)
        {
            int columns = options.Columns > 0 ? options.Columns : labels > 0 && data % labels == 0 ? data / labels : data;
            y = withData(inputs, new Data(g, inputs.Length + 1, data, labels, columns));
        }
        else y = plain!(inputs);
        Tape.CheckOutputs(g, [y]);
        g.SingleOutput[0] = y;
        g.Outputs = g.SingleOutput;
        return y;
    }

    /// <summary>
    /// Files a recording: nothing when a kept variant, or the recording lent to the compiler, took the same branches;
    /// otherwise, in the background, the recording is lent to the compiler (see <see cref="Lend"/>), or handed over as a
    /// new variant (compiled on the spot, or replayed), the least recently used dropped when full; after
    /// <see cref="CompileOptions.MissesBeforeTape"/> new patterns in a row, the tape for good.
    /// </summary>
    void Learn(Graph g)
    {
        Variant? fresh = null;
        bool drain = false;
        lock (gate)
        {
            if (tape) return;
            foreach (var v in variants)
            {
                if (!v.Matches(g)) continue;
                misses = 0;
                return;
            }
            if (lent is not null && Variant.SameKey(g, lentCount, lentInputs, lentBranches))
            {
                misses = 0;
                // Still held by the tape that lent it: the compiler takes it from there. Otherwise that tape took its storage
                // back to record again before the compiler came: this recording, with the same key, is lent instead.
                if (!lentValid) drain = Lend(g);
            }
            else if (++misses > options.MissesBeforeTape)
            {
                tape = true;
                foreach (var v in variants) v.Evicted = true;
                variants = [];
                (lent, mapped) = (null, null);
                diagnostics.Add(new Diagnostic("compile",
                    $"f took branch decisions that no kept variant had seen on {misses} calls in a row: its branches change from call to call, " +
                    "so compiled code would not be re-used; every call is now recorded on the tape and swept instead"));
                return;
            }
            // In the background, the recording is lent (no copy, and the thread keeps its mapped storage), one key at a time:
            // a lent key whose recording was taken back is kept until it recurs, so that two patterns that alternate before
            // the compiler comes are not each forgotten and counted as new on every call (toward MissesBeforeTape).
            else if (options.Background && lent is null && !(options.ReportKinks && g.CanHitKink())) drain = Lend(g);
            else
            {
                // The recording itself becomes the variant's (no copy on the caller's time): the tape records the next call on new storage.
                fresh = new Variant(Tape.Keep(g)) { Used = ++clock };
                File(fresh);
            }
        }
        if (drain) ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
        // The variant filed above, not a search of the cache: once the lock is released another thread may already
        // have evicted it (a search then found nothing: an UnreachableException under 4 threads, 1 run in ~10).
        // An evicted variant's queued compile is skipped (see Drain).
        if (fresh is not null && !(options.ReportKinks && fresh.CanHitKink)) Queue(fresh, product: false); // replayed instead (see CompileOptions.ReportKinks)
    }

    /// <summary>Adds a variant to the cache (under the gate), replacing the least recently used one when full.</summary>
    void File(Variant fresh)
    {
        var vs = variants;
        if (vs.Length < options.MaxVariants)
        {
            variants = [.. vs, fresh];
            return;
        }
        int oldest = 0;
        for (int i = 1; i < vs.Length; i++) if (vs[i].Used < vs[oldest].Used) oldest = i;
        vs[oldest].Evicted = true;
        var kept = (Variant[])vs.Clone();
        kept[oldest] = fresh;
        variants = kept;
    }

    /// <summary>Compiles a variant's gradient (or product): on the background compiler, or here and now.</summary>
    void Queue(Variant v, bool product)
    {
        if (!options.Background)
        {
            Compile(v, product);
            return;
        }
        lock (gate)
        {
            if (product)
            {
                if (v.HvpQueued) return;
                v.HvpQueued = true;
            }
            queue.Enqueue((v, product));
            if (!StartDraining()) return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(_ => Drain(), null);
    }

    /// <summary>Under the gate: marks the compiler busy; true when its thread must be started.</summary>
    bool StartDraining()
    {
        if (draining) return false;
        draining = true;
        idle.Reset();
        return true;
    }

    void Drain()
    {
        while (true)
        {
            (Variant? Variant, bool Product) next = (null, false);
            bool claim = false;
            lock (gate)
            {
                if (claimWanted) (claim, claimWanted) = (true, false);
                else if (queue.Count == 0)
                {
                    draining = false;
                    idle.Set();
                    return;
                }
                else next = queue.Dequeue();
            }
            if (claim)
            {
                if (Claim() is { } taken) Compile(taken, product: false);
            }
            else if (next.Variant is { Evicted: false } v) Compile(v, next.Product);
        }
    }

    void Compile(Variant v, bool product)
    {
        try
        {
            if (product)
            {
                v.Hvp ??= CompiledHvp.Compile(v.Graph);
                return;
            }
            if (v.Compiled is not null || v.Failed) return;
            var clock = Stopwatch.StartNew();
            var compiled = CompiledGradient.Compile(v.Graph);
            // In the background, the JIT's work on the emitted methods is done here too (one evaluation at the recorded
            // point): left to the first call that runs them, it stalled that call for seconds on a large graph.
            if (options.Background) compiled.Warm();
            v.Seconds = clock.Elapsed.TotalSeconds;
            v.Compiled = compiled;
            Interlocked.Increment(ref compilations);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The tape keeps answering this variant's calls; the user hears why.
            v.Failed = true;
            lock (gate) diagnostics.Add(new Diagnostic("compile", $"compiling a variant of {v.Graph.OperationCount:N0} operations failed ({e.Message}); the tape answers its calls"));
        }
    }

    // ------------------------------------------------------------------ checks ----

    /// <summary>Shapes against the first call's (fixed by it), and whether data fit this function.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    void Check(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, bool hasData)
    {
        if (hasData && withData is null)
            throw new ArgumentException("This function takes no data: it was compiled from f(x); call Gradient(x, gradient).");
        if (!hasData && withData is not null)
            throw new ArgumentException("This function takes data: it was compiled from f(x, data); pass the data with each call.");
        if (theta < 0)
        {
            Shape.NonEmpty(x.Length, "The point x");
            if (options.Columns > 0 && data.Length % options.Columns != 0)
                throw new ArgumentException($"The data have {data.Length} values, which is not a whole number of rows of {options.Columns} (CompileOptions.Columns).");
            lock (gate)
                if (theta < 0) (dataLength, labelCount, theta) = (data.Length, labels.Length, x.Length);
        }
        if (x.Length != theta) Shape.Require(x.Length, theta, "the point x", "the point of the first call");
        if (data.Length != dataLength) Shape.Require(data.Length, dataLength, "the data", "the data of the first call (a compiled function keeps its shapes)");
        if (labels.Length != labelCount) Shape.Require(labels.Length, labelCount, "the labels", "the labels of the first call");
    }

    /// <summary>Returns y; where it is not finite, a datum or label that is not finite is named with its row (bad input, not a result).</summary>
    double Finished(double y, ReadOnlySpan<double> data, ReadOnlySpan<double> labels)
    {
        if (double.IsFinite(y) || (data.IsEmpty && labels.IsEmpty)) return y;
        int columns = options.Columns > 0 ? options.Columns : labels.Length > 0 && data.Length % labels.Length == 0 ? data.Length / labels.Length : data.Length;
        for (int i = 0; i < data.Length; i++)
            if (!double.IsFinite(data[i]))
                throw new NonFiniteDataException($"The data value {i} (row {i / columns}, column {i % columns}) is {Graph.F(data[i])}, and f is not finite there: clean or drop row {i / columns}.");
        int rows = columns == 0 ? 0 : data.Length / columns, perRow = rows > 0 && labels.Length % rows == 0 ? labels.Length / rows : 1;
        for (int i = 0; i < labels.Length; i++)
            if (!double.IsFinite(labels[i]))
                throw new NonFiniteDataException($"Label {i} (row {i / perRow}) is {Graph.F(labels[i])}, and f is not finite there: clean or drop row {i / perRow}.");
        return y;
    }
}
