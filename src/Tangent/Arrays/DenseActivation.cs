using System.Runtime.Intrinsics;
using Tangent.Primitives;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// The activation φ a <see cref="DenseVar{A}"/> applies to its pre-activation z = x·W + b: none (the affine layer
/// alone) or a smooth scalar primitive, read from the primitive's own declaration and its lanes form (so the
/// fused operation and the separate elementwise one share one copy of every derivative).
/// </summary>
internal interface IDenseActivation
{
    /// <summary>The operation's name: "dense", or "tanh∘dense".</summary>
    static abstract string Name { get; }

    /// <summary>True for φ(z) = z: no slope kept, Z̄ is Ȳ itself.</summary>
    static abstract bool Identity { get; }

    /// <summary>φ(z), four lanes.</summary>
    static abstract V Value(V z);

    /// <summary>φ(z) and φ′(z), four lanes.</summary>
    static abstract (V Value, V Slope) ValueAndSlope(V z);

    /// <summary>φ(z).</summary>
    static abstract double Value(double z);

    /// <summary>φ′(z) given y = φ(z).</summary>
    static abstract double Slope(double z, double y);

    /// <summary>φ″(z) given y = φ(z).</summary>
    static abstract double Curvature(double z, double y);
}

/// <summary>φ(z) = z: the affine layer y = x·W + b.</summary>
internal readonly struct NoActivation : IDenseActivation
{
    public static string Name => "dense";
    public static bool Identity => true;
    public static V Value(V z) => z;
    public static (V Value, V Slope) ValueAndSlope(V z) => (z, V.One);
    public static double Value(double z) => z;
    public static double Slope(double z, double y) => 1;
    public static double Curvature(double z, double y) => 0;
}

/// <summary>φ = P, through P's lanes form L (four lanes) and P's declaration (the tail elements and φ″).</summary>
internal readonly struct Activated<P, L> : IDenseActivation where P : IUnaryPrimitive where L : IUnaryLanes<P>
{
    public static string Name => P.Name + "∘dense";
    public static bool Identity => false;
    public static V Value(V z) => L.Value(z);
    public static (V Value, V Slope) ValueAndSlope(V z) => UnaryLanes.ValueAndDerivative<P, L>(z);
    public static double Value(double z) => P.Value(z);
    public static double Slope(double z, double y) => P.Derivative(z, y);
    public static double Curvature(double z, double y) => P.SecondDerivative(z, y);
}

/// <summary>An elementwise node whose φ also has a fused dense form φ(X·W + b).</summary>
internal interface IFusesAfterDense
{
    /// <summary>Records φ(X·W + b) as one operation; null when φ has kinks.</summary>
    Func<TensorVar, TensorVar, TensorVar, TensorVar>? AfterDense { get; }
}

/// <summary>
/// How φ(x·W + b) is recorded as one fused operation for a primitive P: through the lanes form the registry
/// lists for P (else the declaration lane by lane). Null for a primitive with kinks (relu): those keep their
/// own elementwise node, which counts and reports every element evaluated on the kink.
/// </summary>
internal static class DenseOf<P> where P : IUnaryPrimitive
{
    public static readonly Func<TensorVar, TensorVar, TensorVar, TensorVar>? Record = Find();

    private static Func<TensorVar, TensorVar, TensorVar, TensorVar>? Find()
    {
        if (P.KinkConvention.Length > 0) return null;
        var lanes = Primitive.ByCode(OpCode<P>.Value).LanesType ?? typeof(DeclaredLanes<P>);
        return typeof(DenseOf<P>).GetMethod(nameof(With), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(lanes).CreateDelegate<Func<TensorVar, TensorVar, TensorVar, TensorVar>>();
    }

    private static TensorVar With<L>(TensorVar x, TensorVar w, TensorVar b) where L : IUnaryLanes<P> => DenseVar<Activated<P, L>>.Record(x, w, b);
}
