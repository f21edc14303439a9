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
        else if (Vector256.IsHardwareAccelerated)
        {
            // The same pass four lanes wide, where 512-bit vectors are not (AVX2).
            Vector256<double> sy4 = default, yy4 = default, ss4 = default, gs4 = default, gg4 = default, py4 = default, sg4 = default, pg4 = default;
            for (; i <= n - 4; i += 4)
            {
                var vgNew = Vector256.LoadUnsafe(ref rgn, (nuint)i);
                var vg = Vector256.LoadUnsafe(ref rg, (nuint)i);
                var vs = Vector256.LoadUnsafe(ref rxn, (nuint)i) - Vector256.LoadUnsafe(ref rx, (nuint)i);
                var vy = vgNew - vg;
                vs.StoreUnsafe(ref rs, (nuint)i);
                vy.StoreUnsafe(ref ry, (nuint)i);
                (sy4, yy4, ss4, gs4, gg4, sg4) = (sy4 + vs * vy, yy4 + vy * vy, ss4 + vs * vs, gs4 + vg * vs, gg4 + vgNew * vgNew, sg4 + vs * vgNew);
                if (withP)
                {
                    var vp = Vector256.LoadUnsafe(ref rp, (nuint)i);
                    (py4, pg4) = (py4 + vp * vy, pg4 + vp * vgNew);
                }
            }
            (tsy, tyy, tss, tgs, tgg) = (Vector256.Sum(sy4), Vector256.Sum(yy4), Vector256.Sum(ss4), Vector256.Sum(gs4), Vector256.Sum(gg4));
            (tpy, tsg, tpg) = (Vector256.Sum(py4), Vector256.Sum(sg4), Vector256.Sum(pg4));
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
