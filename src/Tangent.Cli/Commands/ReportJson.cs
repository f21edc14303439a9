using Tangent.Checks;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>The --json form of <c>tangent report</c>: one object with every quantity of the human form.</summary>
internal static class ReportJson
{
    public static void Write(TextWriter output, Problem p, LocalModel m, DifferentiabilityResult verdict, bool builtIn) => JsonOutput.Write(output, w =>
    {
        if (builtIn) w.WriteString("example", $"{ReportCommand.ExampleFormula} at {ReportCommand.ExamplePoint}");
        w.WriteString("formula", p.Formula.Text);
        JsonOutput.Header(w, p);
        JsonOutput.Number(w, "value", m.Value);
        JsonOutput.Vector(w, "gradient", m.Gradient);
        JsonOutput.Number(w, "gradientNorm", m.GradientNorm);
        w.WriteStartObject("steepestAscent");
        if (m.IsCritical || !double.IsFinite(m.GradientNorm))
        {
            w.WriteNull("direction");
            w.WriteString("note", m.IsCritical
                ? "∇f = 0: a critical point; every directional derivative is 0 and there is no first-order steepest direction"
                : "∇f is not finite: no steepest direction");
        }
        else JsonOutput.Vector(w, "direction", m.Gradient.Select(g => g / m.GradientNorm));
        JsonOutput.Number(w, "rate", m.GradientNorm);
        w.WriteEndObject();
        JsonOutput.Matrix(w, "hessian", m.Hessian);
        JsonOutput.Vector(w, "eigenvalues", m.Eigenvalues);
        w.WriteString("curvature", LocalModel.CurvatureName(m.Curvature));
        w.WriteString("meaning", m.CurvatureMeaning(m.IsCritical));
        JsonOutput.Number(w, "conditionNumber", m.ConditionNumber);
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
            JsonOutput.Number(w, "roundOff", r.RoundOff);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        JsonOutput.Vector(w, "linearOrders", LocalModel.Orders(m.Remainders, r => r.Linear));
        JsonOutput.Vector(w, "quadraticOrders", LocalModel.Orders(m.Remainders, r => r.Quadratic));
        w.WriteString("linearReading", ReportReading.Linear(LocalModel.Orders(m.Remainders, r => r.Linear)));
        w.WriteString("quadraticReading", ReportReading.Quadratic(LocalModel.Orders(m.Remainders, r => r.Quadratic)));
        w.WriteEndObject();
        w.WriteString("verdict", verdict.VerdictName);
        w.WriteString("reason", verdict.Reason);
        JsonOutput.Notes(w, m.Result.Kinks, m.Result.Diagnostics);
    });
}
