namespace Tangent.Symbolic;

/// <summary>
/// Finds the subexpressions worth naming: those used more than once across all the printed
/// entries (counting each distinct parent once, and each distinct entry as a use) that are not
/// trivial — a primitive applied to at least one other application that is not itself named
/// (x², sin x and t1³ are written out; x² + y² and sin(x)·y get names). Names are t1, t2, … in
/// dependency order, each defined before its first use.
/// </summary>
internal static class SharedSubexpressions
{
    /// <summary>The named subexpressions, in an order where each definition uses only earlier names.</summary>
    internal static List<(string Name, Expr Expression)> Find(IReadOnlyList<Expr> roots, IEnumerable<string> variables)
    {
        var uses = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        var order = ExprDerivative.TopologicalOrder(roots);
        foreach (var e in order)
        {
            if (e.A is not null) uses[e.A] = uses.GetValueOrDefault(e.A) + 1;
            if (e.B is not null) uses[e.B] = uses.GetValueOrDefault(e.B) + 1;
        }
        foreach (var r in roots.Distinct(ReferenceEqualityComparer.Instance).Cast<Expr>()) uses[r] = uses.GetValueOrDefault(r) + 1;

        string prefix = Prefix(variables);
        var named = new List<(string, Expr)>();
        // The depth as printed: a named argument is written as its name, a leaf.
        var depth = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        foreach (var e in order) // arguments come first, so definitions come in dependency order
        {
            int d = e.A is null ? 0 : 1 + Math.Max(depth[e.A], e.B is null ? 0 : depth[e.B]);
            if (d >= 2 && uses.GetValueOrDefault(e) >= 2)
            {
                named.Add(($"{prefix}{named.Count + 1}", e));
                d = 0;
            }
            depth[e] = d;
        }
        return named;
    }

    /// <summary>"t", unless a variable is itself called t&lt;digits&gt;; then u, v, … and finally "tmp".</summary>
    private static string Prefix(IEnumerable<string> variables)
    {
        var taken = variables.ToList();
        foreach (string p in new[] { "t", "u", "v", "w", "s", "tmp" })
            if (!taken.Any(v => v.StartsWith(p, StringComparison.Ordinal) && v.Length > p.Length && v[p.Length..].All(char.IsAsciiDigit)))
                return p;
        return "tmp_";
    }
}
