namespace Tangent.Pictures;

/// <summary>
/// The square window of a picture: the plane through <see cref="Point"/> spanned by the coordinate axes of
/// variables <see cref="I"/> and <see cref="J"/> (the other variables held at the point), a ∈ [−r, r] along
/// the first and b ∈ [−r, r] along the second. For f of two variables it is the whole (x, y) plane near the point.
/// </summary>
/// <param name="Point">The point x (all n coordinates).</param>
/// <param name="I">The variable drawn across (horizontal axis).</param>
/// <param name="J">The variable drawn up (vertical axis).</param>
/// <param name="Radius">The half-width r of the window.</param>
public sealed record Plane(double[] Point, int I, int J, double Radius)
{
    /// <summary>The window around x in the first two variables.</summary>
    public static Plane Around(double[] point, double radius) => Check(new Plane(point, 0, 1, radius));

    /// <summary>Throws unless the plane is well formed: two distinct variables of the point and a positive finite radius.</summary>
    /// <exception cref="ArgumentException">Fewer than two variables, an index out of range, the same variable twice, or a bad radius.</exception>
    public static Plane Check(Plane p)
    {
        int n = p.Point.Length;
        if (n < 2) throw new ArgumentException($"A plane needs two variables, but the point has {n}.");
        if (p.I < 0 || p.I >= n || p.J < 0 || p.J >= n || p.I == p.J)
            throw new ArgumentException($"The plane's variables ({p.I}, {p.J}) must be two different indices below {n}.");
        if (!(p.Radius > 0) || !double.IsFinite(p.Radius)) throw new ArgumentException($"The window's radius is {p.Radius}: it must be positive and finite.");
        return p;
    }

    /// <summary>The horizontal coordinate of the point.</summary>
    public double X0 => Point[I];

    /// <summary>The vertical coordinate of the point.</summary>
    public double Y0 => Point[J];

    /// <summary>The point of Rⁿ drawn at (u, v): x with its I-th and J-th coordinates replaced.</summary>
    public double[] At(double u, double v)
    {
        var y = (double[])Point.Clone();
        y[I] = u;
        y[J] = v;
        return y;
    }

    /// <summary>m equally spaced values from c − r to c + r.</summary>
    public static double[] Span(double centre, double radius, int m)
    {
        var s = new double[m];
        for (int k = 0; k < m; k++) s[k] = centre - radius + 2 * radius * k / (m - 1);
        return s;
    }
}
