namespace Tangent.Tests.Primitives;

/// <summary>
/// The tests' own, independent statement of every primitive: its value, first partials and second
/// partials written from calculus (often in a different form than the library's declaration, e.g.
/// tan′ = 1/cos² rather than 1 + tan²), and a sampler of points where it is smooth and the
/// finite-difference stencil stays inside the domain and away from kinks.
/// A row is optional: RegistryCompletenessTests checks every primitive of the registry from its declaration alone;
/// a row adds this independent oracle and puts the primitive into the random compositions (Corpus/ExpressionTrees).
/// </summary>
public sealed record PrimitiveCase(
    string Name,
    int Arity,
    Func<Random, double[]> Sample,
    Func<double, double, double> Value,
    Func<double, double, (double Da, double Db)> Partials,
    Func<double, double, (double Daa, double Dab, double Dbb)> Second)
{
    /// <summary>The name, so that theory cases read as the primitive.</summary>
    public override string ToString() => Name;
}

public static class PrimitiveTable
{
    private static double U(Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();

    /// <summary>A value in ±[lo, hi]: away from 0, where the kink of abs, relu and sign sits.</summary>
    private static double AwayFromZero(Random r, double lo, double hi) => (r.Next(2) == 0 ? -1 : 1) * U(r, lo, hi);

    private static double Sigma(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// erf x (sampled where 1 − erf x and Φ do not cancel badly) by composite Simpson's rule on (2/√π)e^{−t²} over
    /// [0, x], independent of the library's rational approximations. 40 000 panels and a compensated (Neumaier) sum:
    /// with 4 000 panels and a plain sum the rounding of the sum alone reached 2e-15, which Φ(x) = ½(1 + erf(x/√2))
    /// for x near −1.5 turned into a relative error above the 1e-14 that the value tests allow (a check in double
    /// precision against mpmath at 300 points of [−1.5, 3] gives at most 9% of that tolerance for gelu).
    /// </summary>
    private static double Erf(double x)
    {
        const int n = 40000;
        double h = x / n, sum = 1 + Math.Exp(-x * x), carry = 0;
        for (int i = 1; i < n; i++)
        {
            double term = (i % 2 == 1 ? 4 : 2) * Math.Exp(-(i * h) * (i * h)), next = sum + term;
            carry += Math.Abs(sum) >= Math.Abs(term) ? sum - next + term : term - next + sum;
            sum = next;
        }
        return (sum + carry) * h / 3 * 2 / Math.Sqrt(Math.PI);
    }

    private static double NormalCdf(double x) => 0.5 * (1 + Erf(x / Math.Sqrt(2)));
    private static double NormalDensity(double x) => Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>A value strictly between two integers, at least 0.1 from each: away from the jumps of floor and ceil.</summary>
    private static double OffInteger(Random r) => r.Next(-3, 3) + U(r, 0.1, 0.9);

    private static PrimitiveCase Unary(string name, Func<Random, double> sample, Func<double, double> f, Func<double, double> d1, Func<double, double> d2)
        => new(name, 1, r => [sample(r)], (a, _) => f(a), (a, _) => (d1(a), 0), (a, _) => (d2(a), 0, 0));

    /// <summary>Every primitive, by its name in <see cref="Tangent.Primitives.Primitive.All"/>.</summary>
    public static readonly IReadOnlyDictionary<string, PrimitiveCase> Cases = new PrimitiveCase[]
    {
        Unary("neg", r => U(r, -3, 3), a => -a, a => -1, a => 0),
        Unary("sin", r => U(r, -3, 3), Math.Sin, Math.Cos, a => -Math.Sin(a)),
        Unary("cos", r => U(r, -3, 3), Math.Cos, a => -Math.Sin(a), a => -Math.Cos(a)),
        Unary("tan", r => U(r, -1.2, 1.2), Math.Tan, a => 1 / (Math.Cos(a) * Math.Cos(a)), a => 2 * Math.Sin(a) / Math.Pow(Math.Cos(a), 3)),
        Unary("asin", r => U(r, -0.9, 0.9), Math.Asin, a => 1 / Math.Sqrt(1 - a * a), a => a / Math.Pow(1 - a * a, 1.5)),
        Unary("acos", r => U(r, -0.9, 0.9), Math.Acos, a => -1 / Math.Sqrt(1 - a * a), a => -a / Math.Pow(1 - a * a, 1.5)),
        Unary("atan", r => U(r, -3, 3), Math.Atan, a => 1 / (1 + a * a), a => -2 * a / ((1 + a * a) * (1 + a * a))),
        Unary("sinh", r => U(r, -3, 3), Math.Sinh, Math.Cosh, Math.Sinh),
        Unary("cosh", r => U(r, -3, 3), Math.Cosh, Math.Sinh, Math.Cosh),
        Unary("tanh", r => U(r, -3, 3), Math.Tanh, a => 1 / (Math.Cosh(a) * Math.Cosh(a)), a => -2 * Math.Sinh(a) / Math.Pow(Math.Cosh(a), 3)),
        Unary("exp", r => U(r, -3, 3), Math.Exp, Math.Exp, Math.Exp),
        Unary("log", r => U(r, 0.2, 5), Math.Log, a => 1 / a, a => -1 / (a * a)),
        Unary("sqrt", r => U(r, 0.2, 5), Math.Sqrt, a => 0.5 / Math.Sqrt(a), a => -0.25 / Math.Pow(a, 1.5)),
        Unary("abs", r => AwayFromZero(r, 0.05, 3), Math.Abs, a => a > 0 ? 1 : -1, a => 0),
        Unary("relu", r => AwayFromZero(r, 0.05, 3), a => a > 0 ? a : 0, a => a > 0 ? 1 : 0, a => 0),
        Unary("sigmoid", r => U(r, -5, 5), Sigma, a => Math.Exp(-a) / ((1 + Math.Exp(-a)) * (1 + Math.Exp(-a))),
            a => Sigma(a) * (1 - Sigma(a)) * (1 - 2 * Sigma(a))),
        Unary("softplus", r => U(r, -5, 5), a => Math.Log(1 + Math.Exp(a)), Sigma, a => Math.Exp(a) / ((1 + Math.Exp(a)) * (1 + Math.Exp(a)))),
        Unary("sign", r => AwayFromZero(r, 0.05, 3), a => a > 0 ? 1 : -1, a => 0, a => 0),
        Unary("log1p", r => U(r, -0.9, 3), a => Math.Log(1 + a), a => 1 / (1 + a), a => -1 / ((1 + a) * (1 + a))),
        Unary("expm1", r => U(r, -3, 3), a => Math.Exp(a) - 1, Math.Exp, Math.Exp),
        Unary("erf", r => U(r, -3, 3), Erf, a => 2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a), a => -4 * a / Math.Sqrt(Math.PI) * Math.Exp(-a * a)),
        Unary("erfc", r => U(r, -2, 0.8), a => 1 - Erf(a), a => -2 / Math.Sqrt(Math.PI) * Math.Exp(-a * a), a => 4 * a / Math.Sqrt(Math.PI) * Math.Exp(-a * a)),
        Unary("cbrt", r => AwayFromZero(r, 0.2, 5), a => Math.Sign(a) * Math.Pow(Math.Abs(a), 1.0 / 3),
            a => Math.Pow(Math.Abs(a), -2.0 / 3) / 3, a => -2.0 / 9 * Math.Sign(a) * Math.Pow(Math.Abs(a), -5.0 / 3)),
        Unary("log2", r => U(r, 0.2, 5), a => Math.Log(a) / Math.Log(2), a => 1 / (a * Math.Log(2)), a => -1 / (a * a * Math.Log(2))),
        Unary("log10", r => U(r, 0.2, 5), a => Math.Log(a) / Math.Log(10), a => 1 / (a * Math.Log(10)), a => -1 / (a * a * Math.Log(10))),
        Unary("exp2", r => U(r, -3, 3), a => Math.Pow(2, a), a => Math.Log(2) * Math.Pow(2, a), a => Math.Log(2) * Math.Log(2) * Math.Pow(2, a)),
        Unary("floor", OffInteger, Math.Floor, a => 0, a => 0),
        Unary("ceil", OffInteger, Math.Ceiling, a => 0, a => 0),
        Unary("gelu", r => U(r, -1.5, 3), a => a * NormalCdf(a), a => NormalCdf(a) + a * NormalDensity(a), a => NormalDensity(a) * (2 - a * a)),
        Unary("silu", r => U(r, -5, 5), a => a * Sigma(a), a => Sigma(a) + a * Sigma(a) * (1 - Sigma(a)),
            a => Sigma(a) * (1 - Sigma(a)) * (2 + a * (1 - 2 * Sigma(a)))),
        Unary("elu", r => AwayFromZero(r, 0.05, 3), a => a > 0 ? a : Math.Exp(a) - 1, a => a > 0 ? 1 : Math.Exp(a), a => a > 0 ? 0 : Math.Exp(a)),
        Unary("leakyrelu", r => AwayFromZero(r, 0.05, 3), a => a > 0 ? a : 0.01 * a, a => a > 0 ? 1 : 0.01, a => 0),
        new("hypot", 2, r =>
            {
                double radius = U(r, 0.3, 3), angle = U(r, -Math.PI, Math.PI);
                return [radius * Math.Cos(angle), radius * Math.Sin(angle)];
            },
            (a, b) => Math.Sqrt(a * a + b * b),
            (a, b) => (a / Math.Sqrt(a * a + b * b), b / Math.Sqrt(a * a + b * b)),
            (a, b) =>
            {
                double r3 = Math.Pow(a * a + b * b, 1.5);
                return (b * b / r3, -a * b / r3, a * a / r3);
            }),
        new("+", 2, r => [U(r, -3, 3), U(r, -3, 3)], (a, b) => a + b, (a, b) => (1, 1), (a, b) => (0, 0, 0)),
        new("-", 2, r => [U(r, -3, 3), U(r, -3, 3)], (a, b) => a - b, (a, b) => (1, -1), (a, b) => (0, 0, 0)),
        new("*", 2, r => [U(r, -3, 3), U(r, -3, 3)], (a, b) => a * b, (a, b) => (b, a), (a, b) => (0, 1, 0)),
        new("/", 2, r => [U(r, -3, 3), AwayFromZero(r, 0.3, 3)], (a, b) => a / b, (a, b) => (1 / b, -a / (b * b)),
            (a, b) => (0, -1 / (b * b), 2 * a / (b * b * b))),
        new("^", 2, r => [U(r, 0.2, 3), U(r, -2, 2)], Math.Pow,
            (a, b) => (b * Math.Pow(a, b - 1), Math.Pow(a, b) * Math.Log(a)),
            (a, b) => (b * (b - 1) * Math.Pow(a, b - 2), Math.Pow(a, b - 1) * (1 + b * Math.Log(a)), Math.Pow(a, b) * Math.Log(a) * Math.Log(a))),
        new("atan2", 2, r =>
            {
                // the angle of (b, a) away from the cut at ±π, the radius away from the origin
                double radius = U(r, 0.3, 3), angle = U(r, -Math.PI + 0.2, Math.PI - 0.2);
                return [radius * Math.Sin(angle), radius * Math.Cos(angle)];
            },
            Math.Atan2,
            (a, b) => (b / (a * a + b * b), -a / (a * a + b * b)),
            (a, b) =>
            {
                double r4 = (a * a + b * b) * (a * a + b * b);
                return (-2 * a * b / r4, (a * a - b * b) / r4, 2 * a * b / r4);
            }),
        new("max", 2, r => { double a = U(r, -3, 3); return [a, a + AwayFromZero(r, 0.1, 2)]; },
            Math.Max, (a, b) => a > b ? (1, 0) : (0, 1), (a, b) => (0, 0, 0)),
        new("min", 2, r => { double a = U(r, -3, 3); return [a, a + AwayFromZero(r, 0.1, 2)]; },
            Math.Min, (a, b) => a < b ? (1, 0) : (0, 1), (a, b) => (0, 0, 0)),
    }.ToDictionary(c => c.Name);

    /// <summary>
    /// The primitive called by its name on any scalar type, through the public surface a user writes
    /// (operators and the static functions of <see cref="IScalar{T}"/>). For a unary primitive b is ignored.
    /// </summary>
    public static T Apply<T>(string name, T a, T b) where T : IScalar<T> => name switch
    {
        "neg" => -a,
        "sin" => T.Sin(a),
        "cos" => T.Cos(a),
        "tan" => T.Tan(a),
        "asin" => T.Asin(a),
        "acos" => T.Acos(a),
        "atan" => T.Atan(a),
        "sinh" => T.Sinh(a),
        "cosh" => T.Cosh(a),
        "tanh" => T.Tanh(a),
        "exp" => T.Exp(a),
        "log" => T.Log(a),
        "sqrt" => T.Sqrt(a),
        "abs" => T.Abs(a),
        "relu" => T.Relu(a),
        "sigmoid" => T.Sigmoid(a),
        "softplus" => T.Softplus(a),
        "sign" => T.Sign(a),
        "log1p" => T.Log1p(a),
        "expm1" => T.Expm1(a),
        "erf" => T.Erf(a),
        "erfc" => T.Erfc(a),
        "cbrt" => T.Cbrt(a),
        "log2" => T.Log2(a),
        "log10" => T.Log10(a),
        "exp2" => T.Exp2(a),
        "floor" => T.Floor(a),
        "ceil" => T.Ceil(a),
        "gelu" => T.Gelu(a),
        "silu" => T.Silu(a),
        "elu" => T.Elu(a),
        "leakyrelu" => T.LeakyRelu(a),
        "hypot" => T.Hypot(a, b),
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "^" => T.Pow(a, b),
        "atan2" => T.Atan2(a, b),
        "max" => T.Max(a, b),
        "min" => T.Min(a, b),
        _ => throw new ArgumentException($"The test table has no way to call primitive '{name}': add it to PrimitiveTable.Apply."),
    };

    /// <summary>The primitive with its first operand a Var and its second a constant double (Var ⊕ c).</summary>
    public static Var ApplyWithConstantRight(string name, Var a, double c) => name switch
    {
        "+" => a + c,
        "-" => a - c,
        "*" => a * c,
        "/" => a / c,
        "^" => Var.Pow(a, c),
        _ => Apply<Var>(name, a, c),
    };

    /// <summary>The primitive with its first operand a constant double and its second a Var (c ⊕ Var).</summary>
    public static Var ApplyWithConstantLeft(string name, double c, Var b) => name switch
    {
        "+" => c + b,
        "-" => c - b,
        "*" => c * b,
        "/" => c / b,
        "^" => Var.Pow(c, b),
        _ => Apply<Var>(name, c, b),
    };

    /// <summary>Theory data: every primitive of the library that has a row here, by name.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var p in Tangent.Primitives.Primitive.All)
            if (Cases.ContainsKey(p.Name)) data.Add(p.Name);
        return data;
    }

    /// <summary>The table row for a primitive; a missing row is a failure that says what to add.</summary>
    public static PrimitiveCase Get(string name)
        => Cases.TryGetValue(name, out var c) ? c : throw new Xunit.Sdk.XunitException($"Primitive '{name}' has no row in PrimitiveTable.Cases: state its value and derivatives there.");
}
