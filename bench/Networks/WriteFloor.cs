using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Bench.Networks;

/// <summary>
/// The memory floor of a result of m × p doubles that are not zero: the same bytes written by the same aligned
/// non-temporal stores the per-sample kernel uses, of a fixed vector with no zero lane.
/// Why not memset: on the project's machine (AMD EPYC, 4 Dec 2026, a scratch program writing 52 MB by
/// Vector512.StoreAlignedNonTemporal, best of several loaded runs) lines of zeros were written in 0.78–0.87 ms and
/// lines holding anything else (even one set bit per double) in 1.34–1.52 ms; memset writes zeros, so it is below
/// what any nonzero result can reach, and per-sample gradients are almost never zero (docs/networks.md).
/// </summary>
internal static class WriteFloor
{
    /// <summary>Writes <paramref name="destination"/> whole with nonzero doubles: ordinary stores for the unaligned head and tail, 64-byte non-temporal stores between.</summary>
    public static unsafe void StreamNonzero(Span<double> destination)
    {
        var v = Vector512.Create(1.0, 2.3, 3.1, 4.7, 5.5, 6.1, 7.9, 8.2);
        fixed (double* g = &MemoryMarshal.GetReference(destination))
        {
            long n = destination.Length, e = 0;
            for (; e < n && ((nuint)(g + e) & 63) != 0; e++) g[e] = 1.0;
            for (; e + 8 <= n; e += 8) Vector512.StoreAlignedNonTemporal(v, g + e);
            for (; e < n; e++) g[e] = 1.0;
        }
        System.Runtime.Intrinsics.X86.Sse2.MemoryFence(); // as the kernel does: complete the weakly ordered stores
    }
}
