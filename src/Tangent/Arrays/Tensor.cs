using System.Globalization;
using System.Text;

namespace Tangent.Arrays;

/// <summary>
/// A dense array of doubles of any rank, stored row-major (the last index varies fastest): the values that go
/// into and come out of an <see cref="ArrayProgram"/>. A rank-0 tensor holds one number.
/// </summary>
/// <example>
/// <code>
/// var w = new Tensor(3, 2);          // a 3×2 matrix of zeros
/// w[1, 0] = 4;
/// var x = Tensor.From([1.0, 2, 3], 3); // wraps the array (no copy)
/// </code>
/// </example>
public sealed class Tensor
{
    private readonly int[] shape;

    /// <summary>A tensor of zeros of the given shape.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public Tensor(params int[] shape)
    {
        this.shape = (int[])shape.Clone();
        Data = new double[ArrayShape.Count(this.shape, "a tensor")];
    }

    private Tensor(double[] data, int[] shape)
    {
        this.shape = shape;
        Data = data;
    }

    /// <summary>
    /// A tensor over <paramref name="data"/> (not copied: writes to one are seen by the other) with the given shape.
    /// </summary>
    /// <exception cref="ArgumentException">data's length is not the product of the dimensions.</exception>
    public static Tensor From(double[] data, params int[] shape)
    {
        var s = (int[])shape.Clone();
        int count = ArrayShape.Count(s, "a tensor");
        if (data.Length != count)
            throw new ArgumentException($"A tensor of shape {ArrayShape.Format(s)} holds {count} numbers, but the data has {data.Length}.", nameof(data));
        return new Tensor(data, s);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(double value) => new([value], []);

    /// <summary>The numbers, row-major.</summary>
    public double[] Data { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape => shape;

    internal int[] ShapeArray => shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements (the product of the dimensions; 1 for rank 0).</summary>
    public int Length => Data.Length;

    /// <summary>The numbers as a span, row-major.</summary>
    public Span<double> AsSpan() => Data;

    /// <summary>The element of a vector.</summary>
    public double this[int i]
    {
        get => Data[ArrayShape.Offset(shape, i)];
        set => Data[ArrayShape.Offset(shape, i)] = value;
    }

    /// <summary>The element (i, j) of a matrix.</summary>
    public double this[int i, int j]
    {
        get => Data[ArrayShape.Offset(shape, i, j)];
        set => Data[ArrayShape.Offset(shape, i, j)] = value;
    }

    /// <summary>The element at an index of any rank.</summary>
    public double this[params int[] index]
    {
        get => Data[ArrayShape.Offset(shape, index)];
        set => Data[ArrayShape.Offset(shape, index)] = value;
    }

    /// <summary>A copy with its own data.</summary>
    public Tensor Clone() => new((double[])Data.Clone(), shape);

    /// <summary>True when <paramref name="other"/> has this tensor's shape.</summary>
    public bool HasShape(IReadOnlyList<int> other) => ArrayShape.Equal(shape, other);

    /// <summary>The shape and the numbers (round-trip form), e.g. "(2×2) [1, 2, 3, 4]"; long tensors are cut after 16 numbers.</summary>
    public override string ToString()
    {
        var s = new StringBuilder(ArrayShape.Format(shape)).Append(" [");
        for (int i = 0; i < Math.Min(Data.Length, 16); i++)
            s.Append(i > 0 ? ", " : "").Append(Data[i].ToString("R", CultureInfo.InvariantCulture));
        if (Data.Length > 16) s.Append(", … (").Append(Data.Length).Append(" numbers)");
        return s.Append(']').ToString();
    }
}
