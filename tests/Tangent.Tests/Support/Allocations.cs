namespace Tangent.Tests.Support;

/// <summary>Managed allocations of warm calls, read so that the runtime's own one-off work cannot fail a test.</summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes this thread allocated in any of <paramref name="windows"/> runs of <paramref name="window"/>
    /// (stopping at the first that allocated nothing). An allocation per call shows in every window; a one-off event of
    /// the runtime on this thread while code tiers up does not (6 768 bytes once, in a clean-clone CI run).
    /// </summary>
    public static long Fewest(Action window, int windows = 3)
    {
        long fewest = long.MaxValue;
        for (int w = 0; w < windows && fewest > 0; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
