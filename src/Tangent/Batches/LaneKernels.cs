using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// One node of a recorded graph evaluated at L points at once (L lanes, structure of arrays): the
/// values y[k] = φ(a[k], b[k]) and the local partials ∂φ/∂a, ∂φ/∂b at each lane k. Every span has
/// length L, a multiple of <see cref="LaneKernels.Width"/>; b and db are unused by a unary φ.
/// </summary>
internal abstract class LaneKernel
{
    /// <summary>Where ∂φ/∂a lives: in da (<see cref="PartialSource.Computed"/>), or in a row that already holds it, so that da is not written.</summary>
    public virtual PartialSource SourceA => PartialSource.Computed;

    /// <summary>Where ∂φ/∂b lives (see <see cref="SourceA"/>).</summary>
    public virtual PartialSource SourceB => PartialSource.Computed;

    public abstract void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> da, Span<double> db);
}

/// <summary>
/// Where a lanes form's partial derivative is found: computed into its own row, or equal to a row that is already
/// there (the constants 1 and −1, or an operand: ∂(a·b)/∂a = b), which spares a store per lane.
/// </summary>
internal enum PartialSource
{
    /// <summary>Written by the kernel into the node's partial row.</summary>
    Computed,
    /// <summary>The constant 1.</summary>
    One,
    /// <summary>The constant −1.</summary>
    MinusOne,
    /// <summary>The value of operand a.</summary>
    OperandA,
    /// <summary>The value of operand b.</summary>
    OperandB,
}

/// <summary>
/// The lanes form of a unary primitive P: the same y = φ(x) and dy/dx as P's declaration, four lanes per
/// instruction. Implemented only where the declaration's operations have exact vector counterparts (or, for
/// the transcendentals, counterparts within a few ulps); a test ties each one to its declaration.
/// </summary>
internal interface IUnaryLanes<P> where P : IUnaryPrimitive
{
    static abstract Vector256<double> Value(Vector256<double> x);
    static abstract Vector256<double> Derivative(Vector256<double> x, Vector256<double> y);

    /// <summary>Where dy/dx is found without computing it (<see cref="PartialSource.Computed"/>: nowhere); a test checks it against <see cref="Derivative"/>.</summary>
    static virtual PartialSource Source => PartialSource.Computed;

    /// <summary>True when the form is within a few ulps of the declaration (a transcendental), not bit for bit: batches with exact transcendentals then run the declaration.</summary>
    static virtual bool Approximate => false;

    /// <summary>True when the form computes y and dy/dx together for less than apart (<see cref="ValueAndDerivative"/>: tanh's one exponential).</summary>
    static virtual bool Joint => false;

    /// <summary>y and dy/dx together, for a form that is <see cref="Joint"/>; call it through <see cref="UnaryLanes.ValueAndDerivative{P, L}"/>.</summary>
    static virtual (Vector256<double> Value, Vector256<double> Derivative) ValueAndDerivative(Vector256<double> x) =>
        throw new NotSupportedException("This lanes form computes its value and its derivative apart (Joint is false).");
}

/// <summary>Helpers over any lanes form.</summary>
internal static class UnaryLanes
{
    /// <summary>y = φ(x) and φ′(x), four lanes: together where the form is <see cref="IUnaryLanes{P}.Joint"/>, else value then derivative (the choice is made when the JIT specialises L).</summary>
    public static (Vector256<double> Value, Vector256<double> Derivative) ValueAndDerivative<P, L>(Vector256<double> x) where P : IUnaryPrimitive where L : IUnaryLanes<P>
    {
        if (L.Joint) return L.ValueAndDerivative(x);
        var y = L.Value(x);
        return (y, L.Derivative(x, y));
    }
}

/// <summary>The lanes form of a binary primitive P: y = φ(a, b) and (∂φ/∂a, ∂φ/∂b) as P declares them.</summary>
internal interface IBinaryLanes<P> where P : IBinaryPrimitive
{
    static abstract Vector256<double> Value(Vector256<double> a, Vector256<double> b);
    static abstract (Vector256<double> Da, Vector256<double> Db) Partials(Vector256<double> a, Vector256<double> b, Vector256<double> y);

    /// <summary>Where each partial is found without computing it; a test checks them against <see cref="Partials"/>.</summary>
    static virtual (PartialSource A, PartialSource B) Sources => (PartialSource.Computed, PartialSource.Computed);

    /// <summary>True when the form is within a few ulps of the declaration, not bit for bit (see <see cref="IUnaryLanes{P}.Approximate"/>).</summary>
    static virtual bool Approximate => false;
}

/// <summary>Any unary primitive, lane by lane through its own declaration (P.Value, P.Derivative): bit for bit the one-point path.</summary>
internal sealed class DeclaredUnary<P> : LaneKernel where P : IUnaryPrimitive
{
    public override void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> da, Span<double> db)
    {
        for (int k = 0; k < a.Length && k < y.Length && k < da.Length; k++)
        {
            double x = a[k], v = P.Value(x);
            y[k] = v;
            da[k] = P.Derivative(x, v);
        }
    }
}

/// <summary>Any binary primitive, lane by lane through its own declaration (P.Value, P.Partials): bit for bit the one-point path.</summary>
internal sealed class DeclaredBinary<P> : LaneKernel where P : IBinaryPrimitive
{
    public override void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> da, Span<double> db)
    {
        for (int k = 0; k < a.Length && k < b.Length && k < y.Length && k < da.Length && k < db.Length; k++)
        {
            double u = a[k], w = b[k], v = P.Value(u, w);
            y[k] = v;
            (da[k], db[k]) = P.Partials(u, w, v);
        }
    }
}

/// <summary>A unary primitive through its lanes form L, four lanes per step.</summary>
internal sealed class VectorUnary<P, L> : LaneKernel where P : IUnaryPrimitive where L : IUnaryLanes<P>
{
    public override PartialSource SourceA => L.Source;

    public override void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> da, Span<double> db)
    {
        LaneKernels.CheckLengths(a.Length, y.Length, da.Length);
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double y0 = ref MemoryMarshal.GetReference(y), d0 = ref MemoryMarshal.GetReference(da);
        for (nuint k = 0; k < (nuint)a.Length; k += (nuint)LaneKernels.Width)
        {
            var x = Vector256.LoadUnsafe(ref a0, k);
            var v = L.Value(x);
            v.StoreUnsafe(ref y0, k);
            if (L.Source == PartialSource.Computed) L.Derivative(x, v).StoreUnsafe(ref d0, k);
        }
    }
}

/// <summary>A binary primitive through its lanes form L, four lanes per step.</summary>
internal sealed class VectorBinary<P, L> : LaneKernel where P : IBinaryPrimitive where L : IBinaryLanes<P>
{
    public override PartialSource SourceA => L.Sources.A;
    public override PartialSource SourceB => L.Sources.B;

    public override void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y, Span<double> da, Span<double> db)
    {
        LaneKernels.CheckLengths(a.Length, y.Length, da.Length);
        LaneKernels.CheckLengths(b.Length, y.Length, db.Length);
        ref double a0 = ref MemoryMarshal.GetReference(a), b0 = ref MemoryMarshal.GetReference(b);
        ref double y0 = ref MemoryMarshal.GetReference(y), d0 = ref MemoryMarshal.GetReference(da), e0 = ref MemoryMarshal.GetReference(db);
        for (nuint k = 0; k < (nuint)a.Length; k += (nuint)LaneKernels.Width)
        {
            var u = Vector256.LoadUnsafe(ref a0, k);
            var w = Vector256.LoadUnsafe(ref b0, k);
            var v = L.Value(u, w);
            v.StoreUnsafe(ref y0, k);
            if (L.Sources.A == PartialSource.Computed || L.Sources.B == PartialSource.Computed)
            {
                var (pa, pb) = L.Partials(u, w, v);
                if (L.Sources.A == PartialSource.Computed) pa.StoreUnsafe(ref d0, k);
                if (L.Sources.B == PartialSource.Computed) pb.StoreUnsafe(ref e0, k);
            }
        }
    }
}

/// <summary>
/// The kernel of each primitive: its lanes form where one exists, else its declaration lane by lane.
/// With <c>exactTranscendentals</c>, exp, log, sin, cos and σ go through their declarations (Math.*, bit for
/// bit the one-point path); without, through Vector256 approximations within a few ulps.
/// </summary>
internal static class LaneKernels
{
    /// <summary>Lanes per vector instruction (doubles in 256 bits).</summary>
    public static int Width => Vector256<double>.Count;

    // NOTE: the lanes forms are listed in the registry, beside their primitives (Registry.Unary<P, L>): a primitive's
    // lanes form is found on its run-time face. tanh's is not TensorPrimitives.Tanh (10.0.15), which loses digits near
    // 0 (tanh(1e-8) comes out 1.6e-9 too small, relative), but Cephes's rational there (TanhLanes).

    static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, LaneKernel> Declared = new();

    /// <summary>
    /// The kernel for primitive p at a node whose second operand is the constant <paramref name="constantB"/> (null when
    /// b is not a constant). Without exact transcendentals, aᵇ with b = 2 or 3 is formed by multiplication.
    /// </summary>
    public static LaneKernel For(Primitive p, bool exactTranscendentals, double? constantB)
    {
        if (!exactTranscendentals && ReferenceEquals(p, Operators.Power) && constantB is 2 or 3) return constantB == 2 ? SquareLanes.Kernel : CubeLanes.Kernel;
        return For(p, exactTranscendentals);
    }

    /// <summary>The kernel for primitive p.</summary>
    public static LaneKernel For(Primitive p, bool exactTranscendentals)
    {
        if (IsVectorized(p, exactTranscendentals)) return p.LanesForm!;
        return Declared.GetOrAdd(p.Declaration, static t => (LaneKernel)Activator.CreateInstance(
            (typeof(IUnaryPrimitive).IsAssignableFrom(t) ? typeof(DeclaredUnary<>) : typeof(DeclaredBinary<>)).MakeGenericType(t))!);
    }

    /// <summary>True when p has a lanes form (four lanes per instruction) in the given mode.</summary>
    public static bool IsVectorized(Primitive p, bool exactTranscendentals) => p.LanesForm is not null && !(exactTranscendentals && p.LanesApproximate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckLengths(int a, int y, int d)
    {
        if (a % Width != 0 || y < a || d < a) Unequal();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Unequal() => throw new ArgumentException($"lane spans must have equal lengths, a multiple of {Width}");
}
