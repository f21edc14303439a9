using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// Re-evaluation of a recorded graph at a new point without running the user's code: each node's
/// value and local partials are recomputed from its primitive's declaration, and every recorded
/// branch decision is checked. The result is valid only while every decision is unchanged.
/// </summary>
internal static class Replay
{
    /// <summary>
    /// The values of every node at x (values[i] for node i). When <paramref name="into"/> is given, the
    /// re-evaluated graph (new partials, kinks, diagnostics, outputs) is written there.
    /// Returns the index of the first branch whose decision changes, or −1 when all hold.
    /// </summary>
    public static int Evaluate(Graph g, ReadOnlySpan<double> x, double[] values, Graph? into)
    {
        values[0] = 0;
        x.CopyTo(values.AsSpan(1, g.InputCount));
        var nodes = g.Nodes;
        var ops = g.Ops;
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            ref Node n = ref nodes[i];
            var p = Primitive.ByCode(ops[i]);
            double a = n.OperandA(values);
            double b = p.Arity == 2 ? n.OperandB(values) : 0;
            double y = p.Evaluate(a, b, out double da, out double db);
            values[i] = y;
            if (into is null) continue;
            ref Node m = ref into.Nodes[i];
            m.A = n.A; m.B = n.B;
            m.PartialA = n.A == 0 ? n.ConstantA : da;
            m.PartialB = p.Arity == 2 ? (n.B == 0 ? n.ConstantB : db) : 0;
            if (p.IsKink(a, b))
                into.OnKink(i, p.Name, p.KinkConvention, p.Arity == 2 ? [a, b] : [a]);
            if (!double.IsFinite(y) || (n.A != 0 && !double.IsFinite(da)) || (p.Arity == 2 && n.B != 0 && !double.IsFinite(db)))
                into.OnNonFinite(p, a, b, y, da, db, p.Arity == 2);
        }
        if (into is not null)
        {
            for (int i = 1; i <= g.InputCount; i++) into.Nodes[i] = new Node { InputValue = x[i - 1] };
            into.Outputs = g.Outputs.Select(o => o.Index == 0 ? o : new Var(values[o.Index], o.Index, 0)).ToArray();
        }
        for (int k = 0; k < g.Branches.Count; k++)
        {
            var br = g.Branches[k];
            double a = br.A == 0 ? br.ValueA : values[br.A], b = br.B == 0 ? br.ValueB : values[br.B];
            if (Branch.Decide(a, b, br.Comparison) != br.Outcome) return k;
            if (into is null) continue;
            into.Branches.Add(br with { ValueA = a, ValueB = b });
            if (a == b)
                into.OnKink(br.A, "if", Branch.BoundaryConvention(br.Comparison, br.Outcome), a, b);
        }
        return -1;
    }
}
