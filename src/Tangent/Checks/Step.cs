namespace Tangent.Checks;

/// <summary>
/// A displacement h stored by its nonzero entries. Most approaches move one or two coordinates (axis lines, curves in a
/// pair of variables), so a check of f in n variables keeps O(approaches · radii) numbers, not O(approaches · radii · n):
/// 1 000 variables took 2.5 GB stored densely.
/// </summary>
internal readonly struct Step
{
    private readonly int[] index;
    private readonly double[] value;

    /// <summary>The nonzero entries of <paramref name="h"/>.</summary>
    public Step(double[] h)
    {
        int count = 0;
        foreach (var v in h) if (v != 0) count++;
        index = new int[count];
        value = new double[count];
        for (int i = 0, k = 0; i < h.Length; i++)
            if (h[i] != 0) { index[k] = i; value[k++] = h[i]; }
    }

    /// <summary>The entries <paramref name="value"/> at the coordinates <paramref name="index"/> (ascending); both are kept, not copied.</summary>
    public Step(int[] index, double[] value) => (this.index, this.value) = (index, value);

    /// <summary>hᵢ.</summary>
    public double this[int i]
    {
        get
        {
            int k = Array.BinarySearch(index, i);
            return k >= 0 ? value[k] : 0;
        }
    }

    /// <summary>l·h, and Σ|hᵢ| (the L¹ norm).</summary>
    public (double Dot, double L1) Dot(double[] l)
    {
        double dot = 0, l1 = 0;
        for (int k = 0; k < index.Length; k++) { dot += l[index[k]] * value[k]; l1 += Math.Abs(value[k]); }
        return (dot, l1);
    }

    /// <summary>x + h, written to <paramref name="p"/>.</summary>
    public void AddTo(double[] x, double[] p)
    {
        Array.Copy(x, p, x.Length);
        for (int k = 0; k < index.Length; k++) p[index[k]] += value[k];
    }
}
