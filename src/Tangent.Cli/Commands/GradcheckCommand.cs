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
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    if (p.Formula.IsVector) JsonOutput.Vector(w, "value", r.Value);
                    else JsonOutput.Number(w, "value", r.Value[0]);
                    w.WriteBoolean("passed", r.Passed);
                    w.WriteStartArray("entries");
                    foreach (var e in r.Entries)
                    {
                        w.WriteStartObject();
                        if (p.Formula.IsVector) w.WriteNumber("component", e.Row);
                        w.WriteString("variable", p.Names[e.Column]);
                        JsonOutput.Number(w, "automatic", e.Automatic);
                        JsonOutput.Number(w, "finite_difference", e.FiniteDifference);
                        JsonOutput.Number(w, "difference", e.Difference);
                        JsonOutput.Number(w, "error_estimate", e.ErrorEstimate);
                        JsonOutput.Number(w, "tolerance", e.Tolerance);
                        w.WriteBoolean("passed", e.Passed);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p, p.Formula.IsVector ? "F" : "f");
                o.WriteLine($"{(p.Formula.IsVector ? "Jacobian" : "gradient")} check against Richardson-extrapolated central differences: {(r.Passed ? "passed" : "FAILED")}");
                o.WriteLine($"  {"entry",-16} {"automatic",-24} {"finite difference",-24} {"difference",-11} {"error est.",-11} {"tolerance",-11} result");
                foreach (var e in r.Entries)
                {
                    string entry = p.Formula.IsVector ? $"∂f{e.Row + 1}/∂{p.Names[e.Column]}" : $"∂f/∂{p.Names[e.Column]}";
                    o.WriteLine($"  {entry,-16} {Human.N(e.Automatic),-24} {Human.Measured(e.FiniteDifference),-24} {Human.Measured(e.Difference),-11} {Human.Measured(e.ErrorEstimate),-11} {Human.Measured(e.Tolerance),-11} {(e.Passed ? "pass" : "FAIL")}");
                }
                Human.Notes(o, r.Kinks, r.Diagnostics);
            }
            return Cli.Ok;
        });
        return command;
    }
}
