namespace Tangent.Pictures;

/// <summary>
/// What an angle picture draws: for u(θ) = cos θ·e_I + sin θ·e_J, the one-sided directional derivative
/// D⁺_u f(x) = lim_{t→0⁺} (f(x + tu) − f(x))/t measured from values of f, beside the prediction of the linear map,
/// ∇f·u = |∇f| cos(θ − θ*). Where f is differentiable the two coincide: a pure sinusoid with its maximum |∇f| at
/// θ*, the direction of ∇f. At a kink the measured curve is no sinusoid (abs(x) + y gives |cos θ| + sin θ):
/// directional derivatives in every direction do not make f differentiable.
/// </summary>
/// <param name="Theta">The angles θₖ = 2πk/m, k = 0 … m−1.</param>
/// <param name="Measured">D⁺_u f at each θ, from f alone (NaN where f is undefined along that ray).</param>
/// <param name="Predicted">∇f(x)·u at each θ.</param>
/// <param name="Gradient">The components of ∇f(x) in the plane.</param>
/// <param name="ThetaStar">θ* = atan2(∂f/∂y, ∂f/∂x) in [0, 2π), where ∇f·u is largest; NaN when ∇f = 0 in the plane.</param>
/// <param name="Kinks">The kinks the recording at x hit.</param>
public sealed record AnglePicture(double[] Theta, double[] Measured, double[] Predicted, double[] Gradient, double ThetaStar, IReadOnlyList<Kink> Kinks)
{
    /// <summary>|∇f(x)| in the plane: the amplitude of the predicted sinusoid.</summary>
    public double GradientNorm => Math.Sqrt(Gradient[0] * Gradient[0] + Gradient[1] * Gradient[1]);

    /// <summary>The largest |measured − predicted| over the angles (NaN-free angles only).</summary>
    public double LargestGap
    {
        get
        {
            double gap = 0;
            for (int k = 0; k < Theta.Length; k++)
                if (double.IsFinite(Measured[k])) gap = Math.Max(gap, Math.Abs(Measured[k] - Predicted[k]));
            return gap;
        }
    }

    /// <summary>The angle at which the measured D⁺_u f is largest.</summary>
    public double MeasuredArgMax
    {
        get
        {
            int best = -1;
            for (int k = 0; k < Theta.Length; k++)
                if (double.IsFinite(Measured[k]) && (best < 0 || Measured[k] > Measured[best])) best = k;
            return best < 0 ? double.NaN : Theta[best];
        }
    }

    /// <summary>
    /// True when measurement and prediction agree at every angle to the measurement's accuracy, 10⁻⁴·max(1, |∇f|)
    /// (the one-sided differences are Richardson-extrapolated, error O(t²) with t ≈ 10⁻⁴·max(1, |x|)).
    /// </summary>
    public bool Coincide => Theta.Length > 0 && Measured.All(double.IsFinite) && LargestGap <= Angle.Agreement * Math.Max(1, GradientNorm);
}

/// <summary>Computes angle pictures.</summary>
public static class Angle
{
    /// <summary>The relative gap under which measured and predicted directional derivatives count as equal.</summary>
    public const double Agreement = 1e-4;

    /// <summary>The angle picture of f at the plane's point with <paramref name="samples"/> angles (4 … 10 000).</summary>
    /// <exception cref="ArgumentException">A sample count out of range, or a malformed plane.</exception>
    public static AnglePicture Of(ScalarFunction f, Plane plane, int samples = 360)
    {
        Plane.Check(plane);
        if (samples < 4 || samples > 10_000) throw new ArgumentException($"The number of angles is {samples}: use 4 to 10000.");
        var x = plane.Point;
        var at = Differentiate.Gradient(f, x);
        var (gx, gy) = plane.Components(at.Gradient);
        double scale = 0;
        foreach (double c in x) scale = Math.Max(scale, Math.Abs(c));
        // t = 2⁻¹³·max(1, |x|∞): small enough for the O(t²) error to be ~10⁻⁸, large enough for rounding (ε|f|/t) to stay ~10⁻¹².
        double t = Math.Max(1, scale) / 8192;
        var theta = new double[samples];
        var measured = new double[samples];
        var predicted = new double[samples];
        for (int k = 0; k < samples; k++)
        {
            double a = 2 * Math.PI * k / samples, c = Math.Cos(a), s = Math.Sin(a);
            theta[k] = a;
            double q1 = Quotient(f, plane, at.Value, c, s, t), q2 = Quotient(f, plane, at.Value, c, s, t / 2);
            // Richardson: q(t) = D + a·t + O(t²), so 2q(t/2) − q(t) = D + O(t²).
            measured[k] = 2 * q2 - q1;
            predicted[k] = gx * c + gy * s;
        }
        double star = gx == 0 && gy == 0 ? double.NaN : Math.Atan2(gy, gx);
        if (star < 0) star += 2 * Math.PI;
        return new AnglePicture(theta, measured, predicted, [gx, gy], star, at.Kinks);
    }

    /// <summary>The forward difference quotient (f(x + t·u) − f(x))/t along u = c·U + s·V (a unit vector: U and V are orthonormal).</summary>
    private static double Quotient(ScalarFunction f, Plane plane, double fx, double c, double s, double t)
        => (Differentiate.Value(f, plane.At(plane.X0 + t * c, plane.Y0 + t * s)) - fx) / t;
}
