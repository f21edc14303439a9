namespace Tangent.Formulas;

/// <summary>The kinds of token of the formula language.</summary>
internal enum TokenKind : byte
{
    Number, Name, Plus, Minus, Star, Slash, Caret, LeftParen, RightParen, LeftBracket, RightBracket, Comma,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual, And, Or, Not, End,
}

/// <summary>One token: its kind, where it starts, its length, and for a number its value.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length, double Number = 0)
{
    public string Text(string formula) => Kind == TokenKind.End ? "end of formula" : formula.Substring(Start, Length);

    /// <summary>Operators that need an operand on their right.</summary>
    public bool IsBinaryOperator => Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Caret or TokenKind.Plus or TokenKind.Minus
        or TokenKind.Less or TokenKind.LessOrEqual or TokenKind.Greater or TokenKind.GreaterOrEqual
        or TokenKind.Equal or TokenKind.NotEqual or TokenKind.And or TokenKind.Or;

    /// <summary>Tokens that can start an operand.</summary>
    public bool StartsOperand => Kind is TokenKind.Number or TokenKind.Name or TokenKind.LeftParen;
}
