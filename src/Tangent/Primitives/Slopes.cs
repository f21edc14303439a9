namespace Tangent.Primitives;

/// <summary>
/// The derivative of a unary primitive P as a node of its own, for tangent graphs (<see cref="TangentGraph"/>):
/// s = P′(x), recorded on (x, y) with y = P(x) so that P′ may be read off y (exp′ = y, tanh′ = 1 − y²) as the
/// declaration does. Differentiating s once more reads P″ from the same declaration.
/// </summary>
/// <remarks>
/// As a function of two arguments, s(x, y) = P.Derivative(x, y) is given the partials ∂s/∂x = P″(x) and
/// ∂s/∂y = 0. In a tangent graph y is always P(x) itself, so the total derivative along the graph,
/// ∂s/∂x + ∂s/∂y·P′(x) = P″(x), is the right one; that is all a tangent graph is differentiated for. Its own
/// second partials (P‴) and formulas are not declared: a tangent graph is differentiated once, numerically.
/// </remarks>
internal readonly struct Slope<P> : IBinaryPrimitive where P : IUnaryPrimitive
{
    public static string Name => P.Name + "′";
    public static double Value(double x, double y) => P.Derivative(x, y);
    public static (double Da, double Db) Partials(double x, double y, double s) => (P.SecondDerivative(x, y), 0);
    public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => throw Slopes.Undeclared(Name);
    public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => throw Slopes.Undeclared(Name);
}

/// <summary>∂P/∂a of a binary primitive P as a node on (a, b): value P.Partials(a, b, y).Da, partials (∂²P/∂a², ∂²P/∂a∂b).</summary>
internal readonly struct PartialA<P> : IBinaryPrimitive where P : IBinaryPrimitive
{
    public static string Name => "∂" + P.Name + "/∂a";
    public static double Value(double a, double b) => P.Partials(a, b, P.Value(a, b)).Da;
    public static (double Da, double Db) Partials(double a, double b, double s)
    {
        var (daa, dab, _) = P.SecondPartials(a, b, P.Value(a, b));
        return (daa, dab);
    }
    public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => throw Slopes.Undeclared(Name);
    public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => throw Slopes.Undeclared(Name);
}

/// <summary>∂P/∂b of a binary primitive P as a node on (a, b): value P.Partials(a, b, y).Db, partials (∂²P/∂a∂b, ∂²P/∂b²).</summary>
internal readonly struct PartialB<P> : IBinaryPrimitive where P : IBinaryPrimitive
{
    public static string Name => "∂" + P.Name + "/∂b";
    public static double Value(double a, double b) => P.Partials(a, b, P.Value(a, b)).Db;
    public static (double Da, double Db) Partials(double a, double b, double s)
    {
        var (_, dab, dbb) = P.SecondPartials(a, b, P.Value(a, b));
        return (dab, dbb);
    }
    public static (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T> => throw Slopes.Undeclared(Name);
    public static (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y) => throw Slopes.Undeclared(Name);
}

internal static class Slopes
{
    public static InvalidOperationException Undeclared(string name) =>
        new($"{name} is a node of a tangent graph, which is differentiated once: its second partials and formulas are not declared.");
}
