using System.Runtime.CompilerServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// The calls that compiled code makes for each node: thin generic wrappers over a primitive's own
/// declaration (P.Value, P.Derivative, P.Partials), closed over the declaring
/// struct when emitted, so that the JIT inlines the declaration itself. No derivative is re-typed here.
/// </summary>
internal static class Kernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double UnaryValue<P>(double a) where P : IUnaryPrimitive => P.Value(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BinaryValue<P>(double a, double b) where P : IBinaryPrimitive => P.Value(a, b);

    /// <summary>y = φ(a) and dy/da.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Unary<P>(double a, out double da) where P : IUnaryPrimitive
    {
        double y = P.Value(a);
        da = P.Derivative(a, y);
        return y;
    }

    /// <summary>y = φ(a, b) and (∂φ/∂a, ∂φ/∂b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Binary<P>(double a, double b, out double da, out double db) where P : IBinaryPrimitive
    {
        double y = P.Value(a, b);
        (da, db) = P.Partials(a, b, y);
        return y;
    }
}
