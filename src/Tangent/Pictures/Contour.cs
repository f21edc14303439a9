namespace Tangent.Pictures;

/// <summary>One arrow of the gradient field: ∇f (its components in the plane) at (X, Y).</summary>
/// <param name="X">Horizontal coordinate of the arrow's base.</param>
/// <param name="Y">Vertical coordinate of the arrow's base.</param>
/// <param name="Dx">∂f/∂(first variable) there.</param>
/// <param name="Dy">∂f/∂(second variable) there.</param>
public readonly record struct FieldArrow(double X, double Y, double Dx, double Dy);

/// <summary>
/// What a contour picture draws: f on a grid of the plane, the gradient field, and at the point the value, ∇f, the
/// tangent line of the level set and the region where the linear model L(y) = f(x) + ∇f(x)·(y − x) predicts the
/// change f(y) − f(x) to within <see cref="Contour.Tolerance"/>.
/// </summary>
/// <param name="Plane">The window.</param>
/// <param name="At">The point of the linear model, ∇f and the tangent line, in the plane's coordinates (the window's centre unless chosen).</param>
/// <param name="Xs">The grid's horizontal coordinates (ascending).</param>
/// <param name="Ys">The grid's vertical coordinates (ascending).</param>
/// <param name="Values">f at (Xs[i], Ys[j]) as Values[j, i]; NaN where f is undefined.</param>
/// <param name="WithinLinear">True where |f(y) − L(y)| ≤ tolerance·|f(y) − f(x)| (Values' layout).</param>
/// <param name="Arrows">The gradient field on a coarser grid (finite gradients only).</param>
/// <param name="Value">f(x).</param>
/// <param name="Gradient">The two components of ∇f(x) in the plane.</param>
/// <param name="Tangent">The unit direction of the level set's tangent line at x (∇f turned by +90°); null at a critical point in the plane.</param>
/// <param name="Kinks">The kinks the recording at x hit.</param>
public sealed record ContourPicture(Plane Plane, (double X, double Y) At, double[] Xs, double[] Ys, double[,] Values, bool[,] WithinLinear,
    IReadOnlyList<FieldArrow> Arrows, double Value, double[] Gradient, double[]? Tangent, IReadOnlyList<Kink> Kinks)
{
    /// <summary>|∇f(x)| in the plane.</summary>
    public double GradientNorm => Math.Sqrt(Gradient[0] * Gradient[0] + Gradient[1] * Gradient[1]);

    /// <summary>The fraction of grid points where f is NaN or infinite (0 when f is defined on the whole window).</summary>
    public double UndefinedFraction
    {
        get
        {
            int bad = 0;
            foreach (var v in Values) if (!double.IsFinite(v)) bad++;
            return (double)bad / Values.Length;
        }
    }
}

/// <summary>
/// Computes contour pictures: f on an m×m grid (values only, nothing recorded), ∇f by reverse sweeps on a coarser
/// grid for the arrows, and the linear model at the point.
/// </summary>
public static class Contour
{
    /// <summary>The linear model counts as right where it predicts the change of f to within this fraction (10%).</summary>
    public const double Tolerance = 0.1;

    /// <summary>The contour picture of f in <paramref name="plane"/>.</summary>
    /// <param name="f">The function.</param>
    /// <param name="plane">The window.</param>
    /// <param name="resolution">Grid points per side (2 … 1000).</param>
    /// <param name="arrows">Arrows per side of the gradient field (0 for none).</param>
    /// <param name="cancel">Stops the computation between grid rows.</param>
    /// <param name="at">The point of the linear model in the plane's coordinates (default: the window's centre), e.g. a point dragged across a fixed window.</param>
    /// <exception cref="ArgumentException">A resolution out of range, a malformed plane or a non-finite point.</exception>
    public static ContourPicture Of(ScalarFunction f, Plane plane, int resolution = 101, int arrows = 15, CancellationToken cancel = default, (double X, double Y)? at = null)
    {
        Plane.Check(plane);
        var (ux, uy) = at ?? (plane.X0, plane.Y0);
        if (!double.IsFinite(ux) || !double.IsFinite(uy)) throw new ArgumentException("The point of the linear model is not finite.");
        if (resolution < 2 || resolution > 1000) throw new ArgumentException($"The grid resolution is {resolution}: use 2 to 1000 points per side.");
        if (arrows < 0 || arrows > 100) throw new ArgumentException($"The arrow count is {arrows}: use 0 to 100 per side.");
        var model = Differentiate.Gradient(f, plane.At(ux, uy));
        var (gx, gy) = plane.Components(model.Gradient);
        var xs = Plane.Span(plane.X0, plane.Radius, resolution);
        var ys = Plane.Span(plane.Y0, plane.Radius, resolution);
        var values = new double[resolution, resolution];
        var within = new bool[resolution, resolution];
        for (int j = 0; j < resolution; j++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int i = 0; i < resolution; i++)
            {
                double v = Differentiate.Value(f, plane.At(xs[i], ys[j]));
                values[j, i] = v;
                // L(y) − f(x) = ∇f·(y − x): the predicted change, against the actual change v − f(x).
                double change = v - model.Value, predicted = gx * (xs[i] - ux) + gy * (ys[j] - uy);
                within[j, i] = double.IsFinite(v) && Math.Abs(change - predicted) <= Tolerance * Math.Abs(change);
            }
        }
        var field = new List<FieldArrow>();
        if (arrows > 0)
        {
            // Arrows sit at cell centres, so none lands exactly on the point (drawn separately) or a window edge.
            var ax = Cells(plane.X0, plane.Radius, arrows);
            var ay = Cells(plane.Y0, plane.Radius, arrows);
            foreach (double y in ay)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (double x in ax)
                {
                    var (ga, gb) = plane.Components(Differentiate.Gradient(f, plane.At(x, y)).Gradient);
                    if (double.IsFinite(ga) && double.IsFinite(gb)) field.Add(new FieldArrow(x, y, ga, gb));
                }
            }
        }
        double norm = Math.Sqrt(gx * gx + gy * gy);
        double[]? tangent = norm > 0 && double.IsFinite(norm) ? [-gy / norm, gx / norm] : null;
        return new ContourPicture(plane, (ux, uy), xs, ys, values, within, field, model.Value, [gx, gy], tangent, model.Kinks);
    }

    /// <summary>The centres of m equal cells covering [c − r, c + r].</summary>
    private static double[] Cells(double centre, double radius, int m)
    {
        var s = new double[m];
        for (int k = 0; k < m; k++) s[k] = centre - radius + 2 * radius * (k + 0.5) / m;
        return s;
    }
}
