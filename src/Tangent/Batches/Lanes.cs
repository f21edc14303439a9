using System.Runtime.Intrinsics;
using Tangent.Primitives;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent;

// The lanes forms: each restates one declaration of src/Tangent/Primitives with Vector256 operations, four
// points per instruction, operation for operation, so that each lane is bit for bit what the declaration gives
// (the transcendental ones: within a few ulps of Math.*). The declarations are written on double and cannot
// run on vectors; a test (tests/Tangent.Tests/Batches/LanesTests.cs) ties every form below to its declaration
// on random, special (±0, ±∞, NaN, subnormal) and kink arguments.

/// <summary>y = a + b, (∂y/∂a, ∂y/∂b) = (1, 1), as <see cref="Add"/>.</summary>
internal readonly struct AddLanes : IBinaryLanes<Add>
{
    public static V Value(V a, V b) => a + b;
    public static (V Da, V Db) Partials(V a, V b, V y) => (V.One, V.One);
    public static (PartialSource A, PartialSource B) Sources => (PartialSource.One, PartialSource.One);
}

/// <summary>y = a − b, (∂y/∂a, ∂y/∂b) = (1, −1), as <see cref="Subtract"/>.</summary>
internal readonly struct SubtractLanes : IBinaryLanes<Subtract>
{
    public static V Value(V a, V b) => a - b;
    public static (V Da, V Db) Partials(V a, V b, V y) => (V.One, -V.One);
    public static (PartialSource A, PartialSource B) Sources => (PartialSource.One, PartialSource.MinusOne);
}

/// <summary>y = a·b, (∂y/∂a, ∂y/∂b) = (b, a), as <see cref="Multiply"/>.</summary>
internal readonly struct MultiplyLanes : IBinaryLanes<Multiply>
{
    public static V Value(V a, V b) => a * b;
    public static (V Da, V Db) Partials(V a, V b, V y) => (b, a);
    public static (PartialSource A, PartialSource B) Sources => (PartialSource.OperandB, PartialSource.OperandA);
}

/// <summary>y = a/b, (∂y/∂a, ∂y/∂b) = (1/b, −y/b), as <see cref="Divide"/>.</summary>
internal readonly struct DivideLanes : IBinaryLanes<Divide>
{
    public static V Value(V a, V b) => a / b;
    public static (V Da, V Db) Partials(V a, V b, V y) => (V.One / b, -y / b);
}

/// <summary>
/// y = max(a, b) with Math.Max's rules (NaN wins; +0 is above −0); partials (1, 0) where a &gt; b, (0, 1) where
/// a &lt; b, (1/2, 1/2) at a tie, NaN where an operand is NaN, as <see cref="Max"/>.
/// </summary>
internal readonly struct MaxLanes : IBinaryLanes<Max>
{
    public static V Value(V a, V b) =>
        Vector256.ConditionalSelect(~Vector256.Equals(a, b),
            Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(b, a), a, b),
            Vector256.ConditionalSelect(Vector256.IsNegative(b), a, b));
    public static (V Da, V Db) Partials(V a, V b, V y) => Lanes.Select(a, b);
}

/// <summary>
/// y = min(a, b) with Math.Min's rules (NaN wins; −0 is below +0); partials (1, 0) where a &lt; b, (0, 1) where
/// a &gt; b, (1/2, 1/2) at a tie, NaN where an operand is NaN, as <see cref="Min"/>.
/// </summary>
internal readonly struct MinLanes : IBinaryLanes<Min>
{
    public static V Value(V a, V b) =>
        Vector256.ConditionalSelect(~Vector256.Equals(a, b),
            Vector256.ConditionalSelect(Vector256.IsNaN(a) | Vector256.LessThan(a, b), a, b),
            Vector256.ConditionalSelect(Vector256.IsNegative(a), a, b));
    public static (V Da, V Db) Partials(V a, V b, V y) => Lanes.Select(b, a);
}

/// <summary>y = −x, dy/dx = −1, as <see cref="Negate"/>.</summary>
internal readonly struct NegateLanes : IUnaryLanes<Negate>
{
    public static V Value(V x) => -x;
    public static V Derivative(V x, V y) => -V.One;
    public static PartialSource Source => PartialSource.MinusOne;
}

/// <summary>y = √x (IEEE square root, correctly rounded like Math.Sqrt), dy/dx = 0.5/y, as <see cref="Sqrt"/>.</summary>
internal readonly struct SqrtLanes : IUnaryLanes<Sqrt>
{
    public static V Value(V x) => Vector256.Sqrt(x);
    public static V Derivative(V x, V y) => Vector256.Create(0.5) / y;
}

/// <summary>y = |x|, dy/dx = 1, −1, 0 (the kink convention abs'(0) = 0), NaN at NaN, as <see cref="Abs"/>.</summary>
internal readonly struct AbsLanes : IUnaryLanes<Abs>
{
    public static V Value(V x) => Vector256.Abs(x);
    public static V Derivative(V x, V y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
            Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), -V.One,
                Vector256.ConditionalSelect(Vector256.Equals(x, V.Zero), V.Zero, Lanes.NaN)));
}

/// <summary>y = max(x, 0) (NaN stays NaN), dy/dx = 1 for x &gt; 0, 0 for x ≤ 0 (relu'(0) = 0), NaN at NaN, as <see cref="Relu"/>.</summary>
internal readonly struct ReluLanes : IUnaryLanes<Relu>
{
    public static V Value(V x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero) | Vector256.IsNaN(x), x, V.Zero);
    public static V Derivative(V x, V y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), V.One,
            Vector256.ConditionalSelect(Vector256.LessThanOrEqual(x, V.Zero), V.Zero, Lanes.NaN));
}

/// <summary>y = eˣ by Vector256.Exp (within a few ulps of Math.Exp), dy/dx = y, as <see cref="Exp"/>.</summary>
internal readonly struct ExpLanes : IUnaryLanes<Exp>
{
    public static V Value(V x) => Vector256.Exp(x);
    public static V Derivative(V x, V y) => y;
}

/// <summary>y = ln x by Vector256.Log (within a few ulps of Math.Log), dy/dx = 1/x, NaN for x &lt; 0, as <see cref="Log"/>.</summary>
internal readonly struct LogLanes : IUnaryLanes<Log>
{
    public static V Value(V x) => Vector256.Log(x);
    public static V Derivative(V x, V y) => Vector256.ConditionalSelect(Vector256.LessThan(x, V.Zero), Lanes.NaN, V.One / x);
}

/// <summary>y = sin x, dy/dx = cos x, by Vector256.Sin/Cos (within a few ulps of Math.Sin/Cos), as <see cref="Sin"/>.</summary>
internal readonly struct SinLanes : IUnaryLanes<Sin>
{
    public static V Value(V x) => Vector256.Sin(x);
    public static V Derivative(V x, V y) => Vector256.Cos(x);
}

/// <summary>y = cos x, dy/dx = −sin x, by Vector256.Cos/Sin (within a few ulps of Math.Cos/Sin), as <see cref="Cos"/>.</summary>
internal readonly struct CosLanes : IUnaryLanes<Cos>
{
    public static V Value(V x) => Vector256.Cos(x);
    public static V Derivative(V x, V y) => -Vector256.Sin(x);
}

/// <summary>
/// σ(x) in the declaration's overflow-free form, 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) otherwise, with
/// Vector256.Exp (within a few ulps); dσ/dx = y(1 − y), as <see cref="Sigmoid"/>.
/// </summary>
internal readonly struct SigmoidLanes : IUnaryLanes<Sigmoid>
{
    public static V Value(V x)
    {
        var right = Vector256.GreaterThanOrEqual(x, V.Zero);
        var e = Vector256.Exp(Vector256.ConditionalSelect(right, -x, x));
        return Vector256.ConditionalSelect(right, V.One / (V.One + e), e / (V.One + e));
    }
    public static V Derivative(V x, V y) => y * (V.One - y);
}

/// <summary>
/// y = a² for the constant exponent b = 2, as a·a (the correctly rounded square; Math.Pow(a, 2) differs from it by an
/// ulp in a few points per thousand), ∂y/∂a = 2a, which is <see cref="Power"/>'s b·aᵇ⁻¹ exactly (a¹ = a). ∂y/∂b is not
/// formed: b is a constant. Used only without exact transcendentals.
/// </summary>
internal readonly struct SquareLanes : IBinaryLanes<Power>
{
    public static V Value(V a, V b) => a * a;
    public static (V Da, V Db) Partials(V a, V b, V y) => (Vector256.Create(2.0) * a, V.Zero);
}

/// <summary>
/// y = a³ for the constant exponent b = 3, as (a·a)·a (within 2 ulps of Math.Pow(a, 3)), ∂y/∂a = 3·(a·a) (within an ulp
/// of <see cref="Power"/>'s 3·Math.Pow(a, 2)). ∂y/∂b is not formed: b is a constant. Used only without exact transcendentals.
/// </summary>
internal readonly struct CubeLanes : IBinaryLanes<Power>
{
    public static V Value(V a, V b) => a * a * a;
    public static (V Da, V Db) Partials(V a, V b, V y) => (Vector256.Create(3.0) * (a * a), V.Zero);
}

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
