using Tangent.Tests.Support;

namespace Tangent.Tests.Primitives;

/// <summary>
/// Every primitive of <see cref="Tangent.Primitives.Primitive.All"/> in every mode — forward sweep, reverse
/// sweep, dual numbers, second order, replay at a new point, constant operands — against the tests' own
/// analytic derivative and a 6th-order central difference, at many seeded random points of its domain.
/// </summary>
public class PrimitiveDerivativeTests
{
    private const int Points = 40;
    private const double Exact = 1e-12;   // analytic vs AD: both exact up to rounding
    private const double Numeric = 1e-7;  // finite difference vs AD

    private static IEnumerable<(PrimitiveCase Case, double[] X)> Samples(string name)
    {
        var c = PrimitiveTable.Get(name);
        // string.GetHashCode is randomised per process: a seed taken from it made each run sample other points.
        // The seed is the sum of the name's characters, so every run checks the same points (TANGENT_TEST_SEED adds
        // an offset, to sample other points on purpose).
        int offset = int.TryParse(Environment.GetEnvironmentVariable("TANGENT_TEST_SEED"), out int s) ? s : 0;
        var rng = new Random(name.Sum(ch => ch) ^ 12345 + offset);
        for (int k = 0; k < Points; k++) yield return (c, c.Sample(rng));
    }

    private static ScalarFunction On(PrimitiveCase c) =>
        c.Arity == 1 ? x => PrimitiveTable.Apply<Var>(c.Name, x[0], 0) : x => PrimitiveTable.Apply<Var>(c.Name, x[0], x[1]);

    private static double[] Analytic(PrimitiveCase c, double[] x)
    {
        var (da, db) = c.Partials(x[0], c.Arity == 2 ? x[1] : 0);
        return c.Arity == 1 ? [da] : [da, db];
    }

    private static double[,] AnalyticHessian(PrimitiveCase c, double[] x)
    {
        var (daa, dab, dbb) = c.Second(x[0], c.Arity == 2 ? x[1] : 0);
        return c.Arity == 1 ? new[,] { { daa } } : new[,] { { daa, dab }, { dab, dbb } };
    }

    private static double PlainValue(PrimitiveCase c, double[] x) => c.Value(x[0], c.Arity == 2 ? x[1] : 0);

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void ValueOnVarDualAndRealEqualsTheAnalyticValue(string name)
    {
        foreach (var (c, x) in Samples(name))
        {
            double expected = PlainValue(c, x), b = c.Arity == 2 ? x[1] : 0;
            Approx.Equal(expected, Differentiate.Gradient(On(c), x).Value, 1e-14, 1e-15, $"{name}{Show(x)} on Var");
            Approx.Equal(expected, PrimitiveTable.Apply<Dual>(name, x[0], b).Value, 1e-14, 1e-15, $"{name}{Show(x)} on Dual");
            Approx.Equal(expected, PrimitiveTable.Apply<Real>(name, x[0], b).Value, 1e-14, 1e-15, $"{name}{Show(x)} on Real");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void ReverseSweepGradientEqualsAnalyticPartialsAndCentralDifference(string name)
    {
        foreach (var (c, x) in Samples(name))
        {
            var grad = Differentiate.Gradient(On(c), x).Gradient;
            Approx.Equal(Analytic(c, x), grad, Exact, Exact, $"∇{name}{Show(x)} reverse vs analytic");
            var fd = FiniteDifference.Gradient(p => PlainValue(c, p), x);
            Approx.Equal(fd, grad, Numeric, Numeric, $"∇{name}{Show(x)} reverse vs central difference");

            var g = Differentiate.Record(On(c), x);
            double w = 0.5 + x[0] * x[0];
            Approx.Equal(Analytic(c, x).Select(d => w * d).ToArray(), g.Vjp([w]), Exact, Exact, $"{name}{Show(x)} VJP with w = {w}");
            var rows = g.Jacobian(JacobianMode.Reverse);
            Assert.Equal(JacobianMode.Reverse, rows.Mode);
            Approx.Equal(Analytic(c, x), Row(rows.Jacobian), Exact, Exact, $"{name}{Show(x)} Jacobian by reverse sweeps");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void ForwardSweepJvpEqualsAnalyticPartialsAndCentralDifference(string name)
    {
        var rng = new Random(7);
        foreach (var (c, x) in Samples(name))
        {
            var g = Differentiate.Record(On(c), x);
            var analytic = Analytic(c, x);
            var v = Dense.Random(rng, c.Arity, -2, 2);
            Approx.Equal(Dense.Dot(analytic, v), g.Jvp(v)[0], Exact, Exact, $"{name}{Show(x)} JVP along {Show(v)}");
            Approx.Equal(FiniteDifference.Directional(p => PlainValue(c, p), x, v), g.Jvp(v)[0], Numeric, Numeric,
                $"{name}{Show(x)} JVP vs central difference along {Show(v)}");
            var columns = g.Jacobian(JacobianMode.Forward);
            Assert.Equal(JacobianMode.Forward, columns.Mode);
            Approx.Equal(analytic, Row(columns.Jacobian), Exact, Exact, $"{name}{Show(x)} Jacobian by forward sweeps");
            for (int j = 0; j < c.Arity; j++)
                Approx.Equal(analytic[j], Differentiate.Partial(On(c), x, j), Exact, Exact, $"∂{name}/∂x{j}{Show(x)}");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void DualNumbersCarryTheAnalyticPartials(string name)
    {
        foreach (var (c, x) in Samples(name))
        {
            var analytic = Analytic(c, x);
            double b = c.Arity == 2 ? x[1] : 0;
            Approx.Equal(analytic[0], PrimitiveTable.Apply<Dual>(name, new Dual(x[0], 1), b).Derivative, Exact, Exact, $"{name}{Show(x)} dual along a");
            Approx.Equal(3 * analytic[0], PrimitiveTable.Apply<Dual>(name, new Dual(x[0], 3), b).Derivative, Exact, Exact, $"{name}{Show(x)} dual along 3a");
            if (c.Arity == 2)
            {
                Approx.Equal(analytic[1], PrimitiveTable.Apply<Dual>(name, x[0], new Dual(b, 1)).Derivative, Exact, Exact, $"{name}{Show(x)} dual along b");
                Approx.Equal(analytic[0] - 2 * analytic[1], PrimitiveTable.Apply<Dual>(name, new Dual(x[0], 1), new Dual(b, -2)).Derivative,
                    Exact, Exact, $"{name}{Show(x)} dual along (1, −2)");
            }
            var fd = FiniteDifference.Derivative(t => PlainValue(c, c.Arity == 1 ? [t] : [t, b]), x[0]);
            Approx.Equal(fd, PrimitiveTable.Apply<Dual>(name, new Dual(x[0], 1), b).Derivative, Numeric, Numeric, $"{name}{Show(x)} dual vs central difference");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void HessianEqualsAnalyticSecondPartialsAndDifferenceOfTheGradient(string name)
    {
        var rng = new Random(11);
        foreach (var (c, x) in Samples(name))
        {
            var h = Differentiate.Hessian(On(c), x);
            var analytic = AnalyticHessian(c, x);
            double scale = 1 + Approx.MaxAbs(analytic);
            Approx.Equal(analytic, h.Hessian, 1e-11, 1e-13 * scale, $"∇²{name}{Show(x)} vs analytic");
            // Independent referee: the central-difference Jacobian of the analytic gradient.
            var fd = FiniteDifference.Jacobian(p => Analytic(c, p), x);
            Approx.Equal(fd, h.Hessian, 1e-6, 1e-7 * scale, $"∇²{name}{Show(x)} vs difference of the gradient");
            if (c.Arity == 1)
                Approx.Equal(FiniteDifference.SecondDerivative(t => c.Value(t, 0), x[0]), h.Hessian[0, 0], 1e-6, 1e-6 * scale,
                    $"{name}″{Show(x)} vs second central difference");
            var v = Dense.Random(rng, c.Arity, -2, 2);
            Approx.Equal(Dense.Multiply(analytic, v), Differentiate.Hvp(On(c), x, v), 1e-11, 1e-13 * scale, $"HVP of {name}{Show(x)}");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void PrimitiveInsideACompositionGetsChainRuleFirstAndSecondDerivatives(string name)
    {
        // g(t) = φ(u(t), w(t)) with u = t/2 + a₀ and w = b₀ − t/4 (a line through the sample point):
        // g′ = φ_a/2 − φ_b/4,  g″ = φ_aa/4 − φ_ab/4 + φ_bb/16. The operands are interior nodes, not inputs.
        foreach (var (c, x) in Samples(name))
        {
            double a0 = x[0], b0 = c.Arity == 2 ? x[1] : 0;
            ScalarFunction g = t => PrimitiveTable.Apply<Var>(name, t[0] * 0.5 + a0, b0 - 0.25 * t[0]);
            var (da, db) = c.Partials(a0, b0);
            var (daa, dab, dbb) = c.Second(a0, b0);
            double d1 = c.Arity == 2 ? da / 2 - db / 4 : da / 2;
            double d2 = c.Arity == 2 ? daa / 4 - dab / 4 + dbb / 16 : daa / 4;
            var h = Differentiate.Hessian(g, [0.0]);
            Approx.Equal(d1, h.Gradient[0], Exact, Exact, $"d/dt {name} along a line at {Show(x)}");
            Approx.Equal(d1, Differentiate.Jvp(g, [0.0], [1.0]).Derivative, Exact, Exact, $"forward d/dt {name} along a line at {Show(x)}");
            Approx.Equal(d2, h.Hessian[0, 0], 1e-11, 1e-12 * (1 + Math.Abs(d2)), $"d²/dt² {name} along a line at {Show(x)}");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void ConstantOperandsGiveTheSamePartialAsAVariableOperand(string name)
    {
        var c = PrimitiveTable.Get(name);
        if (c.Arity == 1) return; // a unary primitive has no second operand to hold constant
        foreach (var (_, x) in Samples(name))
        {
            var (da, db) = c.Partials(x[0], x[1]);
            var (daa, _, dbb) = c.Second(x[0], x[1]);
            double b = x[1], a = x[0];
            ScalarFunction right = v => PrimitiveTable.ApplyWithConstantRight(name, v[0], b);
            ScalarFunction left = v => PrimitiveTable.ApplyWithConstantLeft(name, a, v[0]);
            Approx.Equal(da, Differentiate.Gradient(right, [a]).Gradient[0], Exact, Exact, $"∂/∂a {name}(a, {b}) with b constant, reverse");
            Approx.Equal(da, Differentiate.Jvp(right, [a], [1.0]).Derivative, Exact, Exact, $"∂/∂a {name}(a, {b}) with b constant, forward");
            Approx.Equal(daa, Differentiate.Hessian(right, [a]).Hessian[0, 0], 1e-11, 1e-12, $"∂²/∂a² {name}(a, {b}) with b constant");
            Approx.Equal(db, Differentiate.Gradient(left, [b]).Gradient[0], Exact, Exact, $"∂/∂b {name}({a}, b) with a constant, reverse");
            Approx.Equal(db, Differentiate.Jvp(left, [b], [1.0]).Derivative, Exact, Exact, $"∂/∂b {name}({a}, b) with a constant, forward");
            Approx.Equal(dbb, Differentiate.Hessian(left, [b]).Hessian[0, 0], 1e-11, 1e-12 * (1 + Math.Abs(dbb)), $"∂²/∂b² {name}({a}, b) with a constant");
        }
    }

    [Theory]
    [MemberData(nameof(PrimitiveTable.Names), MemberType = typeof(PrimitiveTable))]
    public void GraphReplayedAtANewPointEqualsAnalyticDerivativesThere(string name)
    {
        var samples = Samples(name).ToArray();
        var c = samples[0].Case;
        // Recorded once at the first sample (constants included), re-evaluated at every other one.
        var recorded = Differentiate.Record(x => PrimitiveTable.Apply<Var>(name, x[0], c.Arity == 2 ? x[1] : 0) * 1.5 + 0.25, samples[0].X);
        foreach (var (_, x) in samples.Skip(1))
        {
            var at = recorded.At(x);
            Assert.NotNull(at);
            Approx.Equal(1.5 * PlainValue(c, x) + 0.25, at!.Value[0], 1e-14, 1e-14, $"{name}{Show(x)} replayed value");
            Approx.Equal(Analytic(c, x).Select(d => 1.5 * d).ToArray(), at.Gradient(), Exact, Exact, $"{name}{Show(x)} replayed gradient");
            Approx.Equal(Analytic(c, x).Select(d => 1.5 * d).ToArray(), Row(at.Jacobian(JacobianMode.Forward).Jacobian), Exact, Exact, $"{name}{Show(x)} replayed forward");
            var h = AnalyticHessian(c, x);
            Approx.Equal(h, Scale(at.Hessian(), 1 / 1.5), 1e-11, 1e-12 * (1 + Approx.MaxAbs(h)), $"{name}{Show(x)} replayed Hessian");
        }
    }

    internal static string Show(IReadOnlyList<double> x) => "(" + string.Join(", ", x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")";

    private static double[] Row(double[,] m)
    {
        var r = new double[m.GetLength(1)];
        for (int j = 0; j < r.Length; j++) r[j] = m[0, j];
        return r;
    }

    private static double[,] Scale(double[,] m, double s)
    {
        var r = (double[,])m.Clone();
        for (int i = 0; i < r.GetLength(0); i++)
            for (int j = 0; j < r.GetLength(1); j++) r[i, j] *= s;
        return r;
    }
}
