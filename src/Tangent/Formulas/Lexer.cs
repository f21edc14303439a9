using System.Globalization;

namespace Tangent.Formulas;

/// <summary>
/// Splits a formula into tokens. Numbers are decimal literals (<c>2</c>, <c>.5</c>, <c>1e-8</c>, <c>2.855E+6</c>)
/// read with the invariant culture; names are ASCII letters, digits and '_' not starting with a digit.
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string f)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < f.Length)
        {
            char c = f[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (IsDigit(c) || (c == '.' && i + 1 < f.Length && IsDigit(f[i + 1])))
            {
                tokens.Add(ReadNumber(f, ref i));
                continue;
            }
            if (IsNameStart(c))
            {
                int s = i;
                while (i < f.Length && IsNamePart(f[i])) i++;
                tokens.Add(new Token(TokenKind.Name, s, i - s));
                continue;
            }
            char next = i + 1 < f.Length ? f[i + 1] : '\0';
            (TokenKind kind, int length) = c switch
            {
                '+' => (TokenKind.Plus, 1),
                '-' => (TokenKind.Minus, 1),
                '*' when next == '*' => throw new FormulaException(f, i, "'**' is not an operator", "write ^ for a power, e.g. x^2"),
                '*' => (TokenKind.Star, 1),
                '/' => (TokenKind.Slash, 1),
                '^' => (TokenKind.Caret, 1),
                '(' => (TokenKind.LeftParen, 1),
                ')' => (TokenKind.RightParen, 1),
                '[' => (TokenKind.LeftBracket, 1),
                ']' => (TokenKind.RightBracket, 1),
                ',' => (TokenKind.Comma, 1),
                '<' when next == '=' => (TokenKind.LessOrEqual, 2),
                '<' => (TokenKind.Less, 1),
                '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
                '>' => (TokenKind.Greater, 1),
                '=' when next == '=' => (TokenKind.Equal, 2),
                '=' => throw new FormulaException(f, i, "a single '=' is not an operator",
                    "write == to compare inside if(cond, a, b); give values of variables with --at x=1,y=2"),
                '!' when next == '=' => (TokenKind.NotEqual, 2),
                '!' => (TokenKind.Not, 1),
                '&' when next == '&' => (TokenKind.And, 2),
                '&' => throw new FormulaException(f, i, "a single '&' is not an operator", "write && for 'and'"),
                '|' when next == '|' => (TokenKind.Or, 2),
                '|' => throw new FormulaException(f, i, "a single '|' is not an operator", "write abs(x) for |x|, or || for 'or'"),
                _ => throw Unexpected(f, i),
            };
            tokens.Add(new Token(kind, i, length));
            i += length;
        }
        tokens.Add(new Token(TokenKind.End, f.Length, 0));
        return tokens;
    }

    private static Token ReadNumber(string f, ref int i)
    {
        int s = i;
        while (i < f.Length && IsDigit(f[i])) i++;
        if (i < f.Length && f[i] == '.')
        {
            i++;
            while (i < f.Length && IsDigit(f[i])) i++;
        }
        // An exponent only when digits follow: "2e-8" is a number, "2e" is the mistake "2e" for 2*e.
        if (i < f.Length && (f[i] == 'e' || f[i] == 'E'))
        {
            int j = i + 1;
            if (j < f.Length && (f[j] == '+' || f[j] == '-')) j++;
            if (j < f.Length && IsDigit(f[j]))
            {
                i = j;
                while (i < f.Length && IsDigit(f[i])) i++;
            }
        }
        string literal = f[s..i];
        if (i < f.Length && (IsNameStart(f[i]) || f[i] == '.'))
        {
            if (f[i] == '.') throw new FormulaException(f, i, $"the number '{literal}' is followed by a second '.'", "a number has at most one decimal point");
            int e = i;
            while (e < f.Length && IsNamePart(f[e])) e++;
            string name = f[i..e];
            throw new FormulaException(f, i, $"'{literal}{name}' is not a number or a name",
                $"write {literal}*{name} for a product (names cannot start with a digit)");
        }
        double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
            throw new FormulaException(f, s, $"the number '{literal}' is too large for a double", "use a number below 1.7e308");
        return new Token(TokenKind.Number, s, i - s, value);
    }

    private static FormulaException Unexpected(string f, int i)
    {
        char c = f[i];
        string? ascii = LookAlike(c);
        string shown = char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}' (U+{(int)c:X4})";
        if (ascii is not null)
            return new FormulaException(f, i, $"the character {shown} is not ASCII", $"type {ascii} instead");
        return new FormulaException(f, i, $"unexpected character {shown}",
            "formulas use ASCII names, numbers, + - * / ^ ( ) , and inside if: < <= > >= == != && || !");
    }

    /// <summary>What to type instead of a typographic look-alike of an ASCII operator.</summary>
    internal static string? LookAlike(char c) => c switch
    {
        '\u2212' or '\u2013' or '\u2014' or '\u2010' or '\u2011' or '\uFE63' or '\uFF0D' => "'-' (ASCII minus)",
        '\u00D7' or '\u00B7' or '\u22C5' or '\u2219' or '\u2217' or '\u2022' or '\uFF0A' => "'*' (ASCII asterisk)",
        '\u00F7' or '\u2215' or '\u2044' or '\uFF0F' => "'/' (ASCII slash)",
        '\uFF0B' => "'+' (ASCII plus)",
        '\u00B2' => "^2",
        '\u00B3' => "^3",
        '\u03C0' => "pi",
        '\u221A' => "sqrt(...)",
        '\u2264' => "<=",
        '\u2265' => ">=",
        '\u2260' => "!=",
        '\u2018' or '\u2019' or '\u201C' or '\u201D' => "nothing (remove the quote)",
        '\uFF08' => "'('",
        '\uFF09' => "')'",
        '\uFF0C' => "','",
        _ => null,
    };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
    internal static bool IsNameStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';
    internal static bool IsNamePart(char c) => IsNameStart(c) || IsDigit(c);
}
