using System.Reflection.Emit;

namespace Tangent;

/// <summary>
/// Groups (<see cref="Nesting"/>) in <see cref="SegmentEmitter"/>: an outer loop over the repetitions u of a group
/// around its segments' code, upwards in the forward code, downwards in the reverse code (the reverse of the node
/// order, so that adjoints receive their contributions in the interpreted sweep's order). An operand of a segment
/// inside groups is at Base + t·Stride + Σₖ uₖ·Shift[k]; its loop's pointers start from that sum, formed once per
/// entry into the segment from the counters of the enclosing groups.
/// </summary>
internal sealed partial class SegmentEmitter
{
    /// <summary>The repetition counters of the groups being emitted, outermost first.</summary>
    readonly List<LocalBuilder> repetitions = [];

    /// <summary>The forward code of every repetition of a group, u = 0, 1, …, U − 1.</summary>
    void ForwardGroup(Segment g, bool clearAdjoints)
    {
        var (u, top) = GroupStart(0);
        foreach (var s in g.Body!) Forward(s, partials: false, clearAdjoints);
        GroupEnd(u, top, forward: true, g.Reps);
    }

    /// <summary>The reverse code of every repetition of a group, u = U − 1, …, 0, each one's segments last to first.</summary>
    void ReverseGroup(Segment g)
    {
        var (u, top) = GroupStart(g.Reps - 1);
        for (int i = g.Body!.Length - 1; i >= 0; i--) Reverse(g.Body[i], null);
        GroupEnd(u, top, forward: false, g.Reps);
    }

    (LocalBuilder, Label) GroupStart(int first)
    {
        var u = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldc_I4, first);
        il.Emit(OpCodes.Stloc, u);
        var top = il.DefineLabel();
        il.MarkLabel(top);
        repetitions.Add(u);
        return (u, top);
    }

    void GroupEnd(LocalBuilder u, Label top, bool forward, int reps)
    {
        repetitions.RemoveAt(repetitions.Count - 1);
        il.Emit(OpCodes.Ldloc, u);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(forward ? OpCodes.Add : OpCodes.Sub);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Stloc, u);
        if (forward)
        {
            il.Emit(OpCodes.Ldc_I4, reps);
            il.Emit(OpCodes.Blt, top); // u < U
        }
        else
        {
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Bge, top); // u ≥ 0
        }
    }

    /// <summary>
    /// Array argument <paramref name="array"/> plus Σₖ uₖ·shift[k]·8 bytes, uₖ the counter of the k-th enclosing group
    /// (k = 0 the innermost): the operand's element at the current repetitions, before its own loop's t·Stride.
    /// </summary>
    void OuterBase(short array, Shift shift)
    {
        il.Emit(OpCodes.Ldarg, array);
        for (int k = 0; k < Shift.Levels; k++)
        {
            if (shift[k] == 0) continue;
            if (k >= repetitions.Count) throw new InvalidOperationException("an operand shifted by a group that encloses none of its code");
            il.Emit(OpCodes.Ldloc, repetitions[repetitions.Count - 1 - k]);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Ldc_I8, shift[k] * sizeof(double));
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Mul);
            il.Emit(OpCodes.Add);
        }
    }
}
