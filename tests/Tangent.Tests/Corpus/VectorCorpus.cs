namespace Tangent.Tests.Corpus;

/// <summary>
/// A test map F: Rⁿ → Rᵐ written on <see cref="Var"/>, with its m×n Jacobian derived by hand and points
/// where it is smooth. Shared by every helper's tests.
/// </summary>
/// <param name="Name">What the map is.</param>
/// <param name="Inputs">n.</param>
/// <param name="Outputs">m.</param>
/// <param name="F">F on the tape scalar.</param>
/// <param name="Jacobian">J(x), J[i, j] = ∂Fᵢ/∂xⱼ, derived by hand.</param>
/// <param name="Points">Points where F is smooth.</param>
/// <param name="Formula">F in the formula language, "[f1, f2, ...]", variables x, y, z, w, v in order.</param>
public sealed record VectorCase(
    string Name, int Inputs, int Outputs, VectorFunction F, Func<double[], double[,]> Jacobian, double[][] Points, string Formula)
{
    /// <summary>F(x) on plain values (constant Vars: nothing is recorded), for finite differences.</summary>
    public double[] Plain(double[] x)
    {
        var v = x.Select(t => new Var(t)).ToArray();
        return F(v).Select(o => o.Value).ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (R{Inputs}→R{Outputs})";
}

/// <summary>The shared corpus of vector test maps of several shapes, each with its hand-derived Jacobian.</summary>
public static class VectorCorpus
{
    /// <summary>Every case.</summary>
    public static readonly VectorCase[] All =
    [
        new("polar to Cartesian (r cos θ, r sin θ)", 2, 2,
            x => [x[0] * Var.Cos(x[1]), x[0] * Var.Sin(x[1])],
            x => new[,] { { Math.Cos(x[1]), -x[0] * Math.Sin(x[1]) }, { Math.Sin(x[1]), x[0] * Math.Cos(x[1]) } },
            [[2.0, 0.5], [1.0, -2.5]],
            "[x*cos(y), x*sin(y)]"),

        new("(xyz, x² + sin z)", 3, 2,
            x => [x[0] * x[1] * x[2], x[0] * x[0] + Var.Sin(x[2])],
            x => new[,] { { x[1] * x[2], x[0] * x[2], x[0] * x[1] }, { 2 * x[0], 0, Math.Cos(x[2]) } },
            [[1.0, 2.0, 3.0], [-0.5, 0.25, -1.5]],
            "[x*y*z, x^2 + sin(z)]"),

        new("(x + y, x − y, xy, eˣ)", 2, 4,
            x => [x[0] + x[1], x[0] - x[1], x[0] * x[1], Var.Exp(x[0])],
            x => new[,] { { 1, 1 }, { 1, -1 }, { x[1], x[0] }, { Math.Exp(x[0]), 0 } },
            [[0.5, -1.0], [2.0, 3.0]],
            "[x + y, x - y, x*y, exp(x)]"),

        new("|x|² in R⁴ as a 1-vector", 4, 1,
            x => [x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]],
            x => new[,] { { 2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3] } },
            [[1.0, -2.0, 0.5, 3.0]],
            "[x^2 + y^2 + z^2 + w^2]"),

        new("helix (cos t, sin t, t)", 1, 3,
            x => [Var.Cos(x[0]), Var.Sin(x[0]), x[0]],
            x => new[,] { { -Math.Sin(x[0]) }, { Math.Cos(x[0]) }, { 1 } },
            [[0.7], [-2.0]],
            "[cos(x), sin(x), x]"),

        new("spherical to Cartesian", 3, 3,
            x => [x[0] * Var.Sin(x[1]) * Var.Cos(x[2]), x[0] * Var.Sin(x[1]) * Var.Sin(x[2]), x[0] * Var.Cos(x[1])],
            x =>
            {
                double r = x[0], p = x[1], t = x[2];
                return new[,]
                {
                    { Math.Sin(p) * Math.Cos(t), r * Math.Cos(p) * Math.Cos(t), -r * Math.Sin(p) * Math.Sin(t) },
                    { Math.Sin(p) * Math.Sin(t), r * Math.Cos(p) * Math.Sin(t), r * Math.Sin(p) * Math.Cos(t) },
                    { Math.Cos(p), -r * Math.Sin(p), 0 },
                };
            },
            [[2.0, 0.8, 1.2], [0.5, 2.0, -0.4]],
            "[x*sin(y)*cos(z), x*sin(y)*sin(z), x*cos(y)]"),

        new("(Σ sin xᵢ, Σ i·xᵢ²) in R⁵", 5, 2,
            x =>
            {
                Var a = 0, b = 0;
                for (int i = 0; i < 5; i++) { a += Var.Sin(x[i]); b += (i + 1) * x[i] * x[i]; }
                return [a, b];
            },
            x =>
            {
                var j = new double[2, 5];
                for (int i = 0; i < 5; i++) { j[0, i] = Math.Cos(x[i]); j[1, i] = 2 * (i + 1) * x[i]; }
                return j;
            },
            [[0.1, 0.2, 0.3, 0.4, 0.5], [-1.0, 2.0, -0.5, 0.0, 1.5]],
            "[sin(x) + sin(y) + sin(z) + sin(w) + sin(v), x^2 + 2*y^2 + 3*z^2 + 4*w^2 + 5*v^2]"),

        new("(x/y, atan2(y, x), sqrt(x² + y²))", 2, 3,
            x => [x[0] / x[1], Var.Atan2(x[1], x[0]), Var.Sqrt(x[0] * x[0] + x[1] * x[1])],
            x =>
            {
                double a = x[0], b = x[1], r2 = a * a + b * b, r = Math.Sqrt(r2);
                return new[,] { { 1 / b, -a / (b * b) }, { -b / r2, a / r2 }, { a / r, b / r } };
            },
            [[3.0, 4.0], [-1.0, 0.5]],
            "[x/y, atan2(y, x), sqrt(x^2 + y^2)]"),
    ];

    /// <summary>Theory data: every case.</summary>
    public static TheoryData<VectorCase> Cases()
    {
        var data = new TheoryData<VectorCase>();
        foreach (var c in All) data.Add(c);
        return data;
    }
}
