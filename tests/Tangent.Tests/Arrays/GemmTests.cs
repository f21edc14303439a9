using Tangent.Arrays;
using Tangent.Tests.Support;

namespace Tangent.Tests.Arrays;

/// <summary>
/// The matrix product against the naive triple loop, on shapes that exercise every edge of the blocking
/// (1×1, primes, one less and one more than the register tile and the cache blocks), all four transpose cases,
/// with and without accumulation; the managed kernel always, the chosen one and OpenBLAS (where installed) too.
/// </summary>
public class GemmTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 1, 7, 1 }, { 7, 1, 5 }, { 2, 3, 5 }, { 7, 11, 13 }, { 8, 16, 1 }, { 9, 17, 3 }, { 15, 31, 2 },
        { 97, 19, 257 }, { 64, 128, 37 }, { 96, 2048 + 3, 5 }, { 101, 23, 300 },
    };

    private static double[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ManagedKernelEqualsTheNaiveProduct(int m, int n, int k) => Check(m, n, k, ManagedGemm.Multiply);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ChosenKernelEqualsTheNaiveProduct(int m, int n, int k) => Check(m, n, k, Gemm.Multiply);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OpenBlasEqualsTheNaiveProductWhereInstalled(int m, int n, int k)
    {
        // OpenBLAS is no longer the default kernel, so the chosen-kernel test above no longer reaches it.
        if (OpenBlas.IsAvailable) Check(m, n, k, OpenBlas.Dgemm);
    }

    private delegate void Product(ReadOnlySpan<double> a, bool transA, ReadOnlySpan<double> b, bool transB, Span<double> c, int m, int n, int k, bool accumulate);

    private static void Check(int m, int n, int k, Product product)
    {
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var c0 = Random(m * n, 3);
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                {
                    var expected = (double[])c0.Clone();
                    var actual = (double[])c0.Clone();
                    Gemm.Naive(a, transA, b, transB, expected, m, n, k, accumulate);
                    product(a, transA, b, transB, actual, m, n, k, accumulate);
                    // Sums of k products of numbers in [−1, 1], added in another order: a few ulps of k.
                    Approx.Equal(expected, actual, 0, 1e-14 * (k + 1), $"({m}×{k})·({k}×{n}) transA={transA} transB={transB} accumulate={accumulate}");
                }
    }

    [Fact]
    public void TheManagedKernelLeavesTheRestOfCUntouched()
    {
        // C is a 3×5 block inside a larger buffer: nothing past m·n is written.
        var c = Enumerable.Repeat(7.0, 20).ToArray();
        ManagedGemm.Multiply(Random(3 * 4, 1), false, Random(4 * 5, 2), false, c, 3, 5, 4, accumulate: false);
        Assert.All(c[15..], v => Assert.Equal(7.0, v));
    }
}
