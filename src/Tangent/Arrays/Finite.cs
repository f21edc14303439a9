using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tangent.Arrays;

/// <summary>Finds NaN and infinite numbers fast: x − x is 0 for every finite x and NaN otherwise.</summary>
internal static class Finite
{
    /// <summary>The index of the first NaN or infinite element, or −1 when all are finite.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> x)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 4 * Vector256<double>.Count)
        {
            ref double x0 = ref MemoryMarshal.GetReference(x);
            // four independent sums, so the loop is not one chain of dependent additions
            Vector256<double> acc = Vector256<double>.Zero, acc1 = acc, acc2 = acc, acc3 = acc;
            int block = x.Length - x.Length % (4 * Vector256<double>.Count);
            for (; i < block; i += 4 * Vector256<double>.Count)
            {
                Vector256<double> v0 = Vector256.LoadUnsafe(ref x0, (nuint)i), v1 = Vector256.LoadUnsafe(ref x0, (nuint)i + 4);
                Vector256<double> v2 = Vector256.LoadUnsafe(ref x0, (nuint)i + 8), v3 = Vector256.LoadUnsafe(ref x0, (nuint)i + 12);
                acc += v0 - v0; acc1 += v1 - v1; acc2 += v2 - v2; acc3 += v3 - v3;
            }
            int whole = x.Length - x.Length % Vector256<double>.Count;
            for (; i < whole; i += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref x0, (nuint)i);
                acc += v - v;
            }
            if ((acc + acc1) + (acc2 + acc3) == Vector256<double>.Zero) { /* all finite so far */ }
            else i = 0; // something is not finite: find it below, element by element
        }
        for (; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return i;
        return -1;
    }
}
