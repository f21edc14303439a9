using Tangent.Formulas;
using Tangent.Primitives;
using Tangent.Symbolic;
using Tangent.Tests.Support;

namespace Tangent.Tests.Primitives;

/// <summary>
/// Every primitive of the registry in every mode, with nothing written per primitive: a primitive added to the
/// registry is checked here without a line of test code. At points found from its own declaration (inside the
/// domain, off the kinks, where central differences are consistent), its declared partials are compared with
/// central differences of its value, its second partials with central differences of its partials, its formulas
/// with its numbers; then Var reverse and forward, dual numbers, the Hessian, replay at a new point, compiled IL,
/// SIMD lanes (exact and approximate), the formula language, and the symbolic text and LaTeX are compared with the
/// declaration. In the tails (|x| up to 40, arguments up to 1e±150 for two-argument primitives) the first and second
/// derivatives are held to relative accuracy.
/// </summary>
public class RegistryCompletenessTests
{
    public static TheoryData<string> Names => [.. Primitive.All.Select(p => p.Name)];

    private static Primitive Get(string name) => Primitive.All.Single(p => p.Name == name);

    private static double Value(Primitive p, double a, double b) => p.Evaluate(a, b, out _, out _);

    private static (double Da, double Db) Partials(Primitive p, double a, double b)
    {
        p.Evaluate(a, b, out double da, out double db);
        return (da, db);
    }

    /// <summary>Central difference of g at t with step h (fourth order: Richardson on h and h/2).</summary>
    private static double Difference(Func<double, double> g, double t, double h)
    {
        double d1 = (g(t + h) - g(t - h)) / (2 * h), d2 = (g(t + h / 2) - g(t - h / 2)) / h;
        return (4 * d2 - d1) / 3;
    }

    /// <summary>True when central differences of g at t are trustworthy: no jump or kink inside the stencil (the estimates at h and h/4 agree).</summary>
    private static bool Consistent(Func<double, double> g, double t, double h)
    {
        double d1 = Difference(g, t, h), d2 = Difference(g, t, h / 4);
        return double.IsFinite(d1) && double.IsFinite(d2) && Math.Abs(d1 - d2) <= 1e-6 * (1 + Math.Abs(d1));
    }

    private static readonly double[] Grid = [-2.7, -1.3, -0.45, 0.35, 0.8, 1.6, 2.9, 0.12, -0.07];

    /// <summary>Points (a, b) inside the domain, off the kinks, where differences of the value and of both partials are consistent.</summary>
    private static List<(double A, double B)> SmoothPoints(Primitive p)
    {
        var points = new List<(double, double)>();
        var candidates = p.Arity == 1 ? Grid.Select(a => (a, 0.0)) : Grid.SelectMany((a, i) => new[] { (a, Grid[(i + 3) % Grid.Length]), (a, -Grid[(i + 5) % Grid.Length]) });
        foreach (var (a, b) in candidates)
        {
            const double h = 1e-3;
            bool inside = true;
            foreach (double s in new[] { -2 * h, 0, 2 * h })
                inside &= !p.OutsideDomain(a + s, b) && !p.OutsideDomain(a, b + s) && !p.IsKink(a + s, b) && !p.IsKink(a, b + s);
            if (!inside || !double.IsFinite(Value(p, a, b))) continue;
            if (!Consistent(t => Value(p, t, b), a, h) || !Consistent(t => Partials(p, t, b).Da, a, h)) continue;
            if (p.Arity == 2 && (!Consistent(t => Value(p, a, t), b, h) || !Consistent(t => Partials(p, a, t).Db, b, h))) continue;
            points.Add((a, b));
        }
        return points;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DeclaredDerivativesAreTheDerivativesOfTheDeclaredValue(string name)
    {
        var p = Get(name);
        var points = SmoothPoints(p);
        Assert.True(points.Count >= 3, $"{name}: only {points.Count} smooth sample points found");
        foreach (var (a, b) in points)
        {
            double y = p.Evaluate(a, b, out double da, out double db);
            var (daa, dab, dbb) = p.SecondPartials(a, b, y);
            string at = $"{name}({a}, {b})";
            Approx.Equal(Difference(t => Value(p, t, b), a, 1e-3), da, 1e-7, 1e-9, $"{at} ∂a against differences");
            Approx.Equal(Difference(t => Partials(p, t, b).Da, a, 1e-3), daa, 1e-6, 1e-8, $"{at} ∂²a against differences");
            if (p.Arity == 2)
            {
                Approx.Equal(Difference(t => Value(p, a, t), b, 1e-3), db, 1e-7, 1e-9, $"{at} ∂b against differences");
                Approx.Equal(Difference(t => Partials(p, t, b).Db, a, 1e-3), dab, 1e-6, 1e-8, $"{at} ∂²ab against differences");
                Approx.Equal(Difference(t => Partials(p, a, t).Db, b, 1e-3), dbb, 1e-6, 1e-8, $"{at} ∂²b against differences");
            }
            // The declared formulas (what the symbolic printer prints) give the declared numbers.
            var (fa, fb) = p.PartialFormulas<Real>(a, b, y);
            Approx.Equal(da, fa.Value, 1e-13, 1e-15, $"{at} formula ∂a");
            if (p.Arity == 2) Approx.Equal(db, fb.Value, 1e-13, 1e-15, $"{at} formula ∂b");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryModeGivesTheDeclaredNumbers(string name)
    {
        var p = Get(name);
        var points = SmoothPoints(p);
        bool binary = p.Arity == 2;
        foreach (var (a, b) in points)
        {
            double[] x = binary ? [a, b] : [a];
            ScalarFunction f = v => p.Record(v[0], binary ? v[1] : 0);
            double y = p.Evaluate(a, b, out double da, out double db);
            var (daa, dab, dbb) = p.SecondPartials(a, b, y);
            double[] gradient = binary ? [da, db] : [da];
            string at = $"{name}({a}, {b})";

            var reverse = Differentiate.Gradient(f, x);
            Assert.Equal(y, reverse.Value);
            Approx.Equal(gradient, reverse.Gradient, 1e-15, 0, $"{at} Var reverse");
            var (_, forward) = Differentiate.Jvp(f, x, binary ? [1.0, 0.0] : [1.0]);
            Approx.Equal(da, forward, 1e-15, 0, $"{at} Var forward");
            var dual = p.Apply(new Dual(a, 1), new Dual(b, 0));
            Approx.Equal(da, dual.Derivative, 1e-15, 0, $"{at} Dual ∂a");
            if (binary) Approx.Equal(db, p.Apply(new Dual(a, 0), new Dual(b, 1)).Derivative, 1e-15, 0, $"{at} Dual ∂b");
            var hessian = Differentiate.Hessian(f, x).Hessian;
            Approx.Equal(daa, hessian[0, 0], 1e-14, 0, $"{at} Hessian aa");
            if (binary)
            {
                Approx.Equal(dab, hessian[0, 1], 1e-14, 0, $"{at} Hessian ab");
                Approx.Equal(dbb, hessian[1, 1], 1e-14, 0, $"{at} Hessian bb");
            }

            // Replay and compiled code at another smooth point, from the graph recorded here.
            var graph = Differentiate.Record(f, x);
            var (a2, b2) = points[(points.IndexOf((a, b)) + 1) % points.Count];
            double[] x2 = binary ? [a2, b2] : [a2];
            double y2 = p.Evaluate(a2, b2, out double da2, out double db2);
            double[] gradient2 = binary ? [da2, db2] : [da2];
            var replayed = graph.At(x2);
            Assert.NotNull(replayed);
            Approx.Equal(gradient2, replayed.Vjp([1.0]), 1e-15, 0, $"{name} replayed at {string.Join(", ", x2)}");
            var compiled = CompiledGradient.Compile(graph);
            var g2 = new double[x.Length];
            double v2 = compiled.Evaluate(x2, g2, out bool holds);
            Assert.True(holds);
            Approx.Equal(y2, v2, 1e-15, 0, $"{name} compiled value");
            Approx.Equal(gradient2, g2, 1e-15, 0, $"{name} compiled gradient at {string.Join(", ", x2)}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LanesGiveTheDeclaredNumbersExactlyOrWithinAFewUlps(string name)
    {
        var p = Get(name);
        var points = SmoothPoints(p);
        int w = LaneKernels.Width, n = (points.Count + w - 1) / w * w;
        double[] a = new double[n], b = new double[n];
        for (int k = 0; k < n; k++) (a[k], b[k]) = points[k % points.Count];
        foreach (bool exact in new[] { true, false })
        {
            double[] y = new double[n], da = new double[n], db = new double[n];
            var kernel = LaneKernels.For(p, exact);
            kernel.Run(a, b, y, da, db);
            for (int k = 0; k < n; k++)
            {
                double ey = p.Evaluate(a[k], b[k], out double ea, out double eb);
                double tol = exact ? 0 : 1e-13;
                Approx.Equal(ey, y[k], tol, 0, $"{name}({a[k]}, {b[k]}) lanes value, exact {exact}");
                double la = kernel.SourceA switch { PartialSource.One => 1, PartialSource.MinusOne => -1, PartialSource.OperandA => a[k], PartialSource.OperandB => b[k], _ => da[k] };
                Approx.Equal(ea, la, tol, 0, $"{name} lanes ∂a, exact {exact}");
                if (p.Arity == 2)
                {
                    double lb = kernel.SourceB switch { PartialSource.One => 1, PartialSource.MinusOne => -1, PartialSource.OperandA => a[k], PartialSource.OperandB => b[k], _ => db[k] };
                    Approx.Equal(eb, lb, tol, 0, $"{name} lanes ∂b, exact {exact}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FormulasAndSymbolicDerivativesSayWhatTheDeclarationSays(string name)
    {
        var p = Get(name);
        var (a, b) = SmoothPoints(p)[0];
        bool binary = p.Arity == 2;
        double[] x = binary ? [a, b] : [a];
        string[] names = binary ? ["x", "y"] : ["x"];
        p.Evaluate(a, b, out double da, out double db);
        double[] gradient = binary ? [da, db] : [da];
        if (p.FormulaName.Length > 0)
        {
            // The formula language calls it by its formula name and records the same primitive.
            var formula = Formula.Parse(binary ? $"{p.FormulaName}(x, y)" : $"{p.FormulaName}(x)");
            var r = Differentiate.Gradient(formula.ToScalarFunction(names), x);
            Approx.Equal(gradient, r.Gradient, 1e-15, 0, $"{name} through the formula language");
        }
        // The symbolic gradient, printed as text, parses back and gives the declared partials; LaTeX is printed too.
        var graph = Differentiate.Record(v => p.Record(v[0], binary ? v[1] : 0), x);
        var symbolic = SymbolicDerivatives.Gradient(graph, names);
        var text = symbolic.Definitions.Aggregate(string.Join(", ", symbolic.Entries), (t, d) => t.Replace(d.Name, $"({d.Text})"));
        var back = Formula.Parse($"[{text}]");
        var values = back.ToVectorFunction(names)(binary ? [new Var(a), new Var(b)] : [new Var(a)]);
        for (int i = 0; i < gradient.Length; i++)
            Approx.Equal(gradient[i], values[i].Value, 1e-13, 1e-15, $"{name}: symbolic entry {i} '{symbolic.Entries[i]}'");
        Assert.All(symbolic.LatexEntries, l => Assert.False(string.IsNullOrWhiteSpace(l)));
        // The value of a function (not an operator, which the printer writes as one), printed as LaTeX, is the declared form.
        if (p.FormulaName != p.Name) return;
        var (latex, _) = p.Latex("x", binary ? "y" : null);
        var e = binary ? Expr.Apply(p, Expr.Variable("x"), Expr.Variable("y")) : Expr.Apply(p, Expr.Variable("x"));
        if (e.Kind == ExprKind.Apply && e.Primitive == p) Assert.Equal(latex, new ExprText(new Dictionary<Expr, string>(), true, names).Write(e));
    }

    /// <summary>Tail points of a unary primitive: far out on both sides, where σ, tanh, erfc, gelu saturate or vanish.</summary>
    private static readonly double[] Tails = [-40, -30, -20, -10, -5, 5, 10, 20, 30, 40];

    [Theory]
    [MemberData(nameof(Names))]
    public void DerivativesKeepTheirRelativeAccuracyInTheTails(string name)
    {
        var p = Get(name);
        if (p.Arity == 1)
        {
            foreach (double x in Tails)
            {
                if (p.OutsideDomain(x, 0) || p.IsKink(x, 0)) continue;
                double y = p.Evaluate(x, 0, out double d, out _);
                if (!double.IsFinite(y) || !double.IsFinite(d)) continue;
                double d2 = p.SecondPartials(x, 0, y).Daa;
                // A derivative that rounds to 0 is right only where the true one underflows: then so does the one a
                // unit closer to the middle, or it is at least far below anything the formulas produce (1e−250).
                double inner = x - Math.Sign(x);
                double dInner = Partials(p, inner, 0).Da, d2Inner = p.SecondPartials(inner, 0, Value(p, inner, 0)).Daa;
                if (d == 0) Assert.True(Math.Abs(dInner) < 1e-250 || p.PiecewiseConstant || d2Inner == 0, $"{name}'({x}) = 0 but {name}'({inner}) = {dInner}");
                if (d2 == 0) Assert.True(Math.Abs(d2Inner) < 1e-250 || p.PiecewiseConstant || d2Inner == 0 || Math.Abs(d) == 1 || Math.Abs(d) == 0.01,
                    $"{name}''({x}) = 0 but {name}''({inner}) = {d2Inner}");
                // Where the derivative is a normal number, central differences of it (step 1e−4) match the second
                // derivative, relative to both, up to the differences' own rounding (about 1e−16·|f′|/h): a derivative that
                // had lost its relative digits in the tail (y(1 − y) for σ′(30) is off by 1e−3) would not.
                const double h = 1e-4;
                if (Math.Abs(d) > 1e-280 && Consistent(t => Partials(p, t, 0).Da, x, h))
                    Approx.Equal(Difference(t => Partials(p, t, 0).Da, x, h), d2, 1e-5, 1e-14 * Math.Abs(d) / h, $"{name}''({x}) against differences of {name}'");
            }
        }
        else
        {
            // Huge and tiny arguments of a two-argument primitive: partials against differences of the value, relative.
            foreach (double scale in new[] { 1e150, 1e-150 })
                foreach (var (a0, b0) in new[] { (1.3, 0.7), (-0.6, 1.9), (2.2, -1.1) })
                {
                    double a = a0 * scale, b = b0 * scale;
                    if (p.OutsideDomain(a, b) || p.IsKink(a, b)) continue;
                    double y = p.Evaluate(a, b, out double da, out double db);
                    if (!double.IsFinite(y) || !double.IsFinite(da) || !double.IsFinite(db) || y == 0) continue;
                    double h = 1e-4 * scale;
                    double noise = 1e-14 * Math.Abs(y) / h; // the differences' own rounding
                    if (Consistent(t => Value(p, t, b), a, h)) Approx.Equal(Difference(t => Value(p, t, b), a, h), da, 1e-7, noise, $"{name}({a}, {b}) ∂a");
                    if (Consistent(t => Value(p, a, t), b, h)) Approx.Equal(Difference(t => Value(p, a, t), b, h), db, 1e-7, noise, $"{name}({a}, {b}) ∂b");
                }
        }
    }

    [Fact]
    public void AUsersOwnPrimitiveWorksInEveryMode()
    {
        // cube(x) = x³, declared outside the library and recorded through Var.Apply: it gets a code after the registry's.
        ScalarFunction f = v => Var.Apply<Cube>(v[0]) * v[1];
        var g = Differentiate.Gradient(f, [2.0, 3.0]);
        Assert.Equal([36.0, 8.0], g.Gradient);
        var h = Differentiate.Hessian(f, [2.0, 3.0]).Hessian;
        Assert.Equal(36.0, h[0, 0]);
        Assert.Equal(12.0, h[0, 1]);
        Assert.Equal(12.0, Dual.Apply<Cube>(new Dual(2, 1)).Derivative);
        var graph = Differentiate.Record(f, [2.0, 3.0]);
        Assert.Equal([27.0, 27.0], graph.At([3.0, 1.0])!.Vjp([1.0]));
        var compiled = CompiledGradient.Compile(graph);
        var grad = new double[2];
        Assert.Equal(27.0, compiled.Evaluate([3.0, 1.0], grad, out bool holds));
        Assert.True(holds);
        Assert.Equal([27.0, 27.0], grad);
        Assert.Equal(8.0, Real.Apply<Cube>(2).Value);
        Assert.Equal("cube(x)", Expr.Apply<Cube>(Expr.Variable("x")).ToString());
    }

    private readonly struct Cube : IUnaryPrimitive
    {
        public static string Name => "cube";
        public static double Value(double x) => x * x * x;
        public static double Derivative(double x, double y) => 3 * x * x;
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => 3 * x * x;
        public static double SecondDerivative(double x, double y) => 6 * x;
    }
}
