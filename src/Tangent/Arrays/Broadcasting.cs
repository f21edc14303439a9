using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>The four arithmetic operations, the ones <see cref="Broadcasting"/> runs row by row with SIMD.</summary>
internal enum Arithmetic { Add, Subtract, Multiply, Divide }

/// <summary>How an operand of a broadcast loop is read: as operand a or b (through its broadcast strides), as an array of the result's shape, or as zeros.</summary>
internal enum Layout { A, B, Full, Zero }

/// <summary>
/// Elementwise loops over a broadcast shape. The result is contiguous; each operand is read through strides that
/// are 0 along the axes it is broadcast on. The last axis is the inner loop, run by System.Numerics.Tensors on a
/// contiguous row (stride 1) or a repeated number (stride 0); the outer axes are walked row by row.
/// </summary>
internal sealed class Broadcasting
{
    private readonly int[] shape, stridesA, stridesB;
    private readonly int inner, rows;

    /// <summary>A loop over <paramref name="shape"/> reading a and b through their broadcast strides.</summary>
    public Broadcasting(int[] shape, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        this.shape = shape;
        stridesA = ArrayShape.BroadcastStrides(a, shape);
        stridesB = ArrayShape.BroadcastStrides(b, shape);
        int length = ArrayShape.Count(shape, "The result");
        SameA = ArrayShape.Equal(a, shape);
        SameB = ArrayShape.Equal(b, shape);
        // Whole-array loops when each operand is either the full shape or one number.
        bool flatA = SameA || ArrayShape.Count(a, "") == 1, flatB = SameB || ArrayShape.Count(b, "") == 1;
        inner = flatA && flatB ? length : shape.Length == 0 ? 1 : shape[^1];
        rows = inner == 0 ? 0 : length / inner;
        InnerA = flatA ? (SameA ? 1 : 0) : shape.Length == 0 ? 0 : stridesA[^1];
        InnerB = flatB ? (SameB ? 1 : 0) : shape.Length == 0 ? 0 : stridesB[^1];
    }

    /// <summary>True when an operand has the result's shape (no broadcasting on its side).</summary>
    public bool SameA { get; }
    public bool SameB { get; }
    private int InnerA { get; }
    private int InnerB { get; }

    /// <summary>y = x ∘ z elementwise over the broadcast shape, each operand read as its layout says.</summary>
    public void Apply(Arithmetic op, ReadOnlySpan<double> x, Layout lx, ReadOnlySpan<double> z, Layout lz, Span<double> y)
    {
        if (lx == Layout.Zero) x = Zero;
        if (lz == Layout.Zero) z = Zero;
        int ix = Inner(lx), iz = Inner(lz);
        for (int r = 0; r < rows; r++)
        {
            int ox = Offset(lx, r), oz = Offset(lz, r);
            Row(op, x.Slice(ox, ix == 1 ? inner : 1), ix == 1, z.Slice(oz, iz == 1 ? inner : 1), iz == 1, y.Slice(r * inner, inner));
        }
    }

    private static readonly double[] Zero = [0.0];

    /// <summary>The number of rows (outer multi-indices) and the length of each (the inner loop).</summary>
    public (int Rows, int Inner) Extent => (rows, inner);

    /// <summary>Row r's first element in each operand and each operand's step along the row (1, or 0 when broadcast).</summary>
    public (int A, int B, int StepA, int StepB) Row(int r) => (Offset(stridesA, r), Offset(stridesB, r), InnerA, InnerB);

    /// <summary>
    /// True when the loop is one row and an operand has the result's shape: then the other operand is either the
    /// whole row too or one number, and no adjoint needs a sum over broadcast axes other than a single number's.
    /// </summary>
    public bool Fused => rows == 1 && (SameA || SameB);

    /// <summary>
    /// g += ȳ ⊙ z for a full-shape g, in one pass (<see cref="Fused"/> only); a single-number g gets ⟨ȳ, z⟩ (or z·Σȳ).
    /// </summary>
    public void MultiplyAdd(ReadOnlySpan<double> gy, ReadOnlySpan<double> z, Layout lz, Span<double> g)
    {
        bool zFull = Inner(lz) == 1, gFull = g.Length == gy.Length;
        if (gFull && zFull) TensorPrimitives.FusedMultiplyAdd(gy, z, g, g);
        else if (gFull) TensorPrimitives.MultiplyAdd(gy, z[0], g, g);
        else if (zFull) g[0] += TensorPrimitives.Dot(gy, z);
        else g[0] += z[0] * TensorPrimitives.Sum(gy);
    }

    private int Inner(Layout layout) => layout switch
    {
        Layout.A => InnerA,
        Layout.B => InnerB,
        Layout.Full => 1,
        _ => 0,
    };

    private int Offset(Layout layout, int r) => layout switch
    {
        Layout.A => Offset(stridesA, r),
        Layout.B => Offset(stridesB, r),
        Layout.Full => r * inner,
        _ => 0,
    };

    /// <summary>
    /// g += sign·t summed over the axes operand a (<paramref name="sideA"/>) or b is broadcast on: the adjoint of a
    /// broadcast is a sum over the broadcast axes.
    /// </summary>
    public void ReduceInto(ReadOnlySpan<double> t, bool sideA, double sign, Span<double> g)
    {
        var strides = sideA ? stridesA : stridesB;
        int stride = sideA ? InnerA : InnerB;
        for (int r = 0; r < rows; r++)
        {
            var row = t.Slice(r * inner, inner);
            int o = Offset(strides, r);
            if (stride == 1)
            {
                var dst = g.Slice(o, inner);
                if (sign > 0) TensorPrimitives.Add(dst, row, dst);
                else TensorPrimitives.Subtract(dst, row, dst);
            }
            else g[o] += sign * TensorPrimitives.Sum(row);
        }
    }

    /// <summary>The operand's offset of row r's first element (rows are the result's outer multi-indices).</summary>
    private int Offset(int[] strides, int r)
    {
        if (rows == 1) return 0;
        int offset = 0;
        for (int d = shape.Length - 2; d >= 0 && r > 0; d--)
        {
            offset += r % shape[d] * strides[d];
            r /= shape[d];
        }
        return offset;
    }

    /// <summary>y = a ∘ b over one row, each operand the row (<paramref name="rowA"/>) or one number.</summary>
    internal static void Row(Arithmetic op, ReadOnlySpan<double> a, bool rowA, ReadOnlySpan<double> b, bool rowB, Span<double> y)
    {
        switch (op, rowA, rowB)
        {
            case (Arithmetic.Add, true, true): TensorPrimitives.Add(a, b, y); break;
            case (Arithmetic.Add, true, false): TensorPrimitives.Add(a, b[0], y); break;
            case (Arithmetic.Add, false, true): TensorPrimitives.Add(b, a[0], y); break;
            case (Arithmetic.Subtract, true, true): TensorPrimitives.Subtract(a, b, y); break;
            case (Arithmetic.Subtract, true, false): TensorPrimitives.Subtract(a, b[0], y); break;
            case (Arithmetic.Subtract, false, true): TensorPrimitives.Subtract(a[0], b, y); break;
            case (Arithmetic.Multiply, true, true): TensorPrimitives.Multiply(a, b, y); break;
            case (Arithmetic.Multiply, true, false): TensorPrimitives.Multiply(a, b[0], y); break;
            case (Arithmetic.Multiply, false, true): TensorPrimitives.Multiply(b, a[0], y); break;
            case (Arithmetic.Divide, true, true): TensorPrimitives.Divide(a, b, y); break;
            case (Arithmetic.Divide, true, false): TensorPrimitives.Divide(a, b[0], y); break;
            case (Arithmetic.Divide, false, true): TensorPrimitives.Divide(a[0], b, y); break;
            default: y.Fill(Scalar(op, a[0], b[0])); break;
        }
    }

    private static double Scalar(Arithmetic op, double a, double b) => op switch
    {
        Arithmetic.Add => a + b,
        Arithmetic.Subtract => a - b,
        Arithmetic.Multiply => a * b,
        _ => a / b,
    };
}
