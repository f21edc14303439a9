using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        adj.AsSpan(0, g.Count).Clear();
        for (int k = 0; k < g.Outputs.Length; k++) adj[g.Outputs[k].Index] += w[k];
        SweepFrom(g, adj);
        adj.AsSpan(1, g.InputCount).CopyTo(xbar);
    }

    /// <summary>Propagates the adjoints in <paramref name="adj"/> from the last node back to the inputs.</summary>
    internal static void SweepFrom(Graph g, double[] adj)
    {
        if (adj.Length < g.Count || g.Nodes.Length < g.Count) throw new ArgumentException("The adjoint buffer is shorter than the graph.", nameof(adj));
        // Operands always precede their node (0 ≤ A, B < i < Count ≤ adj.Length), so no index below
        // leaves the arrays: the loop runs on refs without bounds checks.
        ref Node node0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double adj0 = ref MemoryMarshal.GetArrayDataReference(adj);
        int first = g.InputCount;
        bool guarded = g.NonFinite;
        // NOTE: an operand index of 0 (a constant) sends garbage into adj[0], the sink; nothing reads it.
        // The contribution of node i to node i − 1 (the most common operand: the previous result) is kept
        // in a register, `carry`, instead of going through memory: the next iteration adds it to adj[i − 1]
        // directly, so the chain from one adjoint to the next does not wait on a store and a reload. It is
        // the last contribution adj[i − 1] receives (nodes are visited downwards), so the sums, and their
        // rounding, are those of the plain loop; −0 is the identity of + for every double, +0 included.
        double carry = -0.0;
        for (nint i = g.Count - 1; i > first; i--)
        {
            double a = Unsafe.Add(ref adj0, i) + carry;
            carry = -0.0;
            if (a == 0) continue; // no path to the output: skip (also keeps 0·NaN off dead paths)
            ref Node n = ref Unsafe.Add(ref node0, i);
            nint ia = (nint)(uint)n.A, ib = (nint)(uint)n.B;
            if (guarded && !double.IsFinite(a))
            {
                // NOTE: a zero partial passes nothing back, even from an infinite adjoint (0·∞ = 0, as in Forward).
                if (n.PartialA != 0) Unsafe.Add(ref adj0, ia) += n.PartialA * a;
                if (n.PartialB != 0) Unsafe.Add(ref adj0, ib) += n.PartialB * a;
                continue;
            }
            double ca = n.PartialA * a, cb = n.PartialB * a;
            nint previous = i - 1;
            if (ia == previous && ib != previous)
            {
                Unsafe.Add(ref adj0, ib) += cb;
                carry = ca;
            }
            else if (ib == previous && ia != previous)
            {
                Unsafe.Add(ref adj0, ia) += ca;
                carry = cb;
            }
            else
            {
                Unsafe.Add(ref adj0, ia) += ca;
                Unsafe.Add(ref adj0, ib) += cb;
            }
        }
        Unsafe.Add(ref adj0, (nint)first) += carry;
    }

    internal static double[] Buffer(int count)
    {
        var b = buffer;
        if (b is null || b.Length < count) buffer = b = new double[Math.Max(count, (b?.Length ?? 0) * 2)];
        return b;
    }
}
