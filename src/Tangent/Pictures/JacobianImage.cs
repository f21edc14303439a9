using MathNet.Numerics.LinearAlgebra;

namespace Tangent.Pictures;

/// <summary>
/// What a Jacobian picture draws for F: R² → R²: the circle x + ρ(cos θ, sin θ), its image F(x + ρu) − F(x), and
/// its image under the linear map, J·ρu = ρ·DF(x)u, an ellipse whose semi-axes are ρσ₁ and ρσ₂ (the singular values of
/// J) along the left singular vectors. For small ρ the image of the circle and the ellipse agree to O(ρ²): DF(x)
/// maps input perturbations to first-order output perturbations.
/// </summary>
/// <param name="Point">x.</param>
/// <param name="Value">F(x).</param>
/// <param name="Jacobian">J = DF(x), 2×2.</param>
/// <param name="Radius">ρ.</param>
/// <param name="Circle">The input perturbations ρu(θ), as (δx, δy) pairs, θ from 0 to 2π (closed: last = first).</param>
/// <param name="Image">F(x + ρu) − F(x) at the same θ (NaN where F is undefined).</param>
/// <param name="Linear">J·ρu at the same θ: the ellipse.</param>
/// <param name="SingularValues">σ₁ ≥ σ₂ of J.</param>
/// <param name="Axes">The ellipse's semi-axes ρσₖ·(left singular vector k), as two (x, y) vectors.</param>
/// <param name="InputAxes">The input perturbations ρ·(right singular vector k) that J maps onto those semi-axes: J·ρvₖ = ρσₖuₖ.</param>
/// <param name="Kinks">The kinks the recording at x hit.</param>
public sealed record JacobianPicture(double[] Point, double[] Value, double[,] Jacobian, double Radius,
    (double X, double Y)[] Circle, (double X, double Y)[] Image, (double X, double Y)[] Linear,
    double[] SingularValues, (double X, double Y)[] Axes, (double X, double Y)[] InputAxes, IReadOnlyList<Kink> Kinks)
{
    /// <summary>The largest distance between F(x + ρu) − F(x) and J·ρu over the circle, relative to ρ (O(ρ) where F is differentiable).</summary>
    public double RelativeGap
    {
        get
        {
            double gap = 0;
            for (int k = 0; k < Image.Length; k++)
                if (double.IsFinite(Image[k].X) && double.IsFinite(Image[k].Y))
                    gap = Math.Max(gap, Math.Sqrt(Math.Pow(Image[k].X - Linear[k].X, 2) + Math.Pow(Image[k].Y - Linear[k].Y, 2)));
            return gap / Radius;
        }
    }
}

/// <summary>Computes Jacobian pictures.</summary>
public static class JacobianImage
{
    /// <summary>The Jacobian picture of F: R² → R² at x on a circle of radius ρ with <paramref name="samples"/> angles (8 … 10 000).</summary>
    /// <exception cref="ArgumentException">F is not a map R² → R², ρ is not positive and finite, or samples is out of range.</exception>
    public static JacobianPicture Of(VectorFunction f, double[] x, double radius, int samples = 181)
    {
        if (x.Length != 2) throw new ArgumentException($"A Jacobian picture needs a map of two variables, but the point has {x.Length}.");
        if (!(radius > 0) || !double.IsFinite(radius)) throw new ArgumentException($"The radius is {radius}: it must be positive and finite.");
        if (samples < 8 || samples > 10_000) throw new ArgumentException($"The number of angles is {samples}: use 8 to 10000.");
        var r = Differentiate.Jacobian(f, x);
        if (r.Value.Length != 2) throw new ArgumentException($"A Jacobian picture needs a map to R², but F has {r.Value.Length} component{(r.Value.Length == 1 ? "" : "s")}.");
        var j = r.Jacobian;
        var circle = new (double, double)[samples];
        var image = new (double, double)[samples];
        var linear = new (double, double)[samples];
        var vars = new Var[2];
        for (int k = 0; k < samples; k++)
        {
            double a = 2 * Math.PI * k / (samples - 1), dx = radius * Math.Cos(a), dy = radius * Math.Sin(a);
            circle[k] = (dx, dy);
            vars[0] = x[0] + dx;
            vars[1] = x[1] + dy;
            var y = f(vars);   // constants in, constants out: nothing is recorded
            image[k] = (y[0].Value - r.Value[0], y[1].Value - r.Value[1]);
            linear[k] = (j[0, 0] * dx + j[0, 1] * dy, j[1, 0] * dx + j[1, 1] * dy);
        }
        double[] sigma = [double.NaN, double.NaN];
        (double, double)[] axes = [(double.NaN, double.NaN), (double.NaN, double.NaN)];
        (double, double)[] inputAxes = [(double.NaN, double.NaN), (double.NaN, double.NaN)];
        if (j[0, 0] is var a00 && double.IsFinite(a00) && double.IsFinite(j[0, 1]) && double.IsFinite(j[1, 0]) && double.IsFinite(j[1, 1]))
        {
            var svd = Matrix<double>.Build.DenseOfArray(j).Svd(computeVectors: true);
            sigma = [svd.S[0], svd.S[1]];
            axes = [(radius * sigma[0] * svd.U[0, 0], radius * sigma[0] * svd.U[1, 0]), (radius * sigma[1] * svd.U[0, 1], radius * sigma[1] * svd.U[1, 1])];
            // J = UΣVᵀ, so J·vₖ = σₖuₖ: the rows of Vᵀ are the input directions stretched onto the semi-axes.
            inputAxes = [(radius * svd.VT[0, 0], radius * svd.VT[0, 1]), (radius * svd.VT[1, 0], radius * svd.VT[1, 1])];
        }
        return new JacobianPicture((double[])x.Clone(), r.Value, j, radius, circle, image, linear, sigma, axes, inputAxes, r.Kinks);
    }
}
