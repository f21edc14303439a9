using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Tangent.Benchmarks;

/// <summary>One timing: the median time of one call and the bytes allocated per call once warm.</summary>
public readonly record struct Timing(double MedianNs, double MinNs, double BytesPerCall, int Samples);

/// <summary>
/// A small timing harness: warm up (so tiered compilation reaches its final code), pick a batch
/// size so that one sample lasts about <see cref="SampleNs"/>, time many samples, report the
/// median per call. Allocations are read from GC.GetAllocatedBytesForCurrentThread around a
/// warm batch. Results are consumed into <see cref="Sink"/> so the JIT cannot drop the work.
/// </summary>
public static class Harness
{
    public static double Sink;
    public static bool Quick;

    static double SampleNs => Quick ? 2e5 : 1e6;
    static int SampleCount => Quick ? 15 : 41;
    static double BudgetNs => Quick ? 6e8 : 4e9;

    public static Timing Measure(Func<double> call)
    {
        // Warm-up in rounds with pauses, so that tiered compilation (tier 0 → instrumented → tier 1
        // with dynamic PGO, compiled on a background thread after a quiet 100 ms) reaches its final code.
        double perCall = 0;
        for (int round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            int calls = 0;
            while (calls < 60 && (sw.Elapsed.TotalSeconds < 0.05 || calls < 2)) { Sink += call(); calls++; }
            perCall = sw.Elapsed.TotalNanoseconds / calls;
            Thread.Sleep(Quick ? 120 : 200);
        }
        int batch = (int)Math.Clamp(SampleNs / Math.Max(perCall, 1), 1, 1 << 24);
        int samples = (int)Math.Clamp(BudgetNs / (perCall * batch), 5, SampleCount);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < batch; i++) Sink += call();
        double bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)batch;

        var t = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) Sink += call();
            t[s] = Stopwatch.GetElapsedTime(t0).TotalNanoseconds / batch;
        }
        Array.Sort(t);
        return new Timing(t[samples / 2], t[0], bytes, samples);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Consume(double v) => Sink += v;

    public static string Time(double ns) => ns switch
    {
        < 1e3 => $"{ns:F1} ns",
        < 1e6 => $"{ns / 1e3:F2} µs",
        < 1e9 => $"{ns / 1e6:F2} ms",
        _ => $"{ns / 1e9:F2} s",
    };

    /// <summary>max |a − b| / max(max |b|, tiny): the relative error of a gradient against a reference.</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double err = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            err = Math.Max(err, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }
        if (double.IsNaN(err)) return double.NaN;
        return err / Math.Max(scale, double.Epsilon);
    }

    /// <summary>The shared input: x_i = −1.2 + 0.1·sin(i), the same formula in every language of bench/peers.</summary>
    public static double[] Point(int n)
    {
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = -1.2 + 0.1 * Math.Sin(i);
        return x;
    }
}
