namespace Tangent.Symbolic;

/// <summary>
/// Derivative formulas read off a recorded graph: the gradient ∇f, the Jacobian DF and the Hessian ∇²f
/// as simplified expressions in the named inputs, printed in the formula language and in LaTeX.
/// </summary>
/// <remarks>
/// The graph's nodes are read as formulas (<see cref="Expr"/>), then differentiated by one symbolic
/// reverse sweep whose local partials are the primitives' own declared formulas: the same
/// declaration that the numeric sweeps use, so the printed formulas and the numbers cannot disagree.
/// Jacobian rows take one sweep per output; Hessian rows differentiate the gradient's entries by
/// the same sweep. At a kink the formulas follow the primitive's convention (abs′ is written sign).
/// Where the function branched, the branch taken is fixed: the formulas hold where the recorded
/// decisions hold (<see cref="SymbolicResult.Conditions"/>).
/// </remarks>
/// <example>
/// <code>
/// var g = Differentiate.Record(x =&gt; x[0] * x[0] * x[0] + x[0] * x[1], [1.0, 2.0]);
/// var s = SymbolicDerivatives.Gradient(g, ["x", "y"]);
/// // s.Entries = ["3*x^2 + y", "x"]
/// </code>
/// </example>
public static class SymbolicDerivatives
{
    /// <summary>The largest graph (in operations) whose formulas are printed.</summary>
    public const int MaxOperations = 20_000;

    /// <summary>The formulas ∂f/∂xⱼ of f: Rⁿ → R.</summary>
    /// <param name="g">A graph of one output, recorded by <see cref="Differentiate.Record(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/>.</param>
    /// <param name="variableNames">The names of x₁..xₙ, in input order.</param>
    /// <exception cref="ArgumentException">The graph has several outputs (use <see cref="Jacobian"/>), or the names do not match the inputs.</exception>
    public static SymbolicGradient Gradient(Graph g, IReadOnlyList<string> variableNames)
    {
        using var scope = ExprTable.Scope();
        var f = new GraphFormulas(g, variableNames);
        var entries = ExprDerivative.Gradient(ScalarOutput(f, g), f.Inputs);
        var (definitions, text, latex) = Print(entries, variableNames);
        var (conditions, latexConditions) = PrintConditions(f, variableNames);
        return new SymbolicGradient(variableNames.ToArray(), definitions, conditions, latexConditions, text, latex, entries);
    }

    /// <summary>The formulas ∂fᵢ/∂xⱼ of F: Rⁿ → Rᵐ, one symbolic reverse sweep per output.</summary>
    /// <param name="g">A recorded graph.</param>
    /// <param name="variableNames">The names of x₁..xₙ, in input order.</param>
    /// <exception cref="ArgumentException">The names do not match the inputs.</exception>
    public static SymbolicMatrix Jacobian(Graph g, IReadOnlyList<string> variableNames)
    {
        using var scope = ExprTable.Scope();
        var f = new GraphFormulas(g, variableNames);
        int m = f.Outputs.Length, n = f.Inputs.Length;
        var entries = new Expr[m, n];
        for (int i = 0; i < m; i++)
        {
            var row = ExprDerivative.Gradient(f.Outputs[i], f.Inputs);
            for (int j = 0; j < n; j++) entries[i, j] = row[j];
        }
        return Matrix("Jacobian", f, entries, variableNames);
    }

    /// <summary>The formulas ∂²f/∂xᵢ∂xⱼ of f: Rⁿ → R: each gradient entry differentiated again (upper triangle, mirrored).</summary>
    /// <param name="g">A graph of one output.</param>
    /// <param name="variableNames">The names of x₁..xₙ, in input order.</param>
    /// <exception cref="ArgumentException">The graph has several outputs, or the names do not match the inputs.</exception>
    public static SymbolicMatrix Hessian(Graph g, IReadOnlyList<string> variableNames)
    {
        using var scope = ExprTable.Scope();
        var f = new GraphFormulas(g, variableNames);
        var gradient = ExprDerivative.Gradient(ScalarOutput(f, g), f.Inputs);
        int n = f.Inputs.Length;
        var entries = new Expr[n, n];
        for (int i = 0; i < n; i++)
        {
            var row = ExprDerivative.Gradient(gradient[i], f.Inputs);
            for (int j = i; j < n; j++) entries[i, j] = entries[j, i] = row[j];
        }
        return Matrix("Hessian", f, entries, variableNames);
    }

    /// <summary>The function itself as formulas fᵢ(x) in the named inputs, in the formula language.</summary>
    /// <exception cref="ArgumentException">The names do not match the inputs.</exception>
    public static string[] Value(Graph g, IReadOnlyList<string> variableNames)
    {
        using var scope = ExprTable.Scope();
        var f = new GraphFormulas(g, variableNames);
        var printer = new ExprText(new Dictionary<Expr, string>(), false, variableNames);
        return f.Outputs.Select(printer.Write).ToArray();
    }

    private static Expr ScalarOutput(GraphFormulas f, Graph g) => f.Outputs.Length == 1 ? f.Outputs[0]
        : throw new ArgumentException(
            $"The function has {f.Outputs.Length} outputs: the gradient and the Hessian are for f: Rⁿ → R. Use the Jacobian for F: Rⁿ → Rᵐ.",
            nameof(g));

    private static SymbolicMatrix Matrix(string what, GraphFormulas f, Expr[,] entries, IReadOnlyList<string> names)
    {
        int m = entries.GetLength(0), n = entries.GetLength(1);
        var flat = new Expr[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) flat[i * n + j] = entries[i, j];
        var (definitions, text, latex) = Print(flat, names);
        var textMatrix = new string[m, n];
        var latexMatrix = new string[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                textMatrix[i, j] = text[i * n + j];
                latexMatrix[i, j] = latex[i * n + j];
            }
        var (conditions, latexConditions) = PrintConditions(f, names);
        return new SymbolicMatrix(what, names.ToArray(), definitions, conditions, latexConditions, textMatrix, latexMatrix, entries);
    }

    /// <summary>Names the shared subexpressions of all entries and prints definitions and entries.</summary>
    private static (SymbolicDefinition[] Definitions, string[] Text, string[] Latex) Print(Expr[] entries, IReadOnlyList<string> variables)
    {
        var shared = SharedSubexpressions.Find(entries, variables);
        var names = shared.ToDictionary(s => s.Expression, s => s.Name);
        var plain = new ExprText(names, latex: false, variables);
        var latex = new ExprText(names, latex: true, variables);
        var definitions = shared.Select(s => new SymbolicDefinition(s.Name, plain.Write(s.Expression), latex.Write(s.Expression))).ToArray();
        return (definitions, entries.Select(plain.Write).ToArray(), entries.Select(latex.Write).ToArray());
    }

    private static (string[] Text, string[] Latex) PrintConditions(GraphFormulas f, IReadOnlyList<string> variables)
    {
        var plain = new ExprText(new Dictionary<Expr, string>(), latex: false, variables);
        var latex = new ExprText(new Dictionary<Expr, string>(), latex: true, variables);
        var text = f.Conditions.Select(c => $"{plain.Write(c.A)} {Branch.Symbol(c.Comparison)} {plain.Write(c.B)}").ToArray();
        var tex = f.Conditions.Select(c => $"{latex.Write(c.A)} {LatexSymbol(c.Comparison)} {latex.Write(c.B)}").ToArray();
        return (text, tex);
    }

    private static string LatexSymbol(Comparison c) => c switch
    {
        Comparison.Less => "<",
        Comparison.LessOrEqual => "\\le",
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => "\\ge",
        Comparison.Equal => "=",
        _ => "\\ne",
    };
}
