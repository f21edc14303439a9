using System.CommandLine;
using System.Text.Json;
using Tangent.Checks;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent taylor "&lt;expr&gt;" --at x=1,y=2 [--along v] [--json]</c>: the Taylor test. The remainder of the
/// first-order model at h = 2⁻ᵏ and its observed order (2 when the derivative is right), and for a scalar formula the
/// second-order remainder with the Hessian (order 3); for "[f1, ...]" the Jacobian's first-order remainder.
/// </summary>
internal static class TaylorCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var along = new Option<string?>("--along")
        {
            Description = "The direction v as numbers joined by commas, one per --at variable (used as given, not normalised). Default: a fixed pseudo-random unit vector.",
        };
        var command = new Command("taylor", """
            The Taylor test along v: r₁(h) = |f(x+hv) − f(x) − h·Df(x)v| and r₂(h) = |r₁ − h²/2·vᵀ∇²f(x)v| at h = 2⁻ᵏ.
            If Df(x) is right, r₁ falls like h² (observed order 2); a wrong derivative leaves order 1. With a right Hessian r₂
            falls like h³. The order is the median slope over the steps where r stands above its rounding level.

            Example: tangent taylor "x^2*y + sin(y)" --at x=1,y=2
                     tangent taylor "[x*cos(y), x*sin(y)]" --at x=2,y=0.5 --along 1,1 --json
            """);
        common.Add(command);
        command.Options.Add(along);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            double[]? v = null;
            if (parsed.GetValue(along) is { } text)
            {
                v = PointParser.Numbers(text, "--along");
                if (v.Length != p.Names.Length)
                    throw new UsageException($"--along has {v.Length} number{(v.Length == 1 ? "" : "s")}, but --at has {p.Names.Length} variables ({string.Join(", ", p.Names)}): give one component per variable");
                if (v.All(c => c == 0)) throw new UsageException("--along is the zero vector, along which every remainder is 0: give a non-zero direction");
            }
            var first = p.Formula.IsVector ? TaylorTest.FirstOrder(p.Vector, p.Point.Values, v) : TaylorTest.FirstOrder(p.Scalar, p.Point.Values, v);
            var second = p.Formula.IsVector ? null : TaylorTest.SecondOrder(p.Scalar, p.Point.Values, v);
            // The evaluation at x (its kinks and diagnostics explain a model that is not finite), and per test the first
            // step whose remainder is not finite, explained by the point sampled there.
            var (kinks, diagnostics, firstModel) = AtX(p);
            string? secondModel = firstModel;
            if (second is not null && secondModel is null)
            {
                double curvature = 0;
                var hv = Differentiate.Hvp(p.Scalar, p.Point.Values, first.Direction);
                for (int i = 0; i < hv.Length; i++) curvature += hv[i] * first.Direction[i];
                if (!double.IsFinite(curvature)) secondModel = $"the curvature vᵀ∇²f(x)v = {Human.N(curvature)} is not finite (a second derivative at x is not)";
            }
            var notes = new List<string>();
            foreach (var (name, r, model) in (ReadOnlySpan<(string, TaylorResult?, string?)>)[("r1", first, firstModel), ("r2", second, secondModel)])
                if (r is not null && r.NotFiniteSteps > 0)
                {
                    var s = r.Steps.First(s => !double.IsFinite(s.Remainder));
                    notes.Add($"{name}(h) is not finite at {r.NotFiniteSteps} of {r.Steps.Count} steps (left out of the order); the first: {NonFiniteNotes.TaylorStep(p, first.Direction, s.Step, model)}");
                }
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Vector(w, "direction", first.Direction);
                    w.WriteStartObject("orders");
                    // An order that could not be measured (every remainder at rounding level) is null, not "NaN".
                    JsonOutput.Measured(w, "first", first.Order);
                    if (second is not null) JsonOutput.Measured(w, "second", second.Order);
                    w.WriteEndObject();
                    Result(w, "first_order", first);
                    if (second is not null) Result(w, "second_order", second);
                    JsonOutput.Notes(w, kinks, [.. diagnostics, .. notes.Select(m => new Diagnostic("taylor", m))]);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p, p.Formula.IsVector ? "F" : "f");
                o.WriteLine($"along v = {Human.Vector(first.Direction)}{(v is null ? " (default direction)" : "")}");
                o.WriteLine($"{"h",-12} {"r1(h)",-12} {"order",-7} {(second is null ? "" : $"{"r2(h)",-12} order")}");
                for (int k = 0; k < first.Steps.Count; k++)
                {
                    var a = first.Steps[k];
                    string row = $"{Human.G(a.Step, 4),-12} {Human.Measured(a.Remainder),-12} {Order(a.Order),-7}";
                    if (second is not null) row += $" {Human.Measured(second.Steps[k].Remainder),-12} {Order(second.Steps[k].Order)}";
                    o.WriteLine(row.TrimEnd());
                }
                o.WriteLine(Summary("first-order remainder", first, p.Formula.IsVector ? "DF(x)" : "∇f(x)"));
                if (second is not null) o.WriteLine(Summary("second-order remainder", second, "∇²f(x)"));
                Human.Notes(o, kinks, diagnostics);
                foreach (var m in notes) o.WriteLine($"note: {m}");
            }
            return Cli.Ok;
        });
        return command;
    }

    private static void Result(Utf8JsonWriter w, string name, TaylorResult r)
    {
        w.WriteStartObject(name);
        w.WriteNumber("expected_order", r.ExpectedOrder);
        JsonOutput.Measured(w, "order", r.Order);
        w.WriteBoolean("at_rounding_level", r.AtRoundingLevel);
        // Nothing measured (every remainder above rounding is NaN or ∞): neither passed nor failed.
        if (r.Measured) w.WriteBoolean("passed", r.Passed);
        else w.WriteNull("passed");
        w.WriteNumber("not_finite_steps", r.NotFiniteSteps);
        w.WriteStartArray("steps");
        foreach (var s in r.Steps)
        {
            w.WriteStartObject();
            JsonOutput.Number(w, "h", s.Step);
            JsonOutput.Number(w, "remainder", s.Remainder);
            JsonOutput.Measured(w, "order", s.Order);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Order(double order) => double.IsNaN(order) ? "-" : Human.Order(order);

    private static string Summary(string what, TaylorResult r, string derivative) =>
        !r.Measured ? $"{what}: not measured: it is not finite at {r.NotFiniteSteps} of {r.Steps.Count} steps{(r.NotFiniteSteps < r.Steps.Count ? " and at rounding level at the others" : "")} (see the notes)"
        : r.AtRoundingLevel ? $"{what}: at rounding level at every step (the model is exact to the last bits)"
        : $"{what}: observed order {Human.Order(r.Order)}, expected {r.ExpectedOrder}: {(r.Passed ? $"consistent with a right {derivative}" : $"{derivative} looks WRONG (or f is not smooth here)")}{(r.NotFiniteSteps > 0 ? $" (over the steps where it is finite; not finite at {r.NotFiniteSteps}, see the notes)" : "")}";

    /// <summary>The kinks and diagnostics of the derivative at x, and why the first-order model built from it is not finite (null when it is).</summary>
    private static (IReadOnlyList<Kink> Kinks, IReadOnlyList<Diagnostic> Diagnostics, string? ModelProblem) AtX(Problem p)
    {
        if (p.Formula.IsVector)
        {
            var j = Differentiate.Jacobian(p.Vector, p.Point.Values);
            return (j.Kinks, j.Diagnostics,
                !j.Value.All(double.IsFinite) ? "F(x) is not finite (see the notes on x)"
                : !j.Jacobian.Cast<double>().All(double.IsFinite) ? "the Jacobian at x is not finite (see the notes on x)" : null);
        }
        var g = Differentiate.Gradient(p.Scalar, p.Point.Values);
        return (g.Kinks, g.Diagnostics,
            !double.IsFinite(g.Value) ? $"f(x) = {Human.N(g.Value)} is not finite (see the notes on x)"
            : !g.Gradient.All(double.IsFinite) ? "∇f(x) is not finite (see the notes on x)" : null);
    }
}
