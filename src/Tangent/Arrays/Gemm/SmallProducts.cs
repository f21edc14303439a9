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
internal static unsafe partial class SmallProducts
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
        {
            int i = 0;
            // Rows narrower than 16 (a hidden layer of 8, a few classes): one row holds at most three chains of q
            // dependent multiply-adds, so it waits on their latency; four rows at a time share each load of B and
            // keep up to eight independent chains in flight. Each entry is still start + Σ_r in order: the same numbers.
            if (n < 16)
                for (; i + 4 <= m; i += 4) AxpyFourRows(a0 + (long)i * q, b0, c0 + (long)i * n, z0, q, n, accumulate, biased);
            for (; i < m; i++)
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
    }

    /// <summary>Rows a … a + 3 of <see cref="AxpyRows"/> (c and a at their first row), for n &lt; 16.</summary>
    private static void AxpyFourRows(double* a, double* b0, double* c, double* bias, int q, int n, bool accumulate, bool biased)
    {
        double* a1 = a + q, a2 = a1 + q, a3 = a2 + q, c1 = c + n, c2 = c1 + n, c3 = c2 + n;
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            V s0 = Begin(c, bias, j, accumulate, biased), s1 = Begin(c, bias, j + 4, accumulate, biased);
            V t0 = Begin(c1, bias, j, accumulate, biased), t1 = Begin(c1, bias, j + 4, accumulate, biased);
            V u0 = Begin(c2, bias, j, accumulate, biased), u1 = Begin(c2, bias, j + 4, accumulate, biased);
            V v0 = Begin(c3, bias, j, accumulate, biased), v1 = Begin(c3, bias, j + 4, accumulate, biased);
            double* br = b0 + j;
            for (int r = 0; r < q; r++, br += n)
            {
                V b0v = Vector256.Load(br), b1v = Vector256.Load(br + 4);
                V x = Vector256.Create(a[r]);
                s0 = Vector256.FusedMultiplyAdd(x, b0v, s0); s1 = Vector256.FusedMultiplyAdd(x, b1v, s1);
                x = Vector256.Create(a1[r]);
                t0 = Vector256.FusedMultiplyAdd(x, b0v, t0); t1 = Vector256.FusedMultiplyAdd(x, b1v, t1);
                x = Vector256.Create(a2[r]);
                u0 = Vector256.FusedMultiplyAdd(x, b0v, u0); u1 = Vector256.FusedMultiplyAdd(x, b1v, u1);
                x = Vector256.Create(a3[r]);
                v0 = Vector256.FusedMultiplyAdd(x, b0v, v0); v1 = Vector256.FusedMultiplyAdd(x, b1v, v1);
            }
            s0.Store(c + j); s1.Store(c + j + 4); t0.Store(c1 + j); t1.Store(c1 + j + 4);
            u0.Store(c2 + j); u1.Store(c2 + j + 4); v0.Store(c3 + j); v1.Store(c3 + j + 4);
        }
        for (; j + 4 <= n; j += 4)
        {
            V s0 = Begin(c, bias, j, accumulate, biased), t0 = Begin(c1, bias, j, accumulate, biased);
            V u0 = Begin(c2, bias, j, accumulate, biased), v0 = Begin(c3, bias, j, accumulate, biased);
            double* br = b0 + j;
            for (int r = 0; r < q; r++, br += n)
            {
                V bv = Vector256.Load(br);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(a[r]), bv, s0);
                t0 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[r]), bv, t0);
                u0 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[r]), bv, u0);
                v0 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[r]), bv, v0);
            }
            s0.Store(c + j); t0.Store(c1 + j); u0.Store(c2 + j); v0.Store(c3 + j);
        }
        for (; j < n; j++)
        {
            double s = Start(c, bias, j, accumulate, biased), t = Start(c1, bias, j, accumulate, biased);
            double u = Start(c2, bias, j, accumulate, biased), v = Start(c3, bias, j, accumulate, biased);
            double* br = b0 + j;
            for (int r = 0; r < q; r++, br += n)
            {
                double bv = *br;
                s = Math.FusedMultiplyAdd(a[r], bv, s); t = Math.FusedMultiplyAdd(a1[r], bv, t);
                u = Math.FusedMultiplyAdd(a2[r], bv, u); v = Math.FusedMultiplyAdd(a3[r], bv, v);
            }
            c[j] = s; c1[j] = t; c2[j] = u; c3[j] = v;
        }
    }

    private static V Begin(double* c, double* bias, int j, bool accumulate, bool biased) =>
        accumulate ? Vector256.Load(c + j) : biased ? Vector256.Load(bias + j) : V.Zero;

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
