using System.Runtime.InteropServices;
using System.Reflection.Emit;
using System.Runtime.Intrinsics;

namespace Tangent;

/// <summary>
/// A recorded graph of f: Rⁿ → R compiled to IL: f(x) and ∇f(x) at any point x for
/// the cost of the arithmetic alone (no tape, no per-node dispatch), while the control flow that
/// the recording took still holds. Every branch decision recorded with the graph (every comparison
/// of Vars) is re-checked at x; when one would come out differently, the compiled code does not
/// describe f at x, <c>branchesHold</c> is false and the caller must re-record (see <see cref="Differentiate.Record(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/>).
/// </summary>
/// <remarks>
/// The value and partials of every node come from its primitive's own declaration, so the compiled
/// gradient equals the interpreted one (<see cref="Graph.At"/> then <see cref="Graph.Gradient"/>)
/// bit for bit (the zero-adjoint skip that keeps 0·∞ off dead paths included: code without it runs
/// first, and when its gradient is not finite the code with it runs again; when that gradient is still not
/// finite, the graph is replayed and swept, whose rule for 0·∞ on non-finite graphs the compiled code lacks). Repeated structure (a C# loop over Vars records the same nodes once per iteration) is
/// compiled to loops, so that large graphs stay small code. Kinks are not collected here (ask <see cref="Graph.At"/> for them); their
/// conventions are applied all the same, since they live in the declarations. An instance may be
/// used from several threads at once: each thread gets its own work arrays.
/// </remarks>
/// <example>
/// <code>
/// var graph = Differentiate.Record(x =&gt; x[0] * x[0] * x[1], [1.0, 2.0]);
/// var compiled = CompiledGradient.Compile(graph);
/// var grad = new double[2];
/// double f = compiled.Evaluate([3.0, 4.0], grad, out bool holds); // f = 36, ∇f = [24, 9], holds
/// </code>
/// </example>
public sealed unsafe class CompiledGradient
{
    readonly Plan plan;
    readonly Block[] gradient, tested, values;
    readonly Branch[] branches;
    readonly double outputConstant;
    readonly ThreadLocal<Work> work;
    /// <summary>A fused method without branch checks keeps everything in locals: no work arrays.</summary>
    readonly bool noWork;
    /// <summary>The whole gradient (value) program as one method that returns f, with no branch to check: the fast path.</summary>
    readonly Block? soleGradient, soleTested, soleValue;
    /// <summary><see cref="soleGradient"/> when the graph reads no data or labels: the public overload's path.</summary>
    readonly Block? soleOfX;
    readonly int inputs;
    /// <summary>The recorded graph, replayed where the compiled code cannot be exact (a non-finite gradient).</summary>
    readonly Graph graph;
    [ThreadStatic] static Work? last;
    /// <summary>The work arrays <see cref="Warm"/> used, kept for the first thread that needs some (see the constructor).</summary>
    Work? warmed;

    /// <summary>One thread's arrays: node values and node adjoints (indexed by node; only slots kept in memory are used).</summary>
    sealed class Work(CompiledGradient owner, int count, bool adjoints)
    {
        public readonly CompiledGradient Owner = owner;
        public readonly double[] Values = new double[count], Adjoints = adjoints ? new double[count] : [];
    }

    CompiledGradient(Graph g, CompileSettings settings, bool value)
    {
        graph = g;
        plan = Plan.Make(g, settings, value);
        gradient = GradientEmitter.EmitGradient(plan, zeroTests: false);
        tested = GradientEmitter.EmitGradient(plan, zeroTests: true);
        values = value ? GradientEmitter.EmitValue(plan) : [];
        branches = [.. g.Branches];
        noWork = plan.Fused && branches.Length == 0;
        inputs = plan.Sources.Theta;
        if (noWork && plan.Output > plan.Inputs && gradient.Length == 1 && (values.Length == 1 || !value)) (soleGradient, soleTested, soleValue) = (gradient[0], tested[0], value ? values[0] : null);
        if (plan.Sources.Data == 0 && plan.Sources.Labels == 0) soleOfX = soleGradient;
        outputConstant = g.Outputs.Length > 0 && g.Outputs[0].Index == 0 ? g.Outputs[0].Value : 0;
        int count = g.Count;
        bool adjoints = !plan.Fused;
        // The first thread to need work arrays takes those Warm filled, if any: their pages are already mapped.
        work = new ThreadLocal<Work>(() => Interlocked.Exchange(ref warmed, null) ?? new Work(this, count, adjoints));
    }

    /// <summary>
    /// Compiles the graph of a scalar function (its first output) to IL. Repeated structure becomes
    /// loops; large graphs become several methods.
    /// </summary>
    /// <exception cref="ArgumentException">The graph has no output.</exception>
    public static CompiledGradient Compile(Graph graph) => Compile(graph, CompileSettings.Default);

    /// <param name="graph">The graph.</param>
    /// <param name="settings">Tuning.</param>
    /// <param name="value">False when only gradients will be asked for: <see cref="Evaluate(ReadOnlySpan{double}, Span{double}, out bool)"/> may then return NaN, <see cref="Value(ReadOnlySpan{double}, out bool)"/> must not be called, and loops compute less.</param>
    internal static CompiledGradient Compile(Graph graph, CompileSettings settings, bool value = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.OutputDimension == 0) throw new ArgumentException("The graph has no output: record a function before compiling it.", nameof(graph));
        return new CompiledGradient(graph, settings, value);
    }

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => inputs;

    /// <summary>The recorded graph.</summary>
    internal Graph Graph => graph;

    /// <summary>The segments and flags the code was emitted from (for tests).</summary>
    internal Plan Plan => plan;

    /// <summary>The number of emitted methods (gradient and value programs).</summary>
    public int MethodCount => gradient.Length + values.Length;

    /// <summary>The number of loops the repeated structure was rolled into, nested ones included (0: straight-line code only).</summary>
    public int LoopCount => plan.Segments.Sum(s => s.Loops);

    /// <summary>The number of recorded operations that run inside loops.</summary>
    public int RolledOperations => plan.Segments.Where(s => s.Looped).Sum(s => s.Period * s.Reps);

    /// <summary>
    /// f(x), with ∇f(x) written to <paramref name="gradient"/>. <paramref name="branchesHold"/> is
    /// false when a recorded branch decision comes out differently at x: the results then describe
    /// the recorded control flow, not f, and must not be used.
    /// </summary>
    /// <exception cref="ArgumentException">x or the gradient does not have length n.</exception>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient, out bool branchesHold)
    {
        // The common small case runs here, not through the data overload: that one pins four spans and passes
        // them on the stack, which cost about 5 ns a call on the 2-variable Rosenbrock (13–18 ns against 8–9 ns).
        if (soleOfX is { } sole && x.Length == inputs && gradient.Length == inputs)
        {
            fixed (double* xp = x, gp = gradient)
            {
                double finite; // 0 when the gradient is finite (see SegmentEmitter.ZeroUntouchedInputs)
                double y = sole(xp, null, &finite, gp, null, null, null);
                if (finite == 0)
                {
                    branchesHold = true;
                    return y;
                }
            }
        }
        // Other graphs, a shape error, or a gradient that is not finite (redone by the tested program there).
        return Evaluate(x, default, default, gradient, out branchesHold);
    }

    /// <summary>
    /// As <see cref="Evaluate(ReadOnlySpan{double}, Span{double}, out bool)"/> for a graph recorded with data
    /// arguments (<see cref="Data"/>): <paramref name="data"/> and <paramref name="labels"/> are read where the recording
    /// read them, and the gradient is taken with respect to x alone.
    /// </summary>
    internal double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient, out bool branchesHold)
    {
        if (x.Length != inputs || gradient.Length != inputs) ShapeError(x.Length, gradient.Length);
        if (data.Length != plan.Sources.Data || labels.Length != plan.Sources.Labels) DataShapeError(data.Length, labels.Length);
        if (soleGradient is { } sole)
        {
            // A small graph: one call, values and adjoints in registers, f returned (a few ns saved per call).
            branchesHold = true;
            fixed (double* xp = x, gp = gradient, dp = data, lp = labels)
            {
                double finite; // 0 when the gradient is finite (see SegmentEmitter.ZeroUntouchedInputs)
                double y = sole(xp, null, &finite, gp, null, dp, lp);
                if (finite == 0) return y;
                y = soleTested!(xp, null, &finite, gp, null, dp, lp); // the tested program reports nothing in c
                if (Finite(gradient)) return y;
            }
            return Interpreted(x, data, labels, gradient);
        }
        double f = Run(this.gradient, x, data, labels, gradient, out branchesHold, out bool exact);
        // The program without zero-adjoint tests is exact whenever its gradient is finite (see GradientEmitter).
        if (exact) return f;
        f = Run(tested, x, data, labels, gradient, out branchesHold, out exact);
        return exact || !branchesHold ? f : Interpreted(x, data, labels, gradient);
    }

    /// <summary>
    /// f(x) and ∇f(x) by replaying the graph and sweeping it, for a point where the compiled gradient is not
    /// finite. Once some value or partial is ∞ or NaN, the interpreted sweep passes nothing back through a zero
    /// partial even from an infinite adjoint (0·∞ = 0, see <see cref="Reverse"/>), which the compiled code does
    /// not do; replaying keeps every result equal to <see cref="Graph.At"/> then <see cref="Graph.Gradient"/>.
    /// </summary>
    double Interpreted(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient)
    {
        var replayed = graph.At(data.IsEmpty && labels.IsEmpty ? x : [.. x, .. data, .. labels])!; // the branch decisions hold here (checked by the caller)
        replayed.Gradient().AsSpan(0, inputs).CopyTo(gradient);
        return replayed.Value[0];
    }

    /// <summary>True when every entry is finite.</summary>
    internal static bool Finite(ReadOnlySpan<double> g)
    {
        // Exponent field e = 0x7FF (∞, NaN) is the only one for which (e + 1)·2⁵² reaches bit 63.
        const ulong Exponent = 0x7FF0_0000_0000_0000UL, One = 0x0010_0000_0000_0000UL;
        ulong any = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && g.Length >= 8)
        {
            ref double first = ref MemoryMarshal.GetReference(g);
            Vector256<ulong> mask = Vector256.Create(Exponent), one = Vector256.Create(One), a = default, b = default;
            for (; i + 8 <= g.Length; i += 8)
            {
                a |= (Vector256.LoadUnsafe(ref first, (nuint)i).AsUInt64() & mask) + one;
                b |= (Vector256.LoadUnsafe(ref first, (nuint)(i + 4)).AsUInt64() & mask) + one;
            }
            a |= b;
            any = a[0] | a[1] | a[2] | a[3];
        }
        for (; i < g.Length; i++) any |= (BitConverter.DoubleToUInt64Bits(g[i]) & Exponent) + One;
        return (any & 0x8000_0000_0000_0000UL) == 0;
    }

    /// <summary>
    /// Runs the gradient program once at the recorded point with work arrays of its own (not this thread's), so that the
    /// JIT compiles the emitted methods here rather than in the first call that uses them: a <see cref="DynamicMethod"/>
    /// is compiled to machine code at its first invocation, which for a large graph takes about as long as emitting it.
    /// A background compiler calls this before publishing the code, so that no caller waits for the JIT, nor for the
    /// first touch of the work arrays' pages.
    /// </summary>
    internal void Warm()
    {
        var point = graph.Point;
        var s = plan.Sources;
        ReadOnlySpan<double> x = point.AsSpan(0, s.Theta), data = point.AsSpan(s.Theta, s.Data), labels = point.AsSpan(s.Theta + s.Data, s.Labels);
        var g = new double[s.Theta];
        if (soleGradient is { } sole)
        {
            fixed (double* xp = x, gp = g, dp = data, lp = labels)
            {
                double finite;
                sole(xp, null, &finite, gp, null, dp, lp);
            }
            return;
        }
        if (noWork)
        {
            Run(gradient, x, data, labels, g, out _, out _);
            return;
        }
        // Work arrays of its own, handed on to the first thread that calls: on a large graph, mapping their pages
        // (two doubles per node) would otherwise cost that call about as much as the JIT did.
        var w = new Work(this, graph.Count, !plan.Fused);
        Run(gradient, x, data, labels, g, out _, out _, w);
        warmed = w;
    }

    double Run(Block[] program, ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, Span<double> gradient, out bool branchesHold, out bool finite, Work? own = null)
    {
        var w = noWork ? null : own ?? Scratch();
        int output = plan.Output;
        double flag = 0; // a fused method has no constant table: it reports Σ (gᵢ − gᵢ) there instead
        fixed (double* xp = x, gp = gradient, v = w?.Values, a = w?.Adjoints, table = plan.Constants, dp = data, lp = labels)
        {
            double* c = plan.Fused ? &flag : table;
            // The emitted code zeroes the node adjoints it reads and seeds the output; the gradient is
            // accumulated into g directly (a fused method writes all of it).
            if (!plan.Fused || program.Length == 0) gradient.Clear();
            double y = 0;
            foreach (var block in program) y = block(xp, v, c, gp, a, dp, lp);
            if (output >= 1 && output <= inputs) gp[output - 1] = 1; // f = xⱼ: no operation reaches the output
            branchesHold = branches.Length == 0 || Hold(xp, v, dp, lp);
            // Only the fused program without zero tests reports finiteness in c (see SegmentEmitter.ZeroUntouchedInputs).
            finite = plan.Fused && program == this.gradient ? flag == 0 : Finite(gradient);
            return !plan.Value ? double.NaN : plan.Fused && output > plan.Inputs ? y : Output(xp, v, dp, lp);
        }
    }

    /// <summary>The Hessian-vector product of f, compiled at the first product.</summary>
    CompiledHvp? hvp;

    /// <summary>
    /// The Hessian-vector product ∇²f(x)·v at any point x, written to <paramref name="hv"/>, with the same branch
    /// check as <see cref="Evaluate(ReadOnlySpan{double}, Span{double}, out bool)"/>: <paramref name="branchesHold"/> false means the result describes the
    /// recorded control flow, not f, and must not be used.
    /// </summary>
    /// <remarks>
    /// The first call compiles f's <see cref="CompiledHvp"/> (reverse over forward: the gradient of g(x, v) = ∇f(x)·v),
    /// which takes about as long as compiling the gradient; it agrees with <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/> to rounding.
    /// </remarks>
    /// <exception cref="ArgumentException">x, v or hv does not have length n.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv, out bool branchesHold) =>
        Hvp(x, v, hv, default, out branchesHold);

    /// <summary>As <see cref="Hvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, out bool)"/>, with ∇f(x) written to <paramref name="gradient"/> too (it comes with the product).</summary>
    /// <exception cref="ArgumentException">x, v, hv or the gradient does not have length n.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv, Span<double> gradient, out bool branchesHold)
    {
        var h = hvp ?? Interlocked.CompareExchange(ref hvp, CompiledHvp.Compile(graph, plan.Settings), null) ?? hvp;
        h.Hvp(x, v, hv, gradient, out branchesHold);
    }

    /// <summary>f(x) alone (no partials, no sweep), with the same branch check as <see cref="Evaluate(ReadOnlySpan{double}, Span{double}, out bool)"/>.</summary>
    /// <exception cref="ArgumentException">x does not have length n.</exception>
    public double Value(ReadOnlySpan<double> x, out bool branchesHold)
    {
        // As in Evaluate: the sole value method of a graph without data runs here, not through the data overload's
        // pinned spans (9–10 ns against 8 ns on the 10-variable Rosenbrock).
        if (soleOfX is not null && soleValue is { } sole && x.Length == inputs)
        {
            branchesHold = true;
            fixed (double* xp = x) return sole(xp, null, null, null, null, null, null);
        }
        return Value(x, default, default, out branchesHold);
    }

    /// <summary>f(x) alone for a graph recorded with data arguments (see <see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, out bool)"/>).</summary>
    internal double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> data, ReadOnlySpan<double> labels, out bool branchesHold)
    {
        if (x.Length != inputs) ShapeError(x.Length, inputs);
        if (data.Length != plan.Sources.Data || labels.Length != plan.Sources.Labels) DataShapeError(data.Length, labels.Length);
        if (soleValue is { } sole)
        {
            branchesHold = true;
            fixed (double* xp = x, dp = data, lp = labels) return sole(xp, null, null, null, null, dp, lp);
        }
        var w = noWork ? null : Scratch();
        int output = plan.Output;
        fixed (double* xp = x, v = w?.Values, c = plan.Constants, dp = data, lp = labels)
        {
            double y = 0;
            foreach (var block in values) y = block(xp, v, c, null, null, dp, lp);
            branchesHold = branches.Length == 0 || Hold(xp, v, dp, lp);
            return plan.Fused && output > plan.Inputs ? y : Output(xp, v, dp, lp);
        }
    }

    /// <summary>This thread's work arrays: the last ones used on this thread when they are this instance's.</summary>
    Work Scratch()
    {
        var w = last;
        if (w is null || w.Owner != this) last = w = work.Value!;
        return w;
    }

    void ShapeError(int x, int gradient)
    {
        Shape.Require(x, inputs, "the point x", "the compiled graph's input");
        Shape.Require(gradient, inputs, "the gradient buffer", "the compiled graph's input");
    }

    void DataShapeError(int data, int labels)
    {
        Shape.Require(data, plan.Sources.Data, "the data", "the data the graph was recorded with");
        Shape.Require(labels, plan.Sources.Labels, "the labels", "the labels the graph was recorded with");
    }

    double Output(double* x, double* v, double* d, double* l) => plan.Output switch
    {
        0 => outputConstant,
        int o => Read(o, x, v, d, l),
    };

    /// <summary>The value of node j (an input, a datum, a label or an operation kept in memory).</summary>
    double Read(int j, double* x, double* v, double* d, double* l)
    {
        var s = plan.Sources;
        return j <= s.Theta ? x[j - 1] : j <= s.Theta + s.Data ? d[j - 1 - s.Theta] : j <= s.Count ? l[j - 1 - s.Theta - s.Data] : v[j];
    }

    /// <summary>True when every recorded comparison decides at the new values as it did when recorded.</summary>
    bool Hold(double* x, double* v, double* d, double* l)
    {
        foreach (var br in branches)
        {
            double a = br.A == 0 ? br.ValueA : Read(br.A, x, v, d, l);
            double b = br.B == 0 ? br.ValueB : Read(br.B, x, v, d, l);
            if (Branch.Decide(a, b, br.Comparison) != br.Outcome) return false;
        }
        return true;
    }
}
