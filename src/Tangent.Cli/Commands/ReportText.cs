using DifferentiabilityResult = Tangent.Checks.DifferentiabilityResult;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>The human form of <c>tangent report</c>.</summary>
internal static class ReportText
{
    public static void Write(TextWriter o, Problem p, LocalModel m, DifferentiabilityResult verdict, bool builtIn)
    {
        var names = p.Names;
        if (builtIn)
            o.WriteLine($"No formula given: the built-in example, Rosenbrock's function {ReportCommand.ExampleFormula}, at the point below.");
        Human.Heading(o, p);
        o.WriteLine();
        o.WriteLine($"value      f = {Human.N(m.Value)}");
        int listed = names.Length <= ReportSummary.MaxDense + 2 ? names.Length : ReportSummary.MaxDense;
        for (int i = 0; i < listed; i++)
            o.WriteLine($"{(i == 0 ? "partials" : ""),-10} ∂f/∂{names[i]} = {Human.N(m.Gradient[i])}{(m.Kinked ? " (not known to be a derivative: see below)" : "")}");
        if (listed < names.Length) o.WriteLine($"{"",-10} … {names.Length - listed} more partials, not printed (--json lists every one)");
        o.WriteLine($"gradient   ∇f = {Human.Clipped(m.Gradient)},  |∇f| = {Human.N(m.GradientNorm)}");
        o.WriteLine();
        if (m.OneSided is { } rates) ReportKinked.FirstOrder(o, rates);
        else if (m.IsCritical)
        {
            o.WriteLine("steepest ascent: no first-order steepest direction. ∇f = 0, so x is a critical point and every");
            o.WriteLine("  directional derivative D_u f = ∇f·u is 0. The Hessian decides what happens next:");
            o.WriteLine($"  {m.CurvatureMeaning(critical: true)}.");
        }
        else if (!m.GradientFinite)
            o.WriteLine("steepest ascent: ∇f is not finite here (see the notes), so there is no steepest direction.");
        else
        {
            o.WriteLine($"steepest ascent: u* = ∇f/|∇f| = {Human.Clipped([.. m.Gradient.Select(g => g / m.GradientNorm)])}");
            o.WriteLine($"  rate D_u* f = |∇f| = {Human.N(m.GradientNorm)}: the largest directional derivative over unit u");
            o.WriteLine("  (steepest descent is −u*, at rate −|∇f|; along any u ⟂ ∇f the rate is 0)");
        }
        o.WriteLine();
        ReportSummary.Hessian(o, m, names);
        if (m.HessianFinite)
        {
            o.WriteLine($"eigenvalues: {ReportSummary.Eigenvalues(m)}");
            o.WriteLine($"  {m.CurvatureMeaning(m.IsCritical)}");
            o.WriteLine($"  condition number |λ|max/|λ|min = {(double.IsInfinity(m.ConditionNumber) ? "∞ (singular)" : m.Curvature == Tangent.Cli.Shared.Curvature.Degenerate ? $"{Human.N(m.ConditionNumber)} (singular to rounding)" : Human.N(m.ConditionNumber))}");
        }
        else o.WriteLine($"eigenvalues: none: {m.CurvatureMeaning(m.IsCritical)}");
        o.WriteLine();
        if (names.Length <= 6)
        {
            o.WriteLine(m.GradientFinite
                ? $"linear model     f(x + h) ≈ {ReportReading.LinearModel(m.Value, m.Gradient, names)}"
                : "linear model     none: ∇f is not finite here");
            o.WriteLine(m.GradientFinite && m.HessianFinite
                ? $"quadratic model  f(x + h) ≈ {ReportReading.LinearModel(m.Value, m.Gradient, names)}{ReportReading.QuadraticTerm(m.Hessian, names)}"
                : "quadratic model  none: the Hessian is not finite here");
            o.WriteLine($"  (h = {Human.Names(names.Select(n => "h_" + n))}, the step from x)");
        }
        o.WriteLine();
        o.WriteLine($"local models, h = t·v along the random unit direction v = {Human.Clipped([.. m.Direction.Select(c => Math.Round(c, 6))])} (seed {LocalModel.DirectionSeed}):");
        o.WriteLine("  linear    L(h) = f(x) + ∇f·h                 remainder r₁ = |f(x+h) − L(h)|, O(|h|²) when f is C²");
        o.WriteLine("  quadratic Q(h) = f(x) + ∇f·h + ½ hᵀ∇²f h     remainder r₂ = |f(x+h) − Q(h)|, O(|h|³) when f is C³");
        o.WriteLine($"  {"|h|",8}  {"r₁",11}  {"r₁/|h|²",11}  {"r₂",11}  {"r₂/|h|³",11}");
        foreach (var r in m.Remainders)
            o.WriteLine($"  {Human.G(r.Step, 1),8}  {Cell(r.Linear, r)}  {Ratio(r.Linear, r, 2)}  {Cell(r.Quadratic, r)}  {Ratio(r.Quadratic, r, 3)}");
        o.WriteLine($"  observed order of r₁ per decade of |h|: {Orders(LocalModel.Orders(m.Remainders, r => r.Linear))} (2 expected)");
        o.WriteLine($"  observed order of r₂ per decade of |h|: {Orders(LocalModel.Orders(m.Remainders, r => r.Quadratic))} (3 expected)");
        o.WriteLine("  (— : no order: the remainder is at the level of rounding in f, too small to measure, or the model is not defined)");
        o.WriteLine($"  reading: {ReportReading.Linear(m)}");
        o.WriteLine($"           {ReportReading.Quadratic(m)}");
        o.WriteLine();
        if (m.Result.Kinks.Count == 0 && m.Result.Diagnostics.Count == 0) o.WriteLine("kinks hit: none (no primitive was evaluated on its kink set: every first derivative used is the derivative there)");
        Human.Notes(o, m.Result.Kinks, m.AllDiagnostics);
        o.WriteLine();
        o.WriteLine($"differentiable at x? {verdict.VerdictName}: {verdict.Reason}");
    }

    private static string Cell(double v, Remainder r) =>
        (!double.IsFinite(v) ? "no model" : v <= 10 * r.RoundOff ? "≈0 (round-off)" : Human.Measured(v)).PadLeft(11);

    // A finite remainder over |h|³ can exceed the double range (3e306/1e-3): that is said, not printed as Infinity.
    private static string Ratio(double v, Remainder r, int power) =>
        (!double.IsFinite(v) || v <= 10 * r.RoundOff ? "—"
            : double.IsFinite(v / Math.Pow(r.Step, power)) ? Human.Measured(v / Math.Pow(r.Step, power)) : "> 1.8e308").PadLeft(11);

    private static string Orders(double[] orders) => string.Join(", ", orders.Select(q => double.IsNaN(q) ? "—" : Human.Order(q)));
}
