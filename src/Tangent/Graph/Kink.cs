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

    /// <inheritdoc/>
    public override string ToString() => Message;
}
