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
            var r = Differentiability.Check(p.Scalar, p.Point.Values, p.Names);
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
        JsonOutput.Notes(w, r.Kinks, []);
        w.WriteStartObject("evidence");
        w.WriteBoolean("smooth_piece", e.SmoothPiece);
        JsonOutput.Vector(w, "automatic_gradient", e.AutomaticGradient);
        JsonOutput.Vector(w, "numeric_gradient", e.NumericGradient);
        w.WriteString("derivative_tested", e.DerivativeSource);
        w.WriteString("continuity", e.Continuity switch { TrendKind.ToZero => "continuous", TrendKind.NotToZero => "not continuous", _ => "unclear" });
        if (e.ContinuityWorst.Length > 0) w.WriteString("continuity_worst_approach", e.ContinuityWorst);
        w.WriteStartArray("one_sided_partials");
        foreach (var o in e.OneSidedPartials)
        {
            w.WriteStartObject();
            w.WriteString("variable", o.Variable);
            JsonOutput.Number(w, "right", o.Right);
            JsonOutput.Number(w, "left", o.Left);
            w.WriteBoolean("settled", o.Settled);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        JsonOutput.Number(w, "linear_misfit", e.LinearMisfit);
        w.WriteString("remainder_trend", Word(e.RemainderTrend));
        JsonOutput.Number(w, "remainder_rate", e.RemainderRate);
        if (e.RemainderWorst.Length > 0) w.WriteString("remainder_worst_approach", e.RemainderWorst);
        w.WriteStartArray("remainder");
        foreach (var row in e.Remainder)
        {
            w.WriteStartObject();
            JsonOutput.Number(w, "radius", row.Radius);
            JsonOutput.Number(w, "lines", row.Lines);
            JsonOutput.Number(w, "curves", row.Curves);
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
        Human.Notes(o, r.Kinks, []);
        o.WriteLine("evidence:");
        o.WriteLine($"  smooth piece (no kink, branch boundary or infinite derivative hit): {(e.SmoothPiece ? "yes" : "no")}");
        o.WriteLine($"  continuity, |f(x+h) − f(x)| as |h| → 0: {Word(e.Continuity)}{(e.Continuity == TrendKind.NotToZero ? " (along " + e.ContinuityWorst + ")" : "")}");
        foreach (var s in e.OneSidedPartials)
            o.WriteLine($"  one-sided partials in {s.Variable}: {Human.G(s.Right, 6)} from the right, {Human.G(s.Left, 6)} from the left{(s.Settled ? "" : " (did not settle)")}");
        o.WriteLine($"  automatic gradient (kink conventions): {Human.Vector(e.AutomaticGradient)}");
        o.WriteLine($"  central-difference gradient: {Human.Vector(e.NumericGradient)}");
        o.WriteLine($"  L tested: the {e.DerivativeSource} gradient; directional derivatives miss L·u by {Human.G(e.LinearMisfit)} (relative)");
        if (e.Remainder.Count > 0)
        {
            o.WriteLine($"  remainder |f(x+h) − f(x) − L·h|/|h|: {Word(e.RemainderTrend)} (rate {Human.G(e.RemainderRate, 3)}; worst along {e.RemainderWorst})");
            o.WriteLine($"    {"radius",-10} {"lines",-12} {"curves",-12}");
            foreach (var row in e.Remainder)
                o.WriteLine($"    {Human.G(row.Radius, 3),-10} {Human.G(row.Lines),-12} {Human.G(row.Curves),-12}");
        }
        o.WriteLine($"  partials near x tend to L (supporting only): {Word(e.PartialsNearby)}");
    }

    private static string Word(TrendKind t) => t switch
    {
        TrendKind.ToZero => "tends to 0",
        TrendKind.NotToZero => "stays away from 0",
        _ => "unclear",
    };
}
