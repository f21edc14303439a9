namespace Tangent.Optimisation;

/// <summary>f on the tape: values evaluated on constants, gradients by one reverse sweep, Hessians star-coloured.</summary>
internal sealed class TapeObjective : Objective
{
    private readonly ScalarFunction f;
    private readonly int n;

    public TapeObjective(ScalarFunction f, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        (this.f, n) = (f, dimension);
    }

    public override int Dimension => n;
    public override bool OffersHessian => true;

    protected override double ValueCore(ReadOnlySpan<double> x) => Differentiate.Value(f, x);

    protected override double ValueAndGradientCore(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var r = Differentiate.Gradient(f, x);
        Collect(r.Kinks, r.Diagnostics);
        r.Gradient.CopyTo(gradient);
        return r.Value;
    }

    protected override SparseHessian HessianCore(ReadOnlySpan<double> x)
    {
        var g = Differentiate.Record(f, x);
        Collect(g.Kinks, g.Diagnostics);
        return g.SparseHessian();
    }

    protected override void HvpCore(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        var g = Differentiate.Record(f, x);
        Collect(g.Kinks, g.Diagnostics);
        g.Hvp(v, default, hv);
    }
}

/// <summary>f from the user's value-and-gradient code.</summary>
internal sealed class GradientObjective : Objective
{
    private readonly ValueAndGradient f;
    private readonly int n;
    private double[]? scratch;

    public GradientObjective(ValueAndGradient f, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        (this.f, n) = (f, dimension);
    }

    public override int Dimension => n;

    protected override double ValueCore(ReadOnlySpan<double> x) => f(x, scratch ??= new double[n]);

    protected override double ValueAndGradientCore(ReadOnlySpan<double> x, Span<double> gradient) => f(x, gradient);
}

/// <summary>
/// f compiled to IL from one recording, re-recorded and re-compiled where a branch decision changes. Kinks are
/// collected from the recordings (a kink met between recordings follows the recorded convention).
/// </summary>
internal sealed class CompiledObjective : Objective
{
    private readonly ScalarFunction f;
    private readonly int n;
    private CompiledGradient gradient = null!;
    private CompiledHvp hvp = null!;
    private readonly double[] scratch;

    public CompiledObjective(ScalarFunction f, ReadOnlySpan<double> x)
    {
        Shape.NonEmpty(x.Length, "The point x");
        (this.f, n) = (f, x.Length);
        scratch = new double[n];
        Record(x);
    }

    public override int Dimension => n;
    public override bool OffersHessian => true;

    private void Record(ReadOnlySpan<double> x)
    {
        var g = Differentiate.Record(f, x);
        Collect(g.Kinks, g.Diagnostics);
        gradient = CompiledGradient.Compile(g);
        hvp = CompiledHvp.Compile(g);
    }

    protected override double ValueCore(ReadOnlySpan<double> x)
    {
        double y = gradient.Value(x, out bool holds);
        if (holds) return y;
        Record(x);
        return gradient.Value(x, out _);
    }

    protected override double ValueAndGradientCore(ReadOnlySpan<double> x, Span<double> g)
    {
        double y = gradient.Evaluate(x, g, out bool holds);
        if (holds) return y;
        Record(x);
        return gradient.Evaluate(x, g, out _);
    }

    protected override SparseHessian HessianCore(ReadOnlySpan<double> x)
    {
        var h = hvp.SparseHessian(x, out bool holds);
        if (holds) return h;
        Record(x);
        return hvp.SparseHessian(x, out _);
    }

    protected override void HvpCore(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        hvp.Hvp(x, v, hv, scratch, out bool holds);
        if (holds) return;
        Record(x);
        hvp.Hvp(x, v, hv, scratch, out _);
    }
}
