using System.Runtime.InteropServices;

namespace Tangent.Arrays;

/// <summary>
/// OpenBLAS's cblas_dgemm through P/Invoke, when the native library (Debian <c>libopenblas0</c>:
/// <c>libopenblas.so.0</c>) can be loaded; looked up once. Nothing else in the library depends on it.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm = Load();

    /// <summary>True when libopenblas is installed and exports cblas_dgemm.</summary>
    public static bool IsAvailable => dgemm != null;

    private static delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> Load()
    {
        foreach (var name in new[] { "libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll" })
            if (NativeLibrary.TryLoad(name, out var handle) && NativeLibrary.TryGetExport(handle, "cblas_dgemm", out var f))
            {
                // One thread, as the managed kernel: the figures compare like with like and programs stay deterministic.
                if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var threads))
                    ((delegate* unmanaged<int, void>)threads)(1);
                return (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)f;
            }
        return null;
    }

    /// <summary>C (m×n) = op(A)·op(B) (+ C), row-major, as <see cref="Gemm.Multiply"/>.</summary>
    public static void Dgemm(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB,
        Span<double> c, int m, int n, int k, bool accumulate)
    {
        if (dgemm == null) throw new InvalidOperationException("OpenBLAS is not installed (libopenblas.so.0 was not found).");
        fixed (double* pa = a, pb = b, pc = c)
            dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                1.0, pa, transA ? m : k, pb, transB ? k : n, accumulate ? 1.0 : 0.0, pc, n);
    }
}
