namespace Tangent.Optimisation;

/// <summary>How many times each derivative was asked for; a value and gradient computed together count once in each.</summary>
/// <param name="Value">Evaluations of f.</param>
/// <param name="Gradient">Evaluations of ∇f.</param>
/// <param name="Hessian">Evaluations of the whole Hessian ∇²f.</param>
/// <param name="Hvp">Hessian-vector products ∇²f·v.</param>
public readonly record struct Evaluations(int Value, int Gradient, int Hessian, int Hvp);

/// <summary>
/// The contract every optimiser consumes: f: Rⁿ → R with its gradient and, where offered, the exact Hessian and
/// Hessian-vector products; it counts every evaluation and collects the kinks and diagnostics met on the way.
/// Make one from C# code on the tape (<see cref="FromFunction(ScalarFunction, int)"/>), from a value-and-gradient
/// function you wrote (<see cref="FromGradient"/>), or compiled to IL once for many evaluations (<see cref="Compile"/>).
/// </summary>
public abstract class Objective
{
    private int values, gradients, hessians, hvps;
    private readonly List<Kink> kinks = [];
    private readonly HashSet<string> kinkPlaces = [];
    private readonly List<Diagnostic> diagnostics = [];
    private readonly HashSet<string> diagnosticTexts = [];

    /// <summary>n, the number of variables.</summary>
    public abstract int Dimension { get; }

    /// <summary>Whether <see cref="Hessian"/> and <see cref="Hvp"/> are available (exact second derivatives).</summary>
    public virtual bool OffersHessian => false;

    /// <summary>The variables' names for messages (e.g. a formula's x, y); null names them x[0], x[1], … as C# indexes them.</summary>
    public IReadOnlyList<string>? VariableNames { get; set; }

    /// <summary>Variable i as messages name it: its name when <see cref="VariableNames"/> gives one, else x[i].</summary>
    public string VariableName(int i) => VariableNames is { } names && i < names.Count ? names[i] : $"x[{i}]";

    /// <summary>The evaluations so far.</summary>
    public Evaluations Evaluations => new(values, gradients, hessians, hvps);

    /// <summary>The distinct kinks hit by gradient and Hessian evaluations so far (where a derivative is a convention).</summary>
    public IReadOnlyList<Kink> Kinks => kinks;

    /// <summary>The distinct diagnostics (domain errors, non-finite values) met so far.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>f(x).</summary>
    /// <exception cref="ArgumentException">x does not have length n.</exception>
    public double Value(ReadOnlySpan<double> x)
    {
        Shape.Require(x.Length, Dimension, "the point x", "the objective's variables");
        values++;
        return ValueCore(x);
    }

    /// <summary>f(x), with ∇f(x) written to <paramref name="gradient"/>.</summary>
    /// <exception cref="ArgumentException">x or the gradient does not have length n.</exception>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Shape.Require(x.Length, Dimension, "the point x", "the objective's variables");
        Shape.Require(gradient.Length, Dimension, "the gradient buffer", "the objective's variables");
        values++;
        gradients++;
        return ValueAndGradientCore(x, gradient);
    }

    /// <summary>
    /// ∇f(x) into <paramref name="gradient"/>, returning f(x), which comes with it: counted as a gradient evaluation only
    /// (as SciPy counts jac), for methods that have evaluated f at x already.
    /// </summary>
    /// <exception cref="ArgumentException">x or the gradient does not have length n.</exception>
    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Shape.Require(x.Length, Dimension, "the point x", "the objective's variables");
        Shape.Require(gradient.Length, Dimension, "the gradient buffer", "the objective's variables");
        gradients++;
        return ValueAndGradientCore(x, gradient);
    }

    /// <summary>The exact Hessian ∇²f(x) (sparse where the function's structure is).</summary>
    /// <exception cref="NotSupportedException">The objective offers no Hessian (<see cref="OffersHessian"/> is false).</exception>
    public SparseHessian Hessian(ReadOnlySpan<double> x)
    {
        Shape.Require(x.Length, Dimension, "the point x", "the objective's variables");
        if (!OffersHessian) throw NoHessian();
        hessians++;
        return HessianCore(x);
    }

    /// <summary>∇²f(x)·v into <paramref name="hv"/>, without forming the Hessian.</summary>
    /// <exception cref="NotSupportedException">The objective offers no Hessian-vector products.</exception>
    public void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        Shape.Require(x.Length, Dimension, "the point x", "the objective's variables");
        Shape.Require(v.Length, Dimension, "the vector v", "the objective's variables");
        if (!OffersHessian) throw NoHessian();
        hvps++;
        HvpCore(x, v, hv);
    }

    /// <summary>The Hessian at x as a symmetric linear map v ↦ ∇²f(x)·v (each application counts one HVP).</summary>
    public LinearMap HessianMap(ReadOnlySpan<double> x) => new HessianLinearMap(this, x.ToArray());

    /// <summary>f(x), uncounted and unchecked.</summary>
    protected abstract double ValueCore(ReadOnlySpan<double> x);

    /// <summary>f(x) and ∇f(x), uncounted and unchecked.</summary>
    protected abstract double ValueAndGradientCore(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>∇²f(x), uncounted; only called when <see cref="OffersHessian"/>.</summary>
    protected virtual SparseHessian HessianCore(ReadOnlySpan<double> x) => throw NoHessian();

    /// <summary>∇²f(x)·v, uncounted; only called when <see cref="OffersHessian"/>.</summary>
    protected virtual void HvpCore(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv) => throw NoHessian();

    /// <summary>Adds the kinks and diagnostics of one evaluation to the distinct ones collected.</summary>
    protected void Collect(IEnumerable<Kink> hit, IEnumerable<Diagnostic> noticed)
    {
        foreach (var k in hit)
            if (kinkPlaces.Add(k.Where)) kinks.Add(k);
        foreach (var d in noticed)
            // A non-finite value's note speaks of "this point": the run's trial points say it in their own notes.
            if (d.Primitive != Diagnostic.Output && diagnosticTexts.Add(d.Message)) diagnostics.Add(d);
    }

    private static NotSupportedException NoHessian()
        => new("This objective offers no Hessian: give a function on the tape (Objective.FromFunction) or choose a first-order method (BFGS, L-BFGS, gradient descent).");

    /// <summary>f given as C# code on the tape: each evaluation records it; Hessians are sparse where its graph is.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n ≤ 0.</exception>
    public static Objective FromFunction(ScalarFunction f, int dimension) => new TapeObjective(f, dimension);

    /// <summary>
    /// f given by your own code for its value and gradient (<c>(x, g) =&gt; { g[0] = …; return f; }</c>): first-order
    /// methods only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n ≤ 0.</exception>
    public static Objective FromGradient(ValueAndGradient f, int dimension) => new GradientObjective(f, dimension);

    /// <summary>
    /// f recorded once at <paramref name="x"/> and compiled to IL (value, gradient and Hessian-vector products): the fast
    /// form for many evaluations. Where a recorded branch decision changes, the function is recorded again there.
    /// </summary>
    /// <exception cref="ArgumentException">x is empty.</exception>
    public static Objective Compile(ScalarFunction f, ReadOnlySpan<double> x) => new CompiledObjective(f, x);
}

/// <summary>f(x) with ∇f(x) written to the gradient buffer.</summary>
public delegate double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>v ↦ ∇²f(x)·v at a fixed x, counted by the objective; symmetric, so it is its own transpose.</summary>
internal sealed class HessianLinearMap(Objective objective, double[] x) : LinearMap
{
    public override int Rows => objective.Dimension;
    public override int Columns => objective.Dimension;

    protected override double[] ApplyCore(ReadOnlySpan<double> v)
    {
        var hv = new double[Rows];
        objective.Hvp(x, v, hv);
        return hv;
    }

    protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => ApplyCore(w);
}
