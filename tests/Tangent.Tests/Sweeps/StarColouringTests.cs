namespace Tangent.Tests.Sweeps;

/// <summary>
/// Star colouring on the patterns it must handle (dense, banded, block diagonal, arrow, random): the colouring
/// is a star colouring, uses the expected number of colours where that number is known, and the entries
/// read back from the products H·d_c are exactly those of the matrix.
/// </summary>
public class StarColouringTests
{
    private static (int, int)[] Banded(int n, int bandwidth) =>
        [.. from i in Enumerable.Range(0, n) from j in Enumerable.Range(i + 1, bandwidth) where j < n select (i, j)];

    private static (int, int)[] Blocks(int n, int size) =>
        [.. from i in Enumerable.Range(0, n) from j in Enumerable.Range(i + 1, n - i - 1) where i / size == j / size select (i, j)];

    private static (int, int)[] Arrow(int n, int hub) =>
        [.. from j in Enumerable.Range(0, n) where j != hub select (hub, j)];

    private static (int, int)[] DensePairs(int n) => Blocks(n, n);

    private static HessianPattern Pattern(int n, (int, int)[] pairs) =>
        HessianPattern.FromPairs(n, pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray());

    public static TheoryData<string, int, (int, int)[], int> Patterns => new()
    {
        { "dense", 9, DensePairs(9), 9 },
        { "diagonal", 7, [], 1 },
        { "tridiagonal", 40, Banded(40, 1), 3 },
        { "pentadiagonal", 40, Banded(40, 2), -1 },
        { "blocks of 4", 20, Blocks(20, 4), 4 },
        { "blocks of 3 with a ragged end", 11, Blocks(11, 3), 3 },
        { "arrow, hub first", 30, Arrow(30, 0), 2 },
        { "arrow, hub last", 30, Arrow(30, 29), 2 },
        { "arrow, hub in the middle", 30, Arrow(30, 13), 2 },
        { "arrow plus tridiagonal", 30, [.. Arrow(30, 0), .. Banded(30, 1)], -1 },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void ColouringIsAStarColouringAndRecoversEveryEntryExactly(string name, int n, (int, int)[] pairs, int expectedColours)
    {
        var p = Pattern(n, pairs);
        var colour = StarColouring.Colour(p, long.MaxValue, out int colours);
        Assert.NotNull(colour);
        AssertStarColouring(p, colour, name);
        if (expectedColours > 0) Assert.Equal(expectedColours, colours);
        Assert.True(colours <= n, name);
        if (name.StartsWith("pentadiagonal")) Assert.True(colours <= 6, $"{name}: {colours} colours");

        // A symmetric matrix with this pattern, and its products with the colour directions d_c.
        var rng = new Random(n * 31 + pairs.Length);
        var h = new double[n, n];
        for (int i = 0; i < n; i++) h[i, i] = rng.NextDouble() * 2 - 1;
        foreach (var (i, j) in pairs) h[i, j] = h[j, i] = rng.NextDouble() * 2 - 1;
        var b = new double[n * colours];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) b[i * colours + colour[j]] += h[i, j];
        // Each read entry is the lone nonzero of its colour in its row, so it comes back bit for bit.
        Assert.Equal(h, StarColouring.Recover(p, colour, b, colours).ToDense());
    }

    [Fact]
    public void RandomPatternsGetStarColouringsThatRecoverExactly()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            int n = rng.Next(1, 30);
            double density = rng.NextDouble() * 0.4;
            var pairs = (from i in Enumerable.Range(0, n) from j in Enumerable.Range(i + 1, n - i - 1) where rng.NextDouble() < density select (i, j)).ToArray();
            var p = Pattern(n, pairs);
            var colour = StarColouring.Colour(p, long.MaxValue, out int colours)!;
            AssertStarColouring(p, colour, $"random n = {n}");
            var h = new double[n, n];
            for (int i = 0; i < n; i++) h[i, i] = rng.NextDouble();
            foreach (var (i, j) in pairs) h[i, j] = h[j, i] = rng.NextDouble() - 0.5;
            var b = new double[n * colours];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) b[i * colours + colour[j]] += h[i, j];
            Assert.Equal(h, StarColouring.Recover(p, colour, b, colours).ToDense());
        }
    }

    [Fact]
    public void ColouringGivesUpWhenItWouldCostMoreThanItsBudget()
    {
        var p = Pattern(40, DensePairs(40));
        Assert.Null(StarColouring.Colour(p, 1000, out _));
    }

    [Fact]
    public void PatternFromPairsIsSymmetricSortedAndWithoutRepeats()
    {
        var p = HessianPattern.FromPairs(4, [2, 0, 2, 3, 1], [0, 2, 1, 3, 2]);
        Assert.Equal([2], p.Row(0).ToArray());
        Assert.Equal([2], p.Row(1).ToArray());
        Assert.Equal([0, 1], p.Row(2).ToArray());
        Assert.Empty(p.Row(3).ToArray()); // (3, 3) is the diagonal: not listed
    }

    /// <summary>Proper (adjacent columns differ) and every two-coloured path has at most three vertices.</summary>
    internal static void AssertStarColouring(HessianPattern p, int[] colour, string what)
    {
        for (int i = 0; i < p.Size; i++)
            foreach (int j in p.Row(i))
            {
                Assert.True(colour[i] != colour[j], $"{what}: neighbours {i} and {j} share colour {colour[i]}");
                // No path k–i–j–l with φ(k) = φ(j) and φ(l) = φ(i).
                bool k = false, l = false;
                foreach (int u in p.Row(i)) k |= u != j && colour[u] == colour[j];
                foreach (int u in p.Row(j)) l |= u != i && colour[u] == colour[i];
                Assert.False(k && l, $"{what}: a two-coloured path on four vertices through ({i}, {j})");
            }
    }
}
