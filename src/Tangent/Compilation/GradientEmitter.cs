using System.Reflection;
using System.Reflection.Emit;
using Tangent.Primitives;

namespace Tangent;

/// <summary>One emitted straight-line block: v = node values, d = stored partials (2 per node), adj = adjoints.</summary>
internal unsafe delegate void Block(double* v, double* d, double* adj);

/// <summary>
/// Emits a recorded graph as straight-line IL (System.Reflection.Emit.DynamicMethod). Every node
/// becomes a call of its primitive's declaration (through <see cref="Kernels"/>, closed over the
/// declaring struct), so the JIT inlines the same mathematics the tape uses.
/// </summary>
/// <remarks>
/// A large graph is split into blocks of at most <see cref="BlockNodes"/> nodes, so that the JIT inlines
/// every primitive call (a large method exhausts its inlining budget, and a call left in straight-line
/// code spills every live register) and no method
/// grows past the JIT's limits for full optimisation (about 2 000 locals and 20 000 IL instructions).
/// Forward blocks run in order and keep values in locals, writing to v only what another block,
/// a branch check or the output reads, and storing each node's partials into its slots of a work
/// copy of the graph, which the interpreted reverse sweep then runs over (straight-line reverse
/// code for a large graph would be bound by instruction fetch). A graph small enough for one
/// block is emitted as one fused method whose values, partials and adjoints stay in locals; its
/// reverse code adds ā += (∂φ/∂a)·ȳ in the same order as the interpreted sweep and skips a node
/// whose adjoint is exactly 0 (so 0·NaN stays off dead paths): results agree bit for bit.
/// </remarks>
internal static class GradientEmitter
{
    public const int BlockNodes = 100;
    public const int FusedNodes = 150;

    static readonly MethodInfo UnaryK = typeof(Kernels).GetMethod(nameof(Kernels.Unary))!;
    static readonly MethodInfo BinaryK = typeof(Kernels).GetMethod(nameof(Kernels.Binary))!;
    static readonly MethodInfo UnaryV = typeof(Kernels).GetMethod(nameof(Kernels.UnaryValue))!;
    static readonly MethodInfo BinaryV = typeof(Kernels).GetMethod(nameof(Kernels.BinaryValue))!;
    static readonly Type[] Parameters = [typeof(double*), typeof(double*), typeof(double*)];

    /// <summary>What the emitter knows of the graph: structure, liveness, cross-block uses.</summary>
    internal sealed class Plan
    {
        public required Node[] Nodes;
        public required Primitive?[] Prims;
        public required int Count, Inputs, Output;
        public required bool[] Live;        // on a path to the output: has a (possibly) nonzero adjoint
        public required bool[] Stored;      // value written to v: read by another block, a branch, or the output
        public required int[] Starts;       // block boundaries over nodes Inputs+1 .. Count−1
        public bool Fused => Starts.Length == 2 && Count <= FusedNodes;
        public int BlockOf(int i) => i <= Inputs ? -1 : Array.BinarySearch(Starts, i) is int k && k >= 0 ? k : ~k - 1;
    }

    public static Plan MakePlan(Graph g)
    {
        int count = g.Count, n = g.InputCount;
        int output = g.Outputs.Length > 0 ? g.Outputs[0].Index : 0;
        var nodes = g.Nodes;
        var prims = new Primitive?[count];
        for (int i = n + 1; i < count; i++) prims[i] = Primitive.ByCode(nodes[i].Op);
        var live = new bool[count];
        if (output > 0) live[output] = true;
        for (int i = count - 1; i > n; i--)
        {
            if (!live[i]) continue;
            live[nodes[i].A] = true;
            if (prims[i]!.Arity == 2) live[nodes[i].B] = true;
        }
        live[0] = false;
        var starts = new List<int>();
        for (int s = n + 1; s < count; s += BlockNodes) starts.Add(s);
        starts.Add(count);
        var plan = new Plan { Nodes = nodes, Prims = prims, Count = count, Inputs = n, Output = output, Live = live, Stored = new bool[count], Starts = [.. starts] };
        var stored = plan.Stored;
        for (int i = 1; i <= n; i++) stored[i] = true;
        if (output > 0) stored[output] = true;
        foreach (var br in g.Branches) { stored[br.A] = true; stored[br.B] = true; }
        for (int i = n + 1; i < count; i++)
        {
            int bi = plan.BlockOf(i);
            if (plan.BlockOf(nodes[i].A) != bi) stored[nodes[i].A] = true;
            if (prims[i]!.Arity == 2 && plan.BlockOf(nodes[i].B) != bi) stored[nodes[i].B] = true;
        }
        stored[0] = false;
        return plan;
    }

    /// <summary>
    /// The gradient program: one fused block (values, partials, adjoints in locals) for a small graph;
    /// for a large one, forward blocks that write each node's partials into its slots of a Node[] (d),
    /// to be swept by <see cref="Reverse.SweepFrom"/>.
    /// </summary>
    public static Block[] EmitGradient(Plan p)
    {
        int blocks = p.Starts.Length - 1;
        if (blocks == 0) return [];
        if (p.Fused)
        {
            var (m, il) = New("fused");
            var locals = new Dictionary<int, LocalBuilder>();
            var partials = new Dictionary<int, (LocalBuilder?, LocalBuilder?)>();
            EmitForward(il, p, p.Starts[0], p.Starts[1], locals, withPartials: true, partials);
            EmitReverse(il, p, p.Starts[0], p.Starts[1], partials);
            il.Emit(OpCodes.Ret);
            return [Make(m)];
        }
        var fwd = new Block[blocks];
        for (int k = 0; k < blocks; k++)
        {
            var (m, il) = New($"forward{k}");
            EmitForward(il, p, p.Starts[k], p.Starts[k + 1], [], withPartials: true, null);
            il.Emit(OpCodes.Ret);
            fwd[k] = Make(m);
        }
        // NOTE: straight-line reverse code for a large graph is bound by instruction fetch (hundreds of
        // kilobytes run once per call); the compact reverse loop over the partials that the forward
        // blocks wrote is faster there, and it is the interpreted sweep itself, so results agree bit for bit.
        return fwd;
    }

    /// <summary>The value-only program: forward blocks without partials.</summary>
    public static Block[] EmitValue(Plan p)
    {
        int blocks = p.Starts.Length - 1;
        var fwd = new Block[blocks];
        for (int k = 0; k < blocks; k++)
        {
            var (m, il) = New($"value{k}");
            EmitForward(il, p, p.Starts[k], p.Starts[k + 1], [], withPartials: false, null);
            il.Emit(OpCodes.Ret);
            fwd[k] = Make(m);
        }
        return fwd;
    }

    static (DynamicMethod, ILGenerator) New(string name)
    {
        var m = new DynamicMethod("tangent_" + name, typeof(void), Parameters, typeof(Kernels).Module, skipVisibility: true);
        return (m, m.GetILGenerator());
    }

    static Block Make(DynamicMethod m) => m.CreateDelegate<Block>();

    // ------------------------------------------------------------------------ forward ----

    static void EmitForward(ILGenerator il, Plan p, int lo, int hi, Dictionary<int, LocalBuilder> values, bool withPartials,
        Dictionary<int, (LocalBuilder?, LocalBuilder?)>? partialLocals)
    {
        var tmpA = il.DeclareLocal(typeof(double));
        var tmpB = il.DeclareLocal(typeof(double));
        // Values from earlier blocks and inputs: loaded once into locals.
        var external = new SortedSet<int>();
        for (int i = lo; i < hi; i++)
        {
            var node = p.Nodes[i];
            if (node.A != 0 && node.A < lo) external.Add(node.A);
            if (p.Prims[i]!.Arity == 2 && node.B != 0 && node.B < lo) external.Add(node.B);
        }
        foreach (int j in external)
        {
            var l = il.DeclareLocal(typeof(double));
            LoadSlot(il, 0, j);
            il.Emit(OpCodes.Stloc, l);
            values[j] = l;
        }
        for (int i = lo; i < hi; i++)
        {
            var node = p.Nodes[i];
            var prim = p.Prims[i]!;
            bool binary = prim.Arity == 2;
            Operand(il, node.A, node.DA, values);
            if (binary) Operand(il, node.B, node.DB, values);
            bool partials = withPartials && p.Live[i];
            LocalBuilder? pa = null, pb = null;
            if (partials)
            {
                bool needA = node.A != 0, needB = binary && node.B != 0;
                if (partialLocals is not null)
                {
                    pa = needA ? il.DeclareLocal(typeof(double)) : null;
                    pb = needB ? il.DeclareLocal(typeof(double)) : null;
                    partialLocals[i] = (pa, pb);
                }
                il.Emit(OpCodes.Ldloca, pa ?? tmpA);
                if (binary) il.Emit(OpCodes.Ldloca, pb ?? tmpB);
                il.Emit(OpCodes.Call, (binary ? BinaryK : UnaryK).MakeGenericMethod(prim.Declaration));
            }
            else
            {
                il.Emit(OpCodes.Call, (binary ? BinaryV : UnaryV).MakeGenericMethod(prim.Declaration));
            }
            var y = il.DeclareLocal(typeof(double));
            il.Emit(OpCodes.Stloc, y);
            values[i] = y;
            if (p.Stored[i]) StoreSlot(il, 0, i, y);
            if (partials && partialLocals is null)
            {
                // Into the node's own partial slots of the work copy of the graph (d points at its Node[]).
                if (node.A != 0) StoreBytes(il, 1, (long)i * NodeSize + DaOffset, tmpA);
                if (binary && node.B != 0) StoreBytes(il, 1, (long)i * NodeSize + DaOffset + sizeof(double), tmpB);
            }
        }
    }

    static void Operand(ILGenerator il, int index, double constant, Dictionary<int, LocalBuilder> values)
    {
        if (index == 0) il.Emit(OpCodes.Ldc_R8, constant); // a constant operand keeps its value in the partial slot
        else il.Emit(OpCodes.Ldloc, values[index]);
    }

    // ------------------------------------------------------------------------ reverse ----

    static void EmitReverse(ILGenerator il, Plan p, int lo, int hi, Dictionary<int, (LocalBuilder?, LocalBuilder?)>? partialLocals)
    {
        // Every adjoint this block touches lives in a local, loaded from adj just before its first use
        // (it holds the contributions of later blocks, or the seed) and, for earlier nodes and inputs,
        // stored back at the end, so the additions keep the interpreted sweep's order.
        var adjoint = new SortedDictionary<int, LocalBuilder>();
        LocalBuilder Adj(int j)
        {
            if (!adjoint.TryGetValue(j, out var l))
            {
                adjoint[j] = l = il.DeclareLocal(typeof(double));
                LoadSlot(il, 2, j);
                il.Emit(OpCodes.Stloc, l);
            }
            return l;
        }
        for (int i = hi - 1; i >= lo; i--)
        {
            if (!p.Live[i]) continue;
            var node = p.Nodes[i];
            bool binary = p.Prims[i]!.Arity == 2;
            // Loads happen before the skip test, so that a skipped node never leaves a local unloaded.
            var ybar = Adj(i);
            var adjA = node.A != 0 ? Adj(node.A) : null;
            var adjB = binary && node.B != 0 ? Adj(node.B) : null;
            var skip = il.DefineLabel();
            il.Emit(OpCodes.Ldloc, ybar);
            il.Emit(OpCodes.Ldc_R8, 0.0);
            il.Emit(OpCodes.Beq, skip); // no path carries a nonzero adjoint here: skip (keeps 0·NaN off dead paths)
            var (pa, pb) = partialLocals is not null ? partialLocals[i] : (null, null);
            if (adjA is not null) Accumulate(il, adjA, pa, 2 * i, ybar);
            if (adjB is not null) Accumulate(il, adjB, pb, 2 * i + 1, ybar);
            il.MarkLabel(skip);
        }
        foreach (var (j, l) in adjoint)
            if (j < lo) StoreSlot(il, 2, j, l); // only adjoints read later: earlier nodes and inputs
    }

    /// <summary>ā += ∂φ·ȳ, with ∂φ from a local (fused) or from d.</summary>
    static void Accumulate(ILGenerator il, LocalBuilder target, LocalBuilder? partial, int slot, LocalBuilder ybar)
    {
        il.Emit(OpCodes.Ldloc, target);
        if (partial is not null) il.Emit(OpCodes.Ldloc, partial);
        else LoadSlot(il, 1, slot);
        il.Emit(OpCodes.Ldloc, ybar);
        il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, target);
    }

    // ------------------------------------------------------------- pointer slots ----

    static void Address(ILGenerator il, int arg, long index)
    {
        il.Emit(OpCodes.Ldarg, (short)arg);
        long offset = index * sizeof(double);
        if (offset == 0) return;
        if (offset <= int.MaxValue) il.Emit(OpCodes.Ldc_I4, (int)offset);
        else { il.Emit(OpCodes.Ldc_I8, offset); il.Emit(OpCodes.Conv_I); }
        il.Emit(OpCodes.Add);
    }

    static void LoadSlot(ILGenerator il, int arg, long index)
    {
        Address(il, arg, index);
        il.Emit(OpCodes.Ldind_R8);
    }

    static readonly int NodeSize = System.Runtime.CompilerServices.Unsafe.SizeOf<Node>();
    const int DaOffset = 8; // Node: two packed 4-byte index words, then DA, DB

    static void StoreBytes(ILGenerator il, int arg, long offset, LocalBuilder value)
    {
        il.Emit(OpCodes.Ldarg, (short)arg);
        if (offset <= int.MaxValue) il.Emit(OpCodes.Ldc_I4, (int)offset);
        else { il.Emit(OpCodes.Ldc_I8, offset); il.Emit(OpCodes.Conv_I); }
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Stind_R8);
    }

    static void StoreSlot(ILGenerator il, int arg, long index, LocalBuilder value)
    {
        Address(il, arg, index);
        il.Emit(OpCodes.Ldloc, value);
        il.Emit(OpCodes.Stind_R8);
    }
}
