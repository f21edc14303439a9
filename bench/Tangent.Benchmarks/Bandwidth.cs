namespace Tangent.Benchmarks;

/// <summary>
/// The machine's memory bandwidth, measured in the same run: a copy of 256 MiB (read + write,
/// far beyond the caches) and a read-only sum, in GB/s of bytes moved (a copy moves 2 bytes per byte copied).
/// </summary>
public static class Bandwidth
{
    public static (double CopyGBs, double ReadGBs) Measure()
    {
        int len = 32 << 20; // 32 Mi doubles = 256 MiB per array
        var a = new double[len];
        var b = new double[len];
        for (int i = 0; i < len; i++) a[i] = i;
        b.AsSpan().Fill(1);
        var copy = Harness.Measure(() => { a.AsSpan().CopyTo(b); return b[len / 2]; });
        var read = Harness.Measure(() => System.Numerics.Tensors.TensorPrimitives.Sum<double>(a));
        double bytes = (double)len * sizeof(double);
        return (2 * bytes / copy.MedianNs, bytes / read.MedianNs);
    }
}
