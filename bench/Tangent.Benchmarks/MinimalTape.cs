using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tangent.Benchmarks;

/// <summary>
/// The floor of per-operation taping in .NET, for the profile: the smallest tape that still gives a
/// gradient. A 16-byte scalar (value, node, session) records into a thread-static graph of 24-byte
/// nodes with no kink, domain, non-finite, thread-stack or capacity-growth work beyond one session and
/// bounds test, and a plain reverse loop. Not usable as a library (no diagnostics, fixed capacity);
/// it shows how much of the Var tape's time is the design's and how much is the checks'.
/// </summary>
public static class MinimalTape
{
    struct Node { public ulong AB; public double DA, DB; }

    sealed class Graph { public readonly Node[] Nodes = new Node[1 << 24]; public int Count, Live; }

    [ThreadStatic] static Graph? current;

    public readonly struct V
    {
        public readonly double X;
        public readonly int I, S;
        public V(double x, int i, int s) { X = x; I = i; S = s; }
        public static implicit operator V(double c) => new(c, 0, 0);
        public static V operator *(V a, V b) => Binary(a, b, a.X * b.X, b.X, a.X);
        public static V operator +(V a, V b) => Binary(a, b, a.X + b.X, 1, 1);
        public static V operator -(V a, V b) => Binary(a, b, a.X - b.X, 1, -1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static V Binary(V a, V b, double y, double da, double db)
    {
        var g = current!;
        int live = g.Live, i = g.Count;
        if (!((a.S == live | a.I == 0) & (b.S == live | b.I == 0)) || (uint)i >= (uint)g.Nodes.Length) Throw();
        ref Node n = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(g.Nodes), (nint)(uint)i);
        n.AB = (uint)a.I | (ulong)(uint)b.I << 32;
        n.DA = a.I == 0 ? 0 : da;
        n.DB = b.I == 0 ? 0 : db;
        g.Count = i + 1;
        return new V(y, i, live);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Throw() => throw new InvalidOperationException("minimal tape: a scalar of another recording, or the tape is full");

    /// <summary>Extended Rosenbrock on the minimal scalar: the same 8 operations per term as Rosenbrock.OnVar.</summary>
    static V F(ReadOnlySpan<V> x)
    {
        V s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            V t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            s += 100 * t * t + u * u;
        }
        return s;
    }

    [ThreadStatic] static V[]? inputs;
    [ThreadStatic] static double[]? adjoints;

    /// <summary>Records Rosenbrock at x and sweeps it backwards: ∇f into g, f returned.</summary>
    public static double Gradient(ReadOnlySpan<double> x, Span<double> grad)
    {
        var g = current ??= new Graph();
        var vs = inputs is { } b && b.Length >= x.Length ? b : inputs = new V[x.Length];
        g.Live++;
        g.Count = 1;
        for (int k = 0; k < x.Length; k++) { g.Nodes[g.Count] = default; vs[k] = new V(x[k], g.Count++, g.Live); }
        var y = F(vs.AsSpan(0, x.Length));
        var adj = adjoints is { } a && a.Length >= g.Count ? a : adjoints = new double[Math.Max(g.Count, 1024)];
        adj.AsSpan(0, g.Count).Clear();
        adj[y.I] = 1;
        ref Node n0 = ref MemoryMarshal.GetArrayDataReference(g.Nodes);
        ref double a0 = ref MemoryMarshal.GetArrayDataReference(adj);
        for (nint i = g.Count - 1; i > x.Length; i--)
        {
            ref Node n = ref Unsafe.Add(ref n0, i);
            double yb = Unsafe.Add(ref a0, i);
            Unsafe.Add(ref a0, (nint)(uint)n.AB) += n.DA * yb;
            Unsafe.Add(ref a0, (nint)(n.AB >> 32)) += n.DB * yb;
        }
        adj.AsSpan(1, x.Length).CopyTo(grad);
        return y.X;
    }
}
