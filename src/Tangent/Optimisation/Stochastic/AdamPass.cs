using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Optimisation.Stochastic;

/// <summary>
/// Adam's per-coordinate arithmetic as one pass over the buffers, eight lanes (AVX-512), four or one at a time:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g·g, u = −η·(c₁m/(c₂√v + ε) + λθ) with c₁ = 1/(1 − β₁ᵗ),
/// c₂ = 1/√(1 − β₂ᵗ). Every lane evaluates exactly these operations in this order (no fused multiply-adds, no
/// approximate reciprocal or square root), so the vector and scalar paths give the same bits and
/// <see cref="Apply"/> gives the same parameters as <see cref="Updates"/> followed by θ + u.
/// </summary>
internal static class AdamPass
{
    /// <summary>The scalars of one step.</summary>
    internal readonly record struct Coefficients(double Beta1, double Beta2, double A1, double A2, double C1, double C2, double Epsilon, double Decay, double Eta);

    /// <summary>Writes u into <paramref name="u"/> and advances m and v in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Updates(in Coefficients k, ReadOnlySpan<double> g, Span<double> m, Span<double> v, ReadOnlySpan<double> theta, Span<double> u)
    {
        ref double g0 = ref MemoryMarshal.GetReference(g), m0 = ref MemoryMarshal.GetReference(m), v0 = ref MemoryMarshal.GetReference(v);
        ref double t0 = ref MemoryMarshal.GetReference(theta), u0 = ref MemoryMarshal.GetReference(u);
        int n = m.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 8; i += 8)
                Lanes512(k, ref g0, ref m0, ref v0, ref t0, (nuint)i).StoreUnsafe(ref u0, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - 4; i += 4)
                Lanes256(k, ref g0, ref m0, ref v0, ref t0, (nuint)i).StoreUnsafe(ref u0, (nuint)i);
        for (; i < n; i++) u[i] = Lane(k, g[i], ref m[i], ref v[i], theta[i]);
    }

    /// <summary>
    /// θ ← θ + u in the same pass, the old θ copied into <paramref name="kept"/>. Returns −1 when every new θ is
    /// finite; else the index of the first that is not, after putting the whole of θ back from
    /// <paramref name="kept"/> (m and v stay advanced). A new θ is finite exactly when u is finite and θ + u does
    /// not overflow, since θ is finite on entry; <paramref name="badUpdate"/> is then that coordinate's u.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Apply(in Coefficients k, ReadOnlySpan<double> g, Span<double> m, Span<double> v, Span<double> theta, Span<double> kept, out double badUpdate)
    {
        badUpdate = 0;
        ref double g0 = ref MemoryMarshal.GetReference(g), m0 = ref MemoryMarshal.GetReference(m), v0 = ref MemoryMarshal.GetReference(v);
        ref double t0 = ref MemoryMarshal.GetReference(theta), k0 = ref MemoryMarshal.GetReference(kept);
        int n = m.Length, i = 0;
        bool finite = true;
        // x − x is 0 for finite x and NaN otherwise: one sum per width says whether all were finite.
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var old = Vector512.LoadUnsafe(ref t0, (nuint)i);
                var next = old + Lanes512(k, ref g0, ref m0, ref v0, ref t0, (nuint)i);
                old.StoreUnsafe(ref k0, (nuint)i);
                next.StoreUnsafe(ref t0, (nuint)i);
                acc += next - next;
            }
            finite = acc == Vector512<double>.Zero;
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var old = Vector256.LoadUnsafe(ref t0, (nuint)i);
                var next = old + Lanes256(k, ref g0, ref m0, ref v0, ref t0, (nuint)i);
                old.StoreUnsafe(ref k0, (nuint)i);
                next.StoreUnsafe(ref t0, (nuint)i);
                acc += next - next;
            }
            finite &= acc == Vector256<double>.Zero;
        }
        for (; i < n; i++)
        {
            kept[i] = theta[i];
            theta[i] += Lane(k, g[i], ref m[i], ref v[i], theta[i]);
            finite &= double.IsFinite(theta[i]);
        }
        if (finite) return -1;
        int bad = 0;
        while (double.IsFinite(theta[bad])) bad++;
        kept.CopyTo(theta);
        // the u of that coordinate, from the advanced moments: the same operations as in the pass
        badUpdate = -k.Eta * (k.C1 * m[bad] / (k.C2 * Math.Sqrt(v[bad]) + k.Epsilon) + k.Decay * theta[bad]);
        return bad;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lanes512(in Coefficients k, ref double g0, ref double m0, ref double v0, ref double t0, nuint i)
    {
        var g = Vector512.LoadUnsafe(ref g0, i);
        var m = k.Beta1 * Vector512.LoadUnsafe(ref m0, i) + k.A1 * g;
        var v = k.Beta2 * Vector512.LoadUnsafe(ref v0, i) + k.A2 * g * g;
        m.StoreUnsafe(ref m0, i);
        v.StoreUnsafe(ref v0, i);
        return -k.Eta * (k.C1 * m / (k.C2 * Vector512.Sqrt(v) + Vector512.Create(k.Epsilon)) + k.Decay * Vector512.LoadUnsafe(ref t0, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Lanes256(in Coefficients k, ref double g0, ref double m0, ref double v0, ref double t0, nuint i)
    {
        var g = Vector256.LoadUnsafe(ref g0, i);
        var m = k.Beta1 * Vector256.LoadUnsafe(ref m0, i) + k.A1 * g;
        var v = k.Beta2 * Vector256.LoadUnsafe(ref v0, i) + k.A2 * g * g;
        m.StoreUnsafe(ref m0, i);
        v.StoreUnsafe(ref v0, i);
        return -k.Eta * (k.C1 * m / (k.C2 * Vector256.Sqrt(v) + Vector256.Create(k.Epsilon)) + k.Decay * Vector256.LoadUnsafe(ref t0, i));
    }

    private static double Lane(in Coefficients k, double g, ref double m, ref double v, double theta)
    {
        m = k.Beta1 * m + k.A1 * g;
        v = k.Beta2 * v + k.A2 * g * g;
        return -k.Eta * (k.C1 * m / (k.C2 * Math.Sqrt(v) + k.Epsilon) + k.Decay * theta);
    }
}
