namespace Tangent;

public sealed partial class Graph
{
    /// <summary>J·v = DF(x)v, one forward sweep.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public double[] Jvp(ReadOnlySpan<double> v)
    {
        Shape.Require(v.Length, InputCount, "the tangent v", "the input x");
        var result = new double[Outputs.Length];
        Forward.Sweep(this, v, 1, result);
        return result;
    }

    /// <summary>wᵀ·J = wᵀDF(x), returned as the n-vector Jᵀw; one reverse sweep.</summary>
    /// <exception cref="ArgumentException">w does not have length m.</exception>
    public double[] Vjp(ReadOnlySpan<double> w)
    {
        Shape.Require(w.Length, Outputs.Length, "the cotangent w", "the output F(x)");
        var result = new double[InputCount];
        Reverse.Sweep(this, w, result);
        return result;
    }

    /// <summary>∇f(x) of the first output, one reverse sweep.</summary>
    public double[] Gradient()
    {
        var w = new double[Outputs.Length];
        w[0] = 1;
        return Vjp(w);
    }

    /// <summary>
    /// The m×n Jacobian: columns J·eⱼ by forward sweeps (C at a time), or rows eᵢᵀ·J by reverse sweeps.
    /// <see cref="JacobianMode.Auto"/> picks forward when n ≤ m, reverse otherwise: a forward sweep costs work
    /// per node for each of the n columns (chunking saves passes, not that work), a reverse sweep per row.
    /// </summary>
    public JacobianResult Jacobian(JacobianMode mode = JacobianMode.Auto)
    {
        int n = InputCount, m = Outputs.Length, c = Math.Max(1, Math.Min(Options.Chunk, n));
        if (mode == JacobianMode.Auto) mode = n <= m ? JacobianMode.Forward : JacobianMode.Reverse;
        var j = new double[m, n];
        int sweeps = 0;
        if (mode == JacobianMode.Forward)
        {
            var seeds = new double[n * c];
            var tangents = new double[m * c];
            for (int j0 = 0; j0 < n; j0 += c, sweeps++)
            {
                Array.Clear(seeds);
                int width = Math.Min(c, n - j0);
                for (int k = 0; k < width; k++) seeds[(j0 + k) * c + k] = 1;
                Forward.Sweep(this, seeds, c, tangents);
                for (int r = 0; r < m; r++)
                    for (int k = 0; k < width; k++) j[r, j0 + k] = tangents[r * c + k];
            }
        }
        else
        {
            var w = new double[m];
            var row = new double[n];
            for (int r = 0; r < m; r++, sweeps++)
            {
                w[r] = 1;
                Reverse.Sweep(this, w, row);
                w[r] = 0;
                for (int k = 0; k < n; k++) j[r, k] = row[k];
            }
        }
        // Copies: on a tape's graph the lists are cleared and refilled by the next recording on this thread.
        return new JacobianResult(Value, j, mode, sweeps, [.. KinkList], Diagnostic.WithValues(DiagnosticList, Value));
    }

    /// <summary>∇²(wᵀF)(x)·v, by forward-over-reverse, without forming the Hessian (w = e₁ for a scalar f).</summary>
    /// <remarks>
    /// The adjoints and second partials do not depend on v: they are found once per graph (and weights) and kept, so each
    /// further product on the graph costs one forward tangent sweep and one linear reverse sweep.
    /// </remarks>
    /// <exception cref="ArgumentException">v does not have length n, or w does not have length m.</exception>
    public double[] Hvp(ReadOnlySpan<double> v, ReadOnlySpan<double> w = default)
    {
        var hv = new double[InputCount];
        Hvp(v, w, hv, keep: true);
        return hv;
    }

    /// <summary>Writes ∇²(wᵀF)(x)·v into <paramref name="hv"/> (length n), allocating nothing once warm (w = e₁ for a scalar f).</summary>
    /// <exception cref="ArgumentException">v or hv does not have length n, or w does not have length m.</exception>
    public void Hvp(ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> hv) => Hvp(v, w, hv, keep: true);

    /// <summary>The product, with the second-order terms kept on the graph (<paramref name="keep"/>) or found for this call only.</summary>
    internal void Hvp(ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> hv, bool keep)
    {
        Shape.Require(v.Length, InputCount, "the vector v", "the input x");
        Shape.Require(hv.Length, InputCount, "the result hv", "the input x");
        if (keep) SecondOrder.Sweep(this, KeptTerms(Weights(w)), v, 1, hv);
        else SecondOrder.Sweep(this, null, Weights(w), v, 1, hv);
    }

    /// <summary>
    /// The exact symmetric Hessian ∇²f(x) of the first output (or of wᵀF), from Hessian-vector products swept
    /// C = <see cref="DifferentiationOptions.Chunk"/> directions at a time. The sparsity pattern is read off the
    /// graph and the columns are star-coloured, so a sparse Hessian takes one product per colour (3 for a
    /// tridiagonal one, 2 for an arrow) instead of n; each entry is read directly off one product, so it is the
    /// very number the product H·eⱼ gives (the mean of Hᵢⱼ and Hⱼᵢ where both can be read, as for a dense Hessian).
    /// </summary>
    /// <exception cref="ArgumentException">w does not have length m.</exception>
    public double[,] Hessian(ReadOnlySpan<double> w = default) => SparseHessian(w, keep: true).ToDense();

    /// <summary>
    /// The same exact Hessian as <see cref="Hessian(ReadOnlySpan{double})"/> in compressed sparse rows: only the entries
    /// of the structural sparsity pattern (diagonal included), so a tridiagonal Hessian of size n costs O(n) memory,
    /// not n². <see cref="Tangent.SparseHessian.Products"/> says how many Hessian-vector products it took.
    /// </summary>
    /// <exception cref="ArgumentException">w does not have length m.</exception>
    public SparseHessian SparseHessian(ReadOnlySpan<double> w = default) => SparseHessian(w, keep: true);

    /// <summary>
    /// The number of Hessian-vector products that <see cref="Hessian(ReadOnlySpan{double})"/> takes: the colours of a star colouring of
    /// the Hessian's sparsity pattern, or n when the pattern is dense or nearly so.
    /// </summary>
    public int HessianProducts() => KeptPlan().Colours;

    /// <summary>The Hessian, with the node values and the plan kept on the graph (<paramref name="keep"/>) or made for this call only.</summary>
    internal SparseHessian SparseHessian(ReadOnlySpan<double> w, bool keep)
    {
        var weights = Weights(w);
        SecondOrderTerms terms;
        if (keep) terms = KeptTerms(weights);
        else (terms = new SecondOrderTerms()).Find(this, null, weights);
        var plan = keep ? KeptPlan() : HessianPlan.For(this);
        return plan.Hessian(this, terms, Options.Chunk);
    }

    private static readonly double[] FirstOutput = [1.0];

    /// <summary>The output weights: w, or e₁ when w is empty.</summary>
    private ReadOnlySpan<double> Weights(ReadOnlySpan<double> w)
    {
        if (w.IsEmpty)
        {
            if (Outputs.Length == 1) return FirstOutput;
            var e1 = new double[Outputs.Length];
            e1[0] = 1;
            return e1;
        }
        Shape.Require(w.Length, Outputs.Length, "the weights w", "the output F(x)");
        return w;
    }

    /// <summary>What the second-order sweeps keep on a graph, for the recording it was made for (a reused tape graph gets a new session).</summary>
    private sealed class SecondOrderKept(int session, int count)
    {
        public readonly int Session = session, Count = count;
        public double[]? Values;
        public HessianPlan? Plan;
        public SecondOrderTerms? Terms;
    }

    private SecondOrderKept? kept;

    private SecondOrderKept Kept()
    {
        var k = Volatile.Read(ref kept);
        if (k is null || k.Session != Session || k.Count != Count) Volatile.Write(ref kept, k = new SecondOrderKept(Session, Count));
        return k;
    }

    /// <summary>The node values the second partials need (or <see cref="SecondOrder.NoValues"/>), computed once per graph.</summary>
    private double[] KeptValues()
    {
        var k = Kept();
        return k.Values ??= SecondOrder.ValuesIfNeeded(this);
    }

    /// <summary>The second-order terms for the weights w, kept for the last weights asked for (found again when w changes).</summary>
    private SecondOrderTerms KeptTerms(ReadOnlySpan<double> w)
    {
        var k = Kept();
        var terms = Volatile.Read(ref k.Terms);
        if (terms is not null && terms.For(w)) return terms;
        terms = new SecondOrderTerms();
        terms.Find(this, KeptValues(), w);
        Volatile.Write(ref k.Terms, terms); // published whole: a kept set is never changed afterwards
        return terms;
    }

    /// <summary>The Hessian's sweep plan (pattern and colouring), made once per graph.</summary>
    private HessianPlan KeptPlan()
    {
        var k = Kept();
        return k.Plan ??= HessianPlan.For(this);
    }

    /// <summary>Df(x) as a linear map: Apply is the JVP, Transpose the VJP, Compose the chain rule.</summary>
    public LinearMap Linearize() => new GraphLinearMap(this);

    /// <summary>
    /// The graph re-evaluated at a new point x without re-running the user's code, or null when a
    /// recorded branch decision would come out differently there (the graph does not describe f at x).
    /// </summary>
    /// <exception cref="ArgumentException">x does not have length n.</exception>
    public Graph? At(ReadOnlySpan<double> x)
    {
        Shape.Require(x.Length, InputCount, "the point x", "the recorded point");
        var g = new Graph(0)
        {
            Nodes = Nodes[..Count], // the primitive codes travel inside the nodes; the rest is overwritten
            Count = Count,
            InputCount = InputCount,
            Options = Options,
        };
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i]))
            {
                g.NonFinite = true;
                g.DiagnosticList.Add(new Diagnostic("input", $"input x[{i}] is {F(x[i])}: it propagates as NaN through every result that depends on it"));
            }
        return Replay.Evaluate(this, x, new double[Count], g) < 0 ? g : null;
    }
}
