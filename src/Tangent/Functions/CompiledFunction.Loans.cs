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
/// thread first maps storage of the same size (writing each page once, page faults on its own time), then, under the
/// gate, exchanges it for the lent storage (<see cref="Graph.Exchange"/>: the recording becomes the variant's, the
/// mapped storage the thread's tape; nothing is copied). When the thread starts its next recording first, it takes the
/// lent storage back under the gate (<see cref="ITapeBorrower.Return"/>): with mapped storage ready, the exchange is
/// made there and then (constant time); otherwise the lent recording is forgotten, that call records on the thread's
/// own mapped storage, and its recording, if it takes the same branches, is lent in turn. The compiled code thus
/// starts a few calls later than it would from a hand-over, and no call waits for a page fault or a copy.</para>
/// <para>Memory stays bounded: one lent recording per function object (on a thread's own storage) and at most one
/// mapped storage waiting for it.</para>
/// </remarks>
public sealed partial class CompiledFunction : ITapeBorrower
{
    /// <summary>The tape graph holding the recording lent to the compiler (null when none).</summary>
    Graph? lent;
    /// <summary>Whether the lent graph still holds that recording (false once its thread started recording again).</summary>
    bool lentValid;
    /// <summary>The key of the lent recording (see <see cref="Variant.SameKey"/>), kept apart so it is never read from the tape.</summary>
    int lentCount, lentInputs;
    /// <summary>The node storage length of the lent graph: the size of storage to map in exchange.</summary>
    int lentCapacity;
    readonly List<Branch> lentBranches = [];
    /// <summary>The compiler's thread should take the lent recording.</summary>
    bool claimWanted;
    /// <summary>Node storage whose pages the compiler's thread mapped, to exchange for the lent recording's.</summary>
    Node[]? mapped;

    /// <summary>The recordings of the kept variants: what tests of storage ownership read.</summary>
    internal Graph[] VariantGraphs => [.. variants.Select(v => v.Graph)];

    /// <summary>Under the gate: lends the recording g to the compiler; true when the compiler's thread must be started.</summary>
    bool Lend(Graph g)
    {
        (lent, lentValid, lentCount, lentInputs, lentCapacity) = (g, true, g.Count, g.InputCount, g.Nodes.Length);
        lentBranches.Clear();
        lentBranches.AddRange(g.Branches);
        Tape.Lend(g, this);
        claimWanted = true;
        return StartDraining();
    }

    /// <summary>The lending thread records again on g: exchange its recording for mapped storage if there is some, else forget it.</summary>
    void ITapeBorrower.Return(Graph g)
    {
        Variant taken;
        lock (gate)
        {
            if (lent != g || !lentValid) return;
            if (mapped is not { } storage || storage.Length < lentCount)
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
    /// each other closely: the graph holds a lent recording only between two calls): that thread's next call then makes the exchange.
    /// </summary>
    Variant? Claim()
    {
        int size = 0;
        lock (gate)
        {
            if (lent is null) return null;
            if (mapped is null || mapped.Length < lentCount) size = lentCapacity;
        }
        var storage = size > 0 ? Map(size) : null;
        lock (gate)
        {
            if (storage is not null && (mapped is null || mapped.Length < storage.Length)) mapped = storage;
            // Not held any more: the lending thread is recording again; its next call's Return makes the exchange.
            if (lent is null || !lentValid || mapped is null || mapped.Length < lentCount) return null;
            return Take(mapped);
        }
    }

    /// <summary>Under the gate: the lent recording becomes a new variant, its graph's tape goes on with the mapped storage.</summary>
    Variant Take(Node[] storage)
    {
        var v = new Variant(lent!.Exchange(storage)) { Used = ++clock };
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
