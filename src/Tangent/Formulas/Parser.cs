using Tangent.Primitives;

namespace Tangent.Formulas;

/// <summary>
/// Recursive-descent parser of the formula language (DESIGN.md), compiling in one pass to the
/// stack-machine code of <see cref="Instruction"/>. Precedence, loosest first:
/// <c>||</c>, <c>&amp;&amp;</c>, <c>!</c>, comparisons, <c>+ -</c>, <c>* /</c>, unary <c>- +</c>, <c>^</c> (right-associative,
/// its exponent may carry a sign: <c>2^-x</c>). So <c>-x^2</c> = −(x²) and <c>-a*b</c> = (−a)·b.
/// Conditions (comparisons and their combinations) are a separate kind of value, allowed only as the
/// first argument of <c>if</c>.
/// </summary>
/// <remarks>
/// Recursion depth grows only with nesting (parentheses, calls, signs, exponents), which is limited to
/// <see cref="Formula.MaxDepth"/>; a long chain <c>x+x+…</c> is a loop, and the emitted code is flat, so
/// neither parsing nor evaluation can overflow the stack.
/// </remarks>
internal sealed partial class Parser
{
    private enum Kind { Number, Condition }

    private readonly string f;
    private readonly List<Token> t;
    private int p, depth;
    private readonly List<Instruction> code = [];
    private readonly List<string> variables = [];
    private readonly Dictionary<string, int> variableIndex = new(StringComparer.Ordinal);
    private int pushes, comparisons;

    private Parser(string formula, List<Token> tokens) => (f, t) = (formula, tokens);

    public static Compiled Compile(string formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        if (formula.Length > Formula.MaxLength)
            throw new FormulaException(formula, Formula.MaxLength, $"the formula is {formula.Length:N0} characters long, over the limit of {Formula.MaxLength:N0}",
                "shorten it, or differentiate C# code on Var for functions this large");
        if (string.IsNullOrWhiteSpace(formula))
            throw new FormulaException(formula, 0, "the formula is empty", "write an expression such as x^2 + 3*y");
        var parser = new Parser(formula, Lexer.Tokenize(formula));
        return parser.Top();
    }

    private Token Current => t[p];
    private Token Previous => p > 0 ? t[p - 1] : default;
    private bool At(TokenKind k) => t[p].Kind == k;

    private Compiled Top()
    {
        int dimension = 1;
        bool isVector = false;
        if (At(TokenKind.LeftBracket))
        {
            isVector = true;
            int open = Current.Start;
            p++;
            if (At(TokenKind.RightBracket))
                throw Error(Current.Start, "the vector map [ ] is empty", "write its components, e.g. [x*y, x + y]");
            dimension = 0;
            while (true)
            {
                NumberValue();
                dimension++;
                if (At(TokenKind.Comma)) { p++; continue; }
                if (At(TokenKind.RightBracket)) { p++; break; }
                throw Expected($"',' or ']' (the '[' at column {open + 1} is still open)");
            }
        }
        else NumberValue();

        if (!At(TokenKind.End))
        {
            if (At(TokenKind.RightParen)) throw Error(Current.Start, "unmatched ')'", "no '(' is open here: remove it or add the missing '('");
            if (At(TokenKind.Comma) && !isVector) throw Error(Current.Start, "',' outside a function call", "for a vector map write [f1, f2]");
            if (isVector) throw Error(Current.Start, "text after the closing ']'", "a vector map [f1, f2, ...] must be the whole formula");
            throw Expected("the end of the formula");
        }
        return new Compiled([.. code], [.. variables], dimension, isVector, pushes + 1, comparisons + 1);
    }

    /// <summary>An expression that must be a number (not a condition).</summary>
    private void NumberValue()
    {
        int start = Current.Start;
        if (Or() == Kind.Condition)
            throw Error(start, "a condition (comparison) is used as a number", "comparisons go only in the first argument of if(cond, a, b)");
    }

    private Kind Or()
    {
        var kind = And();
        while (At(TokenKind.Or))
        {
            RequireCondition(kind, Current);
            int jump = Emit(OpCode.JumpIfTrueOrPop);
            var op = Current;
            p++;
            RequireCondition(And(), op, right: true);
            Patch(jump);
        }
        return kind;
    }

    private Kind And()
    {
        var kind = Not();
        while (At(TokenKind.And))
        {
            RequireCondition(kind, Current);
            int jump = Emit(OpCode.JumpIfFalseOrPop);
            var op = Current;
            p++;
            RequireCondition(Not(), op, right: true);
            Patch(jump);
        }
        return kind;
    }

    private Kind Not()
    {
        if (!At(TokenKind.Not)) return Comparison();
        var op = Current;
        Enter();
        p++;
        RequireCondition(Not(), op, right: true);
        Emit(OpCode.Not);
        depth--;
        return Kind.Condition;
    }

    private Kind Comparison()
    {
        var kind = Additive();
        if (AsComparison(Current.Kind) is not { } c) return kind;
        var op = Current;
        RequireNumber(kind, op);
        p++;
        RequireNumber(Additive(), op, right: true);
        Emit(OpCode.Compare, (int)c);
        comparisons++;
        if (AsComparison(Current.Kind) is not null)
            throw Error(Current.Start, "comparisons do not chain", "write a < b && b < c");
        return Kind.Condition;
    }

    private Kind Additive()
    {
        var kind = Term();
        while (At(TokenKind.Plus) || At(TokenKind.Minus))
        {
            var op = Current;
            RequireNumber(kind, op);
            p++;
            RequireNumber(Term(), op, right: true);
            Emit(OpCode.Binary, op.Kind == TokenKind.Plus ? Operators.AddCode : Operators.SubtractCode);
        }
        return kind;
    }

    private Kind Term()
    {
        var kind = Unary();
        while (At(TokenKind.Star) || At(TokenKind.Slash))
        {
            var op = Current;
            RequireNumber(kind, op);
            p++;
            RequireNumber(Unary(), op, right: true);
            Emit(OpCode.Binary, op.Kind == TokenKind.Star ? Operators.MultiplyCode : Operators.DivideCode);
        }
        return kind;
    }

    private Kind Unary()
    {
        if (!At(TokenKind.Minus) && !At(TokenKind.Plus)) return Power();
        var op = Current;
        Enter();
        p++;
        RequireNumber(Unary(), op, right: true);
        if (op.Kind == TokenKind.Minus) Emit(OpCode.Unary, Operators.NegateCode);
        depth--;
        return Kind.Number;
    }

    private Kind Power()
    {
        var (kind, isE) = Atom();
        if (!At(TokenKind.Caret)) return kind;
        var op = Current;
        RequireNumber(kind, op);
        Enter();
        p++;
        // e^x is the formula function exp(x): the same graph as Var.Exp, not a power with base 2.718….
        if (isE) code.RemoveAt(code.Count - 1);
        RequireNumber(Unary(), op, right: true);
        Emit(isE ? OpCode.Unary : OpCode.Binary, isE ? FunctionTable.CodeOf("exp") : Operators.PowerCode);
        depth--;
        return Kind.Number;
    }

    private (Kind Kind, bool IsE) Atom()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                p++;
                Push(new Instruction(OpCode.Constant, 0, token.Number));
                return (Kind.Number, false);
            case TokenKind.Name:
                return Name(token);
            case TokenKind.LeftParen:
            {
                Enter();
                p++;
                if (At(TokenKind.RightParen))
                    throw Error(Current.Start, "empty parentheses ( )", "put an expression inside, or remove them");
                var kind = Or();
                Close(token, "'('");
                depth--;
                return (kind, false);
            }
            case TokenKind.LeftBracket:
                throw Error(token.Start, "'[' inside an expression", "a vector map [f1, f2, ...] must be the whole formula; use ( ) for grouping");
            default:
                throw MissingOperand();
        }
    }

    private (Kind, bool) Name(Token token)
    {
        string name = token.Text(f);
        bool call = t[p + 1].Kind == TokenKind.LeftParen;
        if (call)
        {
            if (name == "if") return (If(token), false);
            if (FunctionTable.ByName.TryGetValue(name, out var fn)) return (Call(token, name, fn), false);
            if (name is "e" or "pi")
                throw Error(token.Start, $"{name} is a constant, not a function", $"write {name}*(...) for a product");
            string? near = FunctionTable.Nearest(name);
            throw Error(token.Start, $"unknown function '{name}'",
                (near is not null ? $"did you mean {near}? (names are case-sensitive)" : $"the functions are {string.Join(" ", FunctionTable.CallableNames)}; for a product write {name}*(...)")
                + "; every function, its domain and kink convention: docs/formulas.md, or tangent help formulas");
        }
        p++;
        switch (name)
        {
            case "e":
                Push(new Instruction(OpCode.Constant, 0, Math.E));
                return (Kind.Number, true);
            case "pi":
                Push(new Instruction(OpCode.Constant, 0, Math.PI));
                return (Kind.Number, false);
        }
        if (FunctionTable.IsReserved(name))
            throw Error(token.Start, $"{name} is a function, not a variable", $"call it: {FunctionTable.Signature(name)}");
        if (!variableIndex.TryGetValue(name, out int index))
        {
            index = variables.Count;
            variables.Add(name);
            variableIndex[name] = index;
        }
        Push(new Instruction(OpCode.Load, index));
        return (Kind.Number, false);
    }

    private Kind Call(Token nameToken, string name, Primitive function)
    {
        int arity = function.Arity;
        var open = t[p + 1];
        Enter();
        p += 2;
        int count = 0;
        if (!At(TokenKind.RightParen))
        {
            while (true)
            {
                NumberValue();
                count++;
                if (At(TokenKind.Comma)) { p++; continue; }
                break;
            }
        }
        Close(open, $"'(' of {name}");
        if (count != arity)
            throw Error(nameToken.Start, $"{name} takes {arity} argument{(arity == 1 ? "" : "s")}, but {count} {(count == 1 ? "was" : "were")} given",
                $"write {FunctionTable.Signature(name)}");
        Emit(arity == 1 ? OpCode.Unary : OpCode.Binary, Primitive.CodeOf(function.Declaration));
        depth--;
        return Kind.Number;
    }

    /// <summary>if(cond, a, b), compiled lazily: only the branch taken is evaluated.</summary>
    private Kind If(Token nameToken)
    {
        var open = t[p + 1];
        Enter();
        p += 2;
        string signature = "write if(cond, a, b), e.g. if(x > 0, x, -x)";
        if (At(TokenKind.RightParen)) throw Error(nameToken.Start, "if takes 3 arguments, but 0 were given", signature);
        int start = Current.Start;
        if (Or() != Kind.Condition)
            throw Error(start, "the first argument of if is not a condition", "use a comparison such as x > 0 (with < <= > >= == != && || !)");
        int skipThen = Emit(OpCode.PopJumpIfFalse);
        NextArgument(nameToken, 1, signature);
        NumberValue();
        int skipElse = Emit(OpCode.Jump);
        Patch(skipThen);
        NextArgument(nameToken, 2, signature);
        NumberValue();
        Patch(skipElse);
        if (At(TokenKind.Comma)) throw Error(nameToken.Start, "if takes 3 arguments, but more were given", signature);
        Close(open, "'(' of if");
        depth--;
        return Kind.Number;
    }

    private void NextArgument(Token nameToken, int given, string signature)
    {
        if (At(TokenKind.Comma)) { p++; return; }
        if (At(TokenKind.RightParen))
            throw Error(nameToken.Start, $"if takes 3 arguments, but {given} {(given == 1 ? "was" : "were")} given", signature);
        throw Expected("','");
    }

    private void Close(Token open, string what)
    {
        if (At(TokenKind.RightParen)) { p++; return; }
        if (At(TokenKind.End))
            throw Error(f.Length, "missing ')'", $"the {what} at column {open.Start + 1} is never closed");
        throw Expected($"')' to close the {what} at column {open.Start + 1}");
    }

    private void Enter()
    {
        // The depth limit keeps recursion far from the end of any thread's stack; the stack check is a
        // second guard for threads with unusually small stacks.
        if (++depth > Formula.MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(Current.Start, $"the formula is nested deeper than {Formula.MaxDepth} levels",
                "simplify it (fewer nested parentheses, calls or signs)");
    }

    // ---------------------------------------------------------------- code ----

    private int Emit(OpCode op, int arg = 0)
    {
        code.Add(new Instruction(op, arg));
        return code.Count - 1;
    }

    private void Push(Instruction load)
    {
        code.Add(load);
        pushes++;
    }

    private void Patch(int jump) => code[jump] = code[jump] with { Arg = code.Count };

    private static Comparison? AsComparison(TokenKind k) => k switch
    {
        TokenKind.Less => Tangent.Comparison.Less,
        TokenKind.LessOrEqual => Tangent.Comparison.LessOrEqual,
        TokenKind.Greater => Tangent.Comparison.Greater,
        TokenKind.GreaterOrEqual => Tangent.Comparison.GreaterOrEqual,
        TokenKind.Equal => Tangent.Comparison.Equal,
        TokenKind.NotEqual => Tangent.Comparison.NotEqual,
        _ => null,
    };
}

/// <summary>A compiled formula: its code, its variables in first-use order, and the stack sizes it needs.</summary>
internal sealed record Compiled(Instruction[] Code, string[] Variables, int Dimension, bool IsVector, int StackSize, int ConditionStackSize);
