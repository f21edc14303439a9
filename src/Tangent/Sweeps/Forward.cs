namespace Tangent;

/// <summary>
/// The forward (tangent) sweep: seeded with input tangents v it returns J·v = Df(x)v by walking the
/// graph once forwards, ẏ = (∂φ/∂a)·ȧ + (∂φ/∂b)·ḃ. It carries C tangent directions at once
/// (a chunk), so a Jacobian with n columns costs about n/C sweeps.
/// </summary>
internal static class Forward
{
    [ThreadStatic] private static double[]? buffer;

    /// <summary>
    /// Pushes C tangents through the graph. <paramref name="seeds"/> holds them input-major
    /// (seeds[j·C + k] is component j of direction k); the output tangents are written
    /// output-major to <paramref name="result"/> (result[r·C + k]).
    /// </summary>
    public static void Sweep(Graph g, ReadOnlySpan<double> seeds, int chunk, Span<double> result)
    {
        int c = chunk, count = g.Count;
        long size = (long)count * c;
        var dot = buffer;
        if (dot is null || dot.Length < size) buffer = dot = new double[Math.Max(size, (dot?.Length ?? 0) * 2)];
        dot.AsSpan(0, c).Clear(); // the sink (constants) has tangent 0
        seeds[..(g.InputCount * c)].CopyTo(dot.AsSpan(c, g.InputCount * c));
        var nodes = g.Nodes;
        bool guarded = g.NonFinite;
        for (int i = g.InputCount + 1; i < count; i++)
        {
            ref Node n = ref nodes[i];
            var y = dot.AsSpan(i * c, c);
            // A constant operand keeps its value in its partial slot: weigh it by 0.
            double da = n.PartialAOrZero, db = n.PartialBOrZero;
            var ta = dot.AsSpan(n.A * c, c);
            var tb = dot.AsSpan(n.B * c, c);
            if (!guarded && double.IsFinite(da) && double.IsFinite(db))
            {
                for (int k = 0; k < y.Length; k++) y[k] = da * ta[k] + db * tb[k];
            }
            else
            {
                // NOTE: a zero factor contributes nothing, even against a NaN or infinite one: a zero tangent
                // through an infinite partial, or a zero partial on an infinite tangent (0·∞ = 0, as in Reverse).
                for (int k = 0; k < y.Length; k++)
                    y[k] = (ta[k] == 0 || da == 0 ? 0 : da * ta[k]) + (tb[k] == 0 || db == 0 ? 0 : db * tb[k]);
            }
        }
        for (int r = 0; r < g.Outputs.Length; r++)
            dot.AsSpan(g.Outputs[r].Index * c, c).CopyTo(result.Slice(r * c, c));
    }
}
