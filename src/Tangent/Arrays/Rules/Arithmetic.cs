using System.Linq.Expressions;
using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// y = a ∘ b elementwise for ∘ ∈ {+, −, ·, /}, with NumPy broadcasting. The partials are those of the scalar
/// declarations of a + b, a − b, a·b and a/b (<see cref="Primitives.Operators"/>; ∂(a/b)/∂b = −y/b), applied to whole rows (a test checks they agree):
/// JVP  dy = da ± db,   da·b + a·db,   (da − y·db)/b;
/// VJP  ā += Σ ȳ·∂y/∂a over the axes a is broadcast on (the adjoint of a broadcast is a sum), and b̄ likewise.
/// </summary>
internal sealed class ArithmeticVar : TensorVar
{
    private readonly Arithmetic op;
    private readonly Broadcasting loop;
    private double[] scratch = [];

    private ArithmeticVar(Arithmetic op, TensorVar a, TensorVar b, int[] shape) : base(a.Graph, shape, a, b)
    {
        this.op = op;
        loop = new Broadcasting(shape, a.Shape, b.Shape);
    }

    public static TensorVar Record(Arithmetic op, TensorVar a, TensorVar b)
    {
        if (a.Graph != b.Graph) throw new ArgumentException($"{Name(op)}: the operands were recorded on different array graphs.");
        return a.Graph.Add(new ArithmeticVar(op, a, b, ArrayShape.Broadcast(Name(op), a.Shape, b.Shape)));
    }

    private static string Name(Arithmetic op) => op switch
    {
        Arithmetic.Add => "add",
        Arithmetic.Subtract => "subtract",
        Arithmetic.Multiply => "multiply",
        _ => "divide",
    };

    public override string Operation => Name(op);

    internal override long Bytes => base.Bytes + 8L * scratch.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        // A product's or quotient's partial times ȳ needs an array of the result's shape before it is summed.
        if (differentiable && Differentiable && op is Arithmetic.Multiply or Arithmetic.Divide) scratch = new double[Length];
    }

    private TensorVar A => Inputs[0];
    private TensorVar B => Inputs[1];

    internal override void Forward() => loop.Apply(op, A.Value, Layout.A, B.Value, Layout.B, Value);

    // Pointwise when each operand is the whole result or one number (no other broadcast to sum over).
    internal override bool Pointwise => (A.Length == Length || A.Length == 1) && (B.Length == Length || B.Length == 1);

    internal override bool NeedsChunkScratch => Differentiable && op == Arithmetic.Divide;

    internal override void ForwardChunk(FusedSum region, int start, int count)
    {
        ReadOnlySpan<double> a = region.Values(A, start, count), b = region.Values(B, start, count);
        Broadcasting.Row(op, a, a.Length == count, b, b.Length == count, ChunkValue.AsSpan(0, count));
    }

    // The same partials as Backward, on one chunk; an operand of one number gets the chunk's sum.
    internal override void BackwardChunk(FusedSum region, int start, int count)
    {
        ReadOnlySpan<double> gy = ChunkAdjoint.AsSpan(0, count);
        switch (op)
        {
            case Arithmetic.Add or Arithmetic.Subtract:
                if (A.Differentiable) FusedSum.Accumulate(gy, 1, region.Adjoints(A, start, count));
                if (B.Differentiable) FusedSum.Accumulate(gy, op == Arithmetic.Add ? 1 : -1, region.Adjoints(B, start, count));
                break;
            case Arithmetic.Multiply:
                if (A.Differentiable) FusedSum.AccumulateProduct(gy, region.Values(B, start, count), region.Adjoints(A, start, count));
                if (B.Differentiable) FusedSum.AccumulateProduct(gy, region.Values(A, start, count), region.Adjoints(B, start, count));
                break;
            default:
                var t = ChunkScratch.AsSpan(0, count);
                var b = region.Values(B, start, count);
                if (A.Differentiable)
                {
                    if (b.Length == count) TensorPrimitives.Divide(gy, b, t);
                    else TensorPrimitives.Divide(gy, b[0], t);
                    FusedSum.Accumulate(t, 1, region.Adjoints(A, start, count));
                }
                if (B.Differentiable)
                {
                    TensorPrimitives.Multiply(gy, ChunkValue.AsSpan(0, count), t);
                    if (b.Length == count) TensorPrimitives.Divide(t, b, t);
                    else TensorPrimitives.Divide(t, b[0], t);
                    FusedSum.Accumulate(t, -1, region.Adjoints(B, start, count));
                }
                break;
        }
    }

    internal override bool HasLanes => Pointwise;

    internal override void ForwardLanes(FusedKernel kernel)
    {
        Expression a = kernel.Value(A), b = kernel.Value(B);
        kernel.Define(this, op switch
        {
            Arithmetic.Add => Expression.Add(a, b),
            Arithmetic.Subtract => Expression.Subtract(a, b),
            Arithmetic.Multiply => Expression.Multiply(a, b),
            _ => Expression.Divide(a, b),
        });
    }

    // The partials of Backward on four elements: 1, ±1;  b, a;  1/b, −y/b.
    internal override void BackwardLanes(FusedKernel kernel)
    {
        var gy = kernel.Adjoint(this);
        switch (op)
        {
            case Arithmetic.Add or Arithmetic.Subtract:
                kernel.AddAdjoint(A, gy);
                kernel.AddAdjoint(B, op == Arithmetic.Add ? gy : Expression.Negate(gy));
                break;
            case Arithmetic.Multiply:
                kernel.AddAdjoint(A, Expression.Multiply(gy, kernel.Value(B)));
                kernel.AddAdjoint(B, Expression.Multiply(gy, kernel.Value(A)));
                break;
            default:
                kernel.AddAdjoint(A, Expression.Divide(gy, kernel.Value(B)));
                kernel.AddAdjoint(B, Expression.Negate(Expression.Divide(Expression.Multiply(gy, kernel.Value(this)), kernel.Value(B))));
                break;
        }
    }

    internal override void Backward()
    {
        switch (op)
        {
            case Arithmetic.Add or Arithmetic.Subtract:
                if (A.Differentiable) loop.ReduceInto(Adjoint, sideA: true, 1, A.Adjoint);
                if (B.Differentiable) loop.ReduceInto(Adjoint, sideA: false, op == Arithmetic.Add ? 1 : -1, B.Adjoint);
                break;
            case Arithmetic.Multiply when loop.Fused:
                // No broadcast sum to form: ā += ȳ ⊙ b and b̄ += ȳ ⊙ a in one pass each.
                if (A.Differentiable) loop.MultiplyAdd(Adjoint, B.Value, Layout.B, A.Adjoint);
                if (B.Differentiable) loop.MultiplyAdd(Adjoint, A.Value, Layout.A, B.Adjoint);
                break;
            case Arithmetic.Multiply:
                // ∂(ab)/∂a = b, ∂(ab)/∂b = a.
                if (A.Differentiable)
                {
                    loop.Apply(Arithmetic.Multiply, Adjoint, Layout.Full, B.Value, Layout.B, scratch);
                    loop.ReduceInto(scratch, sideA: true, 1, A.Adjoint);
                }
                if (B.Differentiable)
                {
                    loop.Apply(Arithmetic.Multiply, Adjoint, Layout.Full, A.Value, Layout.A, scratch);
                    loop.ReduceInto(scratch, sideA: false, 1, B.Adjoint);
                }
                break;
            default:
                // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −y/b.
                if (A.Differentiable)
                {
                    loop.Apply(Arithmetic.Divide, Adjoint, Layout.Full, B.Value, Layout.B, scratch);
                    loop.ReduceInto(scratch, sideA: true, 1, A.Adjoint);
                }
                if (B.Differentiable)
                {
                    TensorPrimitives.Multiply(Adjoint, Value, scratch);
                    loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
                    loop.ReduceInto(scratch, sideA: false, -1, B.Adjoint);
                }
                break;
        }
    }

    // The change of the VJP along the tangents with ȳ fixed. ab: ā = ȳ·b moves by ȳ·ḃ, b̄ by ȳ·ȧ.
    // a/b: ā = ȳ/b moves by −ȳ·ḃ/b², b̄ = −ȳ·y/b by −ȳ·(ẏ − y·ḃ/b)/b. Sums are linear: nothing.
    internal override void BackwardCurvature()
    {
        if (op == Arithmetic.Multiply && A.Differentiable && B.Differentiable)
        {
            loop.Apply(Arithmetic.Multiply, Adjoint, Layout.Full, B.Tangent, Layout.B, scratch);
            loop.ReduceInto(scratch, sideA: true, 1, A.AdjointTangent);
            loop.Apply(Arithmetic.Multiply, Adjoint, Layout.Full, A.Tangent, Layout.A, scratch);
            loop.ReduceInto(scratch, sideA: false, 1, B.AdjointTangent);
        }
        else if (op == Arithmetic.Divide && B.Differentiable)
        {
            if (A.Differentiable)
            {
                loop.Apply(Arithmetic.Multiply, Adjoint, Layout.Full, B.Tangent, Layout.B, scratch);
                loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
                loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
                loop.ReduceInto(scratch, sideA: true, -1, A.AdjointTangent);
            }
            loop.Apply(Arithmetic.Multiply, Value, Layout.Full, B.Tangent, Layout.B, scratch);
            loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
            TensorPrimitives.Subtract(Tangent, scratch, scratch);
            TensorPrimitives.Multiply(scratch, Adjoint, scratch);
            loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
            loop.ReduceInto(scratch, sideA: false, -1, B.AdjointTangent);
        }
    }

    internal override void ForwardTangent()
    {
        Layout la = A.Differentiable ? Layout.A : Layout.Zero, lb = B.Differentiable ? Layout.B : Layout.Zero;
        switch (op)
        {
            case Arithmetic.Add or Arithmetic.Subtract:
                loop.Apply(op, A.Tangent, la, B.Tangent, lb, Tangent);
                break;
            case Arithmetic.Multiply:
                // dy = da·b + a·db
                // (a zero tangent is skipped, not multiplied: 0·∞ would be NaN)
                if (A.Differentiable) loop.Apply(Arithmetic.Multiply, A.Tangent, la, B.Value, Layout.B, Tangent);
                else Tangent.AsSpan().Clear();
                if (!B.Differentiable) break;
                loop.Apply(Arithmetic.Multiply, A.Value, Layout.A, B.Tangent, lb, scratch);
                TensorPrimitives.Add(Tangent, scratch, Tangent);
                break;
            default:
                // dy = da/b − y·db/b
                if (A.Differentiable) loop.Apply(Arithmetic.Divide, A.Tangent, la, B.Value, Layout.B, Tangent);
                else Tangent.AsSpan().Clear();
                if (!B.Differentiable) break;
                loop.Apply(Arithmetic.Multiply, Value, Layout.Full, B.Tangent, lb, scratch);
                loop.Apply(Arithmetic.Divide, scratch, Layout.Full, B.Value, Layout.B, scratch);
                TensorPrimitives.Subtract(Tangent, scratch, Tangent);
                break;
        }
    }
}
