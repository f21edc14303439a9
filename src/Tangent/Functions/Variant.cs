namespace Tangent;

/// <summary>
/// One recording of a <see cref="CompiledFunction"/> and its compiled code: it serves every call whose branch
/// decisions come out as recorded (the compiled code checks them on each call).
/// </summary>
internal sealed class Variant(Graph graph)
{
    /// <summary>The detached recording (replayed where compiled code cannot be exact, and the source of the product).</summary>
    public readonly Graph Graph = graph;
    /// <summary>The compiled gradient, once ready (null while the tape answers).</summary>
    public volatile CompiledGradient? Compiled;
    /// <summary>The compiled Hessian-vector product, compiled at the first product asked of this variant.</summary>
    public volatile CompiledHvp? Hvp;
    /// <summary>Compiling failed (the tape answers its calls) or the cache dropped it (a queued compile skips it).</summary>
    public volatile bool Failed, Evicted;
    /// <summary>Whether a product's compile was queued.</summary>
    public bool HvpQueued;
    /// <summary>Last use, on the function's clock (approximate under threads: least recently used needs no more).</summary>
    public long Used;
    /// <summary>Seconds the compiler took (in the background: emitting the IL and the JIT's compiling it to machine code).</summary>
    public double Seconds;
    /// <summary>Whether the graph can land on a kink (see <see cref="Graph.CanHitKink"/>), found at the first question.</summary>
    public bool CanHitKink => (kinks ??= Graph.CanHitKink()) == true;
    bool? kinks;

    /// <summary>
    /// True when the recording <paramref name="g"/> took the same branch decisions as this one on the same shape: the
    /// key of the cache. A decision is its two operands (nodes, or a constant's value), its comparison and its outcome.
    /// </summary>
    public bool Matches(Graph g) => SameKey(g, Graph.Count, Graph.InputCount, Graph.Branches);

    /// <summary>True when the recording g has the key given by a recording's node count, input count and branch decisions.</summary>
    public static bool SameKey(Graph g, int count, int inputCount, List<Branch> branches)
    {
        if (g.Count != count || g.InputCount != inputCount || g.Branches.Count != branches.Count) return false;
        for (int i = 0; i < g.Branches.Count; i++)
        {
            Branch a = g.Branches[i], b = branches[i];
            if (a.A != b.A || a.B != b.B || a.Comparison != b.Comparison || a.Outcome != b.Outcome) return false;
            if ((a.A == 0 && !a.ValueA.Equals(b.ValueA)) || (a.B == 0 && !a.ValueB.Equals(b.ValueB))) return false;
        }
        return true;
    }
}

/// <summary>What a <see cref="CompiledFunction"/> holds for one pattern of branch decisions.</summary>
/// <param name="Operations">Recorded operations.</param>
/// <param name="Branches">Branch decisions recorded (the key).</param>
/// <param name="Compiled">Whether the compiled code is ready (false: the tape answers its calls meanwhile).</param>
/// <param name="CompileSeconds">The compiler's time (0 until compiled); in the background it includes the JIT's time on the emitted code.</param>
/// <param name="Loops">Loops the repeated structure was rolled into.</param>
/// <param name="RolledOperations">Operations that run inside those loops.</param>
public sealed record VariantInfo(int Operations, int Branches, bool Compiled, double CompileSeconds, int Loops, int RolledOperations)
{
    /// <summary>Compile seconds per 10⁶ recorded operations.</summary>
    public double SecondsPerMillionOperations => Operations == 0 ? 0 : CompileSeconds / Operations * 1e6;
}
