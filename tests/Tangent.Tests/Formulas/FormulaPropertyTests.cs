using Tangent.Tests.Support;
using System.Globalization;
using CsCheck;
using Tangent.Formulas;

namespace Tangent.Tests.Formulas;

/// <summary>
/// Random well-formed formulas (CsCheck): printed to text, parsed back and evaluated, they give exactly what
/// a direct C# evaluation of the same expression tree gives; and their derivatives agree across scalar types.
/// </summary>
public class FormulaPropertyTests
{
    /// <summary>A test-side expression tree with its own printer and its own evaluator on doubles.</summary>
    private abstract record E;
    private sealed record Num(double Value) : E;
    private sealed record Variable(int Index) : E;
    private sealed record Unary(string Name, E X) : E;
    private sealed record Binary(char Op, E A, E B) : E;
    private sealed record Call2(string Name, E A, E B) : E;
    private sealed record IntPower(E X, int N) : E;
    private sealed record If(E A, string Compare, E B, E Then, E Else) : E;

    private static readonly string[] Names = ["x", "y", "z"];
    private static readonly string[] UnaryNames = ["sin", "cos", "atan", "tanh", "exp", "abs", "-"];

    private static readonly Gen<E> Leaf = Gen.Frequency(
        (2, Gen.Double[-3, 3].Select(v => (E)new Num(Math.Round(v, 3)))),
        (3, Gen.Int[0, 2].Select(i => (E)new Variable(i))));

    private static Gen<E> Expressions(int depth)
    {
        var g = Leaf;
        for (int d = 0; d < depth; d++)
        {
            var sub = g;
            g = Gen.Frequency(
                (2, Leaf),
                (3, Gen.Select(Gen.Int[0, UnaryNames.Length - 1], sub, (i, x) => (E)new Unary(UnaryNames[i], x))),
                (4, Gen.Select(Gen.OneOf('+', '-', '*', '/'), sub, sub, (op, a, b) => (E)new Binary(op, a, b))),
                (1, Gen.Select(Gen.OneOf("max", "min"), sub, sub, (n, a, b) => (E)new Call2(n, a, b))),
                (1, Gen.Select(sub, Gen.Int[2, 3], (x, n) => (E)new IntPower(x, n))),
                (1, Gen.Select(sub, Gen.OneOf("<", "<=", ">", ">="), sub, sub, sub, (a, c, b, t, f) => (E)new If(a, c, b, t, f))));
        }
        return g;
    }

    private static string Print(E e) => e switch
    {
        Num n => n.Value < 0 ? $"({n.Value.ToString("R", CultureInfo.InvariantCulture)})" : n.Value.ToString("R", CultureInfo.InvariantCulture),
        Variable v => Names[v.Index],
        Unary { Name: "-" } u => $"-({Print(u.X)})",
        Unary u => $"{u.Name}({Print(u.X)})",
        Binary b => $"({Print(b.A)} {b.Op} {Print(b.B)})",
        Call2 c => $"{c.Name}({Print(c.A)}, {Print(c.B)})",
        IntPower p => $"({Print(p.X)})^{p.N}",
        If i => $"if({Print(i.A)} {i.Compare} {Print(i.B)}, {Print(i.Then)}, {Print(i.Else)})",
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The same tree evaluated as plain C# on doubles (Math.*), lazily for if.</summary>
    private static double Direct(E e, double[] x) => e switch
    {
        Num n => n.Value,
        Variable v => x[v.Index],
        Unary u => u.Name switch
        {
            "sin" => Math.Sin(Direct(u.X, x)),
            "cos" => Math.Cos(Direct(u.X, x)),
            "atan" => Math.Atan(Direct(u.X, x)),
            "tanh" => Math.Tanh(Direct(u.X, x)),
            "exp" => Math.Exp(Direct(u.X, x)),
            "abs" => Math.Abs(Direct(u.X, x)),
            _ => -Direct(u.X, x),
        },
        Binary b => b.Op switch
        {
            '+' => Direct(b.A, x) + Direct(b.B, x),
            '-' => Direct(b.A, x) - Direct(b.B, x),
            '*' => Direct(b.A, x) * Direct(b.B, x),
            _ => Direct(b.A, x) / Direct(b.B, x),
        },
        Call2 c => c.Name == "max" ? Math.Max(Direct(c.A, x), Direct(c.B, x)) : Math.Min(Direct(c.A, x), Direct(c.B, x)),
        IntPower p => Math.Pow(Direct(p.X, x), p.N),
        If i => Decide(Direct(i.A, x), i.Compare, Direct(i.B, x)) ? Direct(i.Then, x) : Direct(i.Else, x),
        _ => throw new InvalidOperationException(),
    };

    private static bool Decide(double a, string c, double b) => c switch
    {
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        _ => a >= b,
    };

    private static readonly Gen<(E Tree, double[] X)> Cases =
        Gen.Select(Expressions(4), Gen.Double[-2, 2].Array[3], (e, x) => (e, x));

    [Fact]
    public void ParsedFormulaEvaluatesExactlyLikeTheCSharpExpression()
    {
        Cases.SampleRepeatably(c =>
        {
            string text = Print(c.Tree);
            var f = Formula.Parse(text);
            double expected = Direct(c.Tree, c.X);
            double actual = f.Evaluate<Real>([.. c.X.Select(v => new Real(v))], Names).Value;
            Assert.True(expected.Equals(actual), $"{text} at ({string.Join(", ", c.X)}): C# {expected:R}, formula {actual:R}");
        }, iter: 500);
    }

    [Fact]
    public void WhitespaceAndRedundantParenthesesDoNotChangeTheValue()
    {
        Cases.SampleRepeatably(c =>
        {
            string text = Print(c.Tree);
            string spaced = "( " + text.Replace("(", "( ").Replace(",", " , ").Replace(")", " )") + " )";
            double a = Formula.Parse(text).Evaluate<Real>([.. c.X.Select(v => new Real(v))], Names).Value;
            double b = Formula.Parse(spaced).Evaluate<Real>([.. c.X.Select(v => new Real(v))], Names).Value;
            Assert.True(a.Equals(b), $"{text} vs {spaced}");
        }, iter: 200);
    }

    /// <summary>
    /// Points on a grid of eighths in [−2, 2]: the reverse sweep sums adjoints in another order than the forward
    /// sweep, so at points like z = 1e−53 (where z/z has partials ±1/z) the two differ by cancellation, not by a bug.
    /// </summary>
    private static readonly Gen<(E Tree, double[] X)> GridCases =
        Gen.Select(Expressions(4), Gen.Int[-16, 16].Select(i => i / 8.0).Array[3], (e, x) => (e, x));

    [Fact]
    public void ReverseGradientOnTheTapeEqualsForwardDualDerivativesOfTheSameFormula()
    {
        GridCases.SampleRepeatably(c =>
        {
            var f = Formula.Parse(Print(c.Tree));
            var r = Differentiate.Gradient(f.ToScalarFunction(Names), c.X);
            // Kinks (conventions) and non-finite intermediates (x/0) are where the two may legitimately differ.
            if (r.Kinks.Count > 0 || r.Diagnostics.Count > 0 || !double.IsFinite(r.Value) || r.Gradient.Any(g => !double.IsFinite(g) || Math.Abs(g) > 1e8)) return;
            for (int i = 0; i < 3; i++)
            {
                var d = f.Evaluate<Dual>([.. c.X.Select((v, k) => new Dual(v, k == i ? 1 : 0))], Names);
                // An infinite constant (0.59^3/0) times x has an infinite tangent, and a zero partial times it is NaN
                // on dual numbers while the reverse sweep never forms that product: compare where both are finite.
                if (!double.IsFinite(d.Derivative)) continue;
                Assert.Equal(r.Value, d.Value);
                double tol = 1e-10 * Math.Max(1, Math.Abs(r.Gradient[i]));
                Assert.True(Math.Abs(d.Derivative - r.Gradient[i]) <= tol, $"{f} ∂/∂{Names[i]}: dual {d.Derivative:R}, reverse {r.Gradient[i]:R}");
            }
        }, iter: 300);
    }
}
