namespace Tangent;

/// <summary>
/// A linear map L: Rⁿ → Rᵐ (m rows, n columns). The derivative of F at x is one:
/// <see cref="Apply"/> is the JVP v ↦ J·v, <see cref="Transpose"/> gives the VJP w ↦ Jᵀ·w,
/// and <see cref="Compose"/> is the chain rule D(g∘f)(x) = Dg(f(x))·Df(x).
/// </summary>
public abstract partial class LinearMap
{
    /// <summary>m, the dimension of the output.</summary>
    public abstract int Rows { get; }

    /// <summary>n, the dimension of the input.</summary>
    public abstract int Columns { get; }

    /// <summary>(m, n).</summary>
    public (int Rows, int Columns) Shape => (Rows, Columns);

    /// <summary>L·v.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public double[] Apply(ReadOnlySpan<double> v)
    {
        Tangent.Shape.Require(v.Length, Columns, "the vector v", $"the columns of this {Rows}×{Columns} map");
        return ApplyCore(v);
    }

    /// <summary>Lᵀ·w.</summary>
    /// <exception cref="ArgumentException">w does not have length m.</exception>
    public double[] ApplyTranspose(ReadOnlySpan<double> w)
    {
        Tangent.Shape.Require(w.Length, Rows, "the vector w", $"the rows of this {Rows}×{Columns} map");
        return ApplyTransposeCore(w);
    }

    /// <summary>L·v for v of length n.</summary>
    protected abstract double[] ApplyCore(ReadOnlySpan<double> v);

    /// <summary>Lᵀ·w for w of length m.</summary>
    protected abstract double[] ApplyTransposeCore(ReadOnlySpan<double> w);

    /// <summary>Lᵀ: Rᵐ → Rⁿ, whose Apply is this map's ApplyTranspose.</summary>
    public virtual LinearMap Transpose() => new TransposedMap(this);

    /// <summary>
    /// This ∘ inner: v ↦ L·(inner·v), the chain rule. Shapes (m×k)·(k×n) give m×n.
    /// </summary>
    /// <exception cref="ArgumentException">inner's rows differ from this map's columns; both shapes are named.</exception>
    public LinearMap Compose(LinearMap inner)
    {
        if (inner.Rows != Columns)
            throw new ArgumentException(
                $"Cannot compose a {Rows}×{Columns} map after a {inner.Rows}×{inner.Columns} map: the outer map takes vectors of length {Columns}, the inner one gives vectors of length {inner.Rows}.",
                nameof(inner));
        return new ComposedMap(this, inner);
    }

    /// <summary>The m×n matrix: n applications (columns) or m transposed applications (rows), whichever is fewer.</summary>
    public virtual double[,] ToMatrix()
    {
        var matrix = new double[Rows, Columns];
        if (Columns <= Rows)
        {
            var e = new double[Columns];
            for (int j = 0; j < Columns; j++)
            {
                e[j] = 1;
                var col = ApplyCore(e);
                e[j] = 0;
                for (int i = 0; i < Rows; i++) matrix[i, j] = col[i];
            }
        }
        else
        {
            var e = new double[Rows];
            for (int i = 0; i < Rows; i++)
            {
                e[i] = 1;
                var row = ApplyTransposeCore(e);
                e[i] = 0;
                for (int j = 0; j < Columns; j++) matrix[i, j] = row[j];
            }
        }
        return matrix;
    }

    /// <summary>The map v ↦ M·v of a matrix (copied).</summary>
    public static LinearMap FromMatrix(double[,] matrix) => new MatrixMap((double[,])matrix.Clone());

    /// <inheritdoc/>
    public override string ToString() => $"linear map {Rows}×{Columns}";
}

/// <summary>Df(x) read off a recorded graph: forward sweeps apply it, reverse sweeps its transpose.</summary>
internal sealed class GraphLinearMap(Graph graph) : LinearMap
{
    public override int Rows => graph.OutputDimension;
    public override int Columns => graph.InputDimension;
    protected override double[] ApplyCore(ReadOnlySpan<double> v) => graph.Jvp(v);
    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => graph.Vjp(w);
    public override double[,] ToMatrix() => graph.Jacobian().Jacobian;
}

internal sealed class TransposedMap(LinearMap map) : LinearMap
{
    public override int Rows => map.Columns;
    public override int Columns => map.Rows;
    protected override double[] ApplyCore(ReadOnlySpan<double> v) => map.ApplyTranspose(v);
    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => map.Apply(w);
    public override LinearMap Transpose() => map;
}

internal sealed class ComposedMap(LinearMap outer, LinearMap inner) : LinearMap
{
    public override int Rows => outer.Rows;
    public override int Columns => inner.Columns;
    protected override double[] ApplyCore(ReadOnlySpan<double> v) => outer.Apply(inner.Apply(v));
    // (A·B)ᵀ = Bᵀ·Aᵀ: reverse mode runs the chain backwards.
    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => inner.ApplyTranspose(outer.ApplyTranspose(w));
}

internal sealed class MatrixMap(double[,] m) : LinearMap
{
    public override int Rows => m.GetLength(0);
    public override int Columns => m.GetLength(1);

    protected override double[] ApplyCore(ReadOnlySpan<double> v)
    {
        var y = new double[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double s = 0;
            for (int j = 0; j < Columns; j++) s += m[i, j] * v[j];
            y[i] = s;
        }
        return y;
    }

    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w)
    {
        var y = new double[Columns];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++) y[j] += m[i, j] * w[i];
        return y;
    }

    public override double[,] ToMatrix() => (double[,])m.Clone();
}
