namespace Tangent;

/// <summary>
/// How a graph's Hessian is swept: its sparsity pattern (<see cref="HessianPattern"/>), a star colouring of
/// its columns (<see cref="StarColouring"/>), and so the number of Hessian-vector products, one per colour,
/// carried C directions per forward-over-reverse sweep. A dense (or nearly dense) Hessian takes one product
/// per column. The plan depends only on the graph's structure, not on the point or the output weights.
/// </summary>
internal sealed class HessianPlan
{
    /// <summary>The pattern, or null for a Hessian treated as dense.</summary>
    public HessianPattern? Pattern { get; }

    /// <summary>The colour of each column (the identity when dense).</summary>
    public int[] Colour { get; }

    /// <summary>The number of colours: the Hessian-vector products one Hessian costs.</summary>
    public int Colours { get; }

    /// <summary>Where each entry is read in the products (null when dense).</summary>
    private readonly StarColouring.Readings? readings;

    private HessianPlan(HessianPattern? pattern, int[] colour, int colours)
    {
        (Pattern, Colour, Colours) = (pattern, colour, colours);
        if (pattern is not null) readings = StarColouring.Read(pattern, colour, colours);
    }

    /// <summary>The plan for g: star colouring of its pattern when that takes fewer than n products.</summary>
    public static HessianPlan For(Graph g)
    {
        int n = g.InputCount;
        var pattern = HessianPattern.Find(g);
        if (pattern is not null)
        {
            var colour = StarColouring.Colour(pattern, 16L * n * n + (1 << 20), out int colours);
            if (colour is not null && colours < n) return new HessianPlan(pattern, colour, colours);
        }
        var identity = new int[n];
        for (int j = 0; j < n; j++) identity[j] = j;
        return new HessianPlan(null, identity, n);
    }

    /// <summary>∇²(wᵀF)(x) for the weights the terms were found for: one product per colour, <paramref name="chunk"/> colours per sweep, then read off.</summary>
    public SparseHessian Hessian(Graph g, SecondOrderTerms terms, int chunk)
    {
        int n = g.InputCount, k = Colours, c = Math.Max(1, Math.Min(chunk, k)); // c = k when k ≤ chunk
        var seeds = new double[n * c];
        var products = new double[n * c];
        // One sweep carries every colour when K ≤ C: its products, input-major, are then B itself.
        var b = k <= c ? products : new double[(long)n * k];
        for (int c0 = 0; c0 < k; c0 += c)
        {
            int width = Math.Min(c, k - c0);
            Array.Clear(seeds);
            for (int j = 0; j < n; j++)
            {
                int lane = Colour[j] - c0;
                if (lane >= 0 && lane < width) seeds[j * c + lane] = 1;
            }
            SecondOrder.Sweep(g, terms, seeds, c, products);
            if (b == products) break;
            for (int i = 0; i < n; i++)
                for (int lane = 0; lane < width; lane++) b[i * k + c0 + lane] = products[i * c + lane];
        }
        return Read(b, n);
    }

    /// <summary>
    /// The Hessian read off the products B = H·D, n × k input-major: B[i·k + c] = (H·dᶜ)ᵢ, where dᶜ is the indicator
    /// of the columns of colour c (<see cref="Colour"/>), however the products were formed.
    /// </summary>
    public SparseHessian Read(double[] b, int n)
    {
        if (readings is not null) return readings.Hessian(b);
        // Dense: every entry is listed; ∂²f/∂xᵢ∂xⱼ = ∂²f/∂xⱼ∂xᵢ exactly, and the two sweeps differ only by rounding.
        var start = new int[n + 1];
        var columns = new int[(long)n * n];
        var entries = new double[(long)n * n];
        for (int i = 0; i < n; i++)
        {
            start[i + 1] = (i + 1) * n;
            for (int j = 0; j < n; j++)
            {
                columns[i * n + j] = j;
                entries[i * n + j] = i == j ? b[i * n + i] : 0.5 * (b[i * n + j] + b[j * n + i]);
            }
        }
        return new SparseHessian(n, start, columns, entries, n);
    }
}
