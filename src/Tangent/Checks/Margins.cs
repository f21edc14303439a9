using Tangent.Primitives;

namespace Tangent.Checks;

/// <summary>
/// Whether every primitive of a recorded evaluation is smooth on a whole neighbourhood of its operands, with
/// room to spare for rounding. The primitives' own kink tests (abs(a) at a = 0, max(a, b) at a = b) are exact
/// equalities on the computed operands; but the operands carry rounding error, and the point of interest is the
/// exact one: 3·0.1 − 0.3 computes to 5.6e−17, not 0, although the mathematics sits on the kink of abs. So each
/// operand gets a first-order bound on its rounding error, e(y) = |∂φ/∂a|·e(a) + |∂φ/∂b|·e(b) + ε|y| (inputs and
/// constants: ε|v|, decimal rounding), and every primitive is probed at the corners a ± κe(a), b ± κe(b):
/// inside the domain, finite, and its value and partials move there no more than its second partials allow.
/// A jump (abs or sign across 0, max across a tie) or a domain boundary within that distance fails the test.
/// </summary>
internal static class Margins
{
    private const double Eps = 2.220446049250313e-16;
    /// <summary>How many rounding-error bounds away a kink, boundary or branch threshold must be.</summary>
    private const double Kappa = 64;

    /// <summary>
    /// True when every primitive and every branch condition of <paramref name="g"/> is at least κ rounding
    /// errors away from its nonsmooth set: then f is, near the exact point, the same composition of smooth
    /// maps, and differentiable by the chain rule.
    /// </summary>
    public static bool Clear(Graph g, out string nearest)
    {
        nearest = "";
        var values = SecondOrder.Values(g);
        var err = new double[g.Count];
        for (int i = 1; i <= g.InputCount; i++) err[i] = Rounding(values[i]);
        var nodes = g.Nodes;
        var ops = g.Ops;
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            ref Node n = ref nodes[i];
            var p = Primitive.ByCode(ops[i]);
            bool binary = p.Arity == 2;
            double a = n.OperandA(values);
            double b = binary ? n.OperandB(values) : 0;
            double ea = n.A == 0 ? Rounding(a) : err[n.A];
            double eb = !binary ? 0 : n.B == 0 ? Rounding(b) : err[n.B];
            double y = p.Evaluate(a, b, out double da, out double db);
            err[i] = Term(da, ea) + Term(db, eb) + Eps * Math.Abs(y);
            if (!double.IsFinite(err[i]) || !Smooth(p, a, b, y, da, db, Kappa * ea, Kappa * eb, n.A != 0, binary && n.B != 0, binary))
            {
                nearest = $"{p.Name}({Graph.F(a)}{(binary ? ", " + Graph.F(b) : "")})";
                return false;
            }
        }
        foreach (var br in g.Branches)
        {
            double ea = br.A == 0 ? Rounding(br.ValueA) : err[br.A];
            double eb = br.B == 0 ? Rounding(br.ValueB) : err[br.B];
            if (!(Math.Abs(br.ValueA - br.ValueB) > Kappa * (ea + eb)))
            {
                nearest = $"the condition {Graph.F(br.ValueA)} {Branch.Symbol(br.Comparison)} {Graph.F(br.ValueB)}";
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// φ is smooth on the box [a − δa, a + δa] × [b − δb, b + δb], as far as its corners tell: each corner is in the
    /// domain with finite value and partials, the value moves by at most twice the first-order change plus the
    /// second-order term, and each partial by at most twice what the second partials allow. Partials in a
    /// constant operand (<paramref name="variableA"/>, <paramref name="variableB"/> false) are not functions of x and are not checked.
    /// </summary>
    private static bool Smooth(Primitive p, double a, double b, double y, double da, double db, double dA, double dB,
        bool variableA, bool variableB, bool binary)
    {
        if (!binary) { db = 0; dB = 0; }
        if (p.OutsideDomain(a, b) || !double.IsFinite(y) || variableA && !double.IsFinite(da) || variableB && !double.IsFinite(db)) return false;
        if (dA == 0 && dB == 0) return true;
        var (haa, hab, hbb) = p.SecondPartials(a, b, y);
        foreach (int sa in dA > 0 ? (int[])[-1, 0, 1] : [0])
            foreach (int sb in dB > 0 ? (int[])[-1, 0, 1] : [0])
            {
                if (sa == 0 && sb == 0) continue;
                double a2 = a + sa * dA, b2 = b + sb * dB;
                if (p.OutsideDomain(a2, b2)) return false;
                double y2 = p.Evaluate(a2, b2, out double da2, out double db2);
                if (!binary) db2 = 0;
                if (!double.IsFinite(y2) || !double.IsFinite(da2) && sa != 0 || !double.IsFinite(db2) && sb != 0) return false;
                var (kaa, kab, kbb) = p.SecondPartials(a2, b2, y2);
                double step = Math.Abs(sa) * dA, stepB = Math.Abs(sb) * dB;
                double caa = Curvature(haa, kaa, step * step), cab = Curvature(hab, kab, step * stepB), cbb = Curvature(hbb, kbb, stepB * stepB);
                double slope = (sa == 0 ? 0 : Math.Max(Math.Abs(da), Math.Abs(da2)) * step) + (sb == 0 ? 0 : Math.Max(Math.Abs(db), Math.Abs(db2)) * stepB);
                double valueRoom = 2 * slope + caa + 2 * cab + cbb + 8 * Eps * (Math.Abs(y) + Math.Abs(y2));
                if (!(Math.Abs(y2 - y) <= valueRoom)) return false;
                if (variableA && !(Math.Abs(da2 - da) <= 2 * (Curvature(haa, kaa, step) + Curvature(hab, kab, stepB)) + 8 * Eps * (Math.Abs(da) + Math.Abs(da2)))) return false;
                if (variableB && !(Math.Abs(db2 - db) <= 2 * (Curvature(hab, kab, step) + Curvature(hbb, kbb, stepB)) + 8 * Eps * (Math.Abs(db) + Math.Abs(db2)))) return false;
            }
        return true;
    }

    /// <summary>max(|u|, |v|)·step: the change a second partial allows over a step (none for a zero step, none bounded for NaN).</summary>
    private static double Curvature(double u, double v, double step) =>
        step == 0 ? 0 : double.IsNaN(u) || double.IsNaN(v) ? double.PositiveInfinity : Math.Max(Math.Abs(u), Math.Abs(v)) * step;

    /// <summary>|∂φ|·e, with no contribution from an exact operand (its partial may be undefined: ∂(aᵇ)/∂b at a &lt; 0).</summary>
    private static double Term(double d, double e) => e == 0 ? 0 : Math.Abs(d) * e;

    /// <summary>
    /// The rounding error of an input or constant as given: ε|v| for a decimal such as 0.1 (not a double),
    /// 0 for an integer of at most 53 bits, which every decimal rounds to exactly.
    /// </summary>
    private static double Rounding(double v) => v == Math.Floor(v) && Math.Abs(v) <= 9007199254740992 ? 0 : Eps * Math.Abs(v);
}
