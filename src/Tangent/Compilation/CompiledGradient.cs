namespace Tangent;

/// <summary>
/// A recorded graph of f: Rⁿ → R compiled to straight-line IL: f(x) and ∇f(x) at any point x for
/// the cost of the arithmetic alone (no tape, no per-node dispatch), while the control flow that
/// the recording took still holds. Every branch decision recorded with the graph (every comparison
/// of Vars) is re-checked at x; when one would come out differently, the compiled code does not
/// describe f at x, <c>branchesHold</c> is false and the caller must re-record (see <see cref="Differentiate.Record(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/>).
/// </summary>
/// <remarks>
/// The value and partials of every node come from its primitive's own declaration, so the compiled
/// gradient equals the interpreted one (<see cref="Graph.At"/> then <see cref="Graph.Gradient"/>)
/// bit for bit. Kinks are not collected here (ask <see cref="Graph.At"/> for them); their
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
    readonly GradientEmitter.Plan plan;
    readonly Block[] forward, values;
    readonly Branch[] branches;
    readonly double outputConstant;
    readonly ThreadLocal<Work> work;

    /// <summary>One thread's arrays: node values, adjoints, and (for a large graph) a copy of the graph whose partial slots the forward blocks fill.</summary>
    sealed class Work(int count, Graph? copy)
    {
        public readonly double[] Values = new double[count], Adjoints = new double[count];
        public readonly Graph? Copy = copy;
    }

    CompiledGradient(Graph g)
    {
        plan = GradientEmitter.MakePlan(g);
        forward = GradientEmitter.EmitGradient(plan);
        values = GradientEmitter.EmitValue(plan);
        branches = [.. g.Branches];
        outputConstant = g.Outputs.Length > 0 && g.Outputs[0].Index == 0 ? g.Outputs[0].Value : 0;
        int count = g.Count;
        var nodes = g.Nodes;
        int inputs = g.InputCount;
        work = new ThreadLocal<Work>(() => new Work(count, plan.Fused ? null : new Graph(0) { Nodes = nodes[..count], Count = count, InputCount = inputs }));
    }

    /// <summary>
    /// Compiles the graph of a scalar function (its first output) to IL. Large graphs become several
    /// methods (blocks of a few hundred nodes each).
    /// </summary>
    /// <exception cref="ArgumentException">The graph has no output.</exception>
    public static CompiledGradient Compile(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.OutputDimension == 0) throw new ArgumentException("The graph has no output: record a function before compiling it.", nameof(graph));
        return new CompiledGradient(graph);
    }

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => plan.Inputs;

    /// <summary>The number of emitted methods (gradient and value programs).</summary>
    public int MethodCount => forward.Length + values.Length;

    /// <summary>
    /// f(x), with ∇f(x) written to <paramref name="gradient"/>. <paramref name="branchesHold"/> is
    /// false when a recorded branch decision comes out differently at x: the results then describe
    /// the recorded control flow, not f, and must not be used.
    /// </summary>
    /// <exception cref="ArgumentException">x or the gradient does not have length n.</exception>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient, out bool branchesHold)
    {
        Shape.Require(x.Length, plan.Inputs, "the point x", "the compiled graph's input");
        Shape.Require(gradient.Length, plan.Inputs, "the gradient buffer", "the compiled graph's input");
        var w = work.Value!;
        fixed (double* v = w.Values, adj = w.Adjoints)
        fixed (Node* d = w.Copy?.Nodes)
        {
            x.CopyTo(new Span<double>(v + 1, plan.Inputs));
            new Span<double>(adj, plan.Count).Clear();
            if (plan.Output > 0) adj[plan.Output] = 1;
            foreach (var block in forward) block(v, (double*)d, adj);
            branchesHold = Hold(v);
            if (w.Copy is not null) Reverse.SweepFrom(w.Copy, w.Adjoints);
            new ReadOnlySpan<double>(adj + 1, plan.Inputs).CopyTo(gradient);
            return plan.Output > 0 ? v[plan.Output] : outputConstant;
        }
    }

    /// <summary>f(x) alone (no partials, no sweep), with the same branch check as <see cref="Evaluate"/>.</summary>
    /// <exception cref="ArgumentException">x does not have length n.</exception>
    public double Value(ReadOnlySpan<double> x, out bool branchesHold)
    {
        Shape.Require(x.Length, plan.Inputs, "the point x", "the compiled graph's input");
        var w = work.Value!;
        fixed (double* v = w.Values, adj = w.Adjoints)
        {
            x.CopyTo(new Span<double>(v + 1, plan.Inputs));
            foreach (var block in values) block(v, null, adj);
            branchesHold = Hold(v);
            return plan.Output > 0 ? v[plan.Output] : outputConstant;
        }
    }

    /// <summary>True when every recorded comparison decides at the new values as it did when recorded.</summary>
    bool Hold(double* v)
    {
        foreach (var br in branches)
        {
            double a = br.A == 0 ? br.ValueA : v[br.A], b = br.B == 0 ? br.ValueB : v[br.B];
            if (Branch.Decide(a, b, br.Comparison) != br.Outcome) return false;
        }
        return true;
    }
}
