namespace Tangent.Symbolic;

/// <summary>
/// Symbolic differentiation of an <see cref="Expr"/> DAG by one reverse (adjoint) sweep:
/// ∂f/∂f = 1, and for every node y = φ(a, b), taken after all its users,
/// ā += ȳ·∂φ/∂a and b̄ += ȳ·∂φ/∂b, with the partials taken from the primitive's own declared
/// formulas (<see cref="Primitives.Primitive.PartialFormulas{T}"/>) on symbolic arguments.
/// The gradient is the adjoints of the variables. Hessians differentiate the gradient's entries
/// by the same sweep, so there is one symbolic differentiation.
/// </summary>
internal static class ExprDerivative
{
    /// <summary>(∂f/∂v₁, …, ∂f/∂vₖ) for the variables v (0 for a variable f does not contain).</summary>
    internal static Expr[] Gradient(Expr f, IReadOnlyList<Expr> variables)
    {
        var order = TopologicalOrder(f);
        // The contributions ȳ·∂φ/∂x to each adjoint x̄ are kept and summed once, when x is reached
        // (all its users are done by then): one n-ary sum instead of a sum rebuilt per contribution.
        var contributions = new Dictionary<Expr, List<Expr>>(ReferenceEqualityComparer.Instance) { [f] = [Expr.Constant(1)] };
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var y = order[i];
            if (y.Kind != ExprKind.Apply || !contributions.TryGetValue(y, out var parts)) continue;
            var bar = Canonical.Sum(parts);
            if (bar.Is(0)) continue;
            var (da, db) = y.Primitive!.PartialFormulas(y.A!, y.B ?? Expr.Constant(0), y);
            Accumulate(contributions, y.A!, bar * da);
            if (y.B is not null) Accumulate(contributions, y.B, bar * db);
        }
        var gradient = new Expr[variables.Count];
        for (int j = 0; j < gradient.Length; j++)
            gradient[j] = contributions.TryGetValue(variables[j], out var g) ? Canonical.Sum(g) : Expr.Constant(0);
        return gradient;
    }

    private static void Accumulate(Dictionary<Expr, List<Expr>> contributions, Expr x, Expr contribution)
    {
        if (x.Kind == ExprKind.Constant || contribution.Is(0)) return; // a number has no adjoint
        if (contributions.TryGetValue(x, out var list)) list.Add(contribution);
        else contributions.Add(x, [contribution]);
    }

    /// <summary>Every distinct node of the DAG under f, each after its arguments (iterative: deep formulas do not overflow the stack).</summary>
    internal static List<Expr> TopologicalOrder(Expr f) => TopologicalOrder([f]);

    /// <summary>Every distinct node under the roots, each after its arguments.</summary>
    internal static List<Expr> TopologicalOrder(IEnumerable<Expr> roots)
    {
        var order = new List<Expr>();
        var seen = new HashSet<Expr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Expr Node, bool Expanded)>();
        foreach (var root in roots) stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (e, expanded) = stack.Pop();
            if (expanded) { order.Add(e); continue; }
            if (!seen.Add(e)) continue;
            stack.Push((e, true));
            if (e.B is not null && !seen.Contains(e.B)) stack.Push((e.B, false));
            if (e.A is not null && !seen.Contains(e.A)) stack.Push((e.A, false));
        }
        return order;
    }

    /// <summary>
    /// The value of each root with the variables set by <paramref name="values"/>, computed by the
    /// primitives' own Value on doubles, each shared node once.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A variable of the expression has no value.</exception>
    internal static double[] Evaluate(IReadOnlyList<Expr> roots, IReadOnlyDictionary<string, double> values)
    {
        var value = new Dictionary<Expr, double>(ReferenceEqualityComparer.Instance);
        foreach (var e in TopologicalOrder(roots))
        {
            value[e] = e.Kind switch
            {
                ExprKind.Constant => e.Number,
                ExprKind.Variable => values.TryGetValue(e.Name!, out var v) ? v
                    : throw new KeyNotFoundException($"The variable '{e.Name}' has no value: give one for every variable of the formula."),
                _ => e.Primitive!.Evaluate(value[e.A!], e.B is null ? 0 : value[e.B], out _, out _),
            };
        }
        return roots.Select(r => value[r]).ToArray();
    }
}
