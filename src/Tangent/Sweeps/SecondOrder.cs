using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// Second order by forward-over-reverse: a tangent sweep along v, then an adjoint sweep that also
/// carries the tangents of the adjoints. For y = φ(a, b) with adjoint ȳ and its tangent ẏ̄:
///   ā += φ_a ȳ,   ā̇ += φ_a ẏ̄ + ȳ (φ_aa ȧ + φ_ab ḃ),
///   b̄ += φ_b ȳ,   ḃ̄ += φ_b ẏ̄ + ȳ (φ_ab ȧ + φ_bb ḃ).
/// Seeded with output weights w, the input adjoint tangents are ∇²(wᵀf)(x)·v: a Hessian-vector
/// product for a few times the cost of f, without forming the Hessian.
/// </summary>
internal static class SecondOrder
{
    /// <summary>Node values at the recorded point, for the second partials.</summary>
    public static double[] Values(Graph g)
    {
        var values = new double[g.Count];
        Replay.Evaluate(g, g.Point, values, null);
        return values;
    }

    /// <summary>Writes ∇²(wᵀf)(x)·v into <paramref name="hv"/>, given the node values.</summary>
    public static void HessianVector(Graph g, double[] values, ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> hv)
    {
        int count = g.Count, n = g.InputCount;
        var nodes = g.Nodes;
        var dot = new double[count];
        var adj = new double[count];
        var adjDot = new double[count];
        v.CopyTo(dot.AsSpan(1, n));
        for (int i = n + 1; i < count; i++)
        {
            ref Node nd = ref nodes[i];
            double ta = nd.A == 0 ? 0 : dot[nd.A], tb = nd.B == 0 ? 0 : dot[nd.B];
            dot[i] = Term(nd.DA, ta) + Term(nd.DB, tb);
        }
        for (int k = 0; k < g.Outputs.Length; k++)
            if (g.Outputs[k].Index != 0) adj[g.Outputs[k].Index] += w[k];
        for (int i = count - 1; i > n; i--)
        {
            double ybar = adj[i], ybarDot = adjDot[i];
            if (ybar == 0 && ybarDot == 0) continue;
            ref Node nd = ref nodes[i];
            var p = Primitive.ByCode(g.Ops[i]);
            double ta = nd.A == 0 ? 0 : dot[nd.A], tb = nd.B == 0 ? 0 : dot[nd.B];
            double daa = 0, dab = 0, dbb = 0;
            if (ybar != 0 && (ta != 0 || tb != 0))
            {
                double a = nd.A == 0 ? nd.DA : values[nd.A];
                double b = p.Arity == 2 ? (nd.B == 0 ? nd.DB : values[nd.B]) : 0;
                (daa, dab, dbb) = p.SecondPartials(a, b, values[i]);
            }
            if (nd.A != 0)
            {
                adj[nd.A] += Term(nd.DA, ybar);
                adjDot[nd.A] += Term(nd.DA, ybarDot) + Term(ybar, Term(daa, ta) + Term(dab, tb));
            }
            if (p.Arity == 2 && nd.B != 0)
            {
                adj[nd.B] += Term(nd.DB, ybar);
                adjDot[nd.B] += Term(nd.DB, ybarDot) + Term(ybar, Term(dab, ta) + Term(dbb, tb));
            }
        }
        adjDot.AsSpan(1, n).CopyTo(hv);
    }

    /// <summary>c·t, exactly 0 when t = 0 or c = 0 whatever the other is (a zero factor carries nothing, 0·∞ = 0, as in the first-order sweeps).</summary>
    private static double Term(double c, double t) => t == 0 || c == 0 ? 0 : c * t;
}
