using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Arrays;

/// <summary>
/// The two matrix-vector products of a row-major matrix X (rows × k): z = X·w, and g += Xᵀ·r (the VJP of z with
/// respect to w). Both take four rows per step: z's four dot products share each load of w, and g's four scaled
/// rows are summed in registers before g is loaded and stored once — one row at a time (one
/// <c>TensorPrimitives.Dot</c> or <c>TensorPrimitives.MultiplyAdd</c> per row), g would be loaded and stored once per row, and each call costs a few ns, as much as a row of 100.
/// </summary>
/// <remarks>
/// Every product Xᵢⱼ·wⱼ is computed and added (no term is skipped for a zero), so a NaN or ±∞ in row i makes zᵢ
/// not finite: <see cref="MatMulVar"/> relies on this to check data through z.
/// </remarks>
internal static class MatVec
{
    private const int W = 4; // Vector256<double>.Count

    /// <summary>z (rows) = X·w, X rows × k row-major, w a k-vector.</summary>
    public static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> w, Span<double> z, int rows, int k)
    {
        if (x.Length < rows * k || w.Length < k || z.Length < rows)
            throw new ArgumentException($"matvec: buffers of {x.Length}, {w.Length}, {z.Length} numbers for ({rows}×{k})·({k}).");
        if (!Vector256.IsHardwareAccelerated || k < W)
        {
            for (int i = 0; i < rows; i++) z[i] = TensorPrimitives.Dot(x.Slice(i * k, k), w[..k]);
            return;
        }
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double w0 = ref MemoryMarshal.GetReference(w);
        int whole = k - k % W, i4 = rows - rows % 4;
        int r = 0;
        for (; r < i4; r += 4)
        {
            ref double a = ref Unsafe.Add(ref x0, r * k);
            ref double b = ref Unsafe.Add(ref a, k);
            ref double c = ref Unsafe.Add(ref b, k);
            ref double d = ref Unsafe.Add(ref c, k);
            Vector256<double> sa = default, sb = default, sc = default, sd = default;
            for (int j = 0; j < whole; j += W)
            {
                var v = Vector256.LoadUnsafe(ref w0, (nuint)j);
                sa = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)j), v, sa);
                sb = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, (nuint)j), v, sb);
                sc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)j), v, sc);
                sd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref d, (nuint)j), v, sd);
            }
            double ta = Vector256.Sum(sa), tb = Vector256.Sum(sb), tc = Vector256.Sum(sc), td = Vector256.Sum(sd);
            for (int j = whole; j < k; j++)
            {
                double v = Unsafe.Add(ref w0, j);
                ta += Unsafe.Add(ref a, j) * v; tb += Unsafe.Add(ref b, j) * v;
                tc += Unsafe.Add(ref c, j) * v; td += Unsafe.Add(ref d, j) * v;
            }
            z[r] = ta; z[r + 1] = tb; z[r + 2] = tc; z[r + 3] = td;
        }
        for (; r < rows; r++) z[r] = TensorPrimitives.Dot(x.Slice(r * k, k), w[..k]);
    }

    /// <summary>g (k) += Xᵀ·r, X rows × k row-major, r a rows-vector: g += Σᵢ rᵢ·(row i of X).</summary>
    public static void MultiplyTransposedAdd(ReadOnlySpan<double> x, ReadOnlySpan<double> r, Span<double> g, int rows, int k)
    {
        if (x.Length < rows * k || r.Length < rows || g.Length < k)
            throw new ArgumentException($"matvec: buffers of {x.Length}, {r.Length}, {g.Length} numbers for ({k}×{rows})·({rows}).");
        g = g[..k];
        if (!Vector256.IsHardwareAccelerated || k < W)
        {
            for (int row = 0; row < rows; row++) TensorPrimitives.MultiplyAdd(x.Slice(row * k, k), r[row], g, g);
            return;
        }
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double g0 = ref MemoryMarshal.GetReference(g);
        int whole = k - k % W, i4 = rows - rows % 4;
        int i = 0;
        for (; i < i4; i += 4)
        {
            ref double a = ref Unsafe.Add(ref x0, i * k);
            ref double b = ref Unsafe.Add(ref a, k);
            ref double c = ref Unsafe.Add(ref b, k);
            ref double d = ref Unsafe.Add(ref c, k);
            double ra = r[i], rb = r[i + 1], rc = r[i + 2], rd = r[i + 3];
            Vector256<double> va = Vector256.Create(ra), vb = Vector256.Create(rb), vc = Vector256.Create(rc), vd = Vector256.Create(rd);
            for (int j = 0; j < whole; j += W)
            {
                var s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)j), va, Vector256.LoadUnsafe(ref g0, (nuint)j));
                s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref b, (nuint)j), vb, s);
                s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref c, (nuint)j), vc, s);
                s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref d, (nuint)j), vd, s);
                s.StoreUnsafe(ref g0, (nuint)j);
            }
            for (int j = whole; j < k; j++)
                Unsafe.Add(ref g0, j) += ra * Unsafe.Add(ref a, j) + rb * Unsafe.Add(ref b, j) + rc * Unsafe.Add(ref c, j) + rd * Unsafe.Add(ref d, j);
        }
        for (; i < rows; i++) TensorPrimitives.MultiplyAdd(x.Slice(i * k, k), r[i], g, g);
    }
}
