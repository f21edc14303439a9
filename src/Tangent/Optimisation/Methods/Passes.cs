using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// Fused vector passes for the L-BFGS two-loop recursion: an update of q and the dot product the next step of the loop
/// needs, in one pass over q (TensorPrimitives has each half, not both at once). Every product and sum is rounded on
/// its own (q + c·v, then ·γ; no fused multiply-add), as the scalar recursion is written; the dot products sum in
/// vector lanes, so they can differ from a sequential sum in the last bits.
/// </summary>
/// <remarks>
/// Each pass runs on 512-bit vectors where the processor has them (<see cref="Vector512.IsHardwareAccelerated"/>), else
/// on <see cref="Vector{T}"/>: at n = 10⁴ the passes are bound by loads, and a 512-bit load moves twice the numbers of a
/// 256-bit one (the L-BFGS direction reads its 2m stored vectors twice per iteration).
/// The passes are compiled fully optimised on their first call (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// under tiered compilation a method starts as unoptimised code, in which each vector operation is a call, and is
/// promoted only after 30 calls and a quiet interval of about 100 ms; a pass over n = 10⁴ runs too few loop iterations
/// for on-stack replacement to promote it sooner. An L-BFGS run shorter than a few hundred milliseconds thus ran its
/// direction about 3× slower than the promoted code (1 000 iterations at n = 10³: the direction 4.3–4.9 gradients a
/// step, 1.4–1.7 with this attribute, 1.1–1.2 with tiering switched off; medians on the shared, loaded machine).
/// </remarks>
internal static partial class Passes
{
    /// <summary>q ← q + c·v; returns w·q with the new q.</summary>
    public static double AddScaledThenDot(Span<double> q, double c, ReadOnlySpan<double> v, ReadOnlySpan<double> w)
        => Run(q, q, c, v, 1, w);

    /// <summary>q ← p + c·v (q and p of the same length, p read before q is written); returns w·q with the new q.</summary>
    public static double AddScaledThenDot(ReadOnlySpan<double> p, Span<double> q, double c, ReadOnlySpan<double> v, ReadOnlySpan<double> w)
        => Run(p, q, c, v, 1, w);

    /// <summary>q ← γ(q + c·v); returns w·q with the new q.</summary>
    public static double AddScaledScaleThenDot(Span<double> q, double c, ReadOnlySpan<double> v, double gamma, ReadOnlySpan<double> w)
        => Run(q, q, c, v, gamma, w);

    /// <summary>q ← γ(p + c·v); returns w·q with the new q.</summary>
    public static double AddScaledScaleThenDot(ReadOnlySpan<double> p, Span<double> q, double c, ReadOnlySpan<double> v, double gamma, ReadOnlySpan<double> w)
        => Run(p, q, c, v, gamma, w);

    /// <summary>q ← −(q + c·v); returns w·q with the new q.</summary>
    public static double NegatedAddScaled(Span<double> q, double c, ReadOnlySpan<double> v, ReadOnlySpan<double> w) => Run(q, q, c, v, -1, w);

    /// <summary>q ← −(p + c·v); returns w·q with the new q.</summary>
    public static double NegatedAddScaled(ReadOnlySpan<double> p, Span<double> q, double c, ReadOnlySpan<double> v, ReadOnlySpan<double> w) => Run(p, q, c, v, -1, w);

    /// <summary>The sums of one L-BFGS step, taken in the pass that forms s and y.</summary>
    public readonly record struct StepSums(double SY, double YY, double SS, double GS, double GG);

    /// <summary>
    /// s ← x₊ − x and y ← g₊ − g, with sᵀy, yᵀy, sᵀs, gᵀs and g₊ᵀg₊ in the same pass (the update, the trace row and the
    /// next stopping test need them; separately they would be seven passes over n): L-BFGS's step pass without its
    /// extra products (Passes.Step.cs).
    /// </summary>
    public static StepSums Differences(ReadOnlySpan<double> xNew, ReadOnlySpan<double> x, ReadOnlySpan<double> gNew, ReadOnlySpan<double> g, Span<double> s, Span<double> y)
        => Differences(xNew, x, gNew, g, s, y, default).Sums;

    /// <summary>
    /// d ← −(q + c·v) and t ← x + d in one pass, returning w·d: the two-loop's last update also writes the line search's
    /// first trial point x + 1·d (the same numbers <see cref="Along"/> gives for α = 1, since 1·dᵢ = dᵢ exactly), so
    /// the search does not read d and x again for it. q may be d itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double NegatedAddScaledAlong(ReadOnlySpan<double> q, double c, ReadOnlySpan<double> v, ReadOnlySpan<double> w, Span<double> d, ReadOnlySpan<double> x, Span<double> t)
    {
        int n = d.Length, i = 0;
        if (q.Length != n || v.Length != n || w.Length != n || x.Length != n || t.Length != n)
            throw new ArgumentException("The vectors of a fused pass differ in length.");
        ref double rq = ref MemoryMarshal.GetReference(q), rv = ref MemoryMarshal.GetReference(v), rw = ref MemoryMarshal.GetReference(w);
        ref double rd = ref MemoryMarshal.GetReference(d), rx = ref MemoryMarshal.GetReference(x), rt = ref MemoryMarshal.GetReference(t);
        double sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vc = Vector512.Create(c);
            Vector512<double> s0 = default, s1 = default;
            for (; i <= n - 16; i += 16)
            {
                var d0 = -(Vector512.LoadUnsafe(ref rq, (nuint)i) + vc * Vector512.LoadUnsafe(ref rv, (nuint)i));
                var d1 = -(Vector512.LoadUnsafe(ref rq, (nuint)(i + 8)) + vc * Vector512.LoadUnsafe(ref rv, (nuint)(i + 8)));
                d0.StoreUnsafe(ref rd, (nuint)i);
                d1.StoreUnsafe(ref rd, (nuint)(i + 8));
                (Vector512.LoadUnsafe(ref rx, (nuint)i) + d0).StoreUnsafe(ref rt, (nuint)i);
                (Vector512.LoadUnsafe(ref rx, (nuint)(i + 8)) + d1).StoreUnsafe(ref rt, (nuint)(i + 8));
                s0 += d0 * Vector512.LoadUnsafe(ref rw, (nuint)i);
                s1 += d1 * Vector512.LoadUnsafe(ref rw, (nuint)(i + 8));
            }
            sum = Vector512.Sum(s0 + s1);
        }
        else
        {
            int lanes = Vector<double>.Count;
            var vc = new Vector<double>(c);
            Vector<double> s0 = default, s1 = default;
            for (; i <= n - 2 * lanes; i += 2 * lanes)
            {
                var d0 = -(Vector.LoadUnsafe(ref rq, (nuint)i) + vc * Vector.LoadUnsafe(ref rv, (nuint)i));
                var d1 = -(Vector.LoadUnsafe(ref rq, (nuint)(i + lanes)) + vc * Vector.LoadUnsafe(ref rv, (nuint)(i + lanes)));
                d0.StoreUnsafe(ref rd, (nuint)i);
                d1.StoreUnsafe(ref rd, (nuint)(i + lanes));
                (Vector.LoadUnsafe(ref rx, (nuint)i) + d0).StoreUnsafe(ref rt, (nuint)i);
                (Vector.LoadUnsafe(ref rx, (nuint)(i + lanes)) + d1).StoreUnsafe(ref rt, (nuint)(i + lanes));
                s0 += d0 * Vector.LoadUnsafe(ref rw, (nuint)i);
                s1 += d1 * Vector.LoadUnsafe(ref rw, (nuint)(i + lanes));
            }
            sum = Vector.Sum(s0 + s1);
        }
        for (; i < n; i++)
        {
            double di = -(Unsafe.Add(ref rq, i) + c * Unsafe.Add(ref rv, i));
            Unsafe.Add(ref rd, i) = di;
            Unsafe.Add(ref rt, i) = Unsafe.Add(ref rx, i) + di;
            sum += di * Unsafe.Add(ref rw, i);
        }
        return sum;
    }

    /// <summary>Returns (w₁·p, w₂·p) in one pass over p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double W1, double W2) Dot2(ReadOnlySpan<double> p, ReadOnlySpan<double> w1, ReadOnlySpan<double> w2)
    {
        int n = p.Length, i = 0;
        if (w1.Length != n || w2.Length != n) throw new ArgumentException("The vectors of a fused pass differ in length.");
        ref double rp = ref MemoryMarshal.GetReference(p), r1 = ref MemoryMarshal.GetReference(w1), r2 = ref MemoryMarshal.GetReference(w2);
        double a = 0, b = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> a5 = default, b5 = default;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector512.LoadUnsafe(ref rp, (nuint)i);
                a5 += v * Vector512.LoadUnsafe(ref r1, (nuint)i);
                b5 += v * Vector512.LoadUnsafe(ref r2, (nuint)i);
            }
            (a, b) = (Vector512.Sum(a5), Vector512.Sum(b5));
        }
        else
        {
            int lanes = Vector<double>.Count;
            Vector<double> av = default, bv = default;
            for (; i <= n - lanes; i += lanes)
            {
                var v = Vector.LoadUnsafe(ref rp, (nuint)i);
                av += v * Vector.LoadUnsafe(ref r1, (nuint)i);
                bv += v * Vector.LoadUnsafe(ref r2, (nuint)i);
            }
            (a, b) = (Vector.Sum(av), Vector.Sum(bv));
        }
        for (; i < n; i++)
        {
            a += Unsafe.Add(ref rp, i) * Unsafe.Add(ref r1, i);
            b += Unsafe.Add(ref rp, i) * Unsafe.Add(ref r2, i);
        }
        return (a, b);
    }

    /// <summary>
    /// Two steps of a two-loop recursion in one pass: q ← γ((p + c₁v₁) + c₂v₂), returning (w₁·q, w₂·q) with the new q;
    /// with a non-empty <paramref name="t"/>, also t ← x + q (for γ = −1: the direction and the first trial point).
    /// p may be q itself (each entry is read before it is written).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double W1, double W2) Run2(ReadOnlySpan<double> p, Span<double> q, double c1, ReadOnlySpan<double> v1, double c2, ReadOnlySpan<double> v2,
        double gamma, ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, ReadOnlySpan<double> x = default, Span<double> t = default)
    {
        int n = q.Length, i = 0;
        bool along = !t.IsEmpty, scale = gamma != 1;
        if (p.Length != n || v1.Length != n || v2.Length != n || w1.Length != n || w2.Length != n || (along && (x.Length != n || t.Length != n)))
            throw new ArgumentException("The vectors of a fused pass differ in length.");
        ref double rp = ref MemoryMarshal.GetReference(p), rq = ref MemoryMarshal.GetReference(q);
        ref double rv1 = ref MemoryMarshal.GetReference(v1), rv2 = ref MemoryMarshal.GetReference(v2);
        ref double rw1 = ref MemoryMarshal.GetReference(w1), rw2 = ref MemoryMarshal.GetReference(w2);
        ref double rx = ref MemoryMarshal.GetReference(x), rt = ref MemoryMarshal.GetReference(t);
        double a = 0, b = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vc1 = Vector512.Create(c1);
            var vc2 = Vector512.Create(c2);
            var vg = Vector512.Create(gamma);
            // Two accumulators per sum, so consecutive additions do not wait on each other.
            Vector512<double> a5 = default, b5 = default, a6 = default, b6 = default;
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref rp, (nuint)i) + vc1 * Vector512.LoadUnsafe(ref rv1, (nuint)i) + vc2 * Vector512.LoadUnsafe(ref rv2, (nuint)i);
                var u = Vector512.LoadUnsafe(ref rp, (nuint)(i + 8)) + vc1 * Vector512.LoadUnsafe(ref rv1, (nuint)(i + 8)) + vc2 * Vector512.LoadUnsafe(ref rv2, (nuint)(i + 8));
                if (scale)
                {
                    v *= vg;
                    u *= vg;
                }
                v.StoreUnsafe(ref rq, (nuint)i);
                u.StoreUnsafe(ref rq, (nuint)(i + 8));
                if (along)
                {
                    (Vector512.LoadUnsafe(ref rx, (nuint)i) + v).StoreUnsafe(ref rt, (nuint)i);
                    (Vector512.LoadUnsafe(ref rx, (nuint)(i + 8)) + u).StoreUnsafe(ref rt, (nuint)(i + 8));
                }
                a5 += v * Vector512.LoadUnsafe(ref rw1, (nuint)i);
                b5 += v * Vector512.LoadUnsafe(ref rw2, (nuint)i);
                a6 += u * Vector512.LoadUnsafe(ref rw1, (nuint)(i + 8));
                b6 += u * Vector512.LoadUnsafe(ref rw2, (nuint)(i + 8));
            }
            (a, b) = (Vector512.Sum(a5 + a6), Vector512.Sum(b5 + b6));
        }
        else
        {
            int lanes = Vector<double>.Count;
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            var vg = new Vector<double>(gamma);
            Vector<double> av = default, bv = default;
            for (; i <= n - lanes; i += lanes)
            {
                var v = Vector.LoadUnsafe(ref rp, (nuint)i) + vc1 * Vector.LoadUnsafe(ref rv1, (nuint)i) + vc2 * Vector.LoadUnsafe(ref rv2, (nuint)i);
                if (scale) v *= vg;
                v.StoreUnsafe(ref rq, (nuint)i);
                if (along) (Vector.LoadUnsafe(ref rx, (nuint)i) + v).StoreUnsafe(ref rt, (nuint)i);
                av += v * Vector.LoadUnsafe(ref rw1, (nuint)i);
                bv += v * Vector.LoadUnsafe(ref rw2, (nuint)i);
            }
            (a, b) = (Vector.Sum(av), Vector.Sum(bv));
        }
        for (; i < n; i++)
        {
            double u = Unsafe.Add(ref rp, i) + c1 * Unsafe.Add(ref rv1, i) + c2 * Unsafe.Add(ref rv2, i);
            if (scale) u *= gamma;
            Unsafe.Add(ref rq, i) = u;
            if (along) Unsafe.Add(ref rt, i) = Unsafe.Add(ref rx, i) + u;
            a += u * Unsafe.Add(ref rw1, i);
            b += u * Unsafe.Add(ref rw2, i);
        }
        return (a, b);
    }

    /// <summary>y ← x + α·d, each product and sum rounded on its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Along(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> d, Span<double> y)
    {
        int n = y.Length, lanes = Vector<double>.Count, i = 0;
        if (x.Length != n || d.Length != n) throw new ArgumentException("The vectors of a step differ in length.");
        if (Vector512.IsHardwareAccelerated)
        {
            ref double rx = ref MemoryMarshal.GetReference(x), rd = ref MemoryMarshal.GetReference(d), ry = ref MemoryMarshal.GetReference(y);
            var va5 = Vector512.Create(alpha);
            for (; i <= n - 8; i += 8)
                (Vector512.LoadUnsafe(ref rx, (nuint)i) + va5 * Vector512.LoadUnsafe(ref rd, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        var va = new Vector<double>(alpha);
        for (; i <= n - lanes; i += lanes)
            (new Vector<double>(x[i..]) + va * new Vector<double>(d[i..])).CopyTo(y[i..]);
        for (; i < n; i++) y[i] = x[i] + alpha * d[i];
    }

    /// <summary>q ← γ(p + c·v), returning w·q; p may be q itself (each entry is read before it is written).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Run(ReadOnlySpan<double> p, Span<double> q, double c, ReadOnlySpan<double> v, double gamma, ReadOnlySpan<double> w)
    {
        int n = q.Length;
        if (p.Length != n || v.Length != n || w.Length != n) throw new ArgumentException("The vectors of a fused pass differ in length.");
        ref double rp = ref MemoryMarshal.GetReference(p);
        ref double rq = ref MemoryMarshal.GetReference(q);
        ref double rv = ref MemoryMarshal.GetReference(v);
        ref double rw = ref MemoryMarshal.GetReference(w);
        int i = 0;
        bool scale = gamma != 1;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vc = Vector512.Create(c);
            var vg = Vector512.Create(gamma);
            Vector512<double> s0 = default, s1 = default;
            // Two accumulators so consecutive additions do not wait on each other.
            for (; i <= n - 16; i += 16)
            {
                var q0 = Vector512.LoadUnsafe(ref rp, (nuint)i) + vc * Vector512.LoadUnsafe(ref rv, (nuint)i);
                var q1 = Vector512.LoadUnsafe(ref rp, (nuint)(i + 8)) + vc * Vector512.LoadUnsafe(ref rv, (nuint)(i + 8));
                if (scale)
                {
                    q0 *= vg;
                    q1 *= vg;
                }
                q0.StoreUnsafe(ref rq, (nuint)i);
                q1.StoreUnsafe(ref rq, (nuint)(i + 8));
                s0 += q0 * Vector512.LoadUnsafe(ref rw, (nuint)i);
                s1 += q1 * Vector512.LoadUnsafe(ref rw, (nuint)(i + 8));
            }
            sum = Vector512.Sum(s0 + s1);
        }
        else
        {
            int lanes = Vector<double>.Count;
            var vc = new Vector<double>(c);
            var vg = new Vector<double>(gamma);
            Vector<double> s0 = default, s1 = default;
            for (; i <= n - 2 * lanes; i += 2 * lanes)
            {
                var q0 = Vector.LoadUnsafe(ref rp, (nuint)i) + vc * Vector.LoadUnsafe(ref rv, (nuint)i);
                var q1 = Vector.LoadUnsafe(ref rp, (nuint)(i + lanes)) + vc * Vector.LoadUnsafe(ref rv, (nuint)(i + lanes));
                if (scale)
                {
                    q0 *= vg;
                    q1 *= vg;
                }
                q0.StoreUnsafe(ref rq, (nuint)i);
                q1.StoreUnsafe(ref rq, (nuint)(i + lanes));
                s0 += q0 * Vector.LoadUnsafe(ref rw, (nuint)i);
                s1 += q1 * Vector.LoadUnsafe(ref rw, (nuint)(i + lanes));
            }
            sum = Vector.Sum(s0 + s1);
        }
        for (; i < n; i++)
        {
            double t = Unsafe.Add(ref rp, i) + c * Unsafe.Add(ref rv, i);
            if (scale) t *= gamma;
            Unsafe.Add(ref rq, i) = t;
            sum += t * Unsafe.Add(ref rw, i);
        }
        return sum;
    }
}
