namespace Tangent.Formulas;

/// <summary>The parser's error messages: each says what is wrong, where, and how to fix the formula.</summary>
internal sealed partial class Parser
{
    private FormulaException Error(int position, string problem, string hint) => new(f, position, problem, hint);

    /// <summary>The current token is not what the grammar expects here.</summary>
    private FormulaException Expected(string what)
    {
        var c = Current;
        if (c.StartsOperand && Previous.Kind is TokenKind.Number or TokenKind.Name or TokenKind.RightParen)
        {
            string left = Previous.Text(f), right = c.Text(f);
            return Error(c.Start, $"missing operator between '{left}' and '{right}'",
                Previous.Kind == TokenKind.RightParen || c.Kind == TokenKind.LeftParen ? "put * between them for a product" : $"write {left}*{right} for a product");
        }
        if (c.Kind == TokenKind.End) return Error(f.Length, $"the formula ends where {what} is expected", "complete the formula");
        return Error(c.Start, $"unexpected '{c.Text(f)}'", $"expected {what}");
    }

    /// <summary>The current token cannot start an operand.</summary>
    private FormulaException MissingOperand()
    {
        var c = Current;
        var before = Previous;
        bool afterOperator = p > 0 && (before.IsBinaryOperator || before.Kind == TokenKind.Not);
        string b = p > 0 ? before.Text(f) : "";
        if (c.Kind == TokenKind.End)
            return afterOperator
                ? Error(f.Length, $"the formula ends after '{b}'", $"an operand is missing after '{b}': complete it or remove the '{b}'")
                : Error(f.Length, "the formula ends too early", "complete the formula");
        string text = c.Text(f);
        if (c.IsBinaryOperator && afterOperator)
            return Error(c.Start, $"two operators in a row: '{b}' followed by '{text}'", "an operand is missing between them: remove one or put a number or variable between them");
        if (c.Kind == TokenKind.RightParen)
            return p > 0 && before.Kind == TokenKind.Comma
                ? Error(c.Start, "missing argument after ','", "remove the ',' or add the argument")
                : afterOperator
                    ? Error(c.Start, $"')' right after '{b}'", $"an operand is missing after '{b}'")
                    : Error(c.Start, "unmatched ')'", "no '(' is open here: remove it or add the missing '('");
        if (c.Kind == TokenKind.Comma)
            return Error(c.Start, "missing argument before ','", "each argument of a function is an expression");
        if (c.IsBinaryOperator)
            return Error(c.Start, $"'{text}' has no left operand", $"put an operand before '{text}'");
        return Error(c.Start, $"unexpected '{text}'", "expected a number, a variable, a function call or '('");
    }

    private void RequireNumber(Kind kind, Token op, bool right = false)
    {
        if (kind == Kind.Condition)
            throw Error(op.Start, $"the {(right ? "right" : "left")} side of '{op.Text(f)}' is a condition, not a number",
                "comparisons go only in the first argument of if(cond, a, b)");
    }

    private void RequireCondition(Kind kind, Token op, bool right = false)
    {
        if (kind == Kind.Number)
            throw Error(op.Start, $"the {(right ? "right" : "left")} side of '{op.Text(f)}' is a number, not a condition",
                "'&&', '||' and '!' combine comparisons such as x > 0");
    }
}
