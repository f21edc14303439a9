using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Optimisation.Methods;

/// <summary>The step pass L-BFGS fuses with its update and the next direction's first products.</summary>
internal static partial class Passes
{
    /// <summary>
    /// L-BFGS's step pass: <see cref="Differences(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>
    /// with, in the same pass, p·y (the cross product cₖ = sₖ₋₁·yₖ the two-loop keeps with a pair, p the newest stored s),
    /// s·g₊ and p·g₊ (the first two products of the next direction's first loop, D₁ and D₂, on q = g₊). Without p
    /// (empty) PY and PG are 0. Saves the passes that took cₖ (over p and y) and D₁, D₂ (over g₊, s and p).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (StepSums Sums, double PY, double SG, double PG) Differences(ReadOnlySpan<double> xNew, ReadOnlySpan<double> x, ReadOnlySpan<double> gNew,
        ReadOnlySpan<double> g, Span<double> s, Span<double> y, ReadOnlySpan<double> p)
    {
        int n = s.Length, i = 0;
        bool withP = !p.IsEmpty;
        if (xNew.Length != n || x.Length != n || gNew.Length != n || g.Length != n || y.Length != n || (withP && p.Length != n))
            throw new ArgumentException("The vectors of a step differ in length.");
        double tsy = 0, tyy = 0, tss = 0, tgs = 0, tgg = 0, tpy = 0, tsg = 0, tpg = 0;
        ref double rxn = ref MemoryMarshal.GetReference(xNew), rx = ref MemoryMarshal.GetReference(x);
        ref double rgn = ref MemoryMarshal.GetReference(gNew), rg = ref MemoryMarshal.GetReference(g);
        ref double rs = ref MemoryMarshal.GetReference(s), ry = ref MemoryMarshal.GetReference(y), rp = ref MemoryMarshal.GetReference(p);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> sy5 = default, yy5 = default, ss5 = default, gs5 = default, gg5 = default, py5 = default, sg5 = default, pg5 = default;
            for (; i <= n - 8; i += 8)
            {
                var vgNew = Vector512.LoadUnsafe(ref rgn, (nuint)i);
                var vg = Vector512.LoadUnsafe(ref rg, (nuint)i);
                var vs = Vector512.LoadUnsafe(ref rxn, (nuint)i) - Vector512.LoadUnsafe(ref rx, (nuint)i);
                var vy = vgNew - vg;
                vs.StoreUnsafe(ref rs, (nuint)i);
                vy.StoreUnsafe(ref ry, (nuint)i);
                sy5 += vs * vy;
                yy5 += vy * vy;
                ss5 += vs * vs;
                gs5 += vg * vs;
                gg5 += vgNew * vgNew;
                sg5 += vs * vgNew;
                if (withP)
                {
                    var vp = Vector512.LoadUnsafe(ref rp, (nuint)i);
                    py5 += vp * vy;
                    pg5 += vp * vgNew;
                }
            }
            (tsy, tyy, tss, tgs, tgg) = (Vector512.Sum(sy5), Vector512.Sum(yy5), Vector512.Sum(ss5), Vector512.Sum(gs5), Vector512.Sum(gg5));
            (tpy, tsg, tpg) = (Vector512.Sum(py5), Vector512.Sum(sg5), Vector512.Sum(pg5));
        }
        else if (Vector.IsHardwareAccelerated)
        {
            // The same pass in the machine's own vector width, where 512-bit vectors are not accelerated (AVX2, NEON).
            int lanes = Vector<double>.Count;
            Vector<double> sy = default, yy = default, ss = default, gs = default, gg = default, py = default, sg = default, pg = default;
            for (; i <= n - lanes; i += lanes)
            {
                var vgNew = Vector.LoadUnsafe(ref rgn, (nuint)i);
                var vg = Vector.LoadUnsafe(ref rg, (nuint)i);
                var vs = Vector.LoadUnsafe(ref rxn, (nuint)i) - Vector.LoadUnsafe(ref rx, (nuint)i);
                var vy = vgNew - vg;
                vs.StoreUnsafe(ref rs, (nuint)i);
                vy.StoreUnsafe(ref ry, (nuint)i);
                (sy, yy, ss, gs, gg, sg) = (sy + vs * vy, yy + vy * vy, ss + vs * vs, gs + vg * vs, gg + vgNew * vgNew, sg + vs * vgNew);
                if (withP)
                {
                    var vp = Vector.LoadUnsafe(ref rp, (nuint)i);
                    (py, pg) = (py + vp * vy, pg + vp * vgNew);
                }
            }
            (tsy, tyy, tss, tgs, tgg) = (Vector.Sum(sy), Vector.Sum(yy), Vector.Sum(ss), Vector.Sum(gs), Vector.Sum(gg));
            (tpy, tsg, tpg) = (Vector.Sum(py), Vector.Sum(sg), Vector.Sum(pg));
        }
        for (; i < n; i++)
        {
            double gi = Unsafe.Add(ref rg, i), gn = Unsafe.Add(ref rgn, i);
            double si = Unsafe.Add(ref rxn, i) - Unsafe.Add(ref rx, i), yi = gn - gi;
            Unsafe.Add(ref rs, i) = si;
            Unsafe.Add(ref ry, i) = yi;
            tsy += si * yi;
            tyy += yi * yi;
            tss += si * si;
            tgs += gi * si;
            tgg += gn * gn;
            tsg += si * gn;
            if (withP)
            {
                tpy += Unsafe.Add(ref rp, i) * yi;
                tpg += Unsafe.Add(ref rp, i) * gn;
            }
        }
        return (new StepSums(tsy, tyy, tss, tgs, tgg), tpy, tsg, tpg);
    }
}
