using System.Runtime.CompilerServices;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// The calls that compiled code makes for each node: thin generic wrappers over a primitive's own
/// declaration (P.Value, P.Derivative, P.Partials), closed over the declaring struct when emitted, so
/// that the JIT inlines the declaration itself. No derivative is re-typed here. Partials come back by
/// value (a double, or a pair the JIT keeps in registers), never through a pointer: a local whose
/// address is taken cannot live in a register.
/// </summary>
internal static class Kernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double UnaryValue<P>(double a) where P : IUnaryPrimitive => P.Value(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BinaryValue<P>(double a, double b) where P : IBinaryPrimitive => P.Value(a, b);

    /// <summary>dy/da at a, given y = φ(a).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Derivative<P>(double a, double y) where P : IUnaryPrimitive => P.Derivative(a, y);

    /// <summary>(∂φ/∂a, ∂φ/∂b) at (a, b), given y = φ(a, b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double, double) Partials<P>(double a, double b, double y) where P : IBinaryPrimitive => P.Partials(a, b, y);
}
