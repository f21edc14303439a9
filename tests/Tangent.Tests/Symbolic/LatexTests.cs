using Tangent.Primitives;
using Tangent.Symbolic;

namespace Tangent.Tests.Symbolic;

/// <summary>The LaTeX printer: fractions, braced powers, named operators, parentheses where needed.</summary>
public class LatexTests
{
    private static readonly Expr X = Expr.Variable("x"), Y = Expr.Variable("y");

    private static string Latex(Expr e) => new ExprText(new Dictionary<Expr, string>(), latex: true, ["x", "y"]).Write(e);

    [Fact] public void AQuotientIsAFraction() => Assert.Equal("\\frac{1}{x}", Latex(1 / X));
    [Fact] public void AnExponentIsBraced() => Assert.Equal("x^{2}", Latex(X * X));
    [Fact] public void ARootIsSqrt() => Assert.Equal("\\sqrt{x}", Latex(Expr.Apply<Sqrt>(X)));
    [Fact] public void AProductUsesCdot() => Assert.Equal("y \\cdot \\sin\\left(x\\right)", Latex(Expr.Apply<Sin>(X) * Y));
    [Fact] public void ReluIsAnOperatorName() => Assert.Equal("\\operatorname{relu}\\left(x\\right)", Latex(Expr.Apply<Relu>(X)));
    [Fact] public void AbsIsBars() => Assert.Equal("\\left|x\\right|", Latex(Expr.Apply<Abs>(X)));
    [Fact] public void LogIsLn() => Assert.Equal("\\ln\\left(x\\right)", Latex(Expr.Apply<Log>(X)));
    [Fact] public void ExpIsAPowerOfE() => Assert.Equal("e^{x}", Latex(Expr.Apply<Exp>(X)));
    [Fact] public void APowerOfExpIsParenthesised() => Assert.Equal("\\left(e^{x}\\right)^{2}", Latex(Expr.Apply<Exp>(X) * Expr.Apply<Exp>(X)));
    [Fact] public void MaxIsTheLatexMax() => Assert.Equal("\\max\\left(x, y\\right)", Latex(Expr.Apply<Max>(X, Y)));
    [Fact] public void AsinIsArcsin() => Assert.Equal("\\arcsin\\left(x\\right)", Latex(Expr.Apply<Asin>(X)));
    [Fact] public void PiIsTheLetter() => Assert.Equal("\\pi \\cdot x", Latex(Math.PI * X));
    [Fact] public void SmallNumbersArePowersOfTen() => Assert.Equal("1 \\cdot 10^{-8} \\cdot x", Latex(1e-8 * X));
    [Fact] public void ASumInAProductIsParenthesised() => Assert.Equal("x \\cdot \\left(x + y\\right)", Latex(X * (X + Y) * 1));
    [Fact] public void IndexedNamesAreSubscripted() => Assert.Equal("x_{12}", ExprText.LatexName("x12"));
    [Fact] public void GreekNamesAreLetters() => Assert.Equal("\\theta", ExprText.LatexName("theta"));
    [Fact] public void LongNamesAreUpright() => Assert.Equal("\\mathrm{rate}", ExprText.LatexName("rate"));
}
