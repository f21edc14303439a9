using CsCheck;
using Tangent.Arrays;
using Tangent.Tests.Support;

namespace Tangent.Tests.Arrays;

/// <summary>
/// The register-blocked small products (<see cref="SmallProducts"/>) against plain triple loops written here, on
/// random shapes that take every block and tail: four rows at a time and single rows, eight, four and single
/// columns; accumulating into C and starting from a bias.
/// </summary>
public class SmallProductsTests
{
    private static double[] Random(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => 2 * rng.NextDouble() - 1)];

    [Fact]
    public void AxpyRowsIsStartPlusTheProductOnEveryShape() =>
        Gen.Select(Gen.Int[1, 13], Gen.Int[1, 11], Gen.Int[1, 19], Gen.Int[0, 2], Gen.Int).SampleRepeatably((m, q, n, start, seed) =>
        {
            var rng = new Random(seed);
            double[] a = Random(rng, m * q), b = Random(rng, q * n), bias = Random(rng, n), c = Random(rng, m * n);
            var expected = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = start switch { 0 => c[i * n + j], 1 => bias[j], _ => 0 };
                    for (int r = 0; r < q; r++) s += a[i * q + r] * b[r * n + j];
                    expected[i * n + j] = s;
                }
            SmallProducts.AxpyRows(a, b, c, m, q, n, start == 1 ? bias : default, accumulate: start == 0);
            Approx.Equal(expected, c, 1e-13, 1e-14, $"A ({m}×{q})·B ({q}×{n}), start {start}");
        });

    [Fact]
    public void TransposedAxpyRowsAddsTheTransposedProductOnEveryShape() =>
        Gen.Select(Gen.Int[1, 13], Gen.Int[1, 11], Gen.Int[1, 19], Gen.Int).SampleRepeatably((m, k, n, seed) =>
        {
            var rng = new Random(seed);
            double[] a = Random(rng, m * k), b = Random(rng, m * n), c = Random(rng, k * n);
            var expected = (double[])c.Clone();
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++)
                    for (int r = 0; r < m; r++) expected[p * n + j] += a[r * k + p] * b[r * n + j];
            SmallProducts.TransposedAxpyRows(a, b, c, m, k, n);
            Approx.Equal(expected, c, 1e-13, 1e-14, $"C ({k}×{n}) += Aᵀ·B, A {m}×{k}");
        });

    [Fact]
    public void AddColumnSumsAddsEachColumnsSum() =>
        Gen.Select(Gen.Int[1, 13], Gen.Int[1, 19], Gen.Int).SampleRepeatably((m, n, seed) =>
        {
            var rng = new Random(seed);
            double[] b = Random(rng, m * n), s = Random(rng, n);
            var expected = (double[])s.Clone();
            for (int r = 0; r < m; r++)
                for (int j = 0; j < n; j++) expected[j] += b[r * n + j];
            SmallProducts.AddColumnSums(b, s, m, n);
            Approx.Equal(expected, s, 1e-13, 1e-14, $"column sums of {m}×{n}");
        });
}
