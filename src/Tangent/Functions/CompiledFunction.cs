using System.Runtime.CompilerServices;

namespace Tangent;

/// <summary>
/// A function f(x) or f(x, data) that differentiates itself at compiled speed: <see cref="Gradient(ReadOnlySpan{double}, Span{double})"/>,
/// <see cref="Value(ReadOnlySpan{double})"/> and <see cref="Hvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> at any point,
/// with no recording, compiling or branch checking left to the caller (<see cref="Differentiate.Compile(ScalarFunction, CompileOptions?)"/>).
/// </summary>
/// <remarks>
/// <para>The first call records f on the tape and answers from the recording; the recording is compiled to IL on a
/// background thread meanwhile, and the tape answers every call until the compiled code is ready. A recording holds
/// the branch decisions f took (every comparison of Vars, and <see cref="Data.Class(int)"/>); compiled code is re-used
/// at a new point only while each decision comes out the same, which it checks on every call. A call that takes other
/// branches is answered by a new recording, which becomes a new variant, compiled in turn: up to
/// <see cref="CompileOptions.MaxVariants"/> variants are kept, the least recently used dropped first. A function whose
/// branches change on every call (<see cref="CompileOptions.MissesBeforeTape"/> unseen patterns in a row) is recorded on
/// the tape from then on, and <see cref="Diagnostics"/> says so.</para>
/// <para>Results equal a recording at x swept by the tape (<see cref="Differentiate.Gradient(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/>)
/// bit for bit. The shapes (n, and the data and label lengths) are those of the first call. Thread-safe; once warm a
/// call allocates nothing. A call that throws (f throws while recorded, bad input) leaves the cache as it was.</para>
/// </remarks>
/// <example>
/// <code>
/// var f = Differentiate.Compile(x =&gt; 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]));
/// var g = new double[2];
/// double y = f.Gradient([0.5, 0.5], g); // recorded; compiled in the background; later calls run compiled code
/// </code>
/// </example>
public sealed partial class CompiledFunction
{
    readonly ScalarFunction? plain;
    readonly DataFunction? withData;
    readonly CompileOptions options;
    readonly object gate = new();
    volatile Variant[] variants = [];
    /// <summary>The variant that served the last call, tried first.</summary>
    int hint;
    /// <summary>The last call was not served by the hinted variant: find the right one by its (cheaper) value code first.</summary>
    bool unstable;
    int misses, recordings, compilations;
    long clock;
    volatile bool tape;
    /// <summary>The shapes of the first call: n, data and labels (−1 before it).</summary>
    int theta = -1, dataLength = -1, labelCount = -1;
    readonly Queue<(Variant Variant, bool Product)> queue = new();
    bool draining;
    readonly ManualResetEventSlim idle = new(true);
    readonly List<Diagnostic> diagnostics = [];
    [ThreadStatic] static double[]? labelBuffer, inputBuffer, vectorBuffer, productBuffer;

    internal CompiledFunction(ScalarFunction? plain, DataFunction? withData, CompileOptions? options)
    {
        (this.plain, this.withData) = (plain, withData);
        this.options = options ?? CompileOptions.Default;
        if (this.options.MaxVariants < 1) throw new ArgumentOutOfRangeException(nameof(options), this.options.MaxVariants, "CompileOptions.MaxVariants must be at least 1.");
        if (this.options.Columns < 0) throw new ArgumentOutOfRangeException(nameof(options), this.options.Columns, "CompileOptions.Columns must not be negative.");
    }

    /// <summary>The number n of inputs x (0 before the first call fixes it).</summary>
    public int InputDimension => Math.Max(theta, 0);

    /// <summary>The data length and label count of the first call (0 before it, and for a function without data).</summary>
    public (int Data, int Labels) DataShape => (Math.Max(dataLength, 0), Math.Max(labelCount, 0));

    /// <summary>Calls answered by a recording on the tape (the first call, calls while compiling, new branches, and every call once on the tape).</summary>
    public int Recordings => Volatile.Read(ref recordings);

    /// <summary>Variants compiled so far (gradients; products not counted).</summary>
    public int Compilations => Volatile.Read(ref compilations);

    /// <summary>True once the function changed its branches on too many calls in a row: every call is then recorded on the tape.</summary>
    public bool OnTape => tape;

    /// <summary>The variants kept, most recently used first; last, a recording lent to the compiler and not yet taken (not compiled).</summary>
    public IReadOnlyList<VariantInfo> Variants
    {
        get
        {
            // The kept variants and the lent recording read together, under the gate: the compiler's thread turns the lent
            // recording into a variant under it (Take), and a snapshot of the variants taken before that and of the lent
            // recording after it listed neither (an empty list, seen once in ~10 runs of the suite).
            lock (gate)
            {
                List<VariantInfo> infos = [.. variants.OrderByDescending(v => v.Used).Select(v => v.Compiled is { } c
                    ? new VariantInfo(v.Graph.OperationCount, v.Graph.BranchCount, true, v.Seconds, c.LoopCount, c.RolledOperations)
                    : new VariantInfo(v.Graph.OperationCount, v.Graph.BranchCount, false, 0, 0, 0))];
                if (lent is not null) infos.Add(new VariantInfo(lentCount - 1 - lentInputs, lentBranches.Count, false, 0, 0, 0));
                return infos;
            }
        }
    }

    /// <summary>What the function object noticed: a fall-back to the tape, a compile that failed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics
    {
        get { lock (gate) return [.. diagnostics]; }
    }

    /// <summary>Blocks until no compilation is queued or running; false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitForCompilation(TimeSpan timeout) => idle.Wait(timeout);

    /// <summary>Blocks until no compilation is queued or running.</summary>
    public void WaitForCompilation() => idle.Wait();

    // ---------------------------------------------------------------- gradient ----

    /// <summary>∇f(x) into <paramref name="gradient"/>, returning f(x).</summary>
    /// <exception cref="ArgumentException">x or the gradient does not have the first call's length n, or the function takes data.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient) => Gradient(x, default, default, gradient, false);

    /// <summary>The gradient with respect to x of f(x, data), returning f(x, data).</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's (both are named), or a datum is NaN where the result is not finite (its row is named).</exception>
    public double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, Span<double> gradient) => Gradient(x, data, default, gradient, true);

    /// <summary>The gradient with respect to x of f(x, data) with integer labels.</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's, or a datum is NaN where the result is not finite.</exception>
    public double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<int> labels, Span<double> gradient) =>
        Gradient(x, data, Labels(labels), gradient, true);

    /// <summary>The gradient with respect to x of f(x, data) with labels given as doubles (targets).</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's, or a datum is NaN where the result is not finite.</exception>
    public double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient) =>
        Gradient(x, data, labels, gradient, true);

    double Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient, bool hasData)
    {
        if (x.Length != theta || data.Length != dataLength || labels.Length != labelCount || hasData != (withData is not null)) Check(x, data, labels, hasData);
        if (gradient.Length != x.Length) Shape.Require(gradient.Length, x.Length, "the gradient buffer", "the point x");
        if (!tape)
        {
            var vs = variants;
            int h = hint;
            if (!unstable && (uint)h < (uint)vs.Length && vs[h].Compiled is { } first)
            {
                double y = first.Evaluate(x, data, labels, gradient, out bool holds);
                if (holds)
                {
                    Served(vs[h]);
                    return Finished(y, data, labels);
                }
                unstable = true;
            }
            for (int k = 0; k < vs.Length; k++)
            {
                // From the variant after the hint on: of two variants that alternate, the other one is tried first.
                int i = (h + 1 + k) % vs.Length;
                if (vs[i].Compiled is not { } c) continue;
                if (c.Graph.BranchCount > 0)
                {
                    c.Value(x, data, labels, out bool cheap);
                    if (!cheap) continue;
                }
                double y = c.Evaluate(x, data, labels, gradient, out bool holds);
                if (!holds) continue;
                (unstable, hint) = (i != h, i);
                Served(vs[i]);
                return Finished(y, data, labels);
            }
        }
        return Finished(Record(x, data, labels, gradient, sweep: true), data, labels);
    }

    /// <summary>
    /// f(x), ∇f(x), the kinks hit and the diagnostics, as <see cref="Differentiate.Gradient(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/>
    /// gives them: from compiled code where it is exact and complete (finite, and, with <see cref="CompileOptions.ReportKinks"/>,
    /// a graph that cannot land on a kink), otherwise from a replay of the matching recording, or a new recording.
    /// Allocates the result.
    /// </summary>
    /// <exception cref="ArgumentException">x does not have the first call's length n, or the function takes data.</exception>
    public GradientResult Gradient(ReadOnlySpan<double> x)
    {
        if (x.Length != theta || dataLength != 0 || labelCount != 0 || withData is not null) Check(x, default, default, false);
        if (!tape)
        {
            var gradient = new double[x.Length];
            var vs = variants;
            for (int k = 0; k < vs.Length; k++)
            {
                var v = vs[(hint + k) % vs.Length];
                if (v.Compiled is not { } c || (options.ReportKinks && v.CanHitKink)) continue;
                double y = c.Evaluate(x, gradient, out bool holds);
                if (!holds) continue;
                Served(v);
                if (double.IsFinite(y) && CompiledGradient.Finite(gradient)) return new GradientResult(y, gradient, [], []);
                break; // the notes that explain a non-finite number come from a replay
            }
            foreach (var v in vs)
            {
                // The interpreter on a kept recording: every kink and note, no new recording.
                if (v.Graph.At(x) is not { } replayed) continue;
                Served(v);
                return new GradientResult(replayed.Value[0], replayed.Gradient(), [.. replayed.KinkList], Diagnostic.WithValues(replayed.DiagnosticList, replayed.Value));
            }
        }
        return Recorded(x);
    }

    // ------------------------------------------------------------------- value ----

    /// <summary>f(x).</summary>
    /// <exception cref="ArgumentException">x does not have the first call's length n, or the function takes data.</exception>
    public double Value(ReadOnlySpan<double> x) => Value(x, default, default, false);

    /// <summary>f(x, data).</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's.</exception>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data) => Value(x, data, default, true);

    /// <summary>f(x, data) with integer labels.</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's.</exception>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<int> labels) => Value(x, data, Labels(labels), true);

    /// <summary>f(x, data) with labels given as doubles.</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's.</exception>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels) => Value(x, data, labels, true);

    double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, bool hasData)
    {
        if (x.Length != theta || data.Length != dataLength || labels.Length != labelCount || hasData != (withData is not null)) Check(x, data, labels, hasData);
        if (Find(x, data, labels) is { Compiled: { } c } v)
        {
            double y = c.Value(x, data, labels, out _);
            Served(v);
            return Finished(y, data, labels);
        }
        return Finished(Record(x, data, labels, default, sweep: false), data, labels);
    }

    /// <summary>The compiled variant whose branch decisions hold at (x, data), the hinted one first; null when none does.</summary>
    Variant? Find(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels)
    {
        if (tape) return null;
        var vs = variants;
        int h = hint;
        for (int k = 0; k < vs.Length; k++)
        {
            int i = (h + k) % vs.Length;
            if (vs[i].Compiled is not { } c) continue;
            c.Value(x, data, labels, out bool holds);
            if (holds) return vs[i];
        }
        return null;
    }

    /// <summary>
    /// Stamps v with the clock, which moves only when the serving variant changes or a recording is filed: a variant that
    /// keeps serving writes nothing shared (a lost update under threads only blurs the eviction order).
    /// </summary>
    void Served(Variant v)
    {
        if (v.Used != clock) v.Used = ++clock;
        if (misses != 0) misses = 0;
    }

    // ----------------------------------------------------------------- product ----

    /// <summary>The Hessian-vector product ∇²f(x)·v into <paramref name="hv"/>.</summary>
    /// <remarks>Each variant's product is compiled at its first product (in the background; the recording answers meanwhile).</remarks>
    /// <exception cref="ArgumentException">x, v or hv does not have the first call's length n, or the function takes data.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv) => Hvp(x, default, default, v, hv, false);

    /// <summary>The Hessian-vector product with respect to x of f(x, data) (labels given as doubles; empty for none).</summary>
    /// <exception cref="ArgumentException">A length differs from the first call's.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, ReadOnlySpan<double> v, Span<double> hv) =>
        Hvp(x, data, labels, v, hv, true);

    void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, ReadOnlySpan<double> v, Span<double> hv, bool hasData)
    {
        Check(x, data, labels, hasData);
        Shape.Require(v.Length, x.Length, "the vector v", "the point x");
        Shape.Require(hv.Length, x.Length, "the result hv", "the point x");
        // The product is taken over all inputs of the recording, data included, with v = 0 on the data.
        int n = x.Length + data.Length + labels.Length;
        var z = Buffer(ref inputBuffer, n);
        var w = Buffer(ref vectorBuffer, n);
        var zhv = Buffer(ref productBuffer, n);
        x.CopyTo(z);
        data.CopyTo(z[x.Length..]);
        labels.CopyTo(z[(x.Length + data.Length)..]);
        w.Clear();
        v.CopyTo(w);
        if (Find(x, data, labels) is { } variant)
        {
            Served(variant);
            if (variant.Hvp is { } compiled)
            {
                compiled.Hvp(z, w, zhv, out _);
                zhv[..x.Length].CopyTo(hv);
                return;
            }
            Queue(variant, product: true);
            variant.Graph.At(z)!.Hvp(w, default, zhv);
        }
        else
        {
            Interlocked.Increment(ref recordings);
            var g = Tape.Begin(x, data, labels, options.Recording, out var inputs);
            try
            {
                Call(g, inputs, data.Length, labels.Length);
                g.Hvp(w, default, zhv, keep: false);
                Learn(g);
            }
            finally
            {
                Tape.End(g);
            }
        }
        zhv[..x.Length].CopyTo(hv);
    }

    static Span<double> Buffer(ref double[]? buffer, int n)
    {
        if (buffer is null || buffer.Length < n) buffer = new double[Math.Max(n, 2 * (buffer?.Length ?? 0))];
        return buffer.AsSpan(0, n);
    }

    /// <summary>Integer labels as doubles, in this thread's buffer (read before the next call on this thread).</summary>
    static ReadOnlySpan<double> Labels(ReadOnlySpan<int> labels)
    {
        var d = Buffer(ref labelBuffer, labels.Length);
        for (int i = 0; i < labels.Length; i++) d[i] = labels[i];
        return d;
    }
}
