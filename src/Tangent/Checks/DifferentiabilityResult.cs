namespace Tangent.Checks;

/// <summary>Whether f is (Fréchet) differentiable at a point, as far as the measurements can tell.</summary>
public enum Verdict
{
    /// <summary>One linear map L predicts f(x + h) − f(x) with a remainder o(|h|) along every approach tried.</summary>
    Differentiable,
    /// <summary>No linear map does: f is discontinuous, undefined nearby, or the remainder stays comparable to |h|.</summary>
    NotDifferentiable,
    /// <summary>Floating point could not tell the limit apart: the measurements are reported, the verdict is withheld.</summary>
    Inconclusive,
}

/// <summary>The verdict on differentiability at x, its reason in one sentence, and the evidence measured.</summary>
/// <param name="Verdict">Differentiable, not differentiable, or inconclusive.</param>
/// <param name="Reason">Why, in one sentence.</param>
/// <param name="Point">The point x.</param>
/// <param name="Value">f(x).</param>
/// <param name="Derivative">The linear map L = Df(x) (as a gradient) when one was found; null otherwise.</param>
/// <param name="Kinks">The nonsmooth points the recorded evaluation at x hit (a kink alone decides nothing: relu(x)² is differentiable at 0).</param>
/// <param name="Evidence">What was measured.</param>
public sealed record DifferentiabilityResult(
    Verdict Verdict, string Reason, double[] Point, double Value, double[]? Derivative,
    IReadOnlyList<Kink> Kinks, DifferentiabilityEvidence Evidence)
{
    /// <summary>Domain errors, overflow and non-finite derivatives met by the evaluation at x (they explain a NaN or ∞ in the result).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The verdict as the command line prints it: "differentiable", "not-differentiable" or "inconclusive".</summary>
    public string VerdictName => Verdict switch
    {
        Verdict.Differentiable => "differentiable",
        Verdict.NotDifferentiable => "not-differentiable",
        _ => "inconclusive",
    };
}

/// <summary>The measurements behind a differentiability verdict.</summary>
/// <param name="SmoothPiece">True when the evaluation at x hit no kink, no branch boundary and no infinite derivative: near x, f is a composition of smooth primitives.</param>
/// <param name="AutomaticGradient">∇f(x) by reverse sweep, under the kink conventions (may be NaN).</param>
/// <param name="NumericGradient">The central-difference partials (Richardson-extrapolated), or NaN where they do not settle.</param>
/// <param name="DerivativeSource">Which candidate L was tested: "automatic" or "numeric" (the one with the smaller remainder).</param>
/// <param name="Continuity">Whether |f(x + h) − f(x)| → 0 over every approach.</param>
/// <param name="ContinuityWorst">The approach with the largest |f(x + h) − f(x)| at the smallest radii.</param>
/// <param name="OneSidedPartials">Per variable: the one-sided partials from the right and from the left, and whether each settled.</param>
/// <param name="LinearMisfit">max over directions u of |D_u f − L·u|, relative to max |D_u f| (0 when the directional derivatives are linear in u); NaN when they do not settle.</param>
/// <param name="Remainder">The remainder max |f(x + h) − f(x) − L·h|/|h| over straight lines and over curves, per radius.</param>
/// <param name="RemainderTrend">The limit of the remainder ratio as |h| → 0.</param>
/// <param name="RemainderRate">The α in remainder/|h| ~ |h|^α over the smallest significant radii (∞ when at rounding level).</param>
/// <param name="RemainderWorst">The approach with the largest remainder ratio at the smallest radii.</param>
/// <param name="PartialsNearby">Supporting evidence only: whether ∇f(x + h) → L (continuous partials imply differentiable; the converse fails).</param>
public sealed record DifferentiabilityEvidence(
    bool SmoothPiece, double[] AutomaticGradient, double[] NumericGradient, string DerivativeSource,
    TrendKind Continuity, string ContinuityWorst, IReadOnlyList<OneSidedPartial> OneSidedPartials, double LinearMisfit,
    IReadOnlyList<RemainderAtRadius> Remainder, TrendKind RemainderTrend, double RemainderRate, string RemainderWorst,
    TrendKind PartialsNearby)
{
    /// <summary>The straight lines through x whose directional difference quotient settled: the ones <see cref="LinearMisfit"/> compares with L·u.</summary>
    public int LinesSettled { get; init; }

    /// <summary>The straight lines through x tried (axis lines, diagonals, random directions, tangents of zero sets).</summary>
    public int LinesTried { get; init; }
}

/// <summary>The one-sided partial derivatives in one variable: lim (f(x + t eᵢ) − f(x))/t as t → 0⁺ and as t → 0⁻.</summary>
/// <param name="Variable">The variable's name.</param>
/// <param name="Right">From the right (t → 0⁺).</param>
/// <param name="Left">From the left (t → 0⁻).</param>
/// <param name="Settled">True when both difference quotients settle as t shrinks.</param>
public sealed record OneSidedPartial(string Variable, double Right, double Left, bool Settled)
{
    /// <summary>An estimate of |Right − D⁺| + |Left − D⁻|: the drift of the extrapolated quotients plus rounding.</summary>
    internal double Error { get; init; }

    /// <summary>The rounding noise of the difference quotients at the radius read: a slope no larger is indistinguishable from 0.</summary>
    internal double Noise { get; init; }
}

/// <summary>The largest remainder ratio |f(x + h) − f(x) − L·h|/|h| at one radius |h| = r.</summary>
/// <param name="Radius">r.</param>
/// <param name="Lines">The max over straight lines through x.</param>
/// <param name="Curves">The max over curves and spirals.</param>
public sealed record RemainderAtRadius(double Radius, double Lines, double Curves)
{
    /// <summary>The rounding noise of <see cref="Lines"/>: a value at or below it says nothing about the limit.</summary>
    public double LinesNoise { get; init; }

    /// <summary>The rounding noise of <see cref="Curves"/>.</summary>
    public double CurvesNoise { get; init; }
}
