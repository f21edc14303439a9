namespace Tangent;

/// <summary>
/// Why a Hessian has a non-finite entry: the nodes whose value and first partials are finite but whose second
/// partials are not (√u at u = 0 has √u'' = −¼u^(−3/2) = −∞; u^1.5 at 0 has a finite first derivative and an
/// infinite second). A first partial that is already infinite has its own diagnostic from the recording.
/// </summary>
internal static class CurvatureDiagnostics
{
    /// <summary>One diagnostic per node (at most 100, once per message) whose relevant second partial is not finite.</summary>
    public static List<Diagnostic> Of(Graph g)
    {
        var found = new List<Diagnostic>();
        var values = SecondOrder.Values(g);
        var prims = g.NodePrimitives();
        var nodes = g.Nodes;
        for (int i = g.InputCount + 1; i < g.Count && found.Count < 100; i++)
        {
            var p = prims[i];
            var n = nodes[i];
            bool binary = p.Arity == 2;
            // A constant operand's slot holds the constant itself (see Node).
            double a = n.OperandA(values), b = binary ? n.OperandB(values) : 0;
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(values[i])) continue;
            var (aa, ab, bb) = p.SecondPartials(a, b, values[i]);
            // Only the second partials with respect to recorded operands enter the Hessian.
            double worst = n.A != 0 && !double.IsFinite(aa) ? aa
                : binary && n.B != 0 && !double.IsFinite(bb) ? bb
                : binary && n.A != 0 && n.B != 0 && !double.IsFinite(ab) ? ab
                : 0;
            if (worst == 0) continue;
            string at = binary ? $"{p.Name}({Graph.F(a)}, {Graph.F(b)})" : $"{p.Name}({Graph.F(a)})";
            string message = $"the second derivative of {at} is not finite ({Graph.F(worst)}): the Hessian is not defined there";
            if (!found.Exists(d => d.Message == message)) found.Add(new Diagnostic(p.Name, message));
        }
        return found;
    }
}
