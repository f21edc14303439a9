using Tangent.Primitives;

namespace Tangent.Symbolic;

/// <summary>
/// Reads a recorded <see cref="Graph"/> as formulas: node i's value as an <see cref="Expr"/> in the
/// named inputs, built node by node from each node's primitive and operands (a constant operand's
/// value is the one stored in its partial slot). The branch decisions the graph depends on are read
/// as conditions on the same formulas.
/// </summary>
internal sealed class GraphFormulas
{
    /// <summary>The inputs x₁..xₙ as variables, in graph order.</summary>
    internal Expr[] Inputs { get; }

    /// <summary>The outputs f₁..fₘ as formulas.</summary>
    internal Expr[] Outputs { get; }

    /// <summary>The conditions under which the recorded control flow is the one taken, e.g. x &gt; 0.</summary>
    internal (Expr A, Comparison Comparison, Expr B)[] Conditions { get; }

    /// <exception cref="ArgumentException">The number of names differs from the number of inputs, or a name repeats.</exception>
    /// <exception cref="InvalidOperationException">The graph is larger than symbolic output is meant for.</exception>
    internal GraphFormulas(Graph g, IReadOnlyList<string> variableNames)
    {
        if (variableNames.Count != g.InputCount)
            throw new ArgumentException(
                $"The graph has {g.InputCount} input(s) but {variableNames.Count} variable name(s) were given: give one name per input, in input order.",
                nameof(variableNames));
        if (variableNames.Distinct().Count() != variableNames.Count)
            throw new ArgumentException("Each variable needs its own name: a name is repeated.", nameof(variableNames));
        if (g.OperationCount > SymbolicDerivatives.MaxOperations)
            throw new InvalidOperationException(
                $"The graph has {g.OperationCount:N0} operations; symbolic formulas are printed for graphs of at most " +
                $"{SymbolicDerivatives.MaxOperations:N0} operations. Use the numeric derivatives for larger functions.");

        var value = new Expr[g.Count];
        value[0] = Expr.Constant(0);
        Inputs = new Expr[g.InputCount];
        for (int i = 1; i <= g.InputCount; i++) value[i] = Inputs[i - 1] = Expr.Variable(variableNames[i - 1], g.Nodes[i].InputValue);
        var inner = InnerLinks(g);
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            ref Node n = ref g.Nodes[i];
            var p = Primitive.ByCode(g.Ops[i]);
            Expr a = n.A == 0 ? Expr.Constant(n.ConstantA) : value[n.A];
            Expr? b = p.Arity == 2 ? (n.B == 0 ? Expr.Constant(n.ConstantB) : value[n.B]) : null;
            value[i] = inner[i] ? Expr.Raw(p, a, b) : Expr.Apply(p, a, b);
        }
        Outputs = g.Outputs.Select(o => o.Index == 0 ? Expr.Constant(o.Value) : value[o.Index]).ToArray();
        Conditions = g.Branches
            .Where(br => br.A != 0 || br.B != 0)
            .Select(br => (br.A == 0 ? Expr.Constant(br.ValueA) : value[br.A],
                           br.Outcome ? br.Comparison : Negation(br.Comparison),
                           br.B == 0 ? Expr.Constant(br.ValueB) : value[br.B]))
            .Distinct()
            .ToArray();
    }

    /// <summary>
    /// The nodes that are inner links of a chain of sums (+, −, neg) or of products (·, /): used once,
    /// by a node of the same family. They are kept raw and the chain is simplified once at its end,
    /// so that a sum of k terms costs one canonical sum, not k ever longer ones.
    /// </summary>
    private static bool[] InnerLinks(Graph g)
    {
        var uses = new int[g.Count];
        var user = new int[g.Count];
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            ref Node n = ref g.Nodes[i];
            uses[n.A]++;
            user[n.A] = i;
            if (Primitive.ByCode(g.Ops[i]).Arity == 2) { uses[n.B]++; user[n.B] = i; }
        }
        foreach (var o in g.Outputs) uses[o.Index] += 2;
        foreach (var br in g.Branches) { uses[br.A] += 2; uses[br.B] += 2; }
        var inner = new bool[g.Count];
        for (int i = g.InputCount + 1; i < g.Count; i++)
        {
            if (uses[i] != 1) continue;
            int family = Family(g.Ops[i]);
            inner[i] = family != 0 && family == Family(g.Ops[user[i]]);
        }
        return inner;
    }

    /// <summary>1 for +, − and neg; 2 for · and /; 0 otherwise.</summary>
    private static int Family(byte code)
    {
        return code == Operators.AddCode || code == Operators.SubtractCode || code == Operators.NegateCode ? 1
            : code == Operators.MultiplyCode || code == Operators.DivideCode ? 2 : 0;
    }

    /// <summary>The comparison that holds when c does not: not (a &lt; b) is a ≥ b.</summary>
    private static Comparison Negation(Comparison c) => c switch
    {
        Comparison.Less => Comparison.GreaterOrEqual,
        Comparison.LessOrEqual => Comparison.Greater,
        Comparison.Greater => Comparison.LessOrEqual,
        Comparison.GreaterOrEqual => Comparison.Less,
        Comparison.Equal => Comparison.NotEqual,
        _ => Comparison.Equal,
    };
}
