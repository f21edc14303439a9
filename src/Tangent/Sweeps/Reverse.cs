namespace Tangent;

/// <summary>
/// The reverse (adjoint) sweep: backpropagation. Seeded with output weights w it returns
/// x̄ = Jᵀw = (wᵀ·Df(x))ᵀ by walking the graph once backwards, each node passing
/// its adjoint to its operands times the local partial: ā += (∂φ/∂a)·ȳ, b̄ += (∂φ/∂b)·ȳ.
/// The cost is one pass over the graph, whatever n: the cheap gradient.
/// </summary>
internal static class Reverse
{
    [ThreadStatic] private static double[]? buffer;

    /// <summary>Writes x̄ = Jᵀw into <paramref name="xbar"/> (length n).</summary>
    public static void Sweep(Graph g, ReadOnlySpan<double> w, Span<double> xbar)
    {
        var adj = Buffer(g.Count);
        Array.Clear(adj, 0, g.Count);
        for (int k = 0; k < g.Outputs.Length; k++) adj[g.Outputs[k].Index] += w[k];
        SweepFrom(g, adj);
        adj.AsSpan(1, g.InputCount).CopyTo(xbar);
    }

    /// <summary>Propagates the adjoints in <paramref name="adj"/> from the last node back to the inputs.</summary>
    internal static void SweepFrom(Graph g, double[] adj)
    {
        var nodes = g.Nodes;
        int first = g.InputCount;
        bool guarded = g.NonFinite;
        // NOTE: an operand index of 0 (a constant) sends garbage into adj[0], the sink; nothing reads it.
        for (int i = g.Count - 1; i > first; i--)
        {
            double a = adj[i];
            if (a == 0) continue; // no path to the output: skip (also keeps 0·NaN off dead paths)
            ref Node n = ref nodes[i];
            if (guarded && !double.IsFinite(a))
            {
                // NOTE: a zero partial passes nothing back, even from an infinite adjoint (0·∞ = 0, as in Forward).
                if (n.DA != 0) adj[n.A] += n.DA * a;
                if (n.DB != 0) adj[n.B] += n.DB * a;
                continue;
            }
            adj[n.A] += n.DA * a;
            adj[n.B] += n.DB * a;
        }
    }

    internal static double[] Buffer(int count)
    {
        var b = buffer;
        if (b is null || b.Length < count) buffer = b = new double[Math.Max(count, (b?.Length ?? 0) * 2)];
        return b;
    }
}
