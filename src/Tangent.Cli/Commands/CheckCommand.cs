using System.CommandLine;
using System.Text.Json;
using Tangent.Checks;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent check "&lt;expr&gt;" --at x=0,y=0 [--json]</c>: is f (Fréchet) differentiable at the point? The verdict
/// (differentiable, not-differentiable or inconclusive), the reason in one sentence, and the evidence measured.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var command = new Command("check", """
            Is f differentiable at the point: does one linear map L predict f(x+h) − f(x) with a remainder small compared with |h|?
            Looks at the kinks the evaluation hits, continuity, one-sided partials, whether the directional derivatives are linear
            in the direction, and the remainder |f(x+h) − f(x) − L·h|/|h| along lines, curves and spirals as |h| shrinks.
            Floating point cannot prove a limit: when the trend is not clear the verdict is "inconclusive".

            Example: tangent check "if(x==0 && y==0, 0, x*y/(x^2+y^2))" --at x=0,y=0
                     tangent check "x*abs(y)" --at x=1,y=0 --json
            """);
        common.Add(command);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            p.RequireScalar("check");
            p.RequireCheckable();
            var r = Differentiability.Check(p.Formula.ToFunction(p.Names), p.Point.Values, p.Names);
            if (p.Json) WriteJson(io.Out, p, r);
            else WriteHuman(io.Out, p, r);
            return Cli.Ok;
        });
        return command;
    }

    private static void WriteJson(TextWriter output, Problem p, DifferentiabilityResult r) => JsonOutput.Write(output, w =>
    {
        var e = r.Evidence;
        JsonOutput.Header(w, p);
        w.WriteString("verdict", r.VerdictName);
        w.WriteString("reason", r.Reason);
        JsonOutput.Number(w, "value", r.Value);
        if (r.Derivative is not null) JsonOutput.Vector(w, "gradient", r.Derivative);
        JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
        w.WriteStartObject("evidence");
        w.WriteBoolean("smooth_piece", e.SmoothPiece);
        JsonOutput.Vector(w, "automatic_gradient", e.AutomaticGradient);
        JsonOutput.Measurements(w, "numeric_gradient", e.NumericGradient);
        w.WriteString("derivative_tested", e.DerivativeSource);
        w.WriteString("continuity", e.Continuity switch { TrendKind.ToZero => "continuous", TrendKind.NotToZero => "not continuous", _ => "unclear" });
        if (e.ContinuityWorst.Length > 0) w.WriteString("continuity_worst_approach", e.ContinuityWorst);
        w.WriteStartArray("one_sided_partials");
        foreach (var o in e.OneSidedPartials)
        {
            w.WriteStartObject();
            w.WriteString("variable", o.Variable);
            JsonOutput.Measured(w, "right", o.Right);
            JsonOutput.Measured(w, "left", o.Left);
            w.WriteBoolean("settled", o.Settled);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        JsonOutput.Measured(w, "linear_misfit", e.LinearMisfit);
        w.WriteNumber("lines_settled", e.LinesSettled);
        w.WriteNumber("lines_tried", e.LinesTried);
        w.WriteString("remainder_trend", Word(e.RemainderTrend));
        JsonOutput.Measured(w, "remainder_rate", e.RemainderRate);
        if (e.RemainderWorst.Length > 0) w.WriteString("remainder_worst_approach", e.RemainderWorst);
        w.WriteStartArray("remainder");
        foreach (var row in e.Remainder)
        {
            w.WriteStartObject();
            JsonOutput.Number(w, "radius", row.Radius);
            JsonOutput.Number(w, "lines", row.Lines);
            JsonOutput.Number(w, "curves", row.Curves);
            JsonOutput.Number(w, "lines_noise", row.LinesNoise);
            JsonOutput.Number(w, "curves_noise", row.CurvesNoise);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("partials_nearby", Word(e.PartialsNearby) switch { "tends to 0" => "continuous", "stays away from 0" => "not continuous", var s => s });
        w.WriteEndObject();
    });

    private static void WriteHuman(TextWriter o, Problem p, DifferentiabilityResult r)
    {
        var e = r.Evidence;
        Human.Heading(o, p);
        o.WriteLine($"verdict: {r.VerdictName}");
        o.WriteLine($"reason: {r.Reason}");
        Human.Notes(o, r.Kinks, r.Diagnostics);
        o.WriteLine("evidence (measured quantities to 6 digits):");
        o.WriteLine($"  smooth piece (no kink, branch boundary or infinite derivative hit): {(e.SmoothPiece ? "yes" : "no")}");
        o.WriteLine($"  continuity, |f(x+h) − f(x)| as |h| → 0: {Word(e.Continuity)}{(e.Continuity == TrendKind.NotToZero ? " (along " + e.ContinuityWorst + ")" : "")}");
        foreach (var s in e.OneSidedPartials)
            o.WriteLine(s.Settled
                ? $"  one-sided partials in {s.Variable}: {Slope(s.Right, s.Noise)} from the right, {Slope(s.Left, s.Noise)} from the left"
                : $"  one-sided partials in {s.Variable}: the difference quotients did not settle at the radii tried (nothing measured)");
        o.WriteLine($"  automatic gradient (kink conventions): {Human.Vector(e.AutomaticGradient)}");
        o.WriteLine($"  central-difference gradient: {(e.NumericGradient.Any(double.IsNaN) ? "did not settle" : "(" + string.Join(", ", e.NumericGradient.Select(Human.Measured)) + ")")}");
        o.WriteLine(e.DerivativeSource == "none"
            ? "  L tested: none (neither the automatic nor the central-difference gradient is finite)"
            : $"  L tested: the {(e.DerivativeSource == "numeric" ? "central-difference" : "automatic")} gradient; {Misfit(e)}");
        if (e.Remainder.Count > 0)
        {
            o.WriteLine($"  remainder |f(x+h) − f(x) − L·h|/|h|: {Word(e.RemainderTrend)}{Rate(e.RemainderRate)}{(e.RemainderWorst.Length > 0 ? $"; worst along {e.RemainderWorst}" : "")}");
            o.WriteLine($"    {"radius",-10} {"lines",-14} {"curves",-14}   (rounding: at or below the rounding noise of f, says nothing)");
            foreach (var row in e.Remainder)
                o.WriteLine($"    {Human.G(row.Radius, 3),-10} {Cell(row.Lines, row.LinesNoise),-14} {Cell(row.Curves, row.CurvesNoise),-14}");
        }
        o.WriteLine($"  partials near x tend to L (supporting only): {Word(e.PartialsNearby)}");
    }

    /// <summary>
    /// How far the measured directional derivatives are from L·u; below 1e−6 (relative) that is rounding, and said so.
    /// Only lines whose difference quotient settled are compared, so the sentence says how many those were: along the
    /// others (a jump, a cusp) no directional derivative was measured, and "agree" would claim what was not seen.
    /// </summary>
    private static string Misfit(DifferentiabilityEvidence e)
    {
        double misfit = e.LinearMisfit;
        if (double.IsNaN(misfit)) return "no directional derivative settled, so linearity in the direction was not measured";
        bool all = e.LinesSettled == e.LinesTried;
        string which = all ? $"along all {e.LinesTried} lines tried" : $"along the {e.LinesSettled} of {e.LinesTried} lines tried where the difference quotient settled";
        string rest = all ? "" : "; along the others it did not settle";
        return misfit <= 1e-6
            ? $"the directional derivatives measured {which} agree with L·u (relative misfit below 1e-6){rest}"
            : $"the directional derivatives measured {which} miss L·u by {Human.Measured(misfit)} (relative to the largest){rest}";
    }

    private static string Rate(double rate) =>
        double.IsPositiveInfinity(rate) ? " (at rounding level at every radius)" : double.IsNaN(rate) ? "" : $" (like |h|^{Human.G(rate, 3)})";

    /// <summary>A measured slope, or "0" with its noise when it is no larger than the rounding noise of its quotients.</summary>
    private static string Slope(double v, double noise) => v != 0 && Math.Abs(v) <= noise ? $"0 (±{Human.G(noise, 2)}, rounding)" : Human.Measured(v);

    private static string Cell(double q, double noise) => q <= noise ? "rounding" : Human.Measured(q);

    private static string Word(TrendKind t) => t switch
    {
        TrendKind.ToZero => "tends to 0",
        TrendKind.NotToZero => "stays away from 0",
        _ => "unclear",
    };
}
