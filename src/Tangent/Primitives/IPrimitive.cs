namespace Tangent.Primitives;

/// <summary>
/// A primitive y = φ(x) of one argument, declared once: value, first and second derivative,
/// domain and nonsmooth set. Every sweep (forward, reverse, dual numbers, second order,
/// re-evaluation, symbolic) reads this one declaration.
/// </summary>
public interface IUnaryPrimitive
{
    /// <summary>The name used in formulas, kink reports and symbolic output.</summary>
    static abstract string Name { get; }

    /// <summary>y = φ(x).</summary>
    static abstract double Value(double x);

    /// <summary>dy/dx = φ′(x), given x and y = φ(x) (so exp can return y itself).</summary>
    static abstract double Derivative(double x, double y);

    /// <summary>
    /// φ′ as a formula in x and y on any scalar type: what the symbolic printer prints. On <see cref="Real"/>
    /// it must agree with <see cref="Derivative"/> wherever φ is differentiable (a test checks this).
    /// </summary>
    static abstract T DerivativeFormula<T>(T x, T y) where T : IScalar<T>;

    /// <summary>d²y/dx² = φ″(x), given x and y = φ(x).</summary>
    static abstract double SecondDerivative(double x, double y);

    /// <summary>True where x lies outside the domain of φ (the value is then NaN or infinite).</summary>
    static virtual bool OutsideDomain(double x) => false;

    /// <summary>The domain in words, as the formula reference prints it (e.g. "x ≥ 0"); empty when φ is defined for every real x.</summary>
    static virtual string Domain => "";

    /// <summary>True where φ is not differentiable at x; <see cref="KinkConvention"/> then says which derivative is used.</summary>
    static virtual bool IsKink(double x) => false;

    /// <summary>The derivative used on the nonsmooth set, in words (e.g. "relu'(0) = 0"); empty for a smooth primitive.</summary>
    static virtual string KinkConvention => "";

    /// <summary>
    /// True when φ is piecewise constant (sign, floor, ceil): its derivative is 0 wherever it exists, so nothing
    /// downstream of it depends on x structurally (the Hessian sparsity reads this).
    /// </summary>
    static virtual bool PiecewiseConstant => false;

    /// <summary>
    /// The name formulas call φ by: null for <see cref="Name"/> itself, "" when φ is written only as an operator (−x).
    /// </summary>
    static virtual string? FormulaName => null;

    /// <summary>
    /// φ(x) in LaTeX, given the argument's LaTeX; null for \operatorname{name}\left(x\right). A form that starts
    /// with a command (\ln, \sqrt, \left|) is printed as an atom; any other (e^{x}, 2^{x}) as a power.
    /// </summary>
    static virtual string? Latex(string x) => null;
}

/// <summary>
/// A primitive y = φ(a, b) of two arguments, declared once: value, partial derivatives,
/// second partials, domain and nonsmooth set.
/// </summary>
public interface IBinaryPrimitive
{
    /// <summary>The name used in formulas, kink reports and symbolic output.</summary>
    static abstract string Name { get; }

    /// <summary>y = φ(a, b).</summary>
    static abstract double Value(double a, double b);

    /// <summary>(∂φ/∂a, ∂φ/∂b) at (a, b), given y = φ(a, b).</summary>
    static abstract (double Da, double Db) Partials(double a, double b, double y);

    /// <summary>
    /// (∂φ/∂a, ∂φ/∂b) as formulas on any scalar type: what the symbolic printer prints. On <see cref="Real"/>
    /// they must agree with <see cref="Partials"/> wherever φ is differentiable (a test checks this).
    /// </summary>
    static abstract (T Da, T Db) PartialFormulas<T>(T a, T b, T y) where T : IScalar<T>;

    /// <summary>(∂²φ/∂a², ∂²φ/∂a∂b, ∂²φ/∂b²) at (a, b), given y = φ(a, b).</summary>
    static abstract (double Daa, double Dab, double Dbb) SecondPartials(double a, double b, double y);

    /// <summary>True where (a, b) lies outside the domain of φ.</summary>
    static virtual bool OutsideDomain(double a, double b) => false;

    /// <summary>The domain in words, as the formula reference prints it (e.g. "b ≠ 0"); empty when φ is defined for every real (a, b).</summary>
    static virtual string Domain => "";

    /// <summary>True where φ is not differentiable at (a, b).</summary>
    static virtual bool IsKink(double a, double b) => false;

    /// <summary>The partials used on the nonsmooth set, in words; empty for a smooth primitive.</summary>
    static virtual string KinkConvention => "";

    /// <summary>The name formulas call φ by: null for <see cref="Name"/> itself, "" when φ is written only as an operator (a + b).</summary>
    static virtual string? FormulaName => null;

    /// <summary>The names of the two arguments in the formula signature, e.g. "y, x" for atan2(y, x).</summary>
    static virtual string ArgumentNames => "a, b";
    /// <summary>
    /// True when φ switches from one argument to the other where a = b (max, min): its kinks are the zero set of a − b,
    /// which the nonsmooth checks follow from a point to nearby ones.
    /// </summary>
    static virtual bool SwitchesWhereEqual => false;

    /// <summary>φ(a, b) in LaTeX, given the arguments' LaTeX; null for \operatorname{name}\left(a, b\right).</summary>
    static virtual string? Latex(string a, string b) => null;
}
