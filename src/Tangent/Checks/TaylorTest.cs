namespace Tangent.Checks;

/// <summary>One step of a Taylor test: the remainder at h = 2⁻ᵏ.</summary>
/// <param name="Step">h.</param>
/// <param name="Remainder">r(h) = |f(x + hv) − (the Taylor model at x)(hv)| (Euclidean norm for vector F).</param>
/// <param name="Noise">The rounding level of r(h): 16ε·(the sizes of the terms subtracted).</param>
/// <param name="Order">log₂(r(2h)/r(h)), the local slope against the previous step; NaN for the first or where r is at the rounding level.</param>
public sealed record TaylorStep(double Step, double Remainder, double Noise, double Order);

/// <summary>The result of a Taylor test.</summary>
/// <param name="Point">x.</param>
/// <param name="Direction">v.</param>
/// <param name="ExpectedOrder">2 for the first-order model f(x) + h·Df(x)v, 3 with the Hessian term h²/2·vᵀ∇²f(x)v.</param>
/// <param name="Order">The observed order: the median local slope over the steps where r stands above its rounding level (NaN when it never does).</param>
/// <param name="Steps">Every step, largest first.</param>
public sealed record TaylorResult(double[] Point, double[] Direction, int ExpectedOrder, double Order, IReadOnlyList<TaylorStep> Steps)
{
    /// <summary>True when the remainder is at rounding level at every step: the model is exact to the last bits (f is linear, or quadratic for the second-order test).</summary>
    public bool AtRoundingLevel => double.IsNaN(Order) && NotFiniteSteps == 0;

    /// <summary>
    /// The steps whose remainder is NaN or ±∞: f is not finite at x + hv (outside its domain, an overflow) or the model
    /// at x is not (a derivative that is not finite). They are left out of the order; when no order remains, nothing was measured.
    /// </summary>
    public int NotFiniteSteps => Steps.Count(s => !double.IsFinite(s.Remainder));

    /// <summary>True when an order was observed, or the remainder is all rounding; false when the remainders that are not rounding are not finite either.</summary>
    public bool Measured => !double.IsNaN(Order) || NotFiniteSteps == 0;

    /// <summary>
    /// True when the observed order is at least the expected one (less 0.3), or the remainder is all rounding (false
    /// when nothing was <see cref="Measured"/>).
    /// A higher order is no fault: the next Taylor term may vanish along v (a cubic with zero Hessian at x gives
    /// a first-order remainder of order 3); a wrong derivative shows as a lower one.
    /// </summary>
    public bool Passed => AtRoundingLevel || Order >= ExpectedOrder - 0.3;
}

/// <summary>
/// The Taylor test: if Df(x) is right, r(h) = |f(x + hv) − f(x) − h·Df(x)v| = O(h²), so halving h divides r
/// by 4 (order 2); a wrong Df leaves an O(h) term (order 1). With the Hessian, the second-order remainder
/// |f(x + hv) − f(x) − h·∇f·v − h²/2·vᵀ∇²f v| is O(h³). Steps h = 2⁻ᵏ, k = 1 … 30; the order is the median of
/// the local slopes log₂(r(2h)/r(h)) over the steps where r stands 100× above its rounding level, so the
/// rounding floor at tiny h does not bend it.
/// </summary>
public static class TaylorTest
{
    private const double Eps = 2.220446049250313e-16;
    private const int FirstK = 1, LastK = 30;

    /// <summary>The first-order Taylor test of ∇f(x) (reverse sweep) along v (a fixed pseudo-random unit vector when null).</summary>
    public static TaylorResult FirstOrder(ScalarFunction f, ReadOnlySpan<double> x, double[]? v = null)
        => FirstOrder(x, v, point => Differentiate.Gradient(f, point), p => Differentiate.Value(f, p));

    /// <summary>The first-order Taylor test of a generic function's gradient.</summary>
    public static TaylorResult FirstOrder<TFunction>(TFunction f, ReadOnlySpan<double> x, double[]? v = null) where TFunction : IScalarFunction
        => FirstOrder(x, v, point => Differentiate.Gradient(f, point), p => Differentiate.Value(f, p));

    /// <summary>r(h) = |f(x + hv) − f(x) − h·∇f(x)·v|, for any way of computing f and ∇f.</summary>
    private static TaylorResult FirstOrder(ReadOnlySpan<double> x, double[]? v, Func<double[], GradientResult> gradient, Func<double[], double> value)
    {
        var point = x.ToArray();
        var dir = v ?? DefaultDirection(point.Length);
        Shape.Require(dir.Length, point.Length, "the direction v", "the point x");
        var r = gradient(point);
        return Run(point, dir, 2, h =>
        {
            var p = Step(point, dir, h, out var d);
            double y = value(p), lin = Dot(r.Gradient, d);
            return (Math.Abs(y - r.Value - lin), Math.Abs(y) + Math.Abs(r.Value) + Math.Abs(lin));
        });
    }

    /// <summary>The second-order Taylor test of ∇f(x) and ∇²f(x) along v: order 3 when both are right.</summary>
    public static TaylorResult SecondOrder(ScalarFunction f, ReadOnlySpan<double> x, double[]? v = null)
    {
        var point = x.ToArray();
        var dir = v ?? DefaultDirection(point.Length);
        Shape.Require(dir.Length, point.Length, "the direction v", "the point x");
        var r = Differentiate.Gradient(f, point);
        double curvature = Dot(Differentiate.Hvp(f, point, dir), dir);
        return Run(point, dir, 3, h =>
        {
            var p = Step(point, dir, h, out var d);
            double y = Differentiate.Value(f, p), lin = Dot(r.Gradient, d), quad = 0.5 * h * h * curvature;
            return (Math.Abs(y - r.Value - lin - quad), Math.Abs(y) + Math.Abs(r.Value) + Math.Abs(lin) + Math.Abs(quad));
        });
    }

    /// <summary>The first-order Taylor test of the Jacobian: ‖F(x + hv) − F(x) − h·J v‖₂ = O(h²).</summary>
    public static TaylorResult FirstOrder(VectorFunction f, ReadOnlySpan<double> x, double[]? v = null)
    {
        var point = x.ToArray();
        var dir = v ?? DefaultDirection(point.Length);
        Shape.Require(dir.Length, point.Length, "the direction v", "the point x");
        var jr = Differentiate.Jacobian(f, point);
        var f0 = jr.Value;
        return Run(point, dir, 2, h =>
        {
            var p = Step(point, dir, h, out var d);
            var jv = new double[f0.Length];
            for (int i = 0; i < jv.Length; i++)
                for (int k = 0; k < d.Length; k++) jv[i] += jr.Jacobian[i, k] * d[k];
            var args = new Var[p.Length];
            for (int i = 0; i < p.Length; i++) args[i] = p[i];
            var y = f(args);
            var diff = new double[f0.Length];
            double size = 0;
            for (int i = 0; i < diff.Length; i++)
            {
                diff[i] = y[i].Value - f0[i] - jv[i];
                size += Math.Abs(y[i].Value) + Math.Abs(f0[i]) + Math.Abs(jv[i]);
            }
            return (Differentiate.Norm(diff), size);
        });
    }

    private static TaylorResult Run(double[] x, double[] v, int expected, Func<double, (double Remainder, double Size)> remainder)
    {
        var steps = new List<TaylorStep>();
        var orders = new List<double>();
        double previous = double.NaN;
        bool previousValid = false;
        for (int k = FirstK; k <= LastK; k++)
        {
            double h = Math.ScaleB(1.0, -k);
            var (r, size) = remainder(h);
            double noise = 16 * Eps * size;
            bool valid = r > 100 * noise && double.IsFinite(r);
            double order = valid && previousValid ? Math.Log2(previous / r) : double.NaN;
            if (!double.IsNaN(order)) orders.Add(order);
            steps.Add(new TaylorStep(h, r, noise, order));
            previous = r;
            previousValid = valid;
        }
        orders.Sort();
        double median = orders.Count == 0 ? double.NaN
            : orders.Count % 2 == 1 ? orders[orders.Count / 2] : 0.5 * (orders[orders.Count / 2 - 1] + orders[orders.Count / 2]);
        return new TaylorResult(x, v, expected, median, steps);
    }

    /// <summary>x + hv in doubles, and the displacement d = (x + hv) − x it really represents (the model is applied to d).</summary>
    private static double[] Step(double[] x, double[] v, double h, out double[] d)
    {
        var p = new double[x.Length];
        d = new double[x.Length];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = x[i] + h * v[i];
            d[i] = p[i] - x[i];
        }
        return p;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>A fixed pseudo-random unit vector (so that results are reproducible and no coordinate is favoured).</summary>
    public static double[] DefaultDirection(int n)
    {
        var random = new Random(4);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 2 * random.NextDouble() - 1;
        double norm = Differentiate.Norm(v);
        for (int i = 0; i < n; i++) v[i] /= norm;
        return v;
    }
}
