using Tangent.Primitives;
using Tangent.Symbolic;

namespace Tangent.Tests.Symbolic;

/// <summary>
/// The canonical forms, with expected strings written from the mathematics and the documented
/// conventions (numbers first in a product, terms ordered by their factors, a positive number
/// leads a sum whose first term is negative).
/// </summary>
public class SimplifierTests
{
    private static readonly Expr X = Expr.Variable("x"), Y = Expr.Variable("y"), Z = Expr.Variable("z");

    [Fact] public void AddingZeroVanishes() => Assert.Equal("x", (X + 0).ToString());
    [Fact] public void MultiplyingByOneVanishes() => Assert.Equal("x", (X * 1).ToString());
    [Fact] public void ZeroTimesAnythingIsZero() => Assert.Equal("0", (0 * Expr.Apply<Sin>(X)).ToString());
    [Fact] public void FirstPowerVanishes() => Assert.Equal("x", Expr.Pow(X, 1).ToString());
    [Fact] public void ZerothPowerIsOne() => Assert.Equal("1", Expr.Pow(X + Y, 0).ToString());
    [Fact] public void DoubleNegationVanishes() => Assert.Equal("x", (-(-X)).ToString());
    [Fact] public void DividingByOneVanishes() => Assert.Equal("x", (X / 1).ToString());
    [Fact] public void AQuotientOfEqualsIsOne() => Assert.Equal("1", (Expr.Apply<Sin>(X) / Expr.Apply<Sin>(X)).ToString());
    [Fact] public void ConstantsFold() => Assert.Equal("7", (Expr.Constant(3) + 2 * Expr.Constant(2)).ToString());
    [Fact] public void FunctionsOfConstantsFold() => Assert.Equal("1", Expr.Apply<Exp>(0).ToString());
    [Fact] public void NonFiniteFoldsAreKeptAsFormulas() => Assert.Equal("log(-1)", Expr.Apply<Log>(-1).ToString());
    [Fact] public void LikeTermsCollect() => Assert.Equal("5*x", (2 * X + 3 * X).ToString());
    [Fact] public void ASumOfEqualTermsIsAMultiple() => Assert.Equal("2*x", (X + X).ToString());
    [Fact] public void CancellingTermsVanish() => Assert.Equal("y", (X + Y - X).ToString());
    [Fact] public void EqualFactorsCollectIntoAPower() => Assert.Equal("x^2", (X * X).ToString());
    [Fact] public void PowersOfOneBaseAdd() => Assert.Equal("x^3", (Expr.Pow(X, 2) * X).ToString());
    [Fact] public void NumbersComeFirstAndFactorsAreOrdered() => Assert.Equal("2*x*y", (Y * 2 * X).ToString());
    [Fact] public void NumbersMultiplyOut() => Assert.Equal("6*x", (2 * (X * 3)).ToString());
    [Fact] public void SquareOfANegationIsTheSquare() => Assert.Equal("x^2", Expr.Pow(-X, 2).ToString());
    [Fact] public void IntegerPowersDistributeOverProducts() => Assert.Equal("4*x^2*y^2", Expr.Pow(2 * X * Y, 2).ToString());
    [Fact] public void NonIntegerPowersOfPowersStay() => Assert.Equal("(x^2)^0.5", Expr.Pow(Expr.Pow(X, 2), 0.5).ToString());
    [Fact] public void HalfPowersOfOneBaseAdd() => Assert.Equal("x", (Expr.Pow(X, 0.5) * Expr.Pow(X, 0.5)).ToString());
    [Fact] public void NegationDistributesOverASum() => Assert.Equal("-x - y", (-(X + Y)).ToString());
    [Fact] public void ANumberDistributesOverASum() => Assert.Equal("2*x + 2*y", (2 * (X + Y)).ToString());
    [Fact] public void APositiveNumberLeadsWhenTheFirstTermIsNegative() => Assert.Equal("1 - x^2", (1 - X * X).ToString());
    [Fact] public void ANumberEndsASumOtherwise() => Assert.Equal("x + 1", (1 + X).ToString());
    [Fact] public void HigherPowersComeFirst() => Assert.Equal("x^2 + 2*x*y + y^2", (X * X + Y * Y + 2 * Y * X).ToString());
    [Fact] public void NegativeExponentsFormADenominator() => Assert.Equal("x/(y*z^2)", (X * Expr.Pow(Y, -1) / (Z * Z)).ToString());
    [Fact] public void AReciprocalIsAQuotient() => Assert.Equal("1/x", Expr.Pow(X, -1).ToString());
    [Fact] public void ANumberDividedIsAQuotient() => Assert.Equal("0.5/x", (1 / (2 * X)).ToString());
    [Fact] public void ANegativeProductTakesOneMinus() => Assert.Equal("-x*y", (X * -Y).ToString());
    [Fact] public void SubtractingANegativeAdds() => Assert.Equal("x + 2*y", (X - (-2) * Y).ToString());

    [Fact] public void APowerOfASumIsParenthesised() => Assert.Equal("(x + y)^2", Expr.Pow(X + Y, 2).ToString());
    [Fact] public void ASumExponentIsParenthesised() => Assert.Equal("x^(y + 1)", Expr.Pow(X, Y + 1).ToString());
    [Fact] public void ANegativeExponentNeedsNoParentheses() => Assert.Equal("x^-y", Expr.Pow(X, -Y).ToString());
    [Fact] public void PowersAreRightAssociative() => Assert.Equal("x^y^z", Expr.Pow(X, Expr.Pow(Y, Z)).ToString());
    [Fact] public void APowerBaseThatIsAPowerIsParenthesised() => Assert.Equal("(x^y)^z", Expr.Pow(Expr.Pow(X, Y), Z).ToString());
    [Fact] public void ANegativeBaseIsParenthesised() => Assert.Equal("(-2)^x", Expr.Pow(-2, X).ToString());
    [Fact] public void UnaryMinusBindsLooserThanPower() => Assert.Equal("-x^2", (-(X * X)).ToString());
    [Fact] public void AFunctionSquaredIsWrittenAsAPower() => Assert.Equal("sin(x)^2", (Expr.Apply<Sin>(X) * Expr.Apply<Sin>(X)).ToString());
    [Fact] public void PiIsWrittenByName() => Assert.Equal("pi*x", (Math.PI * X).ToString());
    [Fact] public void IntegerMultiplesOfPiAreWrittenWithPi() => Assert.Equal("2*pi*x", (2 * Math.PI * X).ToString());
    [Fact] public void AMultipleOfPiAsABaseIsParenthesised() => Assert.Equal("(-3*pi)^x", Expr.Pow(-3 * Math.PI, X).ToString());
    [Fact] public void SmallNumbersUseTheExponentForm() => Assert.Equal("1e-8*x", (1e-8 * X).ToString());
    [Fact] public void LargeNumbersUseTheExponentForm() => Assert.Equal("1e20*x", (1e20 * X).ToString());
    [Fact] public void TwoArgumentFunctionsKeepTheirOrder() => Assert.Equal("atan2(y, x)", Expr.Apply<Atan2>(Y, X).ToString());

    [Fact]
    public void EqualExpressionsAreOneSharedNode()
    {
        var a = Expr.Apply<Sin>(X * Y) + 1;
        var b = 1 + Expr.Apply<Sin>(Y * X);
        Assert.True(a.Equals(b));
        Assert.Same(a.A, b.A);
    }

    [Fact]
    public void ComparisonsThrowBecauseTheyHaveNoSymbolicValue()
    {
        Assert.Throws<NotSupportedException>(() => X < Y);
        Assert.Throws<NotSupportedException>(() => X >= Y);
        Assert.Throws<NotSupportedException>(() => X == Y);
        Assert.Throws<NotSupportedException>(() => X != 1.0);
    }

    [Fact]
    public void ATestAgainstNullIsAReferenceTestAndDoesNotThrow()
    {
        Expr? none = null;
        Assert.False(X == null);
        Assert.True(X != null);
        Assert.False(null == Y);
        Assert.True(none == null);
        Assert.False(none != null);
        Assert.False(none == X);
    }

    private static T Generic<T>(T x, T y) where T : IScalar<T> => T.Sin(x) * y + x * x;

    [Fact]
    public void AGenericFunctionRunsOnExpressionsAndCarriesItsValue()
    {
        var e = Generic(Expr.Variable("x", 0.7), Expr.Variable("y", -1.3));
        Assert.Equal("x^2 + y*sin(x)", e.ToString());
        Assert.Equal(Generic<Real>(0.7, -1.3).Value, e.Value, 14);
    }
}
