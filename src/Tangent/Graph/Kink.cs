using System.Globalization;

namespace Tangent;

/// <summary>
/// A point where the recorded evaluation stepped on a primitive's nonsmooth set (relu(0), abs(0),
/// a tie in max, a comparison sitting on its boundary). The derivative there follows
/// <see cref="Convention"/>; it is one-sided or a convention, not a Fréchet derivative.
/// </summary>
/// <param name="Primitive">The primitive's name ("relu", "max", "if", ...).</param>
/// <param name="Operands">The operand values at which it was evaluated.</param>
/// <param name="Convention">The derivative used there, in words.</param>
public sealed record Kink(string Primitive, IReadOnlyList<double> Operands, string Convention)
{
    /// <summary>The graph node that hit the kink.</summary>
    internal int Node { get; init; }

    /// <summary>Where, as the primitive applied to its operands, e.g. "relu(0)".</summary>
    public string Where => $"{Primitive}({string.Join(", ", Operands.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";

    /// <inheritdoc/>
    public override string ToString() => $"{Where}: {Convention}";
}

/// <summary>What to do when a recording hits a kink.</summary>
public enum KinkPolicy
{
    /// <summary>Use the documented convention and report the kink with the result (the default).</summary>
    Report,
    /// <summary>Throw a <see cref="KinkException"/> at the first kink.</summary>
    Throw,
}

/// <summary>Thrown under <see cref="KinkPolicy.Throw"/> when an evaluation hits a kink.</summary>
public sealed class KinkException(Kink kink)
    : ArithmeticException($"The function is evaluated on a kink, {kink}; its derivative there is a convention, not a derivative.")
{
    /// <summary>The kink hit.</summary>
    public Kink Kink { get; } = kink;
}

/// <summary>
/// Something a recording noticed about the numbers: a domain error (log(−1) is NaN), an infinite
/// derivative (√x at 0), or a NaN/∞ input propagating.
/// </summary>
/// <param name="Primitive">The primitive concerned, or "input".</param>
/// <param name="Message">What happened, in words.</param>
public sealed record Diagnostic(string Primitive, string Message)
{
    /// <summary>True for a domain error (log(−1), 1/0, asin(2)): the formula is not defined at the operands met.</summary>
    public bool Undefined { get; init; }

    /// <summary>
    /// The primitive name of the note <see cref="WithValues"/> adds for an output whose value is not finite: it comes
    /// from no single operation.
    /// </summary>
    internal const string Output = "output";

    /// <inheritdoc/>
    public override string ToString() => Message;

    /// <summary>
    /// A copy of <paramref name="notes"/> with one more note for each output value that is not finite: the derivatives
    /// computed there are not derivatives of f. A derivative exists only where f is finite, and the chain rule was
    /// carried through non-finite numbers with 0·∞ taken as 0, so a printed 0 (log(e^(−x²)) at x = 30, where e^(−900)
    /// underflows: 0, not −60) must not read as one.
    /// </summary>
    internal static Diagnostic[] WithValues(IReadOnlyList<Diagnostic> notes, ReadOnlySpan<double> values)
    {
        var all = new List<Diagnostic>(notes);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
            {
                string f = values.Length == 1 ? "f" : "f" + string.Concat($"{i + 1}".Select(c => (char)('₀' + (c - '0'))));
                string what = values.Length == 1 ? "the derivatives computed at this point are not derivatives of f"
                    : $"the derivatives of {f} computed at this point are not its derivatives";
                all.Add(new Diagnostic(Output,
                    $"{f} = {Graph.F(values[i])}, so {what} (a derivative exists only where the value is finite, and the " +
                    "chain rule through non-finite numbers takes 0·∞ as 0)"));
            }
        return [.. all];
    }
}
