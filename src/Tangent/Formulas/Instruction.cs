using Tangent.Primitives;

namespace Tangent.Formulas;

/// <summary>The operations of a compiled formula: a stack machine with a number stack and a condition stack.</summary>
internal enum OpCode : byte
{
    /// <summary>Push the constant.</summary>
    Constant,
    /// <summary>Push variable number Arg (in <see cref="Formula.Variables"/> order).</summary>
    Load,
    /// <summary>Pop a, push φ(a) for the function Arg.</summary>
    Unary,
    /// <summary>Pop b, pop a, push φ(a, b) for the function Arg.</summary>
    Binary,
    /// <summary>Pop b, pop a, push the condition a ⋈ b (Arg is a <see cref="Comparison"/>).</summary>
    Compare,
    /// <summary>Negate the condition on top.</summary>
    Not,
    /// <summary>When the condition on top is false, keep it and jump to Arg; otherwise pop it (the left side of &amp;&amp;).</summary>
    JumpIfFalseOrPop,
    /// <summary>When the condition on top is true, keep it and jump to Arg; otherwise pop it (the left side of ||).</summary>
    JumpIfTrueOrPop,
    /// <summary>Pop a condition; when false, jump to Arg (the test of if).</summary>
    PopJumpIfFalse,
    /// <summary>Jump to Arg (past the else branch of if).</summary>
    Jump,
}

/// <summary>One instruction of a compiled formula.</summary>
internal readonly record struct Instruction(OpCode Op, int Arg = 0, double Constant = 0);

/// <summary>
/// The functions a formula may call by name, with their arity: the registry's primitives under their formula names
/// (<see cref="Primitive.FormulaName"/>). The arguments of <see cref="OpCode.Unary"/> and <see cref="OpCode.Binary"/>
/// are primitive codes.
/// </summary>
internal static class FunctionTable
{
    /// <summary>Name → primitive. <c>if</c> is not here: it is syntax (lazy), not a function.</summary>
    public static readonly IReadOnlyDictionary<string, Primitive> ByName =
        Primitive.All.Where(p => p.FormulaName.Length > 0).ToDictionary(p => p.FormulaName);

    /// <summary>The code a formula instruction carries for the function formulas call <paramref name="name"/>.</summary>
    public static int CodeOf(string name) => Primitive.CodeOf(ByName[name].Declaration);

    /// <summary>Every name that may be followed by '(' (the functions and if).</summary>
    public static readonly string[] CallableNames = [.. ByName.Keys, "if"];

    /// <summary>The reserved names: constants and callables. None of them can be a variable.</summary>
    public static bool IsReserved(string name) => name is "e" or "pi" or "if" || ByName.ContainsKey(name);

    public static string Signature(string name) => name == "if" ? "if(cond, a, b)" : ByName.TryGetValue(name, out var p) ? p.Signature : $"{name}(x)";

    /// <summary>The callable name closest to <paramref name="name"/> in edit distance, when close enough to be a likely typo.</summary>
    public static string? Nearest(string name)
    {
        foreach (var known in CallableNames)
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) return known;
        if (name.Length < 2) return null; // one letter is a variable's name, not a misspelt function
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var known in CallableNames)
        {
            int d = EditDistance(name, known);
            if (d < bestDistance) (best, bestDistance) = (known, d);
        }
        return bestDistance <= Math.Max(1, Math.Min(name.Length, best!.Length) / 2) ? best : null;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    private static int EditDistance(string a, string b)
    {
        if (a.Length > 64) return int.MaxValue;
        var row = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
