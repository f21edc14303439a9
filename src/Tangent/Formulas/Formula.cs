namespace Tangent.Formulas;

/// <summary>
/// A formula of the formula language (DESIGN.md): a scalar expression f: Rⁿ → R such as
/// <c>x^2*y + sin(y)</c>, or a vector map <c>[f1, f2, ...]</c> F: Rⁿ → Rᵐ. Evaluated on <see cref="Var"/> it
/// records exactly the graph the same C# code would, so every derivative of <see cref="Differentiate"/>
/// applies to it; on <see cref="Real"/> it gives plain values.
/// </summary>
/// <example>
/// <code>
/// var f = Formula.Parse("x^2*y + sin(y)");
/// var r = Differentiate.Gradient(f.ToScalarFunction(["x", "y"]), [3.0, 0.5]);   // ∇f = (2xy, x² + cos y)
/// </code>
/// </example>
public sealed class Formula
{
    /// <summary>The longest formula accepted, in characters.</summary>
    public const int MaxLength = 100_000;

    /// <summary>
    /// The deepest nesting accepted: parentheses, calls, signs and exponents, counted together (so 40 levels of
    /// <c>-sin((…)^2)</c> count 4 each and fit).
    /// </summary>
    public const int MaxDepth = 256;

    private readonly Compiled compiled;

    private Formula(string text, Compiled compiled) => (Text, this.compiled) = (text, compiled);

    /// <summary>Reads a formula.</summary>
    /// <exception cref="FormulaException">The text is not a formula: the exception says where and how to fix it.</exception>
    public static Formula Parse(string text) => new(text, Parser.Compile(text));

    /// <summary>The formula as given.</summary>
    public string Text { get; }

    /// <summary>The variables the formula uses, in order of first use.</summary>
    public IReadOnlyList<string> Variables => compiled.Variables;

    /// <summary>True for a vector map <c>[f1, ..., fm]</c> (even with one component).</summary>
    public bool IsVector => compiled.IsVector;

    /// <summary>The number m of components: 1 for a scalar formula.</summary>
    public int Dimension => compiled.Dimension;

    /// <summary>The names a formula reserves (the constants e and pi, the functions and if): none can be a variable.</summary>
    public static bool IsReservedName(string name) => FunctionTable.IsReserved(name);

    /// <summary>The functions a formula can call, with their arguments, e.g. "atan2(y, x)".</summary>
    public static IReadOnlyList<string> FunctionSignatures => [.. FunctionTable.CallableNames.Select(FunctionTable.Signature)];

    /// <summary>f(x) on any scalar type, with x given in <paramref name="order"/> (which may name variables f does not use).</summary>
    /// <exception cref="ArgumentException">A variable of the formula is not in the order, the lengths differ, or the formula is a vector map.</exception>
    public T Evaluate<T>(ReadOnlySpan<T> values, IReadOnlyList<string> order) where T : IScalar<T>
    {
        if (IsVector) throw new ArgumentException($"The formula is a vector map of {Dimension} components; evaluate it with EvaluateComponents.");
        return Run(values, Bind(order))[0];
    }

    /// <summary>F(x) = (F₁(x), …, Fₘ(x)) on any scalar type; a scalar formula gives one component.</summary>
    /// <exception cref="ArgumentException">A variable of the formula is not in the order, or the lengths differ.</exception>
    public T[] EvaluateComponents<T>(ReadOnlySpan<T> values, IReadOnlyList<string> order) where T : IScalar<T>
        => Run(values, Bind(order))[..Dimension];

    /// <summary>The formula as f: Rⁿ → R on the tape, its inputs in <paramref name="order"/>.</summary>
    /// <exception cref="ArgumentException">A variable of the formula is not in the order, or the formula is a vector map.</exception>
    public ScalarFunction ToScalarFunction(IReadOnlyList<string> order)
    {
        if (IsVector) throw new ArgumentException($"The formula is a vector map of {Dimension} components, not a scalar function; use ToVectorFunction.");
        var map = Bind(order);
        return x => Run(x, map)[0];
    }

    /// <summary>
    /// The formula as a generic f: Rⁿ → R (<see cref="IScalarFunction"/>), its inputs in <paramref name="order"/>: it runs
    /// on plain doubles (<see cref="Real"/>) where only values are needed, many times faster than constants on the tape.
    /// </summary>
    /// <exception cref="ArgumentException">A variable of the formula is not in the order, or the formula is a vector map.</exception>
    public Function ToFunction(IReadOnlyList<string> order)
    {
        if (IsVector) throw new ArgumentException($"The formula is a vector map of {Dimension} components, not a scalar function; use ToVectorFunction.");
        return new Function(this, Bind(order));
    }

    /// <summary>A scalar formula bound to an order of its inputs, callable on any scalar type (see <see cref="ToFunction"/>).</summary>
    public readonly struct Function : IScalarFunction
    {
        private readonly Formula formula;
        private readonly Binding binding;

        internal Function(Formula formula, Binding binding) => (this.formula, this.binding) = (formula, binding);

        /// <inheritdoc/>
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T> => formula.Run(x, binding)[0];
    }

    /// <summary>The formula as F: Rⁿ → Rᵐ on the tape (a scalar formula gives m = 1), its inputs in <paramref name="order"/>.</summary>
    /// <exception cref="ArgumentException">A variable of the formula is not in the order.</exception>
    public VectorFunction ToVectorFunction(IReadOnlyList<string> order)
    {
        var map = Bind(order);
        int m = Dimension;
        return x => Run(x, map)[..m];
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>map[k] = the position in <paramref name="order"/> of the formula's k-th variable.</summary>
    private Binding Bind(IReadOnlyList<string> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var map = new int[compiled.Variables.Length];
        for (int k = 0; k < map.Length; k++)
        {
            string name = compiled.Variables[k];
            int at = -1;
            for (int i = 0; i < order.Count; i++)
                if (order[i] == name) { at = i; break; }
            if (at < 0)
                throw new ArgumentException($"The formula uses the variable {name}, but the variable order [{string.Join(", ", order)}] does not contain it: give a value for {name}.");
            map[k] = at;
        }
        return new Binding(map, order.Count);
    }

    /// <summary>Where each of the formula's variables sits in a caller's point of length N.</summary>
    internal sealed record Binding(int[] Map, int N);

    private T[] Run<T>(ReadOnlySpan<T> values, Binding binding) where T : IScalar<T>
    {
        if (values.Length != binding.N)
            throw new ArgumentException($"The point has {values.Length} values, but the variable order names {binding.N} variables: the shapes must match.");
        var stack = new T[compiled.StackSize];
        Span<bool> conditions = compiled.ConditionStackSize <= 256 ? stackalloc bool[compiled.ConditionStackSize] : new bool[compiled.ConditionStackSize];
        Machine.Run(compiled.Code, values, binding.Map, stack, conditions);
        return stack;
    }
}
