using Tangent.Checks;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>The --json form of <c>tangent report</c>: one object with every quantity of the human form.</summary>
internal static class ReportJson
{
    public static void Write(TextWriter output, Problem p, LocalModel m, DifferentiabilityResult verdict, bool builtIn) => JsonOutput.Write(output, w =>
    {
        if (builtIn) w.WriteString("example", $"Rosenbrock's function {ReportCommand.ExampleFormula}");
        w.WriteString("formula", p.Formula.Text);
        JsonOutput.Header(w, p);
        JsonOutput.Number(w, "value", m.Value);
        JsonOutput.Vector(w, "gradient", m.Gradient);
        JsonOutput.Number(w, "gradient_norm", m.GradientNorm);
        w.WriteStartObject("steepest_ascent");
        if (m.OneSided is { } rates)
        {
            w.WriteNull("direction");
            w.WriteString("note", ReportKinked.Note);
            var (max, _) = ReportKinked.Extremes(rates);
            if (max is null) w.WriteNull("rate");
            else JsonOutput.Number(w, "rate", max.Rate);
        }
        else if (m.IsCritical || !m.GradientFinite)
        {
            w.WriteNull("direction");
            w.WriteString("note", m.IsCritical
                ? "∇f = 0: a critical point; every directional derivative is 0 and there is no first-order steepest direction"
                : "∇f is not finite: no steepest direction");
            JsonOutput.Number(w, "rate", m.GradientNorm);
        }
        else
        {
            JsonOutput.Vector(w, "direction", m.Gradient.Select(g => g / m.GradientNorm));
            JsonOutput.Number(w, "rate", m.GradientNorm);
        }
        w.WriteEndObject();
        if (m.OneSided is { } measured)
        {
            w.WriteStartArray("one_sided_rates");
            foreach (var r in measured)
            {
                w.WriteStartObject();
                w.WriteString("along", r.Label);
                JsonOutput.Vector(w, "direction", r.Direction);
                if (double.IsNaN(r.Rate)) w.WriteNull("rate");
                else JsonOutput.Number(w, "rate", r.Rate);
                JsonOutput.Number(w, "rounding", r.Rounding);   // a rate of 0 means |rate| below this
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        int n = p.Names.Length;
        if (n <= ReportSummary.MaxJsonDense) JsonOutput.Matrix(w, "hessian", m.Hessian);
        else
        {
            w.WriteNull("hessian");
            w.WriteString("hessian_omitted", $"{n}×{n}: the entries are given up to {ReportSummary.MaxJsonDense} variables (tangent hessian gives them all); hessian_summary describes it");
        }
        var (nonzeros, maxRow, largest) = ReportSummary.Sparsity(m.Hessian);
        w.WriteStartObject("hessian_summary");
        w.WriteNumber("size", n);
        w.WriteNumber("nonzeros", nonzeros);
        w.WriteNumber("max_nonzeros_per_row", maxRow);
        JsonOutput.Number(w, "largest_entry", largest);
        w.WriteEndObject();
        if (m.HessianFinite) JsonOutput.Vector(w, "eigenvalues", m.Eigenvalues);
        else w.WriteNull("eigenvalues");
        w.WriteString("curvature", LocalModel.CurvatureName(m.Curvature));
        w.WriteString("meaning", m.CurvatureMeaning(m.IsCritical));
        // A singular Hessian (an eigenvalue exactly 0) has condition number ∞ by definition, and "singular" says so; one
        // within rounding of 0 keeps its finite ratio and reads "degenerate" under "curvature".
        if (m.HessianFinite) JsonOutput.Number(w, "condition_number", m.ConditionNumber);
        else w.WriteNull("condition_number");
        if (m.HessianFinite) w.WriteBoolean("singular", double.IsPositiveInfinity(m.ConditionNumber));
        else w.WriteNull("singular");
        w.WriteStartObject("models");
        JsonOutput.Vector(w, "direction", m.Direction);
        w.WriteNumber("seed", LocalModel.DirectionSeed);
        w.WriteStartArray("remainders");
        foreach (var r in m.Remainders)
        {
            w.WriteStartObject();
            JsonOutput.Number(w, "step", r.Step);
            JsonOutput.Number(w, "linear", r.Linear);
            JsonOutput.Number(w, "quadratic", r.Quadratic);
            JsonOutput.Number(w, "round_off", r.RoundOff);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // An order that cannot be measured (round-off, or no model) is null, not the number NaN.
        JsonOutput.Measurements(w, "linear_orders", LocalModel.Orders(m.Remainders, r => r.Linear));
        JsonOutput.Measurements(w, "quadratic_orders", LocalModel.Orders(m.Remainders, r => r.Quadratic));
        w.WriteString("linear_reading", ReportReading.Linear(m));
        w.WriteString("quadratic_reading", ReportReading.Quadratic(m));
        w.WriteEndObject();
        w.WriteString("verdict", verdict.VerdictName);
        w.WriteString("reason", verdict.Reason);
        JsonOutput.Notes(w, m.Result.Kinks, m.AllDiagnostics);
    });
}
