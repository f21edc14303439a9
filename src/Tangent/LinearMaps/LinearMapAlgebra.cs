namespace Tangent;

/// <summary>The algebra of linear maps: sums, multiples, the identity and diagonal maps, each applied without forming a matrix.</summary>
public abstract partial class LinearMap
{
    /// <summary>(A + B)·v = A·v + B·v, and (A + B)ᵀ = Aᵀ + Bᵀ.</summary>
    /// <exception cref="ArgumentException">The shapes differ; both are named.</exception>
    public static LinearMap operator +(LinearMap a, LinearMap b)
    {
        if (a.Shape != b.Shape)
            throw new ArgumentException($"Cannot add a {a.Rows}×{a.Columns} map and a {b.Rows}×{b.Columns} map: the shapes must be equal.", nameof(b));
        return new SumMap(a, b);
    }

    /// <summary>(A − B)·v = A·v − B·v.</summary>
    /// <exception cref="ArgumentException">The shapes differ; both are named.</exception>
    public static LinearMap operator -(LinearMap a, LinearMap b) => a + (-1.0) * b;

    /// <summary>(s·A)·v = s·(A·v), and (s·A)ᵀ = s·Aᵀ.</summary>
    public static LinearMap operator *(double s, LinearMap a) => new ScaledMap(s, a);

    /// <summary>The n×n identity map I·v = v.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n ≤ 0.</exception>
    public static LinearMap Identity(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return new DiagonalMap(Enumerable.Repeat(1.0, n).ToArray());
    }

    /// <summary>The diagonal map D·v = (d₁v₁, …, dₙvₙ) (d copied); symmetric, so Dᵀ = D.</summary>
    /// <exception cref="ArgumentException">d is empty.</exception>
    public static LinearMap Diagonal(ReadOnlySpan<double> d)
    {
        Tangent.Shape.NonEmpty(d.Length, "The diagonal");
        return new DiagonalMap(d.ToArray());
    }
}

internal sealed class SumMap(LinearMap a, LinearMap b) : LinearMap
{
    public override int Rows => a.Rows;
    public override int Columns => a.Columns;

    protected override double[] ApplyCore(ReadOnlySpan<double> v) => Add(a.Apply(v), b.Apply(v));
    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => Add(a.ApplyTranspose(w), b.ApplyTranspose(w));

    private static double[] Add(double[] x, double[] y)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(x, y, x);
        return x;
    }
}

internal sealed class ScaledMap(double s, LinearMap a) : LinearMap
{
    public override int Rows => a.Rows;
    public override int Columns => a.Columns;

    protected override double[] ApplyCore(ReadOnlySpan<double> v) => Scale(a.Apply(v));
    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => Scale(a.ApplyTranspose(w));

    private double[] Scale(double[] x)
    {
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, s, x);
        return x;
    }
}

internal sealed class DiagonalMap(double[] d) : LinearMap
{
    public override int Rows => d.Length;
    public override int Columns => d.Length;

    protected override double[] ApplyCore(ReadOnlySpan<double> v)
    {
        var y = new double[d.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(d, v, y);
        return y;
    }

    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => ApplyCore(w);

    public override LinearMap Transpose() => this;
}
