namespace Tangent;

/// <summary>A comparison of two scalars: the condition of a branch.</summary>
public enum Comparison
{
    /// <summary>a &lt; b</summary>
    Less,
    /// <summary>a ≤ b</summary>
    LessOrEqual,
    /// <summary>a &gt; b</summary>
    Greater,
    /// <summary>a ≥ b</summary>
    GreaterOrEqual,
    /// <summary>a = b</summary>
    Equal,
    /// <summary>a ≠ b</summary>
    NotEqual,
}

/// <summary>
/// A branch decision taken while recording: the comparison of nodes A and B (index 0 means a constant),
/// their values when decided (for a constant, the only place its value is kept) and its outcome. A recorded graph stays valid at a new
/// point exactly while every recorded outcome is unchanged.
/// </summary>
internal readonly record struct Branch(int A, int B, double ValueA, double ValueB, Comparison Comparison, bool Outcome)
{
    public static bool Decide(double a, double b, Comparison c) => c switch
    {
        Comparison.Less => a < b,
        Comparison.LessOrEqual => a <= b,
        Comparison.Greater => a > b,
        Comparison.GreaterOrEqual => a >= b,
        Comparison.Equal => a == b,
        _ => a != b,
    };

    /// <summary>The kink convention of a comparison decided exactly on its boundary a = b.</summary>
    public static string BoundaryConvention(Comparison c, bool outcome) =>
        $"the condition a {Symbol(c)} b sits on its boundary a = b; the branch taken ({(outcome ? "true" : "false")}) gives a one-sided derivative";

    public static string Symbol(Comparison c) => c switch
    {
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Greater => ">",
        Comparison.GreaterOrEqual => ">=",
        Comparison.Equal => "==",
        _ => "!=",
    };
}
