namespace Tangent;

/// <summary>
/// Every derivative of the subject for C# code written on <see cref="Var"/> (or once with generic
/// math, <see cref="IScalarFunction"/>). Each call records the function's graph at x on this thread
/// and sweeps it; results carry the value beside the derivative, and the kinks hit.
/// </summary>
/// <example>
/// <code>
/// var r = Differentiate.Gradient(x =&gt; x[0] * x[0] * x[1] + Var.Sin(x[1]), [3.0, 0.5]);
/// // r.Value = 4.979..., r.Gradient = [3, 9.877...]
/// </code>
/// </example>
public static class Differentiate
{
    // ------------------------------------------------------------------ recording ----

    /// <summary>Records f at x into a graph the caller keeps (re-usable at other points, see <see cref="Graph.At"/>).</summary>
    /// <exception cref="ArgumentException">x is empty.</exception>
    public static Graph Record(ScalarFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        => Run(f, x, options, static (f, g) => [f(g)], static g => g.Detach());

    /// <summary>Records F at x into a graph the caller keeps.</summary>
    public static Graph Record(VectorFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        => Run(f, x, options, static (f, v) => f(v), static g => g.Detach());

    /// <summary>Records the generic function f at x on the tape.</summary>
    public static Graph Record<TFunction>(TFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        where TFunction : IScalarFunction
        => Run(f, x, options, static (f, v) => [f.Invoke(v)], static g => g.Detach());

    /// <summary>
    /// Records f at x on this thread's reusable tape, hands the graph to <paramref name="use"/> and
    /// ends the recording. The graph must not escape <paramref name="use"/> (detach it to keep it).
    /// </summary>
    private static R Run<TF, R>(TF f, ReadOnlySpan<double> x, DifferentiationOptions? options,
        Func<TF, ReadOnlySpan<Var>, Var[]> call, Func<Graph, R> use)
    {
        NotNull(f);
        Shape.NonEmpty(x.Length, "The point x");
        var g = Tape.Begin(x, options ?? DifferentiationOptions.Default, out var inputs);
        try
        {
            g.Outputs = call(f, inputs);
            Tape.CheckOutputs(g, g.Outputs);
            if (g.Outputs.Length == 0) throw new ArgumentException("The function returned no outputs: F must have at least one component.");
            return use(g);
        }
        finally
        {
            Tape.End(g);
        }
    }

    // ---------------------------------------------------------------- compiled ----

    /// <summary>
    /// f as a function object that differentiates itself at compiled speed: recorded at its first call, compiled in
    /// the background (the tape answers meanwhile), re-recorded and compiled again when a call takes branches no kept
    /// variant has seen. The recommended way to take many gradients of one function; see <see cref="CompiledFunction"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var f = Differentiate.Compile(x =&gt; x[0] * x[0] * x[1] + Var.Sin(x[1]));
    /// var g = new double[2];
    /// for (int step = 0; step &lt; 1000; step++) { f.Gradient(x, g); /* update x */ }
    /// </code>
    /// </example>
    public static CompiledFunction Compile(ScalarFunction f, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new CompiledFunction(f, null, options);
    }

    /// <summary>A generic function (<see cref="IScalarFunction"/>) as a compiled function object, recorded on <see cref="Var"/>.</summary>
    public static CompiledFunction Compile<TFunction>(TFunction f, CompileOptions? options = null) where TFunction : IScalarFunction
    {
        ArgumentNullException.ThrowIfNull(f);
        return new CompiledFunction(x => f.Invoke(x), null, options);
    }

    /// <summary>
    /// f(x, data) as a compiled function object differentiated with respect to x alone: the data (and labels) are read
    /// at run time, so that one compiled gradient serves every minibatch, and its <see cref="CompiledFunction.RowGradients(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double}, Span{double}, int)"/>
    /// every row.
    /// </summary>
    public static CompiledFunction Compile(DataFunction f, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new CompiledFunction(null, f, options);
    }

    /// <summary>
    /// A null function is the caller's mistake, named as such (ArgumentNullException "f"), not a NullReferenceException
    /// from deep inside a recording. For a struct TF the test compiles away.
    /// </summary>
    private static void NotNull<TF>(TF f)
    {
        if (f is null) throw new ArgumentNullException(nameof(f), "The function f is null: pass the function to differentiate.");
    }

    // ------------------------------------------------------------------ f: Rⁿ → R ----

    /// <summary>f(x), evaluated on constants (nothing is recorded).</summary>
    public static double Value(ScalarFunction f, ReadOnlySpan<double> x)
    {
        NotNull(f);
        var v = new Var[x.Length];
        for (int i = 0; i < v.Length; i++) v[i] = x[i];
        return f(v).Value;
    }

    /// <summary>f(x) of a generic function on plain doubles.</summary>
    public static double Value<TFunction>(TFunction f, ReadOnlySpan<double> x) where TFunction : IScalarFunction
    {
        NotNull(f);
        var v = new Real[x.Length];
        for (int i = 0; i < v.Length; i++) v[i] = x[i];
        return f.Invoke<Real>(v).Value;
    }

    /// <summary>f(x) and ∇f(x) by one recording and one reverse sweep: a few times the cost of f, whatever n.</summary>
    /// <exception cref="ArgumentException">x is empty.</exception>
    public static GradientResult Gradient(ScalarFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        => Run(f, x, options, static (f, v) => [f(v)], GradientOf);

    /// <summary>f(x) and ∇f(x) for a generic function, recorded on the tape.</summary>
    public static GradientResult Gradient<TFunction>(TFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        where TFunction : IScalarFunction
        => Run(f, x, options, static (f, v) => [f.Invoke(v)], GradientOf);

    /// <summary>
    /// ∇f(x) into <paramref name="gradient"/>, returning f(x): the allocation-free form for inner loops.
    /// Kinks are not collected here; use <see cref="Gradient(ScalarFunction, ReadOnlySpan{double}, DifferentiationOptions?)"/> for them.
    /// </summary>
    /// <exception cref="ArgumentException">gradient and x differ in length.</exception>
    public static double Gradient(ScalarFunction f, ReadOnlySpan<double> x, Span<double> gradient)
    {
        NotNull(f);
        Shape.Require(gradient.Length, x.Length, "the gradient buffer", "the point x");
        Shape.NonEmpty(x.Length, "The point x");
        var g = Tape.Begin(x, DifferentiationOptions.Default, out var inputs);
        try
        {
            var y = f(inputs);
            Tape.CheckOutputs(g, [y]);
            ReadOnlySpan<double> one = [1.0];
            g.SingleOutput[0] = y;
            g.Outputs = g.SingleOutput; // re-used: this graph is never detached
            Reverse.Sweep(g, one, gradient);
            return y.Value;
        }
        finally
        {
            Tape.End(g);
        }
    }

    private static GradientResult GradientOf(Graph g)
    {
        var grad = new double[g.InputCount];
        Reverse.Sweep(g, [1.0], grad);
        return new GradientResult(g.Outputs[0].Value, grad, [.. g.KinkList], Diagnostic.WithValues(g.DiagnosticList, [g.Outputs[0].Value]));
    }

    /// <summary>The partial derivative ∂f/∂xᵢ at x: one forward sweep along eᵢ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">i is not in 0..n−1.</exception>
    public static double Partial(ScalarFunction f, ReadOnlySpan<double> x, int i)
    {
        if ((uint)i >= (uint)x.Length)
            throw new ArgumentOutOfRangeException(nameof(i), i, $"The variable index must be in 0..{x.Length - 1} for a point of length {x.Length}.");
        var e = new double[x.Length];
        e[i] = 1;
        return Jvp(f, x, e).Derivative;
    }

    /// <summary>
    /// The directional derivative D_u f(x) = lim (f(x + hu) − f(x))/h = ∇f(x)·u for a unit vector u.
    /// </summary>
    /// <exception cref="ArgumentException">u has the wrong length, or is not a unit vector (use <see cref="Jvp(ScalarFunction, ReadOnlySpan{double}, ReadOnlySpan{double})"/> for any v).</exception>
    public static DirectionalResult Directional(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> u)
    {
        Shape.Require(u.Length, x.Length, "the direction u", "the point x");
        double norm = Norm(u);
        if (!(Math.Abs(norm - 1) <= 1e-12))
            throw new ArgumentException(
                $"The direction u has length |u| = {Graph.F(norm)}, but a directional derivative is taken along a unit vector. " +
                "Divide u by its length, or use Jvp for the derivative along any vector v.", nameof(u));
        var direction = u.ToArray();
        return Run(f, x, null, static (f, v) => [f(v)], g =>
            new DirectionalResult(g.Outputs[0].Value, g.Jvp(direction)[0], direction, [.. g.KinkList], Diagnostic.WithValues(g.DiagnosticList, [g.Outputs[0].Value])));
    }

    /// <summary>
    /// The steepest ascent at x: the unit direction ∇f/|∇f| and its rate |∇f|, the largest D_u f over
    /// unit u. At a critical point there is no first-order steepest direction, and the result says so.
    /// </summary>
    public static SteepestAscentResult SteepestAscent(ScalarFunction f, ReadOnlySpan<double> x)
    {
        var r = Gradient(f, x);
        double rate = Norm(r.Gradient);
        if (rate == 0)
            return new SteepestAscentResult(r.Value, 0, null,
                "∇f(x) = 0: x is a critical point, every directional derivative is 0, and there is no first-order steepest direction (the Hessian decides what happens next).",
                r.Gradient, r.Kinks);
        if (!double.IsFinite(rate))
            return new SteepestAscentResult(r.Value, rate, null, "∇f(x) is not finite here, so no steepest direction can be given.", r.Gradient, r.Kinks);
        return new SteepestAscentResult(r.Value, rate, r.Gradient.Select(g => g / rate).ToArray(), null, r.Gradient, r.Kinks);
    }

    /// <summary>
    /// The exact symmetric Hessian ∇²f(x), with f(x) and ∇f(x): one Hessian-vector product per colour of a star colouring
    /// of its sparsity pattern, read off the recording (n products when dense); see <see cref="Graph.SparseHessian(ReadOnlySpan{double})"/>.
    /// </summary>
    public static HessianResult Hessian(ScalarFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        => Run(f, x, options, static (f, v) => [f(v)], g =>
        {
            var grad = new double[g.InputCount];
            Reverse.Sweep(g, [1.0], grad);
            var hessian = g.SparseHessian(default, keep: false).ToDense();
            var diagnostics = new List<Diagnostic>(g.DiagnosticList);
            // Non-finite curvature with finite first partials is explained here: the recording only notes first order.
            foreach (var h in hessian)
                if (!double.IsFinite(h))
                {
                    foreach (var d in CurvatureDiagnostics.Of(g))
                        if (!diagnostics.Exists(e => e.Message == d.Message)) diagnostics.Add(d);
                    break;
                }
            return new HessianResult(g.Outputs[0].Value, grad, hessian, [.. g.KinkList], Diagnostic.WithValues(diagnostics, [g.Outputs[0].Value]));
        });

    /// <summary>∇²f(x)·v without forming the Hessian: one forward-over-reverse sweep.</summary>
    /// <exception cref="ArgumentException">v does not have length n.</exception>
    public static double[] Hvp(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        Shape.Require(v.Length, x.Length, "the vector v", "the point x");
        var copy = v.ToArray();
        return Run(f, x, null, static (f, g) => [f(g)], g =>
        {
            var hv = new double[g.InputCount];
            g.Hvp(copy, default, hv, keep: false);
            return hv;
        });
    }

    /// <summary>f(x) and Df(x)·v for any v (not only unit vectors): one forward sweep.</summary>
    public static (double Value, double Derivative) Jvp(ScalarFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        Shape.Require(v.Length, x.Length, "the tangent v", "the point x");
        var copy = v.ToArray();
        return Run(f, x, null, static (f, g) => [f(g)], g => (g.Outputs[0].Value, g.Jvp(copy)[0]));
    }

    /// <summary>f(x) and Df(x)·v for a generic function, by dual numbers (no tape).</summary>
    public static (double Value, double Derivative) Jvp<TFunction>(TFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
        where TFunction : IScalarFunction
    {
        NotNull(f);
        Shape.Require(v.Length, x.Length, "the tangent v", "the point x");
        Shape.NonEmpty(x.Length, "The point x");
        var d = new Dual[x.Length];
        for (int i = 0; i < d.Length; i++) d[i] = new Dual(x[i], v[i]);
        var y = f.Invoke<Dual>(d);
        return (y.Value, y.Derivative);
    }

    // ------------------------------------------------------------------ F: Rⁿ → Rᵐ ----

    /// <summary>F(x) and J·v: one forward sweep.</summary>
    public static (double[] Value, double[] Tangent) Jvp(VectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        Shape.Require(v.Length, x.Length, "the tangent v", "the point x");
        var copy = v.ToArray();
        return Run(f, x, null, static (f, g) => f(g), g => (g.Value, g.Jvp(copy)));
    }

    /// <summary>F(x) and Jᵀ·w (the row vector wᵀJ as an n-vector): one reverse sweep.</summary>
    public static (double[] Value, double[] Cotangent) Vjp(VectorFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> w)
    {
        var copy = w.ToArray();
        return Run(f, x, null, static (f, g) => f(g), g => (g.Value, g.Vjp(copy)));
    }

    /// <summary>
    /// F(x) and the m×n Jacobian, by forward sweeps (n ≤ m, C columns per sweep) or reverse sweeps
    /// (one row each), as <see cref="DifferentiationOptions.Jacobian"/> says; the choice is reported.
    /// </summary>
    public static JacobianResult Jacobian(VectorFunction f, ReadOnlySpan<double> x, DifferentiationOptions? options = null)
        => Run(f, x, options, static (f, g) => f(g), g => g.Jacobian(g.Options.Jacobian));

    /// <summary>DF(x) as a linear map (m×n) that keeps its recorded graph.</summary>
    public static LinearMap Linearize(VectorFunction f, ReadOnlySpan<double> x) => Record(f, x).Linearize();

    /// <summary>Df(x) of a scalar function as a 1×n linear map.</summary>
    public static LinearMap Linearize(ScalarFunction f, ReadOnlySpan<double> x) => Record(f, x).Linearize();

    internal static double Norm(ReadOnlySpan<double> v)
    {
        double scale = 0;
        foreach (var t in v) scale = Math.Max(scale, Math.Abs(t));
        if (scale == 0 || !double.IsFinite(scale)) return scale;
        double s = 0;
        foreach (var t in v) s += (t / scale) * (t / scale);
        return scale * Math.Sqrt(s);
    }
}
