using System.Reflection.Emit;

namespace Tangent;

/// <summary>The loop machinery of <see cref="SegmentEmitter"/>: strided pointers, the loop head and tail, adjoints carried between iterations.</summary>
internal sealed partial class SegmentEmitter
{
    /// <summary>An adjoint kept in memory: element Base + t·Stride of array g or a.</summary>
    internal readonly record struct Cell(short Array, long Base, long Stride, Shift Shift)
    {
        public static Cell Of(Ref r) => new(AdjointArray(r), r.Base, r.Stride, r.Shift);
    }

    /// <summary>
    /// Adjoints handed from one iteration of a reverse loop to the next in a register. The cell E that
    /// iteration t writes back, element E.Base + t·d, is the cell T = (E.Base + d, d) that iteration t − 1
    /// reads first (a running sum's adjoint, xᵢ's adjoint in consecutive terms): T then starts from E's local
    /// instead of a store and a reload. Nothing else writes that element in between (memory operands of an
    /// iteration never alias), so the sums are unchanged. The carry starts as T's element at the last
    /// iteration, and ends as E's element at iteration 0, written after the loop.
    /// </summary>
    void LinkAdjoints(Segment s, Frame f, Dictionary<Cell, LocalBuilder> feed, Dictionary<Cell, LocalBuilder> drain)
    {
        var cells = new HashSet<Cell>();
        var external = new List<Cell>();
        for (int p = 0; p < s.Period; p++)
        {
            if (!s.Live[p]) continue;
            if (s.Shared[p]) cells.Add(new Cell(A, s.Start + p, s.Period, s.Own));
            foreach (var r in (ReadOnlySpan<Ref>)[s.A[p], s.B[p]])
                if (r.HasAdjoint && cells.Add(Cell.Of(r))) external.Add(Cell.Of(r));
        }
        foreach (var e in external)
        {
            if (e.Stride == 0) continue;
            var t = e with { Base = e.Base + e.Stride };
            if (!cells.Contains(t)) continue;
            var carry = il.DeclareLocal(typeof(double));
            Address(s, f, t.Array, t.Base, t.Stride, t.Shift); // pointers stand at the last iteration
            il.Emit(OpCodes.Ldind_R8);
            il.Emit(OpCodes.Stloc, carry);
            feed[t] = carry;
            drain[e] = carry;
        }
    }

    // -------------------------------------------------------------------- loops ----

    /// <summary>
    /// Pointers for the strided operands (and, inside groups, for every operand that moves with a group), at the first
    /// (forward) or last (reverse) iteration, and the loop head.
    /// </summary>
    (Label, LocalBuilder) LoopStart(Segment s, Frame f, HashSet<(short Array, long Stride, Shift Shift)> keys, bool last, Action? before = null)
    {
        foreach (var key in keys.OrderBy(k => (k.Array, k.Stride, k.Shift.S0, k.Shift.S1, k.Shift.S2)))
        {
            var l = il.DeclareLocal(typeof(double*));
            OuterBase(key.Array, key.Shift);
            if (last) Offset((s.Reps - 1) * key.Stride);
            il.Emit(OpCodes.Stloc, l);
            f.Pointers[key] = l;
        }
        before?.Invoke();
        var counter = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldc_I4, s.Reps);
        il.Emit(OpCodes.Stloc, counter);
        var top = il.DefineLabel();
        il.MarkLabel(top);
        return (top, counter);
    }

    void LoopEnd(Segment s, Frame f, Label top, LocalBuilder counter, bool forward)
    {
        foreach (var (key, l) in f.Pointers)
        {
            if (key.Stride == 0) continue;
            il.Emit(OpCodes.Ldloc, l);
            Offset(forward ? key.Stride : -key.Stride);
            il.Emit(OpCodes.Stloc, l);
        }
        il.Emit(OpCodes.Ldloc, counter);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, counter);
        il.Emit(OpCodes.Brtrue, top);
    }

    /// <summary>
    /// The address of element Base + t·Stride + Σₖ uₖ·Shift[k] of an array at the current iteration t and repetitions
    /// uₖ of the enclosing groups (a pointer of the loop when there is one, else computed here).
    /// </summary>
    void Address(Segment s, Frame f, short array, long index, long stride, Shift shift)
    {
        if (s.Looped && f.Pointers.TryGetValue((array, stride, shift), out var pointer)) il.Emit(OpCodes.Ldloc, pointer);
        else if (stride != 0 && s.Reps > 1) throw new InvalidOperationException("a strided operand without its loop pointer");
        else OuterBase(array, shift);
        Offset(index);
    }

    /// <summary>Adds <paramref name="elements"/>·8 bytes to the pointer on the stack.</summary>
    void Offset(long elements)
    {
        long bytes = elements * sizeof(double);
        if (bytes == 0) return;
        if (bytes is >= int.MinValue and <= int.MaxValue) il.Emit(OpCodes.Ldc_I4, (int)bytes);
        else { il.Emit(OpCodes.Ldc_I8, bytes); il.Emit(OpCodes.Conv_I); }
        il.Emit(OpCodes.Add);
    }
}
