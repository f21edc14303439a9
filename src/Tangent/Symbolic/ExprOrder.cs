using Tangent.Primitives;

namespace Tangent.Symbolic;

/// <summary>
/// The canonical order of expressions, so that a sum or a product is always written the same way:
/// numbers first, then variables by name, then applications by primitive and then by arguments.
/// Terms of a sum compare by their factors: x² before x, x before x·y, x·y before y.
/// </summary>
internal static class ExprOrder
{
    private static int Rank(ExprKind k) => k switch { ExprKind.Constant => 0, ExprKind.Variable => 1, _ => 2 };

    /// <summary>A total order on expressions (structurally equal expressions compare 0).</summary>
    internal static int Compare(Expr a, Expr b)
    {
        while (true)
        {
            if (ReferenceEquals(a, b)) return 0;
            int c = Rank(a.Kind).CompareTo(Rank(b.Kind));
            if (c != 0) return c;
            switch (a.Kind)
            {
                case ExprKind.Constant: return a.Number.CompareTo(b.Number);
                case ExprKind.Variable:
                    c = string.CompareOrdinal(a.Name, b.Name);
                    return c != 0 ? c : a.Value.CompareTo(b.Value);
            }
            c = a.Code.CompareTo(b.Code);
            if (c != 0) return c;
            if (a.B is not null && b.B is not null)
            {
                c = Compare(a.A!, b.A!);
                if (c != 0) return c;
                a = a.B;
                b = b.B;
            }
            else
            {
                a = a.A!;
                b = b.A!;
            }
        }
    }

    /// <summary>The bases and numeric exponents of a monomial written as Π bⱼ^eⱼ (numeric factors dropped).</summary>
    internal static List<(Expr Base, double Exponent)> Factors(Expr m)
    {
        if (m.FactorsMemo is { } memo) return memo;
        var list = new List<(Expr, double)>();
        Collect(m, 1, list);
        return m.FactorsMemo = list;

        static void Collect(Expr e, double s, List<(Expr, double)> list)
        {
            if (e.Kind == ExprKind.Constant) return;
            if (e.Is(Operators.Multiply)) { Collect(e.A!, s, list); Collect(e.B!, s, list); return; }
            if (e.Is(Operators.Divide)) { Collect(e.A!, s, list); Collect(e.B!, -s, list); return; }
            if (e.Is(Operators.Negate)) { Collect(e.A!, s, list); return; }
            if (e.Is(Operators.Power) && e.B!.Kind == ExprKind.Constant) { list.Add((e.A!, s * e.B.Number)); return; }
            list.Add((e, s));
        }
    }

    /// <summary>Lexicographic on the bases; at an equal base the higher power first; a prefix first.</summary>
    internal static int CompareFactorLists(List<(Expr Base, double Exponent)> p, List<(Expr Base, double Exponent)> q)
    {
        for (int i = 0; i < Math.Min(p.Count, q.Count); i++)
        {
            int c = Compare(p[i].Base, q[i].Base);
            if (c != 0) return c;
            c = q[i].Exponent.CompareTo(p[i].Exponent);
            if (c != 0) return c;
        }
        return p.Count.CompareTo(q.Count);
    }
}
