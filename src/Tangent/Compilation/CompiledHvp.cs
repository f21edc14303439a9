namespace Tangent;

/// <summary>
/// The Hessian-vector product v ↦ ∇²(wᵀF)(x)·v of a recorded graph, compiled to IL: at the recorded point x₀ (the
/// inner loop of Newton-CG or a trust-region method) and at any other point while the recorded branch decisions hold
/// (the next outer iteration needs no new recording), for a few times the cost of F.
/// </summary>
/// <remarks>
/// Reverse over forward. The tangent of the graph, g(x, v) = ⟨w, DF(x)·v⟩, is recorded once as a graph of its own
/// (<see cref="TangentGraph"/>: each node's tangent ẏ = φ_a ȧ + φ_b ḃ after its value, partials that are not an operand,
/// the node itself or a constant recorded as derivative nodes whose partials are the declared second partials), and its
/// gradient is compiled like any gradient (<see cref="CompiledGradient"/>: loops for repeated structure, values and
/// adjoints in registers, no value computed that only f would need). ∂g/∂x = ∇²(wᵀF)(x)·v and ∂g/∂v = ∇(wᵀF)(x).
/// Every partial and second partial comes from the primitives' declarations, as in
/// <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/>; the sums are formed in another order, so the two
/// agree to rounding, not bit for bit. Where the compiled product (or gradient) is not finite, a partial is infinite or
/// undefined somewhere (√0, atan2(0, 0)), and reverse over forward multiplies it by a zero tangent; the recorded graph is
/// then replayed at x and swept by the interpreter, whose rule 0·∞ = 0 keeps such dead paths out, so the result is
/// <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/>'s there. An instance may be used from several threads at once.
/// </remarks>
/// <example>
/// <code>
/// var graph = Differentiate.Record(x =&gt; x[0] * x[0] * x[1], [1.0, 2.0]);
/// var hvp = CompiledHvp.Compile(graph);
/// var hv = new double[2];
/// hvp.Hvp([1.0, 0.0], hv);                           // ∇²f(1, 2)·e₁ = [2x₁, 2x₀] = [4, 2]
/// hvp.Hvp([3.0, 5.0], [1.0, 0.0], hv, out bool holds); // ∇²f(3, 5)·e₁ = [10, 6]
/// </code>
/// </example>
public sealed class CompiledHvp
{
    readonly int inputs;
    readonly double[] point, weights;
    /// <summary>The recorded graph, replayed and swept where the compiled product is not finite.</summary>
    readonly Graph source;
    /// <summary>The gradient program of g(x, v) = ⟨w, DF(x)·v⟩ on the inputs (x, v), compiled without g's value.</summary>
    readonly CompiledGradient tangent;
    /// <summary>The Hessian's pattern and star colouring, read off the graph (see <see cref="SparseHessian(ReadOnlySpan{double}, out bool)"/>).</summary>
    readonly HessianPlan plan;
    [ThreadStatic] static double[]? pointAndDirection, tangentGradient, products, seeds;

    CompiledHvp(Graph g, double[] w, CompileSettings settings)
    {
        inputs = g.InputCount;
        point = g.Point;
        (source, weights) = (g, w);
        // A tangent node per value node and up to four per operation: a loop's body is a few times longer than F's.
        tangent = CompiledGradient.Compile(TangentGraph.Record(g, w), settings with { MaxPeriod = 4 * settings.MaxPeriod }, value: false);
        plan = HessianPlan.For(g);
    }

    /// <summary>
    /// Compiles v ↦ ∇²(wᵀF)(x)·v (w = e₁, the first output, when empty).
    /// </summary>
    /// <exception cref="ArgumentException">The graph has no output, or w does not have length m.</exception>
    public static CompiledHvp Compile(Graph graph, ReadOnlySpan<double> w = default)
    {
        ArgumentNullException.ThrowIfNull(graph);
        int m = graph.OutputDimension;
        if (m == 0) throw new ArgumentException("The graph has no output: record a function before compiling its Hessian-vector product.", nameof(graph));
        double[] weights;
        if (w.IsEmpty)
        {
            weights = new double[m];
            weights[0] = 1;
        }
        else
        {
            Shape.Require(w.Length, m, "the weights w", "the output F(x)");
            weights = w.ToArray();
        }
        return new CompiledHvp(graph, weights, CompileSettings.Default);
    }

    /// <summary>The first output's product, with the compiler's settings (for <see cref="CompiledGradient.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, out bool)"/> and tests).</summary>
    internal static CompiledHvp Compile(Graph graph, CompileSettings settings)
    {
        var first = new double[graph.OutputDimension];
        first[0] = 1;
        return new CompiledHvp(graph, first, settings);
    }

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => inputs;

    /// <summary>The number of products one <see cref="SparseHessian(ReadOnlySpan{double}, out bool)"/> takes: the colours of the Hessian's pattern, or n when it is dense.</summary>
    public int HessianProducts => plan.Colours;

    /// <summary>Writes ∇²(wᵀF)(x₀)·v at the recorded point x₀ into <paramref name="hv"/>, allocating nothing once warm.</summary>
    /// <exception cref="ArgumentException">v or hv does not have length n.</exception>
    public void Hvp(ReadOnlySpan<double> v, Span<double> hv)
    {
        Hvp(point, v, hv, default, out bool holds);
        System.Diagnostics.Debug.Assert(holds, "the recorded branch decisions hold at the recorded point");
    }

    /// <summary>∇²(wᵀF)(x₀)·v at the recorded point, as a new array.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public double[] Hvp(ReadOnlySpan<double> v)
    {
        var hv = new double[inputs];
        Hvp(v, hv);
        return hv;
    }

    /// <summary>
    /// The exact Hessian ∇²(wᵀF)(x) at any point x in compressed sparse rows, from compiled products: the sparsity
    /// pattern is read off the graph and its columns star-coloured once, when compiled, and each call takes one
    /// product per colour (<see cref="HessianProducts"/>: 3 for a tridiagonal Hessian, n for a dense one), every entry
    /// read off one product as <see cref="Graph.SparseHessian(ReadOnlySpan{double})"/> does. <paramref name="branchesHold"/>
    /// false means the result describes the recorded control flow, not F, and must not be used.
    /// </summary>
    /// <exception cref="ArgumentException">x does not have length n.</exception>
    public SparseHessian SparseHessian(ReadOnlySpan<double> x, out bool branchesHold)
    {
        Shape.Require(x.Length, inputs, "the point x", "the compiled graph's input");
        int k = plan.Colours;
        var b = SecondOrder.Buffer(ref products, (long)inputs * k);
        var seedAndProduct = SecondOrder.Buffer(ref seeds, 2L * inputs);
        var seed = seedAndProduct.AsSpan(0, inputs);
        var hv = seedAndProduct.AsSpan(inputs, inputs);
        var colour = plan.Colour;
        branchesHold = true;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < seed.Length; j++) seed[j] = colour[j] == c ? 1 : 0;
            Hvp(x, seed, hv, default, out bool holds);
            branchesHold &= holds;
            for (int i = 0; i < hv.Length; i++) b[(long)i * k + c] = hv[i];
        }
        return plan.Read(b, inputs);
    }

    /// <summary>
    /// Writes ∇²(wᵀF)(x)·v at any point x into <paramref name="hv"/>. <paramref name="branchesHold"/> is false when a
    /// recorded branch decision comes out differently at x: the result then describes the recorded control flow, not F,
    /// and must not be used (record again at x).
    /// </summary>
    /// <exception cref="ArgumentException">x, v or hv does not have length n.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv, out bool branchesHold) =>
        Hvp(x, v, hv, default, out branchesHold);

    /// <summary>
    /// As <see cref="Hvp(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, out bool)"/>, with the gradient
    /// ∇(wᵀF)(x), which comes with the product, written to <paramref name="gradient"/>.
    /// </summary>
    /// <exception cref="ArgumentException">x, v, hv or the gradient does not have length n.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv, Span<double> gradient, out bool branchesHold)
    {
        if (x.Length != inputs || v.Length != inputs || hv.Length != inputs || (!gradient.IsEmpty && gradient.Length != inputs))
        {
            Shape.Require(x.Length, inputs, "the point x", "the compiled graph's input");
            Shape.Require(v.Length, inputs, "the vector v", "the compiled graph's input");
            Shape.Require(hv.Length, inputs, "the result hv", "the compiled graph's input");
            Shape.Require(gradient.Length, inputs, "the gradient buffer", "the compiled graph's input");
        }
        var z = SecondOrder.Buffer(ref pointAndDirection, 2L * inputs).AsSpan(0, 2 * inputs);
        var gz = SecondOrder.Buffer(ref tangentGradient, 2L * inputs).AsSpan(0, 2 * inputs);
        // (x, v) in; (∂g/∂x, ∂g/∂v) = (∇²(wᵀF)·v, ∇(wᵀF)) out.
        x.CopyTo(z);
        v.CopyTo(z[inputs..]);
        tangent.Evaluate(z, gz, out branchesHold);
        gz[..inputs].CopyTo(hv);
        if (!gradient.IsEmpty) gz[inputs..].CopyTo(gradient);
        if (!branchesHold || CompiledGradient.Finite(gradient.IsEmpty ? gz[..inputs] : gz)) return;
        var replayed = source.At(x)!; // the branches hold at x
        replayed.Hvp(v, weights, hv);
        if (!gradient.IsEmpty) replayed.Vjp(weights).CopyTo(gradient);
    }
}
