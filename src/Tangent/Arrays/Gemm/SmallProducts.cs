using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// Matrix products too small for a packed kernel (a few thousand multiply-adds: the layers of a small network),
/// where packing both operands and dispatching to a library costs more than the arithmetic. Two loop orders,
/// each vectorised along a contiguous row and accumulating in registers, so that a caller can always put the
/// longer dimension in the lanes:
/// <see cref="AxpyRows"/>, C[i, :] = Σ_r A[i, r]·B[r, :] (lanes along C's rows), and
/// <see cref="DotRows"/>, C[i, j] = ⟨A[i, :], B[j, :]⟩ (lanes along the summed index).
/// All arrays are row-major and contiguous.
/// </summary>
internal static unsafe class SmallProducts
{
    /// <summary>
    /// C (m×n) = start + A·B, A m×q, B q×n: each row of C is a sum of rows of B weighted by a row of A, kept in
    /// four registers (sixteen columns) while r runs over q. start is C itself when <paramref name="accumulate"/>,
    /// else the row <paramref name="bias"/> (n entries) when given, else 0.
    /// </summary>
    public static void AxpyRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int q, int n,
        ReadOnlySpan<double> bias, bool accumulate)
    {
        Check(a.Length >= m * q && b.Length >= q * n && c.Length >= m * n && (bias.IsEmpty || bias.Length >= n), m, q, n);
        bool biased = !bias.IsEmpty && !accumulate;
        fixed (double* a0 = a, b0 = b, c0 = c, z0 = bias)
            for (int i = 0; i < m; i++)
            {
                double* ai = a0 + (long)i * q, ci = c0 + (long)i * n;
                int j = 0;
                for (; j + 16 <= n; j += 16)
                {
                    V s0 = V.Zero, s1 = V.Zero, s2 = V.Zero, s3 = V.Zero;
                    if (accumulate) (s0, s1, s2, s3) = (Vector256.Load(ci + j), Vector256.Load(ci + j + 4), Vector256.Load(ci + j + 8), Vector256.Load(ci + j + 12));
                    else if (biased) (s0, s1, s2, s3) = (Vector256.Load(z0 + j), Vector256.Load(z0 + j + 4), Vector256.Load(z0 + j + 8), Vector256.Load(z0 + j + 12));
                    double* br = b0 + j;
                    for (int r = 0; r < q; r++, br += n)
                    {
                        var x = Vector256.Create(ai[r]);
                        s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br), s0);
                        s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 4), s1);
                        s2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 8), s2);
                        s3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 12), s3);
                    }
                    s0.Store(ci + j); s1.Store(ci + j + 4); s2.Store(ci + j + 8); s3.Store(ci + j + 12);
                }
                for (; j + 8 <= n; j += 8)
                {
                    V s0 = accumulate ? Vector256.Load(ci + j) : biased ? Vector256.Load(z0 + j) : V.Zero;
                    V s1 = accumulate ? Vector256.Load(ci + j + 4) : biased ? Vector256.Load(z0 + j + 4) : V.Zero;
                    double* br = b0 + j;
                    for (int r = 0; r < q; r++, br += n)
                    {
                        var x = Vector256.Create(ai[r]);
                        s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br), s0);
                        s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 4), s1);
                    }
                    s0.Store(ci + j); s1.Store(ci + j + 4);
                }
                for (; j + 4 <= n; j += 4)
                {
                    V s0 = accumulate ? Vector256.Load(ci + j) : biased ? Vector256.Load(z0 + j) : V.Zero;
                    double* br = b0 + j;
                    for (int r = 0; r < q; r++, br += n) s0 = Vector256.FusedMultiplyAdd(Vector256.Create(ai[r]), Vector256.Load(br), s0);
                    s0.Store(ci + j);
                }
                for (; j < n; j++)
                {
                    double s = accumulate ? ci[j] : biased ? z0[j] : 0;
                    for (int r = 0; r < q; r++) s = Math.FusedMultiplyAdd(ai[r], b0[(long)r * n + j], s);
                    ci[j] = s;
                }
            }
    }

    /// <summary>
    /// C (m×n) = start + A·Bᵀ, A m×q, B n×q: each entry a dot product of two contiguous rows, two rows of B at a
    /// time and two partial sums each (four independent chains of multiply-adds). start as in <see cref="AxpyRows"/>.
    /// </summary>
    public static void DotRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int q, int n,
        ReadOnlySpan<double> bias, bool accumulate)
    {
        Check(a.Length >= m * q && b.Length >= n * q && c.Length >= m * n && (bias.IsEmpty || bias.Length >= n), m, q, n);
        bool biased = !bias.IsEmpty && !accumulate;
        fixed (double* a0 = a, b0 = b, c0 = c, z0 = bias)
            for (int i = 0; i < m; i++)
            {
                double* ai = a0 + (long)i * q, ci = c0 + (long)i * n;
                int j = 0;
                for (; j + 2 <= n; j += 2)
                {
                    double* bj = b0 + (long)j * q, bk = bj + q;
                    V s0 = V.Zero, s1 = V.Zero, t0 = V.Zero, t1 = V.Zero;
                    int r = 0;
                    for (; r + 8 <= q; r += 8)
                    {
                        V x0 = Vector256.Load(ai + r), x1 = Vector256.Load(ai + r + 4);
                        s0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(bj + r), s0);
                        s1 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(bj + r + 4), s1);
                        t0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(bk + r), t0);
                        t1 = Vector256.FusedMultiplyAdd(x1, Vector256.Load(bk + r + 4), t1);
                    }
                    for (; r + 4 <= q; r += 4)
                    {
                        V x0 = Vector256.Load(ai + r);
                        s0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(bj + r), s0);
                        t0 = Vector256.FusedMultiplyAdd(x0, Vector256.Load(bk + r), t0);
                    }
                    double s = Vector256.Sum(s0 + s1), t = Vector256.Sum(t0 + t1);
                    for (; r < q; r++) { s = Math.FusedMultiplyAdd(ai[r], bj[r], s); t = Math.FusedMultiplyAdd(ai[r], bk[r], t); }
                    ci[j] = Start(ci, z0, j, accumulate, biased) + s;
                    ci[j + 1] = Start(ci, z0, j + 1, accumulate, biased) + t;
                }
                if (j < n)
                {
                    double* bj = b0 + (long)j * q;
                    V s0 = V.Zero, s1 = V.Zero;
                    int r = 0;
                    for (; r + 8 <= q; r += 8)
                    {
                        s0 = Vector256.FusedMultiplyAdd(Vector256.Load(ai + r), Vector256.Load(bj + r), s0);
                        s1 = Vector256.FusedMultiplyAdd(Vector256.Load(ai + r + 4), Vector256.Load(bj + r + 4), s1);
                    }
                    for (; r + 4 <= q; r += 4) s0 = Vector256.FusedMultiplyAdd(Vector256.Load(ai + r), Vector256.Load(bj + r), s0);
                    double s = Vector256.Sum(s0 + s1);
                    for (; r < q; r++) s = Math.FusedMultiplyAdd(ai[r], bj[r], s);
                    ci[j] = Start(ci, z0, j, accumulate, biased) + s;
                }
            }
    }

    private static double Start(double* c, double* bias, int j, bool accumulate, bool biased) => accumulate ? c[j] : biased ? bias[j] : 0;

    /// <summary>T (n×m) = Sᵀ for S m×n.</summary>
    public static void Transpose(ReadOnlySpan<double> s, Span<double> t, int m, int n)
    {
        Check(s.Length >= m * n && t.Length >= m * n, m, n, 0);
        fixed (double* s0 = s, t0 = t)
            for (int i = 0; i < m; i++)
            {
                double* si = s0 + (long)i * n, ti = t0 + i;
                for (int j = 0; j < n; j++, ti += m) *ti = si[j];
            }
    }

    /// <summary>D (n×m) += Sᵀ for S m×n.</summary>
    public static void AddTransposed(ReadOnlySpan<double> s, Span<double> d, int m, int n)
    {
        Check(s.Length >= m * n && d.Length >= m * n, m, n, 0);
        fixed (double* s0 = s, d0 = d)
            for (int i = 0; i < m; i++)
            {
                double* si = s0 + (long)i * n, di = d0 + i;
                for (int j = 0; j < n; j++, di += m) *di += si[j];
            }
    }

    // The pointer loops read and write exactly m·q, q·n and m·n entries: a short buffer is a bug of the caller, never data.
    private static void Check(bool fits, int m, int q, int n)
    {
        if (!fits) throw new ArgumentException($"small product: buffers too short for dimensions {m}, {q}, {n}.");
    }
}
