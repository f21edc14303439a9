namespace Tangent.Pictures;

/// <summary>
/// The square window of a picture: the plane through <see cref="Point"/> spanned by two orthonormal directions
/// <see cref="U"/> (drawn across) and <see cref="V"/> (drawn up), with the picture's coordinates (a, b) ∈
/// [X0 − r, X0 + r] × [Y0 − r, Y0 + r] standing for x + (a − X0)·U + (b − Y0)·V. For two coordinate axes (the
/// default) a and b are the variables' own values and the other variables stay at the point; for two directions
/// (<see cref="Spanned"/>) X0 = Y0 = 0 and a, b are distances along U and V. Because U and V are orthonormal,
/// (a, b) measures lengths as Rⁿ does, so the picture's gradient (∇f·U, ∇f·V) is the projection of ∇f onto the
/// plane (the steepest ascent within it) and its unit circle holds unit directions of Rⁿ.
/// </summary>
public sealed class Plane
{
    private Plane(double[] point, int i, int j, double[] u, double[] v, double x0, double y0, double radius)
        => (Point, I, J, U, V, X0, Y0, Radius) = (point, i, j, u, v, x0, y0, radius);

    /// <summary>The plane of the coordinate axes of variables <paramref name="i"/> (across) and <paramref name="j"/> (up) through the point.</summary>
    /// <exception cref="ArgumentException">Fewer than two variables, an index out of range, the same variable twice, or a bad radius.</exception>
    public Plane(double[] point, int i, int j, double radius)
        : this(point, i, j, Axis(point, i), Axis(point, j), At(point, i), At(point, j), radius)
    {
        if (i == j) throw new ArgumentException($"The plane's variables ({i}, {j}) must be two different indices.");
        Check(this);
    }

    /// <summary>
    /// The plane through the point spanned by directions u and v of Rⁿ: U = u/|u| and V the unit part of v orthogonal
    /// to u (Gram–Schmidt), so a given v that is not orthogonal to u is turned within the plane.
    /// </summary>
    /// <exception cref="ArgumentException">A direction of the wrong length, zero or not finite; v parallel to u; or a bad radius.</exception>
    public static Plane Spanned(double[] point, double[] u, double[] v, double radius)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(v);
        int n = point.Length;
        if (n < 2) throw new ArgumentException($"A plane needs two variables, but the point has {n}.");
        if (u.Length != n || v.Length != n)
            throw new ArgumentException($"The directions have {u.Length} and {v.Length} components, but the point has {n}: give one per variable.");
        var e1 = Unit(u, "The first direction");
        // v − (v·U)U removes the part along U; what is left must not be rounding noise (v ∥ u spans no plane).
        double along = Dot(v, e1), length = Norm(v, "The second direction");
        var w = new double[n];
        for (int k = 0; k < n; k++) w[k] = v[k] - along * e1[k];
        if (Norm(w, "The second direction") <= 1e-12 * length)
            throw new ArgumentException("The two directions are parallel, so they span a line, not a plane: give two independent directions.");
        return Check(new Plane(point, -1, -1, e1, Unit(w, "The second direction"), 0, 0, radius));
    }

    /// <summary>The plane of the first two variables through the point.</summary>
    public static Plane Around(double[] point, double radius) => new(point, 0, 1, radius);

    /// <summary>Throws unless the plane is well formed: at least two variables, finite point and a positive finite radius.</summary>
    /// <exception cref="ArgumentException">A malformed plane.</exception>
    public static Plane Check(Plane p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (!(p.Radius > 0) || !double.IsFinite(p.Radius)) throw new ArgumentException($"The window's radius is {p.Radius}: it must be positive and finite.");
        return p;
    }

    /// <summary>The point x (all n coordinates).</summary>
    public double[] Point { get; }

    /// <summary>The variable drawn across, or −1 when the plane is spanned by directions.</summary>
    public int I { get; }

    /// <summary>The variable drawn up, or −1 when the plane is spanned by directions.</summary>
    public int J { get; }

    /// <summary>The unit direction of Rⁿ drawn across.</summary>
    public double[] U { get; }

    /// <summary>The unit direction of Rⁿ drawn up, orthogonal to <see cref="U"/>.</summary>
    public double[] V { get; }

    /// <summary>The horizontal coordinate of the point (the variable's value, or 0 for directions).</summary>
    public double X0 { get; }

    /// <summary>The vertical coordinate of the point (the variable's value, or 0 for directions).</summary>
    public double Y0 { get; }

    /// <summary>The half-width r of the window.</summary>
    public double Radius { get; }

    /// <summary>Whether the plane is that of two coordinate axes.</summary>
    public bool IsCoordinate => I >= 0;

    /// <summary>The point of Rⁿ drawn at (a, b).</summary>
    public double[] At(double a, double b)
    {
        var y = (double[])Point.Clone();
        if (IsCoordinate)
        {
            // Set, not added: the drawn coordinate is then exactly a (x + (a − x) can differ from a in the last bit).
            y[I] = a;
            y[J] = b;
            return y;
        }
        for (int k = 0; k < y.Length; k++) y[k] += (a - X0) * U[k] + (b - Y0) * V[k];
        return y;
    }

    /// <summary>
    /// A vector of Rⁿ in the plane's coordinates: (g·U, g·V). For a gradient it is the gradient of a, b ↦ f(x(a, b)).
    /// Components with a zero weight are skipped, so a NaN in a variable the plane does not move does not leak in.
    /// </summary>
    public (double A, double B) Components(double[] g)
    {
        double a = 0, b = 0;
        for (int k = 0; k < g.Length; k++)
        {
            if (U[k] != 0) a += g[k] * U[k];
            if (V[k] != 0) b += g[k] * V[k];
        }
        return (a, b);
    }

    /// <summary>The axis labels: the variables' names, or "a along (…)" and "b along (…)" for directions.</summary>
    public (string Across, string Up) Labels(IReadOnlyList<string> names)
        => IsCoordinate ? (names[I], names[J]) : ($"a along {Direction(U)}", $"b along {Direction(V)}");

    /// <summary>m equally spaced values from c − r to c + r.</summary>
    public static double[] Span(double centre, double radius, int m)
    {
        var s = new double[m];
        for (int k = 0; k < m; k++) s[k] = centre - radius + 2 * radius * k / (m - 1);
        return s;
    }

    private static string Direction(double[] u) => "(" + string.Join(", ", u.Select(c => c.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture))) + ")";

    private static double[] Axis(double[] point, int i)
    {
        ArgumentNullException.ThrowIfNull(point);
        int n = point.Length;
        if (n < 2) throw new ArgumentException($"A plane needs two variables, but the point has {n}.");
        if (i < 0 || i >= n) throw new ArgumentException($"The plane's variable {i} must be an index below {n}.");
        var e = new double[n];
        e[i] = 1;
        return e;
    }

    private static double At(double[] point, int i) => point[i];

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    private static double Norm(double[] a, string what)
    {
        double n = Differentiate.Norm(a);
        if (!double.IsFinite(n)) throw new ArgumentException($"{what} is not finite or too long to normalise: give finite components.");
        return n;
    }

    private static double[] Unit(double[] a, string what)
    {
        double n = Norm(a, what);
        if (n == 0) throw new ArgumentException($"{what} is the zero vector, which has no direction.");
        return a.Select(c => c / n).ToArray();
    }
}
