using System.Runtime.CompilerServices;

namespace Tangent;

/// <summary>
/// How a recording reaches the background compiler without costing the caller's next call page faults.
/// </summary>
/// <remarks>
/// <para>Handing the thread's tape storage to the compiler (<see cref="Tape.Keep"/>) makes the next recording start on
/// new storage, and the first write to each 4 KiB page of new storage is a page fault (10–15 µs each on the machines
/// measured): 50–60 of them made a second call of Rosenbrock n = 1000 cost about 20 tape gradients. The storage
/// cannot be mapped by another thread in time either (the second call begins microseconds after the first returns;
/// mapping takes about a millisecond).</para>
/// <para>So the recording is <em>lent</em> (<see cref="Tape.Lend"/>): the thread keeps its storage. The compiler's
/// thread first maps storage for a copy (the recording's node count; it writes each page once, page faults on its own
/// time), then, under the gate, copies the recording into it (<see cref="Graph.CopyInto"/>: a memory copy, 216 KB for
/// Rosenbrock n = 1000) and files the copy as a variant. When the thread starts its next recording first, it takes its
/// storage back under the gate (<see cref="ITapeBorrower.Return"/>): with mapped storage ready, it makes the copy there
/// and then; otherwise the lent recording is forgotten, that call records on the thread's own storage, and its
/// recording, if it takes the same branches, is lent in turn. So no call waits for a page fault; compiled code starts a
/// few calls later than it would from a hand-over (and a pattern whose recording was forgotten is compiled when it recurs).</para>
/// <para>Memory stays bounded: a variant keeps a trimmed copy (the node count of its recording, not the tape's
/// capacity); a function object holds at most one lent recording (on a thread's own storage) and one mapped storage.</para>
/// </remarks>
public sealed partial class CompiledFunction : ITapeBorrower
{
    /// <summary>The tape graph holding the recording lent to the compiler (null when none).</summary>
    Graph? lent;
    /// <summary>Whether the lent graph still holds that recording (false once its thread started recording again).</summary>
    bool lentValid;
    /// <summary>The key of the lent recording (see <see cref="Variant.SameKey"/>), kept apart so it is never read from the tape.</summary>
    int lentCount, lentInputs;
    readonly List<Branch> lentBranches = [];
    /// <summary>The compiler's thread should take the lent recording.</summary>
    bool claimWanted;
    /// <summary>Node storage whose pages the compiler's thread mapped, for the copy of the lent recording: exactly its node count, so that a variant keeps no slack.</summary>
    Node[]? mapped;

    /// <summary>The recordings of the kept variants: what tests of storage ownership read.</summary>
    internal Graph[] VariantGraphs => [.. variants.Select(v => v.Graph)];

    /// <summary>Under the gate: lends the recording g to the compiler; true when the compiler's thread must be started.</summary>
    bool Lend(Graph g)
    {
        (lent, lentValid, lentCount, lentInputs) = (g, true, g.Count, g.InputCount);
        lentBranches.Clear();
        lentBranches.AddRange(g.Branches);
        Tape.Lend(g, this);
        claimWanted = true;
        return StartDraining();
    }

    /// <summary>The lending thread records again on g: copy its recording into mapped storage if there is some, else forget it.</summary>
    void ITapeBorrower.Return(Graph g)
    {
        Variant taken;
        lock (gate)
        {
            if (lent != g || !lentValid) return;
            if (mapped is not { } storage || storage.Length != lentCount)
            {
                lentValid = false;
                return;
            }
            taken = Take(storage);
        }
        Queue(taken, product: false);
    }

    /// <summary>
    /// On the compiler's thread: maps storage for the lent recording, then takes the recording if its graph still holds it.
    /// It maps even when the lending thread has taken its storage back to record again (the common case when calls follow
    /// each other closely: the graph holds a lent recording only between two calls): that thread's next call then makes the copy.
    /// </summary>
    Variant? Claim()
    {
        int size = 0;
        lock (gate)
        {
            if (lent is null) return null;
            if (mapped is null || mapped.Length != lentCount) size = lentCount;
        }
        var storage = size > 0 ? Map(size) : null;
        lock (gate)
        {
            if (storage is not null && mapped?.Length != lentCount) mapped = storage;
            // Not held any more: the lending thread is recording again; its next call's Return makes the copy.
            if (lent is null || !lentValid || mapped is null || mapped.Length != lentCount) return null;
            return Take(mapped);
        }
    }

    /// <summary>Under the gate: a copy of the lent recording, made into the mapped storage, becomes a new variant.</summary>
    Variant Take(Node[] storage)
    {
        var v = new Variant(lent!.CopyInto(storage)) { Used = ++clock };
        (lent, lentValid, mapped) = (null, false, null);
        File(v);
        return v;
    }

    /// <summary>New node storage with every page written once, so that a recording into it takes no page fault.</summary>
    static Node[] Map(int size)
    {
        var nodes = GC.AllocateUninitializedArray<Node>(size);
        // Every page the array spans holds a node that starts within 4 096 bytes of the previous one written.
        int stride = Math.Max(1, 4096 / Unsafe.SizeOf<Node>());
        for (int i = 0; i < nodes.Length; i += stride) nodes[i] = default;
        nodes[^1] = default;
        return nodes;
    }
}
