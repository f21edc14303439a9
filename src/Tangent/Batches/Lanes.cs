using System.Runtime.Intrinsics;
using Tangent.Primitives;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent;

// The lanes forms (structs XLanes : IUnaryLanes<X> / IBinaryLanes<X>) live beside their declarations in
// src/Tangent/Primitives, so that each primitive's file holds all its mathematics. Each restates its declaration
// with Vector256 operations, four points per instruction, operation for operation, so that each lane is bit for
// bit what the declaration gives (the transcendental ones: within a few ulps of Math.*): the declarations are
// written on double and cannot run on vectors. A test (tests/Tangent.Tests/Batches/LaneKernelTests.cs) ties every
// form to its declaration on random, special (±0, ±∞, NaN, subnormal) and kink arguments.

/// <summary>Shared pieces of the lanes forms.</summary>
internal static class Lanes
{
    public static V NaN => Vector256.Create(double.NaN);

    /// <summary>
    /// The partials of a selection y = (u wins ? u : v): (1, 0) where u &gt; v, (0, 1) where u &lt; v, (1/2, 1/2) at a
    /// tie, (NaN, NaN) where either is NaN; returned in the order (∂y/∂u-side first) the caller passes.
    /// </summary>
    public static (V, V) Select(V u, V v)
    {
        var half = Vector256.Create(0.5);
        var greater = Vector256.GreaterThan(u, v);
        var less = Vector256.LessThan(u, v);
        var tie = Vector256.Equals(u, v);
        var du = Vector256.ConditionalSelect(greater, V.One, Vector256.ConditionalSelect(less, V.Zero, Vector256.ConditionalSelect(tie, half, NaN)));
        var dv = Vector256.ConditionalSelect(greater, V.Zero, Vector256.ConditionalSelect(less, V.One, Vector256.ConditionalSelect(tie, half, NaN)));
        return (du, dv);
    }
}
