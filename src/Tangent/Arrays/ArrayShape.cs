namespace Tangent.Arrays;

/// <summary>Shapes: counting, printing "(64×784)", indexing and broadcasting, with errors that name the operation and both shapes.</summary>
internal static class ArrayShape
{
    /// <summary>The number of elements, checked against negative dimensions and int overflow.</summary>
    public static int Count(IReadOnlyList<int> shape, string what)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"{what} of shape {Format(shape)} has a negative dimension.");
            n *= d;
            if (n > Array.MaxLength) throw new ArgumentException($"{what} of shape {Format(shape)} has more than {Array.MaxLength} elements.");
        }
        return (int)n;
    }

    /// <summary>"(64×784)"; "(100)" for a vector; "()" for a scalar.</summary>
    public static string Format(IReadOnlyList<int> shape) => "(" + string.Join("×", shape) + ")";

    /// <summary>The row-major multi-index of the flat position <paramref name="flat"/>, printed "(3, 17)".</summary>
    public static string FormatIndex(IReadOnlyList<int> shape, int flat)
    {
        var index = new int[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return "(" + string.Join(", ", index) + ")";
    }

    public static bool Equal(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) return false;
        for (int i = 0; i < a.Count; i++) if (a[i] != b[i]) return false;
        return true;
    }

    public static int Offset(int[] shape, int i)
    {
        if (shape.Length != 1) throw new ArgumentException($"One index given for a tensor of shape {Format(shape)}.");
        return Check(shape, 0, i);
    }

    public static int Offset(int[] shape, int i, int j)
    {
        if (shape.Length != 2) throw new ArgumentException($"Two indices given for a tensor of shape {Format(shape)}.");
        return Check(shape, 0, i) * shape[1] + Check(shape, 1, j);
    }

    public static int Offset(int[] shape, int[] index)
    {
        if (index.Length != shape.Length) throw new ArgumentException($"{index.Length} indices given for a tensor of shape {Format(shape)}.");
        int flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + Check(shape, d, index[d]);
        return flat;
    }

    private static int Check(int[] shape, int axis, int i) =>
        (uint)i < (uint)shape[axis] ? i
        : throw new IndexOutOfRangeException($"Index {i} on axis {axis} is outside a tensor of shape {Format(shape)}.");

    /// <summary>Row-major strides: the flat distance between neighbours along each axis.</summary>
    public static int[] Strides(IReadOnlyList<int> shape)
    {
        var s = new int[shape.Count];
        int stride = 1;
        for (int d = shape.Count - 1; d >= 0; d--) { s[d] = stride; stride *= shape[d]; }
        return s;
    }

    /// <summary>
    /// The broadcast shape of a and b (NumPy's rule: align trailing axes; each pair of dimensions is equal or one is 1).
    /// </summary>
    /// <exception cref="ArgumentException">Some pair of dimensions differs and neither is 1; names the operation, both shapes and the axis.</exception>
    public static int[] Broadcast(string operation, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int rank = Math.Max(a.Count, b.Count);
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int da = d - (rank - a.Count) >= 0 ? a[d - (rank - a.Count)] : 1;
            int db = d - (rank - b.Count) >= 0 ? b[d - (rank - b.Count)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"{operation}: {Format(a)} and {Format(b)} do not broadcast: on axis {d} of the result, {da} and {db} differ and neither is 1.");
            shape[d] = da == 1 ? db : da;
        }
        return shape;
    }

    /// <summary>The strides of a tensor of shape <paramref name="shape"/> read as the broadcast shape <paramref name="target"/>: 0 along broadcast axes.</summary>
    public static int[] BroadcastStrides(IReadOnlyList<int> shape, IReadOnlyList<int> target)
    {
        var own = Strides(shape);
        var s = new int[target.Count];
        int shift = target.Count - shape.Count;
        for (int d = shift; d < target.Count; d++)
            s[d] = shape[d - shift] == 1 ? 0 : own[d - shift];
        return s;
    }

    /// <summary>An axis counted from the end when negative (−1 is the last), checked against the rank.</summary>
    public static int Axis(string operation, IReadOnlyList<int> shape, int axis)
    {
        int a = axis < 0 ? axis + shape.Count : axis;
        if (a < 0 || a >= shape.Count)
            throw new ArgumentException($"{operation}: axis {axis} does not exist in a tensor of shape {Format(shape)} (rank {shape.Count}).");
        return a;
    }
}
