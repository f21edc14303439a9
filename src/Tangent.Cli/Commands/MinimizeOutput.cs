using System.Text.Json;
using Tangent.Cli.Shared;
using Tangent.Optimisation;

namespace Tangent.Cli.Commands;

/// <summary>The result of <c>tangent minimize</c> as one JSON object (snake_case) or as a compact human report.</summary>
internal static class MinimizeOutput
{
    /// <summary>The largest n for which the Hessian's eigenvalues at the end are printed.</summary>
    public const int EigenvalueLimit = 12;

    public static void Json(TextWriter output, Problem p, MinimizeResult r, double[]? eigenvalues) => JsonOutput.Write(output, w =>
    {
        w.WriteStartArray("variables");
        foreach (var name in p.Names) w.WriteStringValue(name);
        w.WriteEndArray();
        w.WriteString("method", MinimizeCommand.Name(r.Method));
        w.WriteString("why", r.Why);
        JsonOutput.Vector(w, "start", r.Start);
        JsonOutput.Vector(w, "point", r.Point);
        JsonOutput.Number(w, "value", r.Value);
        JsonOutput.Vector(w, "gradient", r.Gradient);
        JsonOutput.Number(w, "gradient_norm", r.GradientNorm);
        w.WriteNumber("iterations", r.Iterations);
        w.WriteStartObject("evaluations");
        w.WriteNumber("value", r.Evaluations.Value);
        w.WriteNumber("gradient", r.Evaluations.Gradient);
        w.WriteNumber("hessian", r.Evaluations.Hessian);
        w.WriteNumber("hvp", r.Evaluations.Hvp);
        w.WriteEndObject();
        w.WriteBoolean("converged", r.Converged);
        w.WriteString("status", Status(r.Status));
        w.WriteString("reason", r.Reason);
        w.WriteNumber("seconds", r.Seconds);
        if (r.LargestCurvature is { } l)
        {
            JsonOutput.Number(w, "largest_curvature_at_start", l);
            JsonOutput.Number(w, "stable_learning_rate_bound", 2 / l);
        }
        if (eigenvalues is not null) JsonOutput.Vector(w, "hessian_eigenvalues", eigenvalues);
        w.WriteStartArray("notes");
        foreach (var n in r.Notes) w.WriteStringValue(n);
        w.WriteEndArray();
        JsonOutput.Notes(w, r.Kinks, []);
        w.WriteStartArray("trace");
        foreach (var t in r.Trace) Row(w, t);
        w.WriteEndArray();
    });

    private static void Row(Utf8JsonWriter w, IterationRecord t)
    {
        w.WriteStartObject();
        w.WriteNumber("iteration", t.Iteration);
        JsonOutput.Number(w, "value", t.Value);
        JsonOutput.Number(w, "gradient_norm", t.GradientNorm);
        if (t.Step is { } s)
        {
            JsonOutput.Number(w, "step", s);
            JsonOutput.Number(w, "predicted_linear", t.PredictedLinear!.Value);
            if (t.PredictedQuadratic is { } q) JsonOutput.Number(w, "predicted_quadratic", q);
            JsonOutput.Number(w, "actual", t.Actual!.Value);
            w.WriteBoolean("accepted", t.Accepted);
        }
        if (t.Note is { } note) w.WriteString("note", note);
        w.WriteEndObject();
    }

    public static string Status(MinimizeStatus s) => s switch
    {
        MinimizeStatus.Converged => "converged",
        MinimizeStatus.MaxIterations => "max-iterations",
        MinimizeStatus.Diverged => "diverged",
        _ => "stalled",
    };

    public static void Human(TextWriter o, Problem p, MinimizeResult r, double[]? eigenvalues)
    {
        o.WriteLine($"minimize f{Shared.Human.Names(p.Names)} = {Shared.Human.Shorten(p.Formula.Text)}");
        o.WriteLine($"from {Shared.Human.Names(p.Names)} = {Shared.Human.Vector(r.Start)}");
        o.WriteLine($"method: {MinimizeCommand.Name(r.Method)} — {r.Why}");
        o.WriteLine();
        Table(o, r.Trace);
        o.WriteLine();
        o.WriteLine(r.Reason);
        o.WriteLine($"point {Shared.Human.Names(p.Names)} = {Shared.Human.Vector(r.Point)}");
        o.WriteLine($"f = {Shared.Human.N(r.Value)}, ‖∇f‖ = {Shared.Human.G(r.GradientNorm, 4)}, {r.Iterations} iterations");
        var e = r.Evaluations;
        o.WriteLine($"evaluations: f {e.Value}, ∇f {e.Gradient}, ∇²f {e.Hessian}, Hessian-vector products {e.Hvp}");
        if (eigenvalues is not null)
            o.WriteLine($"∇²f at the point: eigenvalues {Shared.Human.Vector(eigenvalues.Select(v => double.Parse(Shared.Human.G(v, 6), System.Globalization.CultureInfo.InvariantCulture)))} — {MinimizeVerdict.Sentence(p, r, eigenvalues)}");
        foreach (var n in r.Notes) o.WriteLine($"note: {n}");
    }

    /// <summary>The trace as a table: all rows up to 30, else the first 15, a gap, and the last 10.</summary>
    private static void Table(TextWriter o, IReadOnlyList<IterationRecord> trace)
    {
        o.WriteLine($"{"iter",5}  {"f",-13} {"‖∇f‖",-10} {"step",-10} {"pred lin",-10} {"pred quad",-10} {"actual",-10} {"ρ",-7}");
        for (int i = 0; i < trace.Count; i++)
        {
            if (trace.Count > 30 && i == 15) { o.WriteLine($"{"…",5}  ({trace.Count - 25} more)"); i = trace.Count - 10; }
            var t = trace[i];
            string rho = t.PredictedQuadratic is { } q && t.Actual is { } a && q != 0 ? Shared.Human.G(a / q, 3) : "";
            o.WriteLine($"{t.Iteration,5}  {Shared.Human.G(t.Value, 8),-13} {Shared.Human.G(t.GradientNorm, 3),-10} {Opt(t.Step),-10} {Opt(t.PredictedLinear),-10} {Opt(t.PredictedQuadratic),-10} {Opt(t.Actual),-10} {rho,-7}{(t.Step is not null && !t.Accepted ? " rejected" : "")}{(t.Note is null ? "" : "  " + t.Note)}");
        }
    }

    private static string Opt(double? v) => v is { } x ? Shared.Human.G(x, 3) : "";
}
