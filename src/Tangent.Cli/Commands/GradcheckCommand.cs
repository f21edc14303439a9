using System.CommandLine;
using Tangent.Checks;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent gradcheck "&lt;expr&gt;" --at x=1,y=2 [--json]</c>: the automatic gradient (or, for "[f1, ...]", the
/// Jacobian) against Richardson-extrapolated central differences, entry by entry, with the error estimate and the tolerance.
/// </summary>
internal static class GradcheckCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var command = new Command("gradcheck", """
            Checks the automatic gradient (or the Jacobian of "[f1, f2, ...]") against central differences with Richardson
            extrapolation: per entry the difference, the finite difference's error estimate, the tolerance used, and pass/fail.
            At a kink the central difference straddles it and is expected to disagree with the kink convention.

            Example: tangent gradcheck "x^2*y + sin(y)" --at x=1,y=2
            """);
        common.Add(command);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            var r = p.Formula.IsVector
                ? FiniteDifferences.CheckJacobian(p.Vector, p.Point.Values)
                : FiniteDifferences.CheckGradient(p.Scalar, p.Point.Values);
            // A central difference that is not finite is explained by the point sampled where f is not finite.
            var unmeasured = r.Entries.Where(e => !e.Measured).Select(e => e.Column).Distinct().ToList();
            var explained = unmeasured.Select(j => NonFiniteNotes.CentralDifference(p, j)).ToList();
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    if (p.Formula.IsVector) JsonOutput.Vector(w, "value", r.Value);
                    else JsonOutput.Number(w, "value", r.Value[0]);
                    w.WriteBoolean("passed", r.Passed);
                    w.WriteBoolean("measured", r.Entries.All(e => e.Measured));
                    w.WriteStartArray("entries");
                    foreach (var e in r.Entries)
                    {
                        w.WriteStartObject();
                        if (p.Formula.IsVector) w.WriteNumber("component", e.Row);
                        w.WriteString("variable", p.Names[e.Column]);
                        JsonOutput.Number(w, "automatic", e.Automatic);
                        JsonOutput.Number(w, "finite_difference", e.FiniteDifference);
                        if (e.Measured)
                        {
                            JsonOutput.Number(w, "difference", e.Difference);
                            JsonOutput.Number(w, "error_estimate", e.ErrorEstimate);
                            JsonOutput.Number(w, "tolerance", e.Tolerance);
                            w.WriteBoolean("passed", e.Passed);
                        }
                        else
                        {
                            // Nothing was compared: no difference, no tolerance, neither passed nor failed.
                            w.WriteNull("difference");
                            w.WriteNull("error_estimate");
                            w.WriteNull("tolerance");
                            w.WriteNull("passed");
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    JsonOutput.Notes(w, r.Kinks, [.. r.Diagnostics, .. explained.Select(m => new Diagnostic("gradcheck", m))]);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p, p.Formula.IsVector ? "F" : "f");
                string verdict = r.Passed ? "passed"
                    : r.Failed ? "FAILED"
                    : $"not measured for {r.Entries.Count(e => !e.Measured)} of {r.Entries.Count} entries (no finite central difference, see the notes){(r.Entries.Any(e => e.Measured) ? "; the others passed" : "")}";
                o.WriteLine($"{(p.Formula.IsVector ? "Jacobian" : "gradient")} check against Richardson-extrapolated central differences: {verdict}");
                o.WriteLine($"  {"entry",-16} {"automatic",-24} {"finite difference",-24} {"difference",-11} {"error est.",-11} {"tolerance",-11} result");
                foreach (var e in r.Entries)
                {
                    string entry = p.Formula.IsVector ? $"∂f{e.Row + 1}/∂{p.Names[e.Column]}" : $"∂f/∂{p.Names[e.Column]}";
                    o.WriteLine(e.Measured
                        ? $"  {entry,-16} {Human.N(e.Automatic),-24} {Human.Measured(e.FiniteDifference),-24} {Human.Measured(e.Difference),-11} {Human.Measured(e.ErrorEstimate),-11} {Human.Measured(e.Tolerance),-11} {(e.Passed ? "pass" : "FAIL")}"
                        : $"  {entry,-16} {Human.N(e.Automatic),-24} {Human.Measured(e.FiniteDifference),-24} {"—",-11} {"—",-11} {"—",-11} not measured");
                }
                Human.Notes(o, r.Kinks, r.Diagnostics);
                foreach (var m in explained) o.WriteLine($"note: {m}");
            }
            return Cli.Ok;
        });
        return command;
    }
}
