namespace Tangent.Tests.Support;

/// <summary>
/// Closeness assertions with a mixed tolerance |a − e| ≤ abs + rel·|e|, whose failure messages say
/// what was compared, so a failing sample names its primitive, point and mode.
/// </summary>
public static class Approx
{
    /// <summary>True when |actual − expected| ≤ abs + rel·|expected| (NaN equals only NaN).</summary>
    public static bool Close(double actual, double expected, double rel, double abs)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual)) return double.IsNaN(expected) && double.IsNaN(actual);
        if (double.IsInfinity(expected) || double.IsInfinity(actual)) return actual == expected;
        return Math.Abs(actual - expected) <= abs + rel * Math.Abs(expected);
    }

    /// <summary>Asserts |actual − expected| ≤ abs + rel·|expected|.</summary>
    public static void Equal(double expected, double actual, double rel = 1e-12, double abs = 1e-12, string what = "")
    {
        if (!Close(actual, expected, rel, abs))
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:R}, tolerance {abs:R} + {rel:R}·|expected|)");
    }

    /// <summary>Entry-wise <see cref="Equal(double, double, double, double, string)"/> on vectors of the same length.</summary>
    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rel = 1e-12, double abs = 1e-12, string what = "")
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected length {expected.Count}, got {actual.Count}");
        for (int i = 0; i < expected.Count; i++) Equal(expected[i], actual[i], rel, abs, $"{what}[{i}]");
    }

    /// <summary>Entry-wise comparison of matrices of the same shape.</summary>
    public static void Equal(double[,] expected, double[,] actual, double rel = 1e-12, double abs = 1e-12, string what = "")
    {
        Assert.True(expected.GetLength(0) == actual.GetLength(0) && expected.GetLength(1) == actual.GetLength(1),
            $"{what}: expected shape {expected.GetLength(0)}×{expected.GetLength(1)}, got {actual.GetLength(0)}×{actual.GetLength(1)}");
        for (int i = 0; i < expected.GetLength(0); i++)
            for (int j = 0; j < expected.GetLength(1); j++)
                Equal(expected[i, j], actual[i, j], rel, abs, $"{what}[{i},{j}]");
    }

    /// <summary>The largest |entry| of a matrix, to scale a tolerance.</summary>
    public static double MaxAbs(double[,] m)
    {
        double s = 0;
        foreach (var v in m) s = Math.Max(s, Math.Abs(v));
        return s;
    }
}

/// <summary>Small dense linear algebra for the tests (the library's answers are checked against these).</summary>
public static class Dense
{
    /// <summary>M·v.</summary>
    public static double[] Multiply(double[,] m, IReadOnlyList<double> v)
    {
        var y = new double[m.GetLength(0)];
        for (int i = 0; i < y.Length; i++)
            for (int j = 0; j < m.GetLength(1); j++) y[i] += m[i, j] * v[j];
        return y;
    }

    /// <summary>A·B.</summary>
    public static double[,] Multiply(double[,] a, double[,] b)
    {
        int m = a.GetLength(0), k = a.GetLength(1), n = b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int l = 0; l < k; l++) c[i, j] += a[i, l] * b[l, j];
        return c;
    }

    /// <summary>Mᵀ.</summary>
    public static double[,] Transpose(double[,] m)
    {
        var t = new double[m.GetLength(1), m.GetLength(0)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) t[j, i] = m[i, j];
        return t;
    }

    /// <summary>⟨a, b⟩.</summary>
    public static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Count; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>|v|.</summary>
    public static double Norm(IReadOnlyList<double> v) => Math.Sqrt(Dot(v, v));

    /// <summary>A vector of n entries uniform in [lo, hi).</summary>
    public static double[] Random(Random rng, int n, double lo = -1, double hi = 1)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.NextDouble();
        return v;
    }

    /// <summary>A uniformly distributed unit vector in Rⁿ (a normalised Gaussian vector).</summary>
    public static double[] RandomUnit(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        double norm = Norm(v);
        for (int i = 0; i < n; i++) v[i] /= norm;
        return v;
    }
}
