using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tangent.Primitives;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// y = φ(x) elementwise, for any scalar primitive P: the value and the slope φ′ are read from P's declaration
/// (through its lanes form L where it has one, four elements per instruction, else element by element), so
/// arrays and scalars share one copy of every derivative.
/// JVP dy = φ′(x)·dx;  VJP x̄ += φ′(x)·ȳ, with φ′ kept from the forward sweep; its curvature φ″(x)·ẋ·ȳ.
/// Elements on P's nonsmooth set (relu at 0) are counted and the first one's index kept, as kinks.
/// </summary>
internal sealed class ElementwiseVar<P, L> : TensorVar, IFusesAfterDense where P : IUnaryPrimitive where L : IUnaryLanes<P>
{
    public Func<TensorVar, TensorVar, TensorVar, TensorVar>? AfterDense => DenseOf<P>.Record;

    private double[] slope = [];
    private double kinkOperand;

    public ElementwiseVar(TensorVar x) : base(x.Graph, x.ShapeArray, x) { }

    public override string Operation => P.Name;

    internal override long Bytes => base.Bytes + 8L * slope.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        if (differentiable && Differentiable) slope = new double[Length];
    }

    internal override void Forward()
    {
        var x = Inputs[0].Value;
        Evaluate(x, Value, slope);
        KinkCount = 0;
        CountKinks(x, 0);
    }

    internal override bool Pointwise => true;

    internal override void ForwardChunk(FusedSum region, int start, int count)
    {
        var x = region.Values(Inputs[0], start, count);
        Evaluate(x, ChunkValue.AsSpan(0, count), Differentiable ? ChunkScratch.AsSpan(0, count) : default);
        CountKinks(x, start);
    }

    internal override bool NeedsChunkScratch => Differentiable; // the slopes of the chunk

    internal override void BackwardChunk(FusedSum region, int start, int count)
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        var g = region.Adjoints(x, start, count);
        TensorPrimitives.FusedMultiplyAdd(ChunkScratch.AsSpan(0, count), ChunkAdjoint.AsSpan(0, count), g, g);
    }

    // Compiled: y = L.Value(x) and the slope L.Derivative(x, y), the lanes form the loops above run. Elements on a
    // kink must be counted one by one: a primitive with kinks keeps to the chunk rules.
    internal override bool HasLanes => P.KinkConvention.Length == 0;

    private System.Linq.Expressions.ParameterExpression? laneSlope;

    internal override void ForwardLanes(FusedKernel kernel)
    {
        var x = kernel.Value(Inputs[0]);
        kernel.Define(this, System.Linq.Expressions.Expression.Call(LanesMethod(nameof(L.Value)), x));
        if (Differentiable)
            laneSlope = kernel.Keep(P.Name + "'", System.Linq.Expressions.Expression.Call(LanesMethod(nameof(L.Derivative)), x, kernel.Value(this)));
    }

    /// <summary>L's implementation of a member of the lanes interface (public or explicit).</summary>
    private static System.Reflection.MethodInfo LanesMethod(string name)
    {
        var map = typeof(L).GetInterfaceMap(typeof(IUnaryLanes<P>));
        return map.TargetMethods[Array.FindIndex(map.InterfaceMethods, m => m.Name == name)];
    }

    internal override void BackwardLanes(FusedKernel kernel) =>
        kernel.AddAdjoint(Inputs[0], System.Linq.Expressions.Expression.Multiply(laneSlope!, kernel.Adjoint(this)));

    /// <summary>y = φ(x) and, when <paramref name="slope"/> is not empty, φ′(x) (the whole array or one chunk).</summary>
    private static void Evaluate(ReadOnlySpan<double> x, Span<double> y, Span<double> slope)
    {
        bool slopes = !slope.IsEmpty;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double x0 = ref MemoryMarshal.GetReference(x), y0 = ref MemoryMarshal.GetReference(y);
            ref double s0 = ref MemoryMarshal.GetReference(slope);
            int whole = x.Length - x.Length % V.Count;
            for (; i < whole; i += V.Count)
            {
                var xv = Vector256.LoadUnsafe(ref x0, (nuint)i);
                if (slopes)
                {
                    var (yv, dv) = UnaryLanes.ValueAndDerivative<P, L>(xv);
                    yv.StoreUnsafe(ref y0, (nuint)i);
                    dv.StoreUnsafe(ref s0, (nuint)i);
                }
                else L.Value(xv).StoreUnsafe(ref y0, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            double y1 = P.Value(x[i]);
            y[i] = y1;
            if (slopes) slope[i] = P.Derivative(x[i], y1);
        }
    }

    /// <summary>Adds the elements of x (elements offset.. of the operand) on P's nonsmooth set to the kink count.</summary>
    private void CountKinks(ReadOnlySpan<double> x, int offset)
    {
        if (P.KinkConvention.Length == 0) return;
        for (int i = 0; i < x.Length; i++)
            if (P.IsKink(x[i]) && KinkCount++ == 0) (FirstKink, kinkOperand) = (offset + i, x[i]);
    }

    // The operand is kept when the kink is counted: a fused run has no whole input array to read it from afterwards.
    internal override (string Convention, double[] Operands) KinkAt(int flat) => (P.KinkConvention, [flat == FirstKink ? kinkOperand : Inputs[0].Value[flat]]);

    internal override string NonFiniteCause(int flat) => Causes.Unary<P>(Inputs[0].Value[flat], Value[flat]);

    internal override void Backward()
    {
        var x = Inputs[0];
        if (x.Differentiable) TensorPrimitives.FusedMultiplyAdd(slope, Adjoint, x.Adjoint, x.Adjoint);
    }

    internal override void ForwardTangent() => TensorPrimitives.Multiply(slope, Inputs[0].Tangent, Tangent);

    // d(φ′(x)·ȳ) along ẋ with ȳ fixed: φ″(x)·ẋ·ȳ, φ″ from the declaration.
    internal override void BackwardCurvature()
    {
        var x = Inputs[0];
        for (int i = 0; i < Length; i++)
            x.AdjointTangent[i] += P.SecondDerivative(x.Value[i], Value[i]) * x.Tangent[i] * Adjoint[i];
    }
}

/// <summary>
/// The lanes form of a primitive that has none: each lane through the declaration itself (bit for bit the scalar
/// path), so <see cref="ElementwiseVar{P, L}"/> runs every primitive, declared now or later, with one loop.
/// </summary>
internal readonly struct DeclaredLanes<P> : IUnaryLanes<P> where P : IUnaryPrimitive
{
    public static V Value(V x) => Vector256.Create(P.Value(x[0]), P.Value(x[1]), P.Value(x[2]), P.Value(x[3]));

    public static V Derivative(V x, V y) =>
        Vector256.Create(P.Derivative(x[0], y[0]), P.Derivative(x[1], y[1]), P.Derivative(x[2], y[2]), P.Derivative(x[3], y[3]));
}

/// <summary>
/// How φ = P is recorded elementwise: through the lanes form the registry lists for P, else through
/// <see cref="DeclaredLanes{P}"/>. Looked up once per P; the node itself is generic in the form, so its loops are
/// specialised by the JIT as if the form had been named at the call.
/// </summary>
internal static class ElementwiseOf<P> where P : IUnaryPrimitive
{
    public static readonly Func<TensorVar, TensorVar> Record = Find();

    private static Func<TensorVar, TensorVar> Find()
    {
        var lanes = Primitive.ByCode(OpCode<P>.Value).LanesType ?? typeof(DeclaredLanes<P>);
        return typeof(ElementwiseOf<P>).GetMethod(nameof(With), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(lanes).CreateDelegate<Func<TensorVar, TensorVar>>();
    }

    private static TensorVar With<L>(TensorVar x) where L : IUnaryLanes<P> => x.Graph.Add(new ElementwiseVar<P, L>(x));
}
