using System.Reflection.Emit;

namespace Tangent;

/// <summary>Adjoint bookkeeping of <see cref="SegmentEmitter"/>: accumulation, stores, the seed, what a method returns.</summary>
internal sealed partial class SegmentEmitter
{
    /// <summary>ā += ∂φ·ȳ.</summary>
    /// <remarks>
    /// Into an adjoint that is still +0, the term is stored instead of added (0 + t = t but for t = −0): an
    /// adjoint may then be −0 where the interpreted sweep has +0. Zeros of either sign behave alike in every
    /// later step (the zero test, products, sums with anything nonzero), so results differ at most in the sign
    /// of a zero. A gradient entry is never −0: outside a fused method it starts from memory (+0 after the
    /// clear, and a sum that starts at +0 stays off −0), and a fused method adds +0 to it when storing it
    /// (<see cref="StoreAdjoint"/>). So the gradient is the interpreted sweep's bit for bit.
    /// </remarks>
    void Accumulate(LocalBuilder target, LocalBuilder partial, LocalBuilder ybar)
    {
        bool first = zero.Remove(target);
        if (!first) il.Emit(OpCodes.Ldloc, target);
        il.Emit(OpCodes.Ldloc, partial);
        il.Emit(OpCodes.Ldloc, ybar);
        il.Emit(OpCodes.Mul);
        if (!first) il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, target);
    }

    /// <summary>Stores an adjoint; in a fused method, whose input adjoints start as +0 locals, a gradient entry
    /// (array g) as a + 0, so that it is never −0.</summary>
    void StoreAdjoint(short array, LocalBuilder value)
    {
        il.Emit(OpCodes.Ldloc, value);
        if (array == G && fused)
        {
            il.Emit(OpCodes.Ldc_R8, 0.0);
            il.Emit(OpCodes.Add);
        }
        il.Emit(OpCodes.Stind_R8);
    }

    /// <summary>ȳ = 1 at the output node (when it is an operation; its slot was zeroed by the forward code).</summary>
    public void Seed()
    {
        if (plan.Output <= plan.Inputs) return;
        il.Emit(OpCodes.Ldarg_S, (byte)A);
        Offset(plan.Output);
        il.Emit(OpCodes.Ldc_R8, 1.0);
        il.Emit(OpCodes.Stind_R8);
    }

    /// <summary>Returns the output value when this method computed it (a fused method), else 0.</summary>
    public void Return(Segment? s, Frame? f)
    {
        if (s is not null && f is not null && plan.Output >= s.Start && plan.Output < s.End && !s.Looped) il.Emit(OpCodes.Ldloc, f.Val[plan.Output - s.Start]!);
        else il.Emit(OpCodes.Ldc_R8, 0.0);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>A fused method writes the whole gradient: 0 for every input no node reached.</summary>
    public void ZeroUntouchedInputs()
    {
        for (long j = 0; j < plan.Sources.Theta; j++)
        {
            if (touchedInputs.Contains(j)) continue;
            il.Emit(OpCodes.Ldarg_3);
            Offset(j);
            il.Emit(OpCodes.Ldc_R8, 0.0);
            il.Emit(OpCodes.Stind_R8);
        }
        if (zeroTests) return;
        // Without zero tests, the caller needs to know whether the gradient is finite: c[0] = Σ (gᵢ − gᵢ),
        // 0 when every gᵢ is finite and NaN otherwise, summed as a balanced tree (no long chain of additions).
        il.Emit(OpCodes.Ldarg_2);
        FiniteSum(0, inputAdjoints.Count);
        il.Emit(OpCodes.Stind_R8);
    }

    /// <summary>Input adjoint locals of a fused method.</summary>
    readonly List<LocalBuilder> inputAdjoints = [];

    void FiniteSum(int lo, int hi)
    {
        if (hi - lo == 0) { il.Emit(OpCodes.Ldc_R8, 0.0); return; }
        if (hi - lo == 1)
        {
            il.Emit(OpCodes.Ldloc, inputAdjoints[lo]);
            il.Emit(OpCodes.Ldloc, inputAdjoints[lo]);
            il.Emit(OpCodes.Sub);
            return;
        }
        int mid = (lo + hi) / 2;
        FiniteSum(lo, mid);
        FiniteSum(mid, hi);
        il.Emit(OpCodes.Add);
    }
}
