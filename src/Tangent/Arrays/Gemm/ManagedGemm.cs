using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Tangent.Arrays;

/// <summary>
/// The managed matrix product, in the layout of Goto's algorithm (as in BLIS and OpenBLAS):
/// for each block of NC columns of B and KC of the shared dimension, B's block is packed into strips of NR
/// columns (each strip k-major, so one row of the strip is one contiguous NR-vector); for each block of MC
/// rows of A, A's block is packed into strips of MR rows (k-major, MR numbers per step). The micro-kernel then
/// keeps an MR×NR tile of C in registers and, for each of the KC steps, adds the outer product of one
/// MR-column of A and one NR-row of B with MR·NR/8 fused multiply-adds. Packing makes the transposed cases the
/// same computation; its cost is O(mk + kn) against the product's O(mnk).
/// </summary>
internal static unsafe class ManagedGemm
{
    public const int MR = 8, NR = 16;
    private const int KC = 256, MC = 96, NC = 2048;

    // Packed blocks, one pair per thread, pinned so the kernel takes their addresses without pinning each call.
    [ThreadStatic] private static double[]? packedA, packedB;

    public static void Multiply(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        packedA ??= GC.AllocateUninitializedArray<double>(MC * KC, pinned: true);
        packedB ??= GC.AllocateUninitializedArray<double>(KC * NC, pinned: true);
        fixed (double* pa = packedA, pb = packedB, ca = a, cb = b, cc = c)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(cb, transB, n, k, pc, jc, kc, nc, pb);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        PackA(ca, transA, m, k, ic, pc, mc, kc, pa);
                        Macro(pa, pb, cc + ic * n + jc, n, mc, nc, kc);
                    }
                }
            }
        }
    }

    /// <summary>C block (mc×nc) += packed A block · packed B block, tile by tile.</summary>
    private static void Macro(double* pa, double* pb, double* c, int ldc, int mc, int nc, int kc)
    {
        double* tile = stackalloc double[MR * NR];
        for (int j = 0; j < nc; j += NR)
        {
            int nr = Math.Min(NR, nc - j);
            for (int i = 0; i < mc; i += MR)
            {
                int mr = Math.Min(MR, mc - i);
                double* ap = pa + i * kc, bp = pb + j * kc, cp = c + i * ldc + j;
                if (mr == MR && nr == NR) Kernel(kc, ap, bp, cp, ldc);
                else
                {
                    // An edge tile: the padded strips hold zeros, so the full tile is computed into scratch and its valid part added.
                    new Span<double>(tile, MR * NR).Clear();
                    Kernel(kc, ap, bp, tile, NR);
                    for (int r = 0; r < mr; r++)
                        for (int s = 0; s < nr; s++) cp[r * ldc + s] += tile[r * NR + s];
                }
            }
        }
    }

    /// <summary>Packs B[pc..pc+kc, jc..jc+nc] into strips of NR columns, each strip k-major, zero-padded.</summary>
    private static void PackB(double* b, bool transB, int n, int k, int pc, int jc, int kc, int nc, double* dst)
    {
        for (int js = 0; js < nc; js += NR)
        {
            int nr = Math.Min(NR, nc - js);
            double* strip = dst + js * kc;
            if (!transB)
            {
                // B(p, j) = b[p·n + j]: each step is a contiguous run of nr numbers.
                for (int p = 0; p < kc; p++)
                {
                    double* src = b + (pc + p) * n + jc + js, row = strip + p * NR;
                    if (nr == NR) Unsafe.CopyBlockUnaligned(row, src, NR * sizeof(double));
                    else
                    {
                        for (int j = 0; j < nr; j++) row[j] = src[j];
                        for (int j = nr; j < NR; j++) row[j] = 0;
                    }
                }
            }
            else
            {
                // B(p, j) = b[j·k + p]: each column of the strip is a contiguous run of kc numbers.
                for (int j = 0; j < NR; j++)
                {
                    if (j < nr)
                    {
                        double* src = b + (jc + js + j) * k + pc;
                        for (int p = 0; p < kc; p++) strip[p * NR + j] = src[p];
                    }
                    else for (int p = 0; p < kc; p++) strip[p * NR + j] = 0;
                }
            }
        }
    }

    /// <summary>Packs A[ic..ic+mc, pc..pc+kc] into strips of MR rows, each strip k-major, zero-padded.</summary>
    private static void PackA(double* a, bool transA, int m, int k, int ic, int pc, int mc, int kc, double* dst)
    {
        for (int iS = 0; iS < mc; iS += MR)
        {
            int mr = Math.Min(MR, mc - iS);
            double* strip = dst + iS * kc;
            if (transA)
            {
                // A(i, p) = a[p·m + i]: each step is a contiguous run of mr numbers.
                for (int p = 0; p < kc; p++)
                {
                    double* src = a + (pc + p) * m + ic + iS, col = strip + p * MR;
                    for (int i = 0; i < mr; i++) col[i] = src[i];
                    for (int i = mr; i < MR; i++) col[i] = 0;
                }
            }
            else
            {
                // A(i, p) = a[i·k + p]: each row of the strip is a contiguous run of kc numbers.
                for (int i = 0; i < MR; i++)
                {
                    if (i < mr)
                    {
                        double* src = a + (ic + iS + i) * k + pc;
                        for (int p = 0; p < kc; p++) strip[p * MR + i] = src[p];
                    }
                    else for (int p = 0; p < kc; p++) strip[p * MR + i] = 0;
                }
            }
        }
    }

    /// <summary>C tile (MR×NR, row stride ldc) += Σₚ a[p]ᵀ·b[p]: the MR·NR sums live in registers for all kc steps.</summary>
    private static void Kernel(int kc, double* a, double* b, double* c, int ldc)
    {
        if (Vector512.IsHardwareAccelerated) Kernel512(kc, a, b, c, ldc);
        else Kernel256(kc, a, b, c, ldc);
    }

    private static void Kernel512(int kc, double* a, double* b, double* c, int ldc)
    {
        Vector512<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 8);
            var x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            a += MR;
            b += NR;
        }
        Add(c, c00, c01); Add(c + ldc, c10, c11); Add(c + 2 * ldc, c20, c21); Add(c + 3 * ldc, c30, c31);
        Add(c + 4 * ldc, c40, c41); Add(c + 5 * ldc, c50, c51); Add(c + 6 * ldc, c60, c61); Add(c + 7 * ldc, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(double* row, Vector512<double> lo, Vector512<double> hi)
    {
        (Vector512.Load(row) + lo).Store(row);
        (Vector512.Load(row + 8) + hi).Store(row + 8);
    }

    /// <summary>The same tile on Vector256 (machines without AVX-512): four 4×8 quarter tiles, 8 sums each in registers.</summary>
    private static void Kernel256(int kc, double* a, double* b, double* c, int ldc)
    {
        for (int r = 0; r < MR; r += 4)
            for (int s = 0; s < NR; s += 8)
            {
                Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default,
                    c20 = default, c21 = default, c30 = default, c31 = default;
                double* ap = a + r, bp = b + s;
                for (int p = 0; p < kc; p++)
                {
                    var b0 = Vector256.Load(bp);
                    var b1 = Vector256.Load(bp + 4);
                    var x = Vector256.Create(ap[0]); c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
                    x = Vector256.Create(ap[1]); c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
                    x = Vector256.Create(ap[2]); c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
                    x = Vector256.Create(ap[3]); c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
                    ap += MR;
                    bp += NR;
                }
                double* cp = c + r * ldc + s;
                Add256(cp, c00, c01); Add256(cp + ldc, c10, c11); Add256(cp + 2 * ldc, c20, c21); Add256(cp + 3 * ldc, c30, c31);
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add256(double* row, Vector256<double> lo, Vector256<double> hi)
    {
        (Vector256.Load(row) + lo).Store(row);
        (Vector256.Load(row + 4) + hi).Store(row + 4);
    }
}
