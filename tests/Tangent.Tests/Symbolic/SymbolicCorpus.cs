namespace Tangent.Tests.Symbolic;

/// <summary>
/// Test functions Rⁿ → R and Rⁿ → Rᵐ that together use every primitive, each with the box its
/// random points are drawn from (inside the domain, away from kinks almost surely).
/// </summary>
public static class SymbolicCorpus
{
    public sealed record Scalar(string Name, string[] Variables, double Low, double High, ScalarFunction F, string? Text = null)
    {
        public override string ToString() => Name;
    }

    public sealed record Vector(string Name, string[] Variables, double Low, double High, VectorFunction F, string? Text = null)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] XY = ["x", "y"], XYZ = ["x", "y", "z"];

    /// <summary>Each entry's optional Text is the same function in the formula language (for parse-back tests).</summary>
    public static readonly Scalar[] Scalars =
    [
        new("cube", ["x"], -2, 2, v => v[0] * v[0] * v[0], "x^3"),
        new("special functions", XY, 0.2, 1.5, v => Var.Erf(v[0]) * Var.Erfc(v[1]) + Var.Log1p(v[0] * v[1]) + Var.Expm1(v[1]) + Var.Cbrt(v[0] + 1)
            + Var.Log2(v[0]) + Var.Log10(v[1]) + Var.Exp2(v[0] * v[1]), "erf(x)*erfc(y) + log1p(x*y) + expm1(y) + cbrt(x + 1) + log2(x) + log10(y) + exp2(x*y)"),
        new("activations", XY, 0.2, 1.5, v => Var.Gelu(v[0]) * Var.Silu(v[1]) + Var.Elu(v[0] - 2) + Var.LeakyRelu(v[1]) + Var.Hypot(v[0], v[1]),
            "gelu(x)*silu(y) + elu(x - 2) + leakyrelu(y) + hypot(x, y)"),
        new("floor and ceil", XY, 0.2, 0.8, v => Var.Floor(v[0]) * v[1] + Var.Ceil(v[1]) * v[0], "floor(x)*y + ceil(y)*x"),
        new("product", XY, -2, 2, v => v[0] * v[1], "x*y"),
        new("sin of product plus exp", XY, -1.5, 1.5, v => Var.Sin(v[0] * v[1]) + Var.Exp(v[0]), "sin(x*y) + exp(x)"),
        new("norm", XY, 0.2, 2, v => Var.Sqrt(v[0] * v[0] + v[1] * v[1]), "sqrt(x^2 + y^2)"),
        new("log and quotient", XY, 0.3, 2, v => Var.Log(v[0]) * v[1] * v[1] - v[0] / v[1], "log(x)*y^2 - x/y"),
        new("angles", XY, 0.2, 2, v => Var.Atan2(v[1], v[0]) + Var.Atan(v[0] * v[1]), "atan2(y, x) + atan(x*y)"),
        new("hyperbolic", XY, -1, 1, v => Var.Tanh(v[0] - v[1]) * Var.Cosh(v[1]) + Var.Sinh(v[0]), "tanh(x - y)*cosh(y) + sinh(x)"),
        new("logistic", XY, -2, 2, v => Var.Sigmoid(2 * v[0] + v[1]) + Var.Softplus(v[0] - v[1]), "sigmoid(2*x + y) + softplus(x - y)"),
        new("variable power", XY, 0.3, 2, v => Var.Pow(v[0], v[1]) / (1 + v[0] * v[0]), "pow(x, y)/(1 + x^2)"),
        new("inverse trig", XY, -1.5, 1.5, v => Var.Asin(v[0] / 3) + Var.Acos(v[1] / 3) + Var.Tan(v[0] / 2), "asin(x/3) + acos(y/3) + tan(x/2)"),
        new("gaussian wave", XY, -1.5, 1.5, v => Var.Exp(-(v[0] * v[0] + v[1] * v[1]) / 2) * Var.Cos(v[0]), "exp(-(x^2 + y^2)/2)*cos(x)"),
        new("powers of sums", XY, -1.5, 1.5, v => Var.Pow(v[0] + v[1], 3) - Var.Pow(v[0] - v[1], 2), "(x + y)^3 - (x - y)^2"),
        new("three variables", XYZ, 0.3, 2, v => v[0] / (v[1] * v[2]) + Var.Pow(v[2], 0.5) + v[0] * v[1] * v[2], "x/(y*z) + z^0.5 + x*y*z"),
        new("kinked primitives", XYZ, -2, 2,
            v => Var.Abs(v[0] - v[1]) + Var.Max(v[0], 2 * v[1]) + Var.Min(v[1], v[2]) + Var.Relu(v[0] - v[2]),
            "abs(x - y) + max(x, 2*y) + min(y, z) + relu(x - z)"),
        new("sign and reciprocal", XY, -2, 2, v => Var.Sign(v[0]) * v[0] * v[0] + 1 / (v[0] * v[0] + v[1] * v[1] + 1), "sign(x)*x^2 + 1/(x^2 + y^2 + 1)"),
        new("rosenbrock", XY, -1.5, 1.5, v => (1 - v[0]) * (1 - v[0]) + 100 * (v[1] - v[0] * v[0]) * (v[1] - v[0] * v[0]), "(1 - x)^2 + 100*(y - x^2)^2"),
        new("numeric exponents", ["x"], 0.3, 2, v => Var.Pow(v[0], -2) + Var.Pow(2.0, v[0]) + Var.Pow(v[0], 1.5), "x^-2 + 2^x + x^1.5"),
        new("negations", XY, -2, 2, v => -(-v[0] * v[1]) - (v[0] - v[1]) * 3, "-(-x*y) - (x - y)*3"),
        new("like terms", XY, -2, 2, v => 2 * v[0] + 3 * v[0] + v[0] * v[0] * v[1] + v[1] * v[0] * v[0] - v[0] / v[0], "2*x + 3*x + x*x*y + y*x*x - x/x"),
        new("constants and identities", XY, -2, 2, v => v[0] * 1 + 0 + Var.Pow(v[1], 1) + Var.Pow(v[0], 0) * v[1] / 1, "x*1 + 0 + y^1 + x^0*y/1"),
        new("deep sharing", XY, -1, 1, v =>
        {
            var u = v[0];
            for (int k = 0; k < 6; k++) u = Var.Sin(u) * v[0] + v[1];
            return u;
        }),
        new("input itself", XY, -2, 2, v => v[1], "y"),
        new("constant", XY, -2, 2, v => 3.0, "3"),
        new("pi and e", ["x"], -2, 2, v => Var.Sin(Math.PI * v[0]) + Math.E * v[0], "sin(pi*x) + e*x"),
    ];

    public static readonly Vector[] Vectors =
    [
        new("polar to cartesian", ["r", "theta"], 0.2, 2, v => [v[0] * Var.Cos(v[1]), v[0] * Var.Sin(v[1])], "[r*cos(theta), r*sin(theta)]"),
        new("mixed", XYZ, 0.3, 2, v => [v[0] * v[1], Var.Sin(v[0]) + v[2], v[0] * v[0] * v[1] * v[2], Var.Log(v[1] + v[2])],
            "[x*y, sin(x) + z, x^2*y*z, log(y + z)]"),
        new("shared norm", XY, 0.2, 2, v =>
        {
            var r = Var.Sqrt(v[0] * v[0] + v[1] * v[1]);
            return [v[0] / r, v[1] / r];
        }, "[x/sqrt(x^2 + y^2), y/sqrt(x^2 + y^2)]"),
    ];

    public static TheoryData<string> ScalarNames() => new(Scalars.Select(s => s.Name));

    public static TheoryData<string> VectorNames() => new(Vectors.Select(s => s.Name));

    public static Scalar ScalarNamed(string name) => Scalars.Single(s => s.Name == name);

    public static Vector VectorNamed(string name) => Vectors.Single(s => s.Name == name);

    /// <summary>Reproducible points in the box [low, high]ⁿ.</summary>
    public static double[][] Points(int n, double low, double high, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, n).Select(_ => low + (high - low) * random.NextDouble()).ToArray()).ToArray();
    }

    /// <summary>|a − b| ≤ tolerance·max(1, |a|, |b|), with a message naming what differs.</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual)));
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale || (double.IsNaN(expected) && double.IsNaN(actual)),
            $"{what}: numeric {expected:R}, symbolic {actual:R}");
    }
}
