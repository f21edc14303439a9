namespace Tangent.Tests.Corpus;

/// <summary>
/// A test function f: Rⁿ → R written on <see cref="Var"/>, with its gradient and Hessian derived by hand,
/// and points where it is smooth. Shared by every helper's tests: run it through a mode and compare with
/// <see cref="Gradient"/>/<see cref="Hessian"/>, and with central differences of <see cref="Plain"/>.
/// </summary>
/// <param name="Name">What the function is, for failure messages.</param>
/// <param name="Dimension">n.</param>
/// <param name="F">f on the tape scalar.</param>
/// <param name="Gradient">∇f(x), derived by hand.</param>
/// <param name="Hessian">∇²f(x), derived by hand.</param>
/// <param name="Points">Points where f is smooth (no kink, inside every domain).</param>
/// <param name="Formula">f in the formula language of DESIGN.md, variables x, y, z, w, v in order (for CLI and symbolic tests).</param>
public sealed record ScalarCase(
    string Name, int Dimension, ScalarFunction F,
    Func<double[], double[]> Gradient, Func<double[], double[,]> Hessian,
    double[][] Points, string Formula)
{
    /// <summary>f(x) on plain values (constant Vars: nothing is recorded), for finite differences.</summary>
    public double Plain(double[] x) => Differentiate.Value(F, x);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The shared corpus of scalar test functions, each with its hand-derived gradient and Hessian.</summary>
public static class ScalarCorpus
{
    private static readonly double[,] A = { { 4, 1, -2 }, { 1, 3, 0.5 }, { -2, 0.5, 5 } };
    private static readonly double[] B = [1, -2, 0.5];
    private static readonly double[] LogisticWeights = [0.7, -1.3, 2.1];

    /// <summary>Every case.</summary>
    public static readonly ScalarCase[] All =
    [
        new("Rosenbrock 100(y − x²)² + (1 − x)²", 2,
            x => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]),
            x => [-400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]), 200 * (x[1] - x[0] * x[0])],
            x => new[,] { { 1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0] }, { -400 * x[0], 200 } },
            [[-1.2, 1.0], [1.0, 1.0], [0.3, -0.7]],
            "100*(y - x^2)^2 + (1 - x)^2"),

        new("quadratic ½xᵀAx + bᵀx", 3,
            x =>
            {
                Var s = 0;
                for (int i = 0; i < 3; i++)
                {
                    s += B[i] * x[i];
                    for (int j = 0; j < 3; j++) s += 0.5 * A[i, j] * x[i] * x[j];
                }
                return s;
            },
            x => Enumerable.Range(0, 3).Select(i => B[i] + Enumerable.Range(0, 3).Sum(j => A[i, j] * x[j])).ToArray(),
            x => (double[,])A.Clone(),
            [[0.0, 0.0, 0.0], [1.0, -1.0, 2.0], [-0.3, 0.8, 0.1]],
            "2*x^2 + 1.5*y^2 + 2.5*z^2 + x*y - 2*x*z + 0.5*y*z + x - 2*y + 0.5*z"),

        new("x²y + sin y", 2,
            x => x[0] * x[0] * x[1] + Var.Sin(x[1]),
            x => [2 * x[0] * x[1], x[0] * x[0] + Math.Cos(x[1])],
            x => new[,] { { 2 * x[1], 2 * x[0] }, { 2 * x[0], -Math.Sin(x[1]) } },
            [[3.0, 0.5], [-1.0, 2.0], [0.2, -1.1]],
            "x^2*y + sin(y)"),

        new("eˣ cos y + z³", 3,
            x => Var.Exp(x[0]) * Var.Cos(x[1]) + Var.Pow(x[2], 3.0),
            x => [Math.Exp(x[0]) * Math.Cos(x[1]), -Math.Exp(x[0]) * Math.Sin(x[1]), 3 * x[2] * x[2]],
            x => new[,]
            {
                { Math.Exp(x[0]) * Math.Cos(x[1]), -Math.Exp(x[0]) * Math.Sin(x[1]), 0 },
                { -Math.Exp(x[0]) * Math.Sin(x[1]), -Math.Exp(x[0]) * Math.Cos(x[1]), 0 },
                { 0, 0, 6 * x[2] },
            },
            [[0.5, 1.0, -2.0], [-1.0, -0.3, 0.7]],
            "exp(x)*cos(y) + z^3"),

        new("log(1 + x² + y²)", 2,
            x => Var.Log(1 + x[0] * x[0] + x[1] * x[1]),
            x => { double s = 1 + x[0] * x[0] + x[1] * x[1]; return [2 * x[0] / s, 2 * x[1] / s]; },
            x =>
            {
                double s = 1 + x[0] * x[0] + x[1] * x[1];
                return new[,] { { (2 * s - 4 * x[0] * x[0]) / (s * s), -4 * x[0] * x[1] / (s * s) }, { -4 * x[0] * x[1] / (s * s), (2 * s - 4 * x[1] * x[1]) / (s * s) } };
            },
            [[0.0, 0.0], [1.5, -0.5], [-2.0, 3.0]],
            "log(1 + x^2 + y^2)"),

        new("Gaussian exp(−|x|²/2) in R⁴", 4,
            x => Var.Exp(-0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3])),
            x => { double f = Math.Exp(-0.5 * x.Sum(t => t * t)); return x.Select(t => -t * f).ToArray(); },
            x =>
            {
                double f = Math.Exp(-0.5 * x.Sum(t => t * t));
                var h = new double[4, 4];
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++) h[i, j] = (x[i] * x[j] - (i == j ? 1 : 0)) * f;
                return h;
            },
            [[0.1, -0.2, 0.3, 0.4], [1.0, 0.5, -0.5, -1.0]],
            "exp(-0.5*(x^2 + y^2 + z^2 + w^2))"),

        new("logistic loss softplus(−a·x)", 3,
            x => Var.Softplus(-(LogisticWeights[0] * x[0] + LogisticWeights[1] * x[1] + LogisticWeights[2] * x[2])),
            x =>
            {
                double t = LogisticWeights.Zip(x, (a, b) => a * b).Sum(), s = 1 / (1 + Math.Exp(t)); // σ(−t)
                return LogisticWeights.Select(a => -s * a).ToArray();
            },
            x =>
            {
                double t = LogisticWeights.Zip(x, (a, b) => a * b).Sum(), s = 1 / (1 + Math.Exp(t));
                var h = new double[3, 3];
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++) h[i, j] = s * (1 - s) * LogisticWeights[i] * LogisticWeights[j];
                return h;
            },
            [[0.2, 0.4, -0.1], [-1.0, 1.0, 0.5]],
            "softplus(-(0.7*x - 1.3*y + 2.1*z))"),

        new("product xyzw", 4,
            x => x[0] * x[1] * x[2] * x[3],
            x => [x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]],
            x =>
            {
                var h = new double[4, 4];
                for (int i = 0; i < 4; i++)
                    for (int j = 0; j < 4; j++)
                        if (i != j) h[i, j] = Enumerable.Range(0, 4).Where(k => k != i && k != j).Aggregate(1.0, (p, k) => p * x[k]);
                return h;
            },
            [[1.0, 2.0, 3.0, 4.0], [0.0, -1.0, 0.5, 2.0]],
            "x*y*z*w"),

        new("polynomial 3x⁴ − 2x²y + y²", 2,
            x => 3 * Var.Pow(x[0], 4.0) - 2 * x[0] * x[0] * x[1] + x[1] * x[1],
            x => [12 * Math.Pow(x[0], 3) - 4 * x[0] * x[1], -2 * x[0] * x[0] + 2 * x[1]],
            x => new[,] { { 36 * x[0] * x[0] - 4 * x[1], -4 * x[0] }, { -4 * x[0], 2 } },
            [[1.0, 2.0], [-1.5, 0.5], [0.0, 0.0]],
            "3*x^4 - 2*x^2*y + y^2"),

        new("mixed sqrt(1 + x²)·atan(y) + tanh(x·y)/(2 + cos x)", 2,
            x => Var.Sqrt(1 + x[0] * x[0]) * Var.Atan(x[1]) + Var.Tanh(x[0] * x[1]) / (2 + Var.Cos(x[0])),
            x =>
            {
                double a = x[0], b = x[1], r = Math.Sqrt(1 + a * a), t = Math.Tanh(a * b), sech2 = 1 - t * t, q = 2 + Math.Cos(a);
                return [a / r * Math.Atan(b) + (b * sech2 * q + t * Math.Sin(a)) / (q * q), r / (1 + b * b) + a * sech2 / q];
            },
            x =>
            {
                // Second partials by hand: with u = √(1+a²), T = tanh(ab), S = 1 − T², q = 2 + cos a,
                // f = u·atan b + T/q;  (T)_a = bS, (T)_aa = −2b²TS, (T)_ab = S − 2abTS, (T)_bb = −2a²TS;
                // (1/q)_a = sin a/q², (1/q)_aa = cos a/q² + 2 sin²a/q³.
                double a = x[0], b = x[1], u = Math.Sqrt(1 + a * a), T = Math.Tanh(a * b), S = 1 - T * T, q = 2 + Math.Cos(a);
                double iq = 1 / q, iqa = Math.Sin(a) / (q * q), iqaa = Math.Cos(a) / (q * q) + 2 * Math.Sin(a) * Math.Sin(a) / (q * q * q);
                double faa = Math.Atan(b) / (u * u * u) + (-2 * b * b * T * S) * iq + 2 * (b * S) * iqa + T * iqaa;
                double fab = a / u / (1 + b * b) + (S - 2 * a * b * T * S) * iq + (a * S) * iqa;
                double fbb = -2 * b * u / ((1 + b * b) * (1 + b * b)) + (-2 * a * a * T * S) * iq;
                return new[,] { { faa, fab }, { fab, fbb } };
            },
            [[0.5, -0.8], [-1.2, 0.3], [2.0, 1.5]],
            "sqrt(1 + x^2)*atan(y) + tanh(x*y)/(2 + cos(x))"),
    ];

    /// <summary>Theory data: every case.</summary>
    public static TheoryData<ScalarCase> Cases()
    {
        var data = new TheoryData<ScalarCase>();
        foreach (var c in All) data.Add(c);
        return data;
    }
}
