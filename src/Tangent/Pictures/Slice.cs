namespace Tangent.Pictures;

/// <summary>
/// What a slice picture draws: φ(t) = f(x + t·u) for a unit direction u and t ∈ [−r, r], with the tangent line
/// φ(0) + t·∇f·u and the quadratic model φ(0) + t·∇f·u + t²/2·uᵀ∇²f u.
/// </summary>
/// <param name="Point">x.</param>
/// <param name="Direction">The unit direction u.</param>
/// <param name="T">The steps t, ascending from −r to r.</param>
/// <param name="Values">f(x + t·u) (NaN where f is undefined).</param>
/// <param name="Value">f(x).</param>
/// <param name="Slope">φ'(0) = ∇f(x)·u, the directional derivative (under the kink conventions at a kink).</param>
/// <param name="Curvature">φ''(0) = uᵀ∇²f(x)u.</param>
/// <param name="Kinks">The kinks the recording at x hit.</param>
public sealed record SlicePicture(double[] Point, double[] Direction, double[] T, double[] Values, double Value, double Slope, double Curvature, IReadOnlyList<Kink> Kinks)
{
    /// <summary>The tangent line φ(0) + t·φ'(0) at each t.</summary>
    public double[] Linear => [.. T.Select(t => Value + t * Slope)];

    /// <summary>The quadratic model φ(0) + t·φ'(0) + t²/2·φ''(0) at each t.</summary>
    public double[] Quadratic => [.. T.Select(t => Value + t * Slope + t * t / 2 * Curvature)];

    /// <summary>The fraction of steps where f is NaN or infinite.</summary>
    public double UndefinedFraction => Values.Length == 0 ? 0 : (double)Values.Count(v => !double.IsFinite(v)) / Values.Length;
}

/// <summary>Computes slice pictures.</summary>
public static class Slice
{
    /// <summary>The slice of f through x along <paramref name="direction"/> (normalised here) for t ∈ [−r, r].</summary>
    /// <exception cref="ArgumentException">The direction's length differs from x's, it is zero or not finite, the radius is not positive, or samples is out of 3 … 100 000.</exception>
    public static SlicePicture Of(ScalarFunction f, double[] x, double[] direction, double radius, int samples = 401)
    {
        Shape.Require(direction.Length, x.Length, "The direction", "the point x");
        double norm = Differentiate.Norm(direction);
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("The direction is zero or not finite: give a non-zero direction.");
        if (!(radius > 0) || !double.IsFinite(radius)) throw new ArgumentException($"The radius is {radius}: it must be positive and finite.");
        if (samples < 3 || samples > 100_000) throw new ArgumentException($"The number of steps is {samples}: use 3 to 100000.");
        var u = direction.Select(c => c / norm).ToArray();
        var h = Differentiate.Hessian(f, x);
        var hu = new double[u.Length];
        for (int i = 0; i < u.Length; i++)
            for (int j = 0; j < u.Length; j++) hu[i] += h.Hessian[i, j] * u[j];
        var t = Plane.Span(0, radius, samples);
        var values = new double[samples];
        var y = new double[x.Length];
        for (int k = 0; k < samples; k++)
        {
            for (int i = 0; i < x.Length; i++) y[i] = x[i] + t[k] * u[i];
            values[k] = Differentiate.Value(f, y);
        }
        return new SlicePicture((double[])x.Clone(), u, t, values, h.Value, Dot(h.Gradient, u), Dot(u, hu), h.Kinks);
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
