using Tangent.Primitives;

namespace Tangent.Tests.Checks;

/// <summary>
/// TEST-ONLY primitives with deliberately wrong rules, recorded through the public Var.Apply hook
/// (they are not in Primitive.All; the run-time table gives them codes after it, so replay and the
/// second-order sweep find their declarations too).
/// </summary>
internal readonly struct SinWithWrongDerivative : IUnaryPrimitive
{
    public static string Name => "wrong_sin";
    public static double Value(double x) => Math.Sin(x);
    /// <summary>Off by a factor 1.5: the true derivative is cos x.</summary>
    public static double Derivative(double x, double y) => 1.5 * Math.Cos(x);
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 1.5 * T.Cos(x);
    public static double SecondDerivative(double x, double y) => -y;
}

/// <summary>sin with the right first derivative and a second derivative off by a factor 2.</summary>
internal readonly struct SinWithWrongSecondDerivative : IUnaryPrimitive
{
    public static string Name => "wrong_sin2";
    public static double Value(double x) => Math.Sin(x);
    public static double Derivative(double x, double y) => Math.Cos(x);
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => T.Cos(x);
    public static double SecondDerivative(double x, double y) => -2 * y;
}

internal static class Wrong
{
    public static Var Sin(Var x) => Var.Apply<SinWithWrongDerivative>(x);
    public static Var Sin2(Var x) => Var.Apply<SinWithWrongSecondDerivative>(x);
}
