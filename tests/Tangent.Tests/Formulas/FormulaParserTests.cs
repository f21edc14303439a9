using Tangent.Formulas;

namespace Tangent.Tests.Formulas;

/// <summary>The formula language: precedence, numbers, constants, functions, if, vector maps, limits.</summary>
public class FormulaParserTests
{
    private static double Eval(string formula, params (string Name, double Value)[] point)
    {
        var f = Formula.Parse(formula);
        return f.Evaluate<Real>([.. point.Select(p => new Real(p.Value))], [.. point.Select(p => p.Name)]).Value;
    }

    [Theory]
    [InlineData("-x^2", -9)]            // −(x²), not (−x)²
    [InlineData("-2^x", -8)]            // −(2^x)
    [InlineData("2^-x", 0.125)]         // a signed exponent
    [InlineData("2^3^2", 512)]          // right-associative: 2^(3^2)
    [InlineData("-x*2", -6)]            // unary minus binds tighter than *
    [InlineData("x - -x", 6)]
    [InlineData("+x", 3)]
    [InlineData("x/3/2", 0.5)]          // left-associative
    [InlineData("x - 1 - 1", 1)]
    [InlineData("1 + 2 * x ^ 2", 19)]
    [InlineData("(1 + 2) * x", 9)]
    public void PrecedenceAndAssociativityFollowTheGrammar(string formula, double expected)
        => Assert.Equal(expected, Eval(formula, ("x", 3)));

    [Theory]
    [InlineData("1e-8", 1e-8)]
    [InlineData(".5", 0.5)]
    [InlineData("2.855e-6", 2.855e-6)]
    [InlineData("4000", 4000)]
    [InlineData("1E+3", 1000)]
    [InlineData("3.", 3)]
    public void NumberLiteralsAreReadWithTheInvariantCulture(string formula, double expected) => Assert.Equal(expected, Eval(formula));

    [Fact]
    public void ConstantsEAndPi()
    {
        Assert.Equal(Math.E, Eval("e"));
        Assert.Equal(Math.PI, Eval("pi"));
        Assert.Equal(Math.Exp(1.5), Eval("e^x", ("x", 1.5)));
    }

    [Fact]
    public void EToTheXRecordsExpNotAPower()
    {
        // d/dx e^x = e^x exactly as exp records it: the same graph as Var.Exp.
        var viaFormula = Differentiate.Gradient(Formula.Parse("e^x").ToScalarFunction(["x"]), [0.7]);
        var viaCode = Differentiate.Gradient(x => Var.Exp(x[0]), [0.7]);
        Assert.Equal(viaCode.Value, viaFormula.Value);
        Assert.Equal(viaCode.Gradient, viaFormula.Gradient);
    }

    [Fact]
    public void Atan2TakesYFirstWithRangeUpToPi()
    {
        Assert.Equal(Math.PI, Eval("atan2(0, -1)"));
        Assert.Equal(Math.Atan2(1, 2), Eval("atan2(y, x)", ("x", 2), ("y", 1)));
    }

    [Fact]
    public void EveryFunctionIsAvailable()
    {
        (string F, Func<double, double> Math_)[] unary =
        [
            ("sin", Math.Sin), ("cos", Math.Cos), ("tan", Math.Tan), ("asin", Math.Asin), ("acos", Math.Acos), ("atan", Math.Atan),
            ("sinh", Math.Sinh), ("cosh", Math.Cosh), ("tanh", Math.Tanh), ("exp", Math.Exp), ("log", Math.Log), ("sqrt", Math.Sqrt),
            ("abs", Math.Abs), ("relu", v => Math.Max(v, 0)), ("sign", v => Math.Sign(v)),
        ];
        foreach (var (name, f) in unary) Assert.Equal(f(0.3), Eval($"{name}(x)", ("x", 0.3)), 15);
        Assert.Equal(1 / (1 + Math.Exp(-0.3)), Eval("sigmoid(x)", ("x", 0.3)), 15);
        Assert.Equal(Math.Log(1 + Math.Exp(0.3)), Eval("softplus(x)", ("x", 0.3)), 15);
        Assert.Equal(2, Eval("max(x, 2)", ("x", 0.3)));
        Assert.Equal(0.3, Eval("min(x, 2)", ("x", 0.3)));
        Assert.Equal(Math.Pow(0.3, 2.5), Eval("pow(x, 2.5)", ("x", 0.3)));
    }

    [Fact]
    public void IfIsLazyOnlyTheTakenBranchIsRecorded()
    {
        // At x = −3 the branch sqrt(x) is never evaluated, so no domain diagnostic appears.
        var r = Differentiate.Gradient(Formula.Parse("if(x > 0, sqrt(x), sqrt(-x))").ToScalarFunction(["x"]), [-3.0]);
        Assert.Equal(Math.Sqrt(3), r.Value, 15);
        Assert.Equal(-0.5 / Math.Sqrt(3), r.Gradient[0], 15);
        Assert.Empty(r.Diagnostics);
    }

    [Theory]
    [InlineData("if(x > 0 && y > 0 || x < -5, 1, 0)", 1, 1, 1)]
    [InlineData("if(x > 0 && y > 0 || x < -5, 1, 0)", 1, -1, 0)]
    [InlineData("if(x > 0 && y > 0 || x < -5, 1, 0)", -6, -1, 1)]
    [InlineData("if(!(x > 0), 1, 0)", -1, 0, 1)]
    [InlineData("if(!x > 0, 1, 0)", 1, 0, 0)]   // ! binds looser than comparisons: !(x > 0)
    [InlineData("if(x == y, 1, 0)", 2, 2, 1)]
    [InlineData("if(x != y, 1, 0)", 2, 2, 0)]
    [InlineData("if(x <= y, 1, 0)", 2, 2, 1)]
    [InlineData("if(x >= y + 1, 1, 0)", 2, 2, 0)]
    [InlineData("if((x > 0), 1, 0)", 1, 0, 1)]
    public void ConditionsCombineWithAndTighterThanOr(string formula, double x, double y, double expected)
        => Assert.Equal(expected, Eval(formula, ("x", x), ("y", y)));

    [Fact]
    public void IntegerPowersApplyToNegativeAndZeroBases()
    {
        Assert.Equal(1.44, Eval("x^2", ("x", -1.2)), 15);
        Assert.Equal(-8, Eval("x^3", ("x", -2)));
        var r = Differentiate.Gradient(Formula.Parse("(x - 1)^2").ToScalarFunction(["x"]), [1.0]);
        Assert.Equal(0, r.Gradient[0]); // d(u²)/du at u = 0 is 0, not NaN
    }

    [Fact]
    public void VariablesAreListedInFirstUseOrderAndAreCaseSensitive()
    {
        var f = Formula.Parse("y*X + x*y + sin(X)");
        Assert.Equal(["y", "X", "x"], f.Variables);
        Assert.False(f.IsVector);
        Assert.Equal(1, f.Dimension);
    }

    [Fact]
    public void VectorMapHasOneComponentPerEntry()
    {
        var f = Formula.Parse("[x*y, x + y, 3]");
        Assert.True(f.IsVector);
        Assert.Equal(3, f.Dimension);
        var v = f.EvaluateComponents<Real>([2.0, 5.0], ["x", "y"]);
        Assert.Equal([10.0, 7.0, 3.0], v.Select(r => r.Value));
    }

    [Fact]
    public void AVariableMissingFromTheOrderIsAnErrorNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Formula.Parse("x*y").ToScalarFunction(["x"]));
        Assert.Contains("variable y", e.Message);
    }

    [Fact]
    public void TheFormulaBuildsTheSameGraphAsTheSameCSharpCode()
    {
        var f = Formula.Parse("x^2*sin(y) - exp(x*y)/(1 + y^2) + max(x, y)");
        ScalarFunction code = v => Var.Pow(v[0], 2) * Var.Sin(v[1]) - Var.Exp(v[0] * v[1]) / (1 + Var.Pow(v[1], 2)) + Var.Max(v[0], v[1]);
        double[] x = [0.4, -1.3];
        var a = Differentiate.Hessian(f.ToScalarFunction(["x", "y"]), x);
        var b = Differentiate.Hessian(code, x);
        Assert.Equal(b.Value, a.Value);
        Assert.Equal(b.Gradient, a.Gradient);
        Assert.Equal(b.Hessian, a.Hessian);
        Assert.Equal(Differentiate.Record(code, x).OperationCount, Differentiate.Record(f.ToScalarFunction(["x", "y"]), x).OperationCount);
    }

    [Fact]
    public void LongChainsNeitherRecurseNorOverflow()
    {
        // 40 000 terms: the parser loops and the code is flat, so depth does not grow with length.
        var f = Formula.Parse(string.Concat(Enumerable.Repeat("x+", 40_000)) + "x");
        var r = Differentiate.Gradient(f.ToScalarFunction(["x"]), [1.0]);
        Assert.Equal(40_001, r.Value);
        Assert.Equal(40_001, r.Gradient[0]);
    }

    [Fact]
    public void NestingUpToTheLimitIsAccepted()
    {
        var f = Formula.Parse(new string('(', Formula.MaxDepth) + "x" + new string(')', Formula.MaxDepth));
        Assert.Equal(2, f.Evaluate<Real>([2.0], ["x"]).Value);
        Assert.Throws<FormulaException>(() => Formula.Parse(new string('(', Formula.MaxDepth + 1) + "x" + new string(')', Formula.MaxDepth + 1)));
    }

    [Fact]
    public void FortyLevelsOfMixedNestingFit()
    {
        // Each level: a sign, a call, a parenthesis and a power — the acceptance suite nests up to 40 levels.
        string f = "x";
        for (int i = 0; i < 40; i++) f = $"-sin(({f})^2)";
        double x = 0.3, expected = x;
        for (int i = 0; i < 40; i++) expected = -Math.Sin(Math.Pow(expected, 2));
        Assert.Equal(expected, Formula.Parse(f).Evaluate<Real>([x], ["x"]).Value, 15);
    }

    [Theory]
    [InlineData("sin(x", 5, "missing ')'")]
    [InlineData("x + )", 4, "')' right after '+'")]
    [InlineData("x y", 2, "missing operator between 'x' and 'y'")]
    [InlineData("cosh(x) + sinn(x)", 10, "did you mean sin")]
    [InlineData("x ^ * 2", 4, "two operators in a row")]
    [InlineData("* x", 0, "'*' has no left operand")]
    [InlineData("a < b < c", 6, "comparisons do not chain")]
    [InlineData("x = 1", 2, "single '='")]
    [InlineData("x2y + 3x", 7, "write 3*x")]
    [InlineData("[]", 1, "vector map [ ] is empty")]
    [InlineData("max(x,)", 6, "missing argument after ','")]
    [InlineData("x²", 1, "^2")]
    [InlineData("2·π", 1, "'*'")]
    public void ErrorsGiveThePositionAndAHint(string formula, int position, string fragment)
    {
        var e = Assert.Throws<FormulaException>(() => Formula.Parse(formula));
        Assert.Equal(position, e.Position);
        Assert.Contains(fragment, e.Message);
        Assert.Equal(e.Excerpt.IndexOf(formula) + position, e.Caret.IndexOf('^'));
    }

    [Fact]
    public void InALongFormulaTheExcerptIsAWindowWithTheCaretUnderTheMistake()
    {
        string formula = string.Concat(Enumerable.Repeat("x+", 2_000)) + "sinn(x)" + string.Concat(Enumerable.Repeat("+x", 2_000));
        var e = Assert.Throws<FormulaException>(() => Formula.Parse(formula));
        Assert.Equal(4_000, e.Position);
        Assert.True(e.Excerpt.Length <= 80, e.Excerpt);
        Assert.Equal("sinn", e.Excerpt.Substring(e.Caret.IndexOf('^'), 4));
        Assert.Contains("column 4001", e.Summary);
    }

    [Fact]
    public void ScalarAndVectorUsesAreChecked()
    {
        Assert.Throws<ArgumentException>(() => Formula.Parse("[x, y]").ToScalarFunction(["x", "y"]));
        Assert.Throws<ArgumentException>(() => Formula.Parse("[x, y]").Evaluate<Real>([1.0, 2.0], ["x", "y"]));
        Assert.Throws<ArgumentException>(() => Formula.Parse("x").Evaluate<Real>([1.0, 2.0], ["x"]));
        // A scalar formula as a vector function has one component: its Jacobian is the 1×n gradient.
        var j = Differentiate.Jacobian(Formula.Parse("x*y").ToVectorFunction(["x", "y"]), [2.0, 3.0]);
        Assert.Equal(3, j.Jacobian[0, 0]);
        Assert.Equal(2, j.Jacobian[0, 1]);
    }

    [Fact]
    public void TooDeepAndTooLongAreErrors()
    {
        Assert.Contains("nested deeper", Assert.Throws<FormulaException>(() => Formula.Parse(new string('-', 10_000) + "x")).Message);
        Assert.Contains("nested deeper", Assert.Throws<FormulaException>(() => Formula.Parse(string.Concat(Enumerable.Repeat("sin(", 10_000)) + "x" + new string(')', 10_000))).Message);
        Assert.Contains("over the limit", Assert.Throws<FormulaException>(() => Formula.Parse(new string('x', 1 << 20))).Message);
    }
}
