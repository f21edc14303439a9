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
        return new JacobianResult(Value, j, mode, sweeps, Kinks, Diagnostics);
    }

    /// <summary>∇²(wᵀF)(x)·v, by forward-over-reverse, without forming the Hessian (w = e₁ for a scalar f).</summary>
    public double[] Hvp(ReadOnlySpan<double> v, ReadOnlySpan<double> w = default)
    {
        Shape.Require(v.Length, InputCount, "the vector v", "the input x");
        var weights = Weights(w);
        var hv = new double[InputCount];
        SecondOrder.HessianVector(this, SecondOrder.Values(this), weights, v, hv);
        return hv;
    }

    /// <summary>The exact symmetric Hessian ∇²f(x) of the first output (or of wᵀF): n Hessian-vector products.</summary>
    public double[,] Hessian(ReadOnlySpan<double> w = default)
    {
        int n = InputCount;
        var weights = Weights(w);
        var values = SecondOrder.Values(this);
        var h = new double[n, n];
        var e = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            e[j] = 1;
            SecondOrder.HessianVector(this, values, weights, e, column);
            e[j] = 0;
            for (int i = 0; i < n; i++) h[i, j] = column[i];
        }
        // ∂²f/∂xᵢ∂xⱼ = ∂²f/∂xⱼ∂xᵢ exactly; the two sweeps differ only by rounding.
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                h[i, j] = h[j, i] = 0.5 * (h[i, j] + h[j, i]);
        return h;
    }

    private double[] Weights(ReadOnlySpan<double> w)
    {
        if (w.IsEmpty)
        {
            var e1 = new double[Outputs.Length];
            e1[0] = 1;
            return e1;
        }
        Shape.Require(w.Length, Outputs.Length, "the weights w", "the output F(x)");
        return w.ToArray();
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
