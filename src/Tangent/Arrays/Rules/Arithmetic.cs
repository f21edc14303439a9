using System.Linq.Expressions;
using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// y = a ∘ b elementwise for ∘ ∈ {+, −, ·, /}, with NumPy broadcasting. The partials are those of the scalar
/// declarations of a + b, a − b, a·b and a/b (<see cref="Primitives.Operators"/>; ∂(a/b)/∂b = −y/b), stated once
/// (<see cref="PartialOf"/>, a test checks it against the declarations) and read by the whole-array, chunk and
/// lanes VJPs and by the JVP:
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

    // Only a quotient's partials (a denominator) need a chunk to divide in.
    internal override bool NeedsChunkScratch => Differentiable && op == Arithmetic.Divide;

    private static readonly bool[] Sides = [true, false]; // operand a, then b

    /// <summary>What a partial ∂y/∂a or ∂y/∂b reads: 1, an operand, or the result.</summary>
    internal enum Factor { One, A, B, Y }

    /// <summary>A partial ∂y/∂(operand) = sign · numerator / denominator, each factor read from the operands or the result.</summary>
    internal readonly record struct Partial(double Sign, Factor Numerator, Factor Denominator)
    {
        /// <summary>The partial's number at one element.</summary>
        public double At(double a, double b, double y)
        {
            double F(Factor f) => f switch { Factor.A => a, Factor.B => b, Factor.Y => y, _ => 1 };
            return Sign * F(Numerator) / F(Denominator);
        }
    }

    /// <summary>
    /// The partials, stated once and read by the whole-array, chunk and lanes rules and the JVP (a test checks them
    /// against the scalar declarations' <c>Partials</c>): ∂(a ± b) = 1, ±1; ∂(ab) = b, a; ∂(a/b) = 1/b, −a/b² = −y/b.
    /// </summary>
    internal static Partial PartialOf(Arithmetic op, bool sideA) => (op, sideA) switch
    {
        (Arithmetic.Add, _) or (Arithmetic.Subtract, true) => new(1, Factor.One, Factor.One),
        (Arithmetic.Subtract, false) => new(-1, Factor.One, Factor.One),
        (Arithmetic.Multiply, true) => new(1, Factor.B, Factor.One),
        (Arithmetic.Multiply, false) => new(1, Factor.A, Factor.One),
        (_, true) => new(1, Factor.One, Factor.B),
        _ => new(-1, Factor.Y, Factor.B),
    };

    internal override void ForwardChunk(FusedSum region, int start, int count)
    {
        ReadOnlySpan<double> a = region.Values(A, start, count), b = region.Values(B, start, count);
        Broadcasting.Row(op, a, a.Length == count, b, b.Length == count, ChunkValue.AsSpan(0, count));
    }

    // Backward's partials on one chunk; an operand of one number gets the chunk's sum.
    internal override void BackwardChunk(FusedSum region, int start, int count)
    {
        ReadOnlySpan<double> gy = ChunkAdjoint.AsSpan(0, count);
        foreach (bool sideA in Sides)
        {
            var x = sideA ? A : B;
            if (!x.Differentiable) continue;
            var p = PartialOf(op, sideA);
            var g = region.Adjoints(x, start, count);
            ReadOnlySpan<double> Read(Factor f) => f switch
            {
                Factor.A => region.Values(A, start, count),
                Factor.B => region.Values(B, start, count),
                _ => ChunkValue.AsSpan(0, count),
            };
            if (p.Denominator == Factor.One)
            {
                if (p.Numerator == Factor.One) FusedSum.Accumulate(gy, p.Sign, g);
                else FusedSum.AccumulateProduct(gy, Read(p.Numerator), g); // the sign of a product's partials is +
                continue;
            }
            var t = ChunkScratch.AsSpan(0, count);
            if (p.Numerator == Factor.One) gy.CopyTo(t);
            else Broadcasting.Row(Arithmetic.Multiply, gy, true, Read(p.Numerator), Read(p.Numerator).Length == count, t);
            var d = Read(p.Denominator);
            Broadcasting.Row(Arithmetic.Divide, t, true, d, d.Length == count, t);
            FusedSum.Accumulate(t, p.Sign, g);
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

    // Backward's partials on four elements: ā += sign·ȳ·numerator/denominator.
    internal override void BackwardLanes(FusedKernel kernel)
    {
        var gy = kernel.Adjoint(this);
        foreach (bool sideA in Sides)
        {
            var p = PartialOf(op, sideA);
            Expression Read(Factor f) => kernel.Value(f switch { Factor.A => A, Factor.B => B, _ => this });
            Expression t = p.Numerator == Factor.One ? gy : Expression.Multiply(gy, Read(p.Numerator));
            if (p.Denominator != Factor.One) t = Expression.Divide(t, Read(p.Denominator));
            kernel.AddAdjoint(sideA ? A : B, p.Sign < 0 ? Expression.Negate(t) : t);
        }
    }

    /// <summary>A factor's whole array and how the broadcast loop reads it.</summary>
    private (double[] Values, Layout Layout) Read(Factor f) => f switch
    {
        Factor.A => (A.Value, Layout.A),
        Factor.B => (B.Value, Layout.B),
        _ => (Value, Layout.Full),
    };

    // x̄ += Σ over x's broadcast axes of sign·ȳ·numerator/denominator, for each differentiable operand x.
    internal override void Backward()
    {
        foreach (bool sideA in Sides)
        {
            var x = sideA ? A : B;
            if (!x.Differentiable) continue;
            var p = PartialOf(op, sideA);
            if (p.Numerator == Factor.One && p.Denominator == Factor.One)
            {
                loop.ReduceInto(Adjoint, sideA, p.Sign, x.Adjoint);
                continue;
            }
            if (loop.Fused && p.Denominator == Factor.One && p.Sign > 0)
            {
                // No broadcast sum to form: x̄ += ȳ ⊙ numerator in one pass.
                var (z, lz) = Read(p.Numerator);
                loop.MultiplyAdd(Adjoint, z, lz, x.Adjoint);
                continue;
            }
            Scaled(p, Adjoint, Layout.Full, scratch);
            loop.ReduceInto(scratch, sideA, p.Sign, x.Adjoint);
        }
    }

    /// <summary>t = u·numerator/denominator (the partial without its sign) over the result's shape, u read through <paramref name="lu"/>.</summary>
    private void Scaled(Partial p, double[] u, Layout lu, double[] t)
    {
        if (p.Numerator == Factor.One)
        {
            if (p.Denominator == Factor.One) loop.Apply(Arithmetic.Add, u, lu, [], Layout.Zero, t);
            else { var (d, ld) = Read(p.Denominator); loop.Apply(Arithmetic.Divide, u, lu, d, ld, t); }
            return;
        }
        var (z, lz) = Read(p.Numerator);
        loop.Apply(Arithmetic.Multiply, u, lu, z, lz, t);
        if (p.Denominator != Factor.One) { var (d, ld) = Read(p.Denominator); loop.Apply(Arithmetic.Divide, t, Layout.Full, d, ld, t); }
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

    internal override void AllocateTangent()
    {
        base.AllocateTangent();
        if (scratch.Length != Length && A.Differentiable && B.Differentiable) scratch = new double[Length];
    }

    // dy = ∂y/∂a·da + ∂y/∂b·db from the same partials: da ± db, da·b + a·db, da/b − y·db/b. An operand that is not
    // differentiable has no term (a zero tangent is skipped, not multiplied: 0·∞ would be NaN).
    internal override void ForwardTangent()
    {
        bool first = true;
        foreach (bool sideA in Sides)
        {
            var x = sideA ? A : B;
            if (!x.Differentiable) continue;
            var p = PartialOf(op, sideA);
            Scaled(p, x.Tangent, sideA ? Layout.A : Layout.B, first ? Tangent : scratch);
            if (first) { if (p.Sign < 0) TensorPrimitives.Negate(Tangent, Tangent); }
            else if (p.Sign > 0) TensorPrimitives.Add(Tangent, scratch, Tangent);
            else TensorPrimitives.Subtract(Tangent, scratch, Tangent);
            first = false;
        }
        if (first) Tangent.AsSpan().Clear();
    }
}
