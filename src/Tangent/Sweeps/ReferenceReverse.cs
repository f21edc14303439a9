namespace Tangent;

/// <summary>
/// Backpropagation as the textbook states it, untuned: the readable statement of the reverse sweep and the tests'
/// oracle for <see cref="Reverse"/>, which computes the same sums in the same order with a register carry and
/// unchecked references.
/// </summary>
/// <remarks>
/// Every node y = φ(a, b) passes its adjoint ȳ back to its operands times its local partials, ā += (∂φ/∂a)·ȳ and
/// b̄ += (∂φ/∂b)·ȳ, and the nodes are visited in the reverse order of recording, so a node's adjoint is complete
/// (every user has added to it) before it is passed on. Seeded with ȳ = w at the outputs, the inputs end with
/// x̄ = Jᵀw. A product with a zero factor is 0 even when the other is infinite or NaN (0·∞ = 0), the convention of
/// every sweep: a node with no path to the output, or a zero partial, passes nothing back.
/// </remarks>
internal static class ReferenceReverse
{
    /// <summary>x̄ = Jᵀw, a new array of length n.</summary>
    public static double[] Sweep(Graph g, ReadOnlySpan<double> w)
    {
        var adjoint = new double[g.Count];
        for (int k = 0; k < g.Outputs.Length; k++) adjoint[g.Outputs[k].Index] += w[k];
        for (int i = g.Count - 1; i > g.InputCount; i--)
        {
            var node = g.Nodes[i];
            adjoint[node.A] += Times(node.PartialAOrZero, adjoint[i]);
            adjoint[node.B] += Times(node.PartialBOrZero, adjoint[i]);
        }
        return adjoint[1..(g.InputCount + 1)];
    }

    private static double Times(double partial, double adjoint) => partial == 0 || adjoint == 0 ? 0 : partial * adjoint;
}
