using System.Reflection;
using System.Reflection.Emit;

namespace Tangent;

/// <summary>
/// Emits the segments of a <see cref="Plan"/> into one method: the forward code of a segment (values,
/// optionally partials) and its reverse code (adjoints). A rolled segment becomes a loop over its
/// iterations; memory operands are addressed through one pointer per (array, stride), advanced once per
/// iteration. The method's arguments are x (inputs), v (node values), c (constant table), g (input
/// adjoints: the gradient), a (node adjoints), d (data) and l (labels), see <see cref="Block"/>.
/// </summary>
/// <remarks>
/// The reverse code of an iteration visits its nodes from last to first and adds
/// ā += (∂φ/∂a)·ȳ, b̄ += (∂φ/∂b)·ȳ into locals, skipping a node whose adjoint ȳ is exactly 0 (so 0·NaN
/// stays off dead paths; the program emitted without these tests is used while its gradient is finite,
/// see <see cref="GradientEmitter.EmitGradient"/>). A node's adjoint local starts from memory (the contributions of later
/// iterations and segments, or the seed) at its first use and, for nodes of earlier iterations, goes
/// back to memory at the end of the iteration: every adjoint receives its contributions in the order
/// of the interpreted sweep (decreasing consumer index, a before b), so results agree bit for bit.
/// A loop's reverse recomputes the iteration's values and partials in registers from the values kept
/// in memory (those read across iterations): cheaper than storing every partial.
/// </remarks>
internal sealed partial class SegmentEmitter(ILGenerator il, Plan plan, bool fused, bool zeroTests = true)
{
    const short X = 0, V = 1, C = 2, G = 3, A = 4, D = 5, L = 6;

    static readonly MethodInfo UnaryV = typeof(Kernels).GetMethod(nameof(Kernels.UnaryValue))!;
    static readonly MethodInfo BinaryV = typeof(Kernels).GetMethod(nameof(Kernels.BinaryValue))!;
    static readonly MethodInfo UnaryD = typeof(Kernels).GetMethod(nameof(Kernels.Derivative))!;
    static readonly MethodInfo BinaryD = typeof(Kernels).GetMethod(nameof(Kernels.Partials))!;
    static readonly FieldInfo Item1 = typeof(ValueTuple<double, double>).GetField("Item1")!;
    static readonly FieldInfo Item2 = typeof(ValueTuple<double, double>).GetField("Item2")!;

    LocalBuilder? pair;
    readonly HashSet<long> touchedInputs = [];
    /// <summary>Adjoint locals that hold +0 on every path so far: their first contribution is stored, not added to 0.</summary>
    readonly HashSet<LocalBuilder> zero = [];

    /// <summary>The locals of one emitted iteration body: values, partials, memory operands.</summary>
    internal sealed class Frame(int k)
    {
        public readonly LocalBuilder?[] Val = new LocalBuilder?[k], Pa = new LocalBuilder?[k], Pb = new LocalBuilder?[k];
        public readonly Dictionary<Ref, LocalBuilder> Memory = [];
        public readonly Dictionary<(short Array, long Stride, Shift Shift), LocalBuilder> Pointers = [];
        /// <summary>Loop-carried values: a Node operand that reads position p of the previous iteration, kept in a register.</summary>
        public readonly Dictionary<Ref, (LocalBuilder Carry, int From)> Carried = [];
    }

    // ------------------------------------------------------------------ forward ----

    /// <summary>
    /// The forward code of a segment: the values that memory must hold (and, with <paramref name="partials"/>,
    /// every live node's value and partials, kept in locals for <see cref="Reverse"/> of a straight-line segment).
    /// </summary>
    public Frame Forward(Segment s, bool partials, bool clearAdjoints = false, bool live = false)
    {
        if (s.IsGroup)
        {
            ForwardGroup(s, clearAdjoints);
            return new Frame(0);
        }
        var needed = s.Needed(p => s.Stored[p] || ((partials || live) && s.Live[p]) || (plan.Value && s.Start + p == plan.Output));
        var frame = new Frame(s.Period);
        // Nothing to compute, store or zero (a loop whose values only its reverse code needs, recomputed there).
        if (!needed.Contains(true) && !(clearAdjoints && s.Shared.Contains(true))) return frame;
        Label top = default;
        LocalBuilder? counter = null;
        if (s.Looped)
        {
            var keys = new HashSet<(short, long, Shift)>();
            for (int p = 0; p < s.Period; p++)
            {
                if (clearAdjoints && s.Shared[p]) keys.Add((A, s.Period, s.Own));
                if (!needed[p]) continue;
                ValueKeys(s, p, keys);
                if (s.Stored[p]) keys.Add((V, s.Period, s.Own));
            }
            (top, counter) = LoopStart(s, frame, keys, last: false, () =>
            {
                // An operand j(t) = j₀ + t·Period with Start − Period ≤ j₀ < Start is position j₀ − Start + Period
                // of the previous iteration (j₀ itself, before the loop, at t = 0): the chain from one iteration
                // to the next (a running sum) then stays in a register instead of a store and a reload.
                for (int p = 0; p < s.Period; p++)
                {
                    if (!needed[p]) continue;
                    foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                    {
                        // (Inside groups, only an operand that moves with the segment's own nodes stays that position.)
                        if (r.Kind != RefKind.Node || r.Stride != s.Period || r.Base >= s.Start || r.Base < s.Start - s.Period || r.Shift != s.Own || frame.Carried.ContainsKey(r)) continue;
                        var carry = il.DeclareLocal(typeof(double));
                        Address(s, frame, V, r.Base, 0, r.Shift);
                        il.Emit(OpCodes.Ldind_R8);
                        il.Emit(OpCodes.Stloc, carry);
                        frame.Carried[r] = (carry, (int)(r.Base - s.Start + s.Period));
                    }
                }
            });
        }
        Body(s, frame, needed, partials);
        for (int p = 0; p < s.Period; p++)
        {
            if (needed[p] && s.Stored[p])
            {
                Address(s, frame, V, s.Start + p, s.Period, s.Own);
                il.Emit(OpCodes.Ldloc, frame.Val[p]!);
                il.Emit(OpCodes.Stind_R8);
            }
            if (clearAdjoints && s.Shared[p])
            {
                // Its adjoint slot is read by the reverse code before anything is added to it: zero it here,
                // in the same loop, rather than in a separate pass over memory.
                Address(s, frame, A, s.Start + p, s.Period, s.Own);
                il.Emit(OpCodes.Ldc_R8, 0.0);
                il.Emit(OpCodes.Stind_R8);
            }
        }
        foreach (var (_, (carry, from)) in frame.Carried)
        {
            il.Emit(OpCodes.Ldloc, frame.Val[from]!);
            il.Emit(OpCodes.Stloc, carry);
        }
        if (s.Looped) LoopEnd(s, frame, top, counter!, forward: true);
        return frame;
    }

    /// <summary>Values (and partials of live positions, with <paramref name="partials"/>) of the needed positions of one iteration.</summary>
    void Body(Segment s, Frame f, bool[] needed, bool partials, bool loadStored = false)
    {
        var uses = new Dictionary<Ref, int>();
        for (int p = 0; p < s.Period; p++)
            if (needed[p])
                foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                    if (r.IsMemory || r.Kind == RefKind.Varying) uses[r] = uses.GetValueOrDefault(r) + 1;
        for (int p = 0; p < s.Period; p++)
        {
            if (!needed[p]) continue;
            var prim = s.Prims[p];
            bool binary = s.Binary(p);
            if (loadStored && s.Stored[p])
            {
                // Kept in memory by the forward code: read back rather than recomputed.
                Address(s, f, V, s.Start + p, s.Period, s.Own);
                il.Emit(OpCodes.Ldind_R8);
                il.Emit(OpCodes.Stloc, f.Val[p] = il.DeclareLocal(typeof(double)));
                continue;
            }
            // Memory operands are read at their first use (a long body would otherwise hold them all in registers).
            // (one read only: loaded where it is used, without a local)
            if (uses.GetValueOrDefault(s.A[p]) > 1) LoadMemory(s, f, s.A[p]);
            if (binary && uses.GetValueOrDefault(s.B[p]) > 1) LoadMemory(s, f, s.B[p]);
            Operand(s, f, s.A[p]);
            if (binary) Operand(s, f, s.B[p]);
            il.Emit(OpCodes.Call, (binary ? BinaryV : UnaryV).MakeGenericMethod(prim.Declaration));
            var y = f.Val[p] = il.DeclareLocal(typeof(double));
            il.Emit(OpCodes.Stloc, y);
            if (partials && s.Live[p]) Partials(s, f, p, reload: false);
        }
    }

    /// <summary>
    /// (∂φ/∂a, ∂φ/∂b) of position p into locals, from its operands and value. With <paramref name="reload"/>,
    /// memory operands are read again rather than kept in locals from the forward code (fewer live registers).
    /// </summary>
    void Partials(Segment s, Frame f, int p, bool reload)
    {
        var prim = s.Prims[p];
        bool binary = s.Binary(p);
        bool needA = s.A[p].IsVariable, needB = binary && s.B[p].IsVariable;
        if (!needA && !needB) return;
        if (reload && ConstantPartials.Of(s, p) is var (ca, cb))
        {
            il.Emit(OpCodes.Ldc_R8, ca);
            il.Emit(OpCodes.Stloc, f.Pa[p] = Partial(true, ref lazyA));
            il.Emit(OpCodes.Ldc_R8, cb);
            il.Emit(OpCodes.Stloc, f.Pb[p] = Partial(true, ref lazyB));
            return;
        }
        Operand(s, f, s.A[p], reload);
        if (binary && s.B[p] == s.A[p] && s.A[p].IsMemory) il.Emit(OpCodes.Dup); // x·x: one read
        else if (binary) Operand(s, f, s.B[p], reload);
        il.Emit(OpCodes.Ldloc, f.Val[p]!);
        if (!binary)
        {
            il.Emit(OpCodes.Call, UnaryD.MakeGenericMethod(prim.Declaration));
            il.Emit(OpCodes.Stloc, f.Pa[p] = Partial(reload, ref lazyA));
            return;
        }
        il.Emit(OpCodes.Call, BinaryD.MakeGenericMethod(prim.Declaration));
        pair ??= il.DeclareLocal(typeof(ValueTuple<double, double>));
        il.Emit(OpCodes.Stloc, pair);
        if (needA) Field(Item1, f.Pa[p] = Partial(reload, ref lazyA));
        if (needB) Field(Item2, f.Pb[p] = Partial(reload, ref lazyB));
    }

    /// <summary>A partial's local: shared when it is computed right before its use (few IL locals: the JIT
    /// stops inlining in a method with too many).</summary>
    LocalBuilder Partial(bool shared, ref LocalBuilder? local) =>
        shared ? local ??= il.DeclareLocal(typeof(double)) : il.DeclareLocal(typeof(double));

    LocalBuilder? lazyA, lazyB;

    void Field(FieldInfo field, LocalBuilder into)
    {
        il.Emit(OpCodes.Ldloca, pair!);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Stloc, into);
    }

    void LoadMemory(Segment s, Frame f, Ref r)
    {
        if (r.Kind is RefKind.Constant or RefKind.Local || f.Memory.ContainsKey(r)) return;
        if (f.Carried.TryGetValue(r, out var carried)) { f.Memory[r] = carried.Carry; return; }
        var l = il.DeclareLocal(typeof(double));
        Address(s, f, ValueArray(r), r.Base, r.Stride, r.Shift);
        il.Emit(OpCodes.Ldind_R8);
        il.Emit(OpCodes.Stloc, l);
        f.Memory[r] = l;
    }

    void Operand(Segment s, Frame f, Ref r, bool reload = false)
    {
        if (f.Carried.TryGetValue(r, out var carried))
        {
            il.Emit(OpCodes.Ldloc, carried.Carry);
            return;
        }
        if ((r.IsMemory || r.Kind == RefKind.Varying) && !f.Carried.ContainsKey(r) && (reload || !f.Memory.ContainsKey(r)))
        {
            Address(s, f, ValueArray(r), r.Base, r.Stride, r.Shift);
            il.Emit(OpCodes.Ldind_R8);
            return;
        }
        switch (r.Kind)
        {
            case RefKind.Constant: il.Emit(OpCodes.Ldc_R8, r.Constant); break; // a constant operand keeps its value in the partial slot
            case RefKind.Local: il.Emit(OpCodes.Ldloc, f.Val[r.Base]!); break;
            default: il.Emit(OpCodes.Ldloc, f.Memory[r]); break;
        }
    }

    static short ValueArray(Ref r) => r.Kind switch { RefKind.Input => X, RefKind.Node => V, RefKind.Data => D, RefKind.Label => L, _ => C };
    static short AdjointArray(Ref r) => r.Kind == RefKind.Input ? G : A;

    static void ValueKeys(Segment s, int p, HashSet<(short, long, Shift)> keys)
    {
        foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
            if ((r.IsMemory || r.Kind == RefKind.Varying) && (r.Stride != 0 || !r.Shift.IsZero)) keys.Add((ValueArray(r), r.Stride, r.Shift));
    }

    // ------------------------------------------------------------------ reverse ----

    /// <summary>
    /// The reverse code of a segment. With <paramref name="reuse"/> (a straight-line segment whose forward
    /// code ran in this method) its values and partials are still in locals; otherwise every iteration
    /// first recomputes them.
    /// </summary>
    public void Reverse(Segment s, Frame? reuse, bool lazy = false)
    {
        if (s.IsGroup)
        {
            ReverseGroup(s);
            return;
        }
        var frame = reuse ?? new Frame(s.Period);
        Label top = default;
        LocalBuilder? counter = null;
        var feed = new Dictionary<Cell, LocalBuilder>();
        var drain = new Dictionary<Cell, LocalBuilder>();
        if (reuse is null)
        {
            // Only nodes whose partials depend on values need them (and their operands): a node with constant
            // partials (a running sum's +) is not recomputed at all.
            var needed = s.RecomputedInReverse();
            if (s.Looped)
            {
                var keys = new HashSet<(short, long, Shift)>();
                for (int p = 0; p < s.Period; p++)
                {
                    if (needed[p]) ValueKeys(s, p, keys);
                    if (needed[p] && s.Stored[p]) keys.Add((V, s.Period, s.Own));
                    if (!s.Live[p]) continue;
                    if (s.Shared[p]) keys.Add((A, s.Period, s.Own));
                    foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                        if (r.HasAdjoint && (r.Stride != 0 || !r.Shift.IsZero)) keys.Add((AdjointArray(r), r.Stride, r.Shift));
                }
                (top, counter) = LoopStart(s, frame, keys, last: true, () => LinkAdjoints(s, frame, feed, drain));
            }
            Body(s, frame, needed, partials: false, loadStored: true);
            lazy = true;
        }
        var own = new LocalBuilder?[s.Period];
        var early = new HashSet<Ref>();          // memory adjoints already written back
        var spare = new Stack<LocalBuilder>();   // their locals, free again
        var pool = new Stack<LocalBuilder>(); // adjoint locals of positions already done
        var external = new List<(Ref, LocalBuilder)>();
        LocalBuilder Own(int p)
        {
            if (own[p] is { } l) return l;
            own[p] = l = pool.Count > 0 ? pool.Pop() : il.DeclareLocal(typeof(double));
            if (fused && s.Start + p == plan.Output) il.Emit(OpCodes.Ldc_R8, 1.0);
            else if (fused) { il.Emit(OpCodes.Ldc_R8, 0.0); zero.Add(l); }
            else if (feed.TryGetValue(new Cell(A, s.Start + p, s.Period, s.Own), out var carry)) il.Emit(OpCodes.Ldloc, carry);
            else if (s.Shared[p]) { Address(s, frame, A, s.Start + p, s.Period, s.Own); il.Emit(OpCodes.Ldind_R8); }
            else { il.Emit(OpCodes.Ldc_R8, 0.0); zero.Add(l); }
            il.Emit(OpCodes.Stloc, l);
            return l;
        }
        LocalBuilder? Adjoint(Ref r)
        {
            if (r.Kind == RefKind.Local) return Own((int)r.Base);
            if (!r.HasAdjoint) return null; // a constant or a datum: nothing to add to
            foreach (var (key, local) in external) if (key == r && !early.Contains(r)) return local;
            var l = spare.Count > 0 ? spare.Pop() : il.DeclareLocal(typeof(double));
            if (fused) { il.Emit(OpCodes.Ldc_R8, 0.0); zero.Add(l); } // the only block: nothing reached the inputs before
            else if (feed.TryGetValue(Cell.Of(r), out var carry)) il.Emit(OpCodes.Ldloc, carry);
            else { Address(s, frame, AdjointArray(r), r.Base, r.Stride, r.Shift); il.Emit(OpCodes.Ldind_R8); }
            il.Emit(OpCodes.Stloc, l);
            external.Add((r, l));
            if (fused) inputAdjoints.Add(l);
            return l;
        }
        // The last position (lowest p) that adds into each memory operand's adjoint: after it, the adjoint
        // goes back to memory at once, and its local serves another (a loop-invariant weight vector would
        // otherwise keep one local per weight alive across the whole body, and spill).
        var lastUse = new Dictionary<Ref, int>();
        for (int p = 0; p < s.Period; p++)
            if (s.Live[p])
                foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                    if (r.HasAdjoint) lastUse.TryAdd(r, p);
        for (int p = s.Period - 1; p >= 0; p--)
        {
            if (!s.Live[p]) continue;
            // Loads happen before the skip test, so that a skipped node never leaves a local unloaded.
            var ybar = Own(p);
            var adjA = Adjoint(s.A[p]);
            var adjB = s.Binary(p) ? Adjoint(s.B[p]) : null;
            var skip = il.DefineLabel();
            bool test = zeroTests && !ConstantPartials.Hold(s, p);
            if (test)
            {
                il.Emit(OpCodes.Ldloc, ybar);
                il.Emit(OpCodes.Ldc_R8, 0.0);
                il.Emit(OpCodes.Beq, skip); // no path carries a nonzero adjoint here: skip (keeps 0·NaN off dead paths)
            }
            if (lazy) Partials(s, frame, p, reload: true);
            if (adjA is not null) Accumulate(adjA, frame.Pa[p]!, ybar);
            if (adjB is not null) Accumulate(adjB, frame.Pb[p]!, ybar);
            if (test) il.MarkLabel(skip);
            // Nothing below position p reads ȳ_p again: its local serves a later position.
            zero.Remove(ybar);
            pool.Push(ybar);
            if (fused) continue;
            foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
            {
                if (!r.HasAdjoint || lastUse[r] != p || early.Contains(r) || drain.ContainsKey(Cell.Of(r))) continue;
                var l = external.First(e => e.Item1 == r).Item2;
                Address(s, frame, AdjointArray(r), r.Base, r.Stride, r.Shift);
                StoreAdjoint(AdjointArray(r), l);
                early.Add(r);
                zero.Remove(l);
                spare.Push(l);
            }
        }
        foreach (var (r, l) in external)
        {
            if (early.Contains(r)) continue;
            if (drain.TryGetValue(Cell.Of(r), out var carry))
            {
                il.Emit(OpCodes.Ldloc, l);
                il.Emit(OpCodes.Stloc, carry);
                continue;
            }
            Address(s, frame, AdjointArray(r), r.Base, r.Stride, r.Shift);
            StoreAdjoint(AdjointArray(r), l);
            if (r.Kind == RefKind.Input) touchedInputs.Add(r.Base);
        }
        if (s.Looped && reuse is null)
        {
            LoopEnd(s, frame, top, counter!, forward: false);
            foreach (var (cell, carry) in drain) // iteration 0's contribution: to memory, for earlier code
            {
                Address(s, frame, cell.Array, cell.Base, 0, cell.Shift);
                StoreAdjoint(cell.Array, carry);
                if (cell.Array == G) touchedInputs.Add(cell.Base);
            }
        }
    }
}
