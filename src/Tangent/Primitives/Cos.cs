using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives;

/// <summary>y = cos x, dy/dx = −sin x, d²y/dx² = −cos x = −y.</summary>
public readonly struct Cos : IUnaryPrimitive
{
    /// <inheritdoc/>
    public static string Name => "cos";
    /// <inheritdoc/>
    public static double Value(double x) => Math.Cos(x);
    /// <inheritdoc/>
    public static double Derivative(double x, double y) => -Math.Sin(x);
    /// <inheritdoc/>
    public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => -T.Sin(x);
    /// <inheritdoc/>
    public static double SecondDerivative(double x, double y) => -y;
}

/// <summary>y = cos x, dy/dx = −sin x, by Vector256.Cos/Sin (within a few ulps of Math.Cos/Sin), as <see cref="Cos"/>.</summary>
internal readonly struct CosLanes : IUnaryLanes<Cos>
{
    public static V Value(V x) => Vector256.Cos(x);
    public static V Derivative(V x, V y) => -Vector256.Sin(x);
}
