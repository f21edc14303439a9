using System.Globalization;
using Tangent.Primitives;

namespace Tangent.Arrays;

/// <summary>Why an elementwise value is not finite, in words, from the primitive's declared domain (as the scalar graph says it).</summary>
internal static class Causes
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Unary<P>(double x, double y) where P : IUnaryPrimitive =>
        !double.IsFinite(x) ? ""
        : P.OutsideDomain(x) ? $"{P.Name}({F(x)}) is outside the domain of {P.Name}{(P.Domain.Length > 0 ? $" ({P.Domain})" : "")}"
        : $"{P.Name}({F(x)}) overflows to {F(y)}";

    public static string Binary<P>(double a, double b, double y) where P : IBinaryPrimitive =>
        !double.IsFinite(a) || !double.IsFinite(b) ? ""
        : P.OutsideDomain(a, b) ? $"{P.Name}({F(a)}, {F(b)}) is outside the domain of {P.Name}{(P.Domain.Length > 0 ? $" ({P.Domain})" : "")}"
        : $"{P.Name}({F(a)}, {F(b)}) overflows to {F(y)}";
}
