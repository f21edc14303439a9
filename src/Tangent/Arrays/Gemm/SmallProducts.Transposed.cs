using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

internal static unsafe partial class SmallProducts
{
    /// <summary>
    /// C (k×n) += Aᵀ·B for A m×k and B m×n, both read along their rows: C[p, :] += Σ_r A[r, p]·B[r, :], the
    /// reverse sweep's W̄ += Xᵀ·Z̄ of a dense layer without forming Xᵀ. Four rows of C and eight columns at a time
    /// in registers (eight independent chains of multiply-adds over the m rows, each load of B shared by the four),
    /// then four columns, then single columns, each entry C[p, j] + Σ_r in order (as <see cref="AxpyRows"/> on Aᵀ would
    /// give it); the last k % 4 rows of C one at a time (see <see cref="TransposedRow"/>: equal to rounding).
    /// </summary>
    public static void TransposedAxpyRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n)
    {
        Check(a.Length >= m * k && b.Length >= m * n && c.Length >= k * n, m, k, n);
        fixed (double* a0 = a, b0 = b, c0 = c)
        {
            int p = 0;
            for (; p + 4 <= k; p += 4) TransposedFourRows(a0 + p, b0, c0 + (long)p * n, m, k, n);
            for (; p < k; p++) TransposedRow(a0 + p, b0, c0 + (long)p * n, m, k, n);
        }
    }

    /// <summary>Rows p … p + 3 of C (a at column p of A, c at row p of C).</summary>
    private static void TransposedFourRows(double* a, double* b0, double* c, int m, int k, int n)
    {
        double* c1 = c + n, c2 = c1 + n, c3 = c2 + n;
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            V s0 = Vector256.Load(c + j), s1 = Vector256.Load(c + j + 4), t0 = Vector256.Load(c1 + j), t1 = Vector256.Load(c1 + j + 4);
            V u0 = Vector256.Load(c2 + j), u1 = Vector256.Load(c2 + j + 4), v0 = Vector256.Load(c3 + j), v1 = Vector256.Load(c3 + j + 4);
            double* ar = a, br = b0 + j;
            for (int r = 0; r < m; r++, ar += k, br += n)
            {
                V b0v = Vector256.Load(br), b1v = Vector256.Load(br + 4);
                V x = Vector256.Create(ar[0]);
                s0 = Vector256.FusedMultiplyAdd(x, b0v, s0); s1 = Vector256.FusedMultiplyAdd(x, b1v, s1);
                x = Vector256.Create(ar[1]);
                t0 = Vector256.FusedMultiplyAdd(x, b0v, t0); t1 = Vector256.FusedMultiplyAdd(x, b1v, t1);
                x = Vector256.Create(ar[2]);
                u0 = Vector256.FusedMultiplyAdd(x, b0v, u0); u1 = Vector256.FusedMultiplyAdd(x, b1v, u1);
                x = Vector256.Create(ar[3]);
                v0 = Vector256.FusedMultiplyAdd(x, b0v, v0); v1 = Vector256.FusedMultiplyAdd(x, b1v, v1);
            }
            s0.Store(c + j); s1.Store(c + j + 4); t0.Store(c1 + j); t1.Store(c1 + j + 4);
            u0.Store(c2 + j); u1.Store(c2 + j + 4); v0.Store(c3 + j); v1.Store(c3 + j + 4);
        }
        for (; j + 4 <= n; j += 4)
        {
            V s0 = Vector256.Load(c + j), t0 = Vector256.Load(c1 + j), u0 = Vector256.Load(c2 + j), v0 = Vector256.Load(c3 + j);
            double* ar = a, br = b0 + j;
            for (int r = 0; r < m; r++, ar += k, br += n)
            {
                V bv = Vector256.Load(br);
                s0 = Vector256.FusedMultiplyAdd(Vector256.Create(ar[0]), bv, s0);
                t0 = Vector256.FusedMultiplyAdd(Vector256.Create(ar[1]), bv, t0);
                u0 = Vector256.FusedMultiplyAdd(Vector256.Create(ar[2]), bv, u0);
                v0 = Vector256.FusedMultiplyAdd(Vector256.Create(ar[3]), bv, v0);
            }
            s0.Store(c + j); t0.Store(c1 + j); u0.Store(c2 + j); v0.Store(c3 + j);
        }
        for (; j < n; j++)
        {
            double s = c[j], t = c1[j], u = c2[j], v = c3[j];
            double* ar = a, br = b0 + j;
            for (int r = 0; r < m; r++, ar += k, br += n)
            {
                double bv = *br;
                s = Math.FusedMultiplyAdd(ar[0], bv, s); t = Math.FusedMultiplyAdd(ar[1], bv, t);
                u = Math.FusedMultiplyAdd(ar[2], bv, u); v = Math.FusedMultiplyAdd(ar[3], bv, v);
            }
            c[j] = s; c1[j] = t; c2[j] = u; c3[j] = v;
        }
    }

    /// <summary>
    /// Row p of C alone (a at column p of A, c at row p of C): eight columns at a time, the even and the odd rows of A
    /// and B summed apart (four independent chains instead of two) and added to C[p, :] at the end.
    /// </summary>
    private static void TransposedRow(double* a, double* b0, double* c, int m, int k, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            V s0 = V.Zero, s1 = V.Zero, t0 = V.Zero, t1 = V.Zero;
            double* ar = a, br = b0 + j;
            int r = 0;
            for (; r + 2 <= m; r += 2, ar += 2 * k, br += 2 * n)
            {
                V x = Vector256.Create(*ar), y = Vector256.Create(ar[k]);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br), s0); s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 4), s1);
                t0 = Vector256.FusedMultiplyAdd(y, Vector256.Load(br + n), t0); t1 = Vector256.FusedMultiplyAdd(y, Vector256.Load(br + n + 4), t1);
            }
            if (r < m)
            {
                V x = Vector256.Create(*ar);
                s0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br), s0); s1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(br + 4), s1);
            }
            (Vector256.Load(c + j) + (s0 + t0)).Store(c + j);
            (Vector256.Load(c + j + 4) + (s1 + t1)).Store(c + j + 4);
        }
        for (; j + 4 <= n; j += 4)
        {
            V s = V.Zero, t = V.Zero;
            double* ar = a, br = b0 + j;
            int r = 0;
            for (; r + 2 <= m; r += 2, ar += 2 * k, br += 2 * n)
            {
                s = Vector256.FusedMultiplyAdd(Vector256.Create(*ar), Vector256.Load(br), s);
                t = Vector256.FusedMultiplyAdd(Vector256.Create(ar[k]), Vector256.Load(br + n), t);
            }
            if (r < m) s = Vector256.FusedMultiplyAdd(Vector256.Create(*ar), Vector256.Load(br), s);
            (Vector256.Load(c + j) + (s + t)).Store(c + j);
        }
        for (; j < n; j++)
        {
            double s = 0, t = 0;
            double* ar = a, br = b0 + j;
            int r = 0;
            for (; r + 2 <= m; r += 2, ar += 2 * k, br += 2 * n) { s = Math.FusedMultiplyAdd(*ar, *br, s); t = Math.FusedMultiplyAdd(ar[k], br[n], t); }
            if (r < m) s = Math.FusedMultiplyAdd(*ar, *br, s);
            c[j] += s + t;
        }
    }

    /// <summary>
    /// s (n) += the column sums Σ_r B[r, :] of B (m×n), the bias adjoint b̄ += onesᵀ·Z̄: two rows at a time into two
    /// sets of sums (two independent chains of additions per vector, not one of m), added at the end.
    /// </summary>
    public static void AddColumnSums(ReadOnlySpan<double> b, Span<double> s, int m, int n)
    {
        Check(b.Length >= m * n && s.Length >= n, m, n, 0);
        fixed (double* b0 = b, s0 = s)
        {
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                V even = V.Zero, odd = V.Zero;
                double* br = b0 + j;
                int r = 0;
                for (; r + 2 <= m; r += 2, br += 2 * n) { even += Vector256.Load(br); odd += Vector256.Load(br + n); }
                if (r < m) even += Vector256.Load(br);
                (Vector256.Load(s0 + j) + (even + odd)).Store(s0 + j);
            }
            for (; j < n; j++)
            {
                double even = 0, odd = 0;
                double* br = b0 + j;
                int r = 0;
                for (; r + 2 <= m; r += 2, br += 2 * n) { even += *br; odd += br[n]; }
                if (r < m) even += *br;
                s0[j] += even + odd;
            }
        }
    }
}
