using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// The matrix product C = op(A)·op(B) (+ C), op(X) being X or Xᵀ, on row-major arrays: the one kernel of every
/// array matmul and of both its adjoints. The managed kernel unless TANGENT_GEMM=openblas asks for OpenBLAS's
/// dgemm and the native library is installed (<see cref="Backend"/> says which ran). The managed kernel: B packed in panels of
/// <see cref="ManagedGemm.NR"/> columns, A in panels of <see cref="ManagedGemm.MR"/> rows, blocked for the caches,
/// and an MR×NR register tile updated by fused multiply-adds on Vector512 (or Vector256).
/// </summary>
internal static class Gemm
{
    /// <summary>"openblas" or "managed": the kernel used by array programs on this machine.</summary>
    public static string Backend => UseOpenBlas ? "openblas" : "managed";

    /// <summary>
    /// True when OpenBLAS is loaded and was asked for with TANGENT_GEMM=openblas. Not the default: on the project's
    /// machine (AMD EPYC, AVX-512) Debian's OpenBLAS 0.3.21 ran the 784-128-10 products at 43–51 GFLOP/s against the
    /// managed kernel's 77–85 (docs/arrays.md, quiet), and with it a network's gradient took 0.62–0.70 ms against
    /// 0.40–0.45 ms (a loaded profile, docs/networks.md); it was ahead only on products 10 columns wide, by about a microsecond.
    /// </summary>
    public static bool UseOpenBlas { get; set; } = OpenBlasRequested;

    /// <summary>What the environment asks for: OpenBLAS when TANGENT_GEMM=openblas and the library is installed.</summary>
    public static bool OpenBlasRequested => OpenBlas.IsAvailable && Environment.GetEnvironmentVariable("TANGENT_GEMM") == "openblas";

    /// <summary>
    /// C (m×n) = op(A)·op(B), or C += op(A)·op(B) when <paramref name="accumulate"/>. A is m×k (k×m when
    /// <paramref name="transA"/>) and B is k×n (n×k when <paramref name="transB"/>), all row-major and contiguous.
    /// </summary>
    public static void Multiply(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException($"gemm: buffers of {a.Length}, {b.Length}, {c.Length} numbers for ({m}×{k})·({k}×{n}).");
        if (m == 0 || n == 0) return;
        if (k == 0) { if (!accumulate) c[..(m * n)].Clear(); return; }
        if (n == 1 || m == 1) { Vector(a, transA, b, transB, c, m, n, k, accumulate); return; }
        if (UseOpenBlas) OpenBlas.Dgemm(a, transA, b, transB, c, m, n, k, accumulate);
        else ManagedGemm.Multiply(a, transA, b, transB, c, m, n, k, accumulate);
    }

    /// <summary>The naive triple loop, for tests: C = op(A)·op(B) (+ C).</summary>
    public static void Naive(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? c[i * n + j] : 0;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = s;
            }
    }

    /// <summary>
    /// Matrix-vector products (n = 1 or m = 1), where packing would waste the tile: each output is a dot product
    /// of two contiguous rows, or each contiguous row of the matrix is added, scaled, into the output.
    /// </summary>
    private static void Vector(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        if (n == 1)
        {
            // c (m) = op(A)·b, b a k-vector whatever transB says.
            if (!transA)
            {
                if (accumulate)
                    for (int i = 0; i < m; i++) c[i] += TensorPrimitives.Dot(a.Slice(i * k, k), b[..k]);
                else MatVec.Multiply(a, b, c, m, k);
            }
            else MatVec.MultiplyTransposedAdd(a, b, c, k, m);
        }
        else
        {
            // c (n) = aᵀ·op(B), a a k-vector whatever transA says.
            if (!transB)
                for (int p = 0; p < k; p++) TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[p], c[..n], c[..n]);
            else
                for (int j = 0; j < n; j++) c[j] += TensorPrimitives.Dot(b.Slice(j * k, k), a[..k]);
        }
    }
}
