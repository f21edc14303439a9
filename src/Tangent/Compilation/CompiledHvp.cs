using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tangent;

/// <summary>
/// The Hessian-vector product v ↦ ∇²(wᵀF)(x₀)·v of a recorded graph at its recorded point x₀, compiled to the
/// linear map it is: many directions at one point (the inner loop of Newton-CG or a trust-region method) for the
/// cost of two linear passes over compact arrays.
/// </summary>
/// <remarks>
/// Forward-over-reverse at a fixed point: for y = φ(a, b) with adjoint ȳ, the tangents and adjoint tangents are
///   ẏ = φ_a ȧ + φ_b ḃ,   ā̇ += φ_a ẏ̄ + ȳ (φ_aa ȧ + φ_ab ḃ),   ḃ̄ += φ_b ẏ̄ + ȳ (φ_ab ȧ + φ_bb ḃ),
/// and every coefficient (φ_a, φ_b, ȳ, φ_aa, φ_ab, φ_bb) depends on x₀ only, not on v. They are found once, at
/// <see cref="Compile(Graph, ReadOnlySpan{double})"/>, by the same code as <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
/// (the same first-order adjoints, the same second partials, the same active nodes: those upstream of a curved
/// node), and laid out per active node in sweep order with operands renumbered to dense slots (0: the sink of
/// constants, 1..n: the inputs, then the active nodes). <see cref="Multiply(ReadOnlySpan{double}, Span{double})"/> then runs the three passes of the
/// interpreted sweep with the same additions in the same order, so its result equals <see cref="Graph.Hvp(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
/// bit for bit. A graph with a non-finite value or partial (whose sweep needs the rule 0·∞ = 0 at every
/// product) is not compiled: <see cref="Multiply(ReadOnlySpan{double}, Span{double})"/> then runs the interpreted sweep on a private copy of the graph.
/// An instance may be used from several threads at once: each thread gets its own work arrays.
/// </remarks>
/// <example>
/// <code>
/// var graph = Differentiate.Record(x =&gt; x[0] * x[0] * x[1], [1.0, 2.0]);
/// var hvp = CompiledHvp.Compile(graph);
/// var hv = new double[2];
/// hvp.Multiply([1.0, 0.0], hv); // ∇²f(1, 2)·e₁ = [2x₁, 2x₀] = [4, 2]
/// </code>
/// </example>
public sealed class CompiledHvp
{
    /// <summary>A linear step of a pass: slot Y (forward) or the node read (reverse) against operand slots A, B with weights Da, Db.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Step
    {
        public int A, B;
        public double Da, Db;
    }

    /// <summary>A second-order source: slots A, B, with ȳ and (φ_aa, φ_ab, φ_bb), and which of its terms can be nonzero.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Source
    {
        public int A, B;
        public double Ybar, Daa, Dab, Dbb;
        public SourceKind Kind;
    }

    /// <summary>
    /// The shape of a source, fixed at compile time since its coefficients are: a term Term(0, t) is exactly 0, and a sum
    /// 0 + T fed to the outer Term(ȳ, ·) may be replaced by T (they differ at most in the sign of a zero, which the outer
    /// Term maps to +0 either way), so the shapes below give the general formula's numbers bit for bit.
    /// </summary>
    internal enum SourceKind : byte
    {
        /// <summary>Any (φ_aa, φ_ab, φ_bb).</summary>
        General,
        /// <summary>φ_ab = φ_bb = 0 (a unary φ, or curvature in a alone): ā̇ += Term(ȳ, Term(φ_aa, ȧ)), ḃ̄ += 0.</summary>
        OnA,
        /// <summary>φ_aa = φ_bb = 0, a ≠ b (a product): ā̇ += Term(ȳ, Term(φ_ab, ḃ)), ḃ̄ += Term(ȳ, Term(φ_ab, ȧ)).</summary>
        Cross,
        /// <summary>φ_aa = φ_bb = 0, a = b (a square a·a): both additions are Term(ȳ, Term(φ_ab, ȧ)), made in turn to the same slot.</summary>
        Square,
    }

    readonly int inputs, slots;
    /// <summary>Forward steps (constant operands weighed by 0), in increasing node order; active node s writes slot n + 1 + s.</summary>
    readonly Step[] forward;
    /// <summary>Reverse steps (the recorded partials, constants' values included, as the interpreted sweep uses them), in increasing node order.</summary>
    readonly Step[] reverse;
    readonly Source[] sources;
    /// <summary>The private copy swept by the interpreted code when the graph is not finite; null when compiled.</summary>
    readonly Graph? interpreted;
    readonly double[] weights;
    [ThreadStatic] static double[]? workBuffer;

    CompiledHvp(Graph g, double[] w)
    {
        inputs = g.InputCount;
        weights = w;
        if (g.NonFinite)
        {
            interpreted = g.Detach();
            forward = reverse = [];
            sources = [];
            slots = 0;
            return;
        }
        var terms = new SecondOrderTerms();
        terms.Find(g, null, w);
        int n = inputs, active = terms.ActiveCount;
        slots = n + 1 + active;
        // Dense slots: the sink and the inputs keep their indices; active node s gets n + 1 + s. Every operand of an
        // active node or of a term's node is the sink, an input or an active node (SecondOrderTerms marks them so).
        var slot = new Dictionary<int, int>(active);
        for (int s = 0; s < active; s++) slot[terms.Active[s]] = n + 1 + s;
        int Slot(int i) => i <= n ? i : slot[i];
        forward = new Step[active];
        reverse = new Step[active];
        for (int s = 0; s < active; s++)
        {
            ref Node nd = ref g.Nodes[terms.Active[s]];
            int a = Slot(nd.A), b = Slot(nd.B);
            forward[s] = new Step { A = a, B = b, Da = nd.A == 0 ? 0 : nd.DA, Db = nd.B == 0 ? 0 : nd.DB };
            reverse[s] = new Step { A = a, B = b, Da = nd.DA, Db = nd.DB };
        }
        sources = new Source[terms.Count];
        for (int s = 0; s < terms.Count; s++)
        {
            ref Node nd = ref g.Nodes[terms.Nodes[s]];
            var c = terms.Coefficients.AsSpan(4 * s, 4);
            int a = Slot(nd.A), b = Slot(nd.B);
            var kind = c[2] == 0 && c[3] == 0 ? SourceKind.OnA
                : c[1] == 0 && c[3] == 0 ? (a == b ? SourceKind.Square : SourceKind.Cross)
                : SourceKind.General;
            sources[s] = new Source { A = a, B = b, Ybar = c[0], Daa = c[1], Dab = c[2], Dbb = c[3], Kind = kind };
        }
    }

    /// <summary>
    /// Compiles v ↦ ∇²(wᵀF)(x₀)·v for the graph's recorded point x₀ (w = e₁, the first output, when empty). The
    /// graph may be changed or re-recorded afterwards: the compiled map keeps what it needs.
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
        return new CompiledHvp(graph, weights);
    }

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => inputs;

    /// <summary>The number of nodes swept per product (those upstream of a curved node); 0 when not compiled.</summary>
    public int ActiveOperations => forward.Length;

    /// <summary>False when the graph has a non-finite value or partial: products are then swept by the interpreter.</summary>
    public bool IsCompiled => interpreted is null;

    /// <summary>Writes ∇²(wᵀF)(x₀)·v into <paramref name="hv"/>, allocating nothing once warm.</summary>
    /// <exception cref="ArgumentException">v or hv does not have length n.</exception>
    public void Multiply(ReadOnlySpan<double> v, Span<double> hv)
    {
        if (v.Length != inputs || hv.Length != inputs)
        {
            Shape.Require(v.Length, inputs, "the vector v", "the compiled graph's input");
            Shape.Require(hv.Length, inputs, "the result hv", "the compiled graph's input");
        }
        if (interpreted is not null)
        {
            interpreted.Hvp(v, weights, hv);
            return;
        }
        // Slot i's tangent at 2i and adjoint tangent at 2i + 1: one array, so that the sources' reads of tangents and
        // writes of adjoint tangents never fall 4 KiB apart (two arrays side by side would alias in the store buffer).
        var work = SecondOrder.Buffer(ref workBuffer, 2L * slots);
        work.AsSpan(0, 2 * slots).Clear();
        for (int j = 0; j < inputs; j++) work[2 * j + 2] = v[j];
        ref double w0 = ref MemoryMarshal.GetArrayDataReference(work);
        Tangents(ref w0);
        Sources(ref w0);
        Adjoints(ref w0);
        for (int j = 0; j < inputs; j++) hv[j] = work[2 * j + 3];
    }

    /// <summary>∇²(wᵀF)(x₀)·v as a new array.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public double[] Multiply(ReadOnlySpan<double> v)
    {
        var hv = new double[inputs];
        Multiply(v, hv);
        return hv;
    }

    /// <summary>ẏ = φ_a ȧ + φ_b ḃ for every active node, in increasing order (as <see cref="SecondOrder"/>'s forward sweep).</summary>
    void Tangents(ref double d0)
    {
        ref Step s0 = ref MemoryMarshal.GetArrayDataReference(forward);
        nint y = inputs + 1;
        for (nint s = 0; s < forward.Length; s++, y++)
        {
            ref Step st = ref Unsafe.Add(ref s0, s);
            Unsafe.Add(ref d0, 2 * y) = st.Da * Unsafe.Add(ref d0, 2 * (nint)st.A) + st.Db * Unsafe.Add(ref d0, 2 * (nint)st.B);
        }
    }

    /// <summary>ā̇ += ȳ (φ_aa ȧ + φ_ab ḃ), ḃ̄ += ȳ (φ_ab ȧ + φ_bb ḃ) at each term's node, in increasing order, with the interpreted sweep's zero rule.</summary>
    void Sources(ref double d0)
    {
        ref double a0 = ref Unsafe.Add(ref d0, 1);
        foreach (ref readonly Source src in sources.AsSpan())
        {
            nint ia = 2 * (nint)src.A, ib = 2 * (nint)src.B;
            double sa = Unsafe.Add(ref d0, ia), sb = Unsafe.Add(ref d0, ib);
            switch (src.Kind)
            {
                case SourceKind.Square:
                {
                    double x = SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Dab, sa));
                    ref double acc = ref Unsafe.Add(ref a0, ia);
                    acc = acc + x + x;
                    break;
                }
                case SourceKind.Cross:
                    Unsafe.Add(ref a0, ia) += SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Dab, sb));
                    Unsafe.Add(ref a0, ib) += SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Dab, sa));
                    break;
                case SourceKind.OnA:
                    Unsafe.Add(ref a0, ia) += SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Daa, sa));
                    if (ib != 0) Unsafe.Add(ref a0, ib) += 0.0; // what the general formula adds (it turns a −0 into +0); the sink is never read
                    break;
                default:
                    Unsafe.Add(ref a0, ia) += SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Daa, sa) + SecondOrder.Term(src.Dab, sb));
                    Unsafe.Add(ref a0, ib) += SecondOrder.Term(src.Ybar, SecondOrder.Term(src.Dab, sa) + SecondOrder.Term(src.Dbb, sb));
                    break;
            }
        }
    }

    /// <summary>ā̇ += φ_a ẏ̄, ḃ̄ += φ_b ẏ̄ for every active node, in decreasing order (what lands on the sink is never read).</summary>
    void Adjoints(ref double d0)
    {
        ref double a0 = ref Unsafe.Add(ref d0, 1);
        ref Step s0 = ref MemoryMarshal.GetArrayDataReference(reverse);
        nint y = inputs + reverse.Length;
        for (nint s = reverse.Length - 1; s >= 0; s--, y--)
        {
            ref Step st = ref Unsafe.Add(ref s0, s);
            double a = Unsafe.Add(ref a0, 2 * y);
            // The sink's adjoint tangent is never read: skipping it saves a chain of additions to one slot, which would
            // make every step with a constant operand wait for the one before.
            if (st.A != 0) Unsafe.Add(ref a0, 2 * (nint)st.A) += st.Da * a;
            if (st.B != 0) Unsafe.Add(ref a0, 2 * (nint)st.B) += st.Db * a;
        }
    }
}
