using System.Text.Json;
using Tangent.Checks;
using Tangent.Cli.Shared;
using Tangent.Pictures;

namespace Tangent.Cli.Explorer;

/// <summary>
/// The picture records of <see cref="Tangent.Pictures"/> as JSON for the page: numbers in shortest round-trip form,
/// non-finite ones as the strings "NaN", "Infinity", "-Infinity" (as every --json output), keys in snake_case.
/// </summary>
internal static class PictureJson
{
    public static string Contour(Problem p, ContourPicture c) => Write(p, w =>
    {
        JsonOutput.Number(w, "value", c.Value);
        JsonOutput.Vector(w, "gradient", c.Gradient);
        JsonOutput.Number(w, "gradient_norm", c.GradientNorm);
        if (c.Tangent is null) w.WriteNull("tangent");
        else JsonOutput.Vector(w, "tangent", c.Tangent);
        JsonOutput.Number(w, "radius", c.Plane.Radius);
        JsonOutput.Vector(w, "xs", c.Xs);
        JsonOutput.Vector(w, "ys", c.Ys);
        // values[j][i] = f(xs[i], ys[j]): one row per y, bottom row first.
        w.WriteStartArray("values");
        for (int j = 0; j < c.Ys.Length; j++)
        {
            w.WriteStartArray();
            for (int i = 0; i < c.Xs.Length; i++) JsonOutput.Value(w, c.Values[j, i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("within_linear");
        for (int j = 0; j < c.Ys.Length; j++)
        {
            var row = new char[c.Xs.Length];
            for (int i = 0; i < row.Length; i++) row[i] = c.WithinLinear[j, i] ? '1' : '0';
            w.WriteStringValue(row);
        }
        w.WriteEndArray();
        JsonOutput.Number(w, "tolerance", Pictures.Contour.Tolerance);
        w.WriteStartArray("arrows");
        foreach (var a in c.Arrows)
        {
            w.WriteStartArray();
            w.WriteNumberValue(a.X);
            w.WriteNumberValue(a.Y);
            w.WriteNumberValue(a.Dx);
            w.WriteNumberValue(a.Dy);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        JsonOutput.Number(w, "undefined_fraction", c.UndefinedFraction);
        Kinks(w, c.Kinks);
    });

    public static string Angle(Problem p, AnglePicture a) => Write(p, w =>
    {
        JsonOutput.Vector(w, "theta", a.Theta);
        JsonOutput.Vector(w, "measured", a.Measured);
        JsonOutput.Vector(w, "predicted", a.Predicted);
        JsonOutput.Number(w, "theta_star", a.ThetaStar);
        JsonOutput.Number(w, "gradient_norm", a.GradientNorm);
        JsonOutput.Number(w, "largest_gap", a.LargestGap);
        w.WriteBoolean("coincide", a.Coincide);
        Kinks(w, a.Kinks);
    });

    public static string Taylor(Problem p, TaylorPicture t) => Write(p, w =>
    {
        JsonOutput.Vector(w, "direction", t.First.Direction);
        Test(w, "linear", t.First);
        if (t.Second is not null) Test(w, "quadratic", t.Second);
        w.WriteStartArray("references");
        foreach (var r in t.References)
        {
            w.WriteStartObject();
            w.WriteNumber("slope", r.Slope);
            JsonOutput.Vector(w, "h", r.Steps);
            JsonOutput.Vector(w, "r", r.Remainders);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string Path(Problem p, DescentPath d) => Write(p, w =>
    {
        JsonOutput.Number(w, "learning_rate", d.LearningRate);
        JsonOutput.Number(w, "largest_eigenvalue", d.LargestEigenvalue);
        JsonOutput.Number(w, "stable_bound", d.StableBound);
        w.WriteBoolean("exploded", d.Exploded);
        w.WriteStartArray("iterates");
        foreach (var x in d.Iterates)
        {
            w.WriteStartArray();
            foreach (double c in x) JsonOutput.Value(w, c);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        JsonOutput.Vector(w, "values", d.Values);
    });

    private static void Test(Utf8JsonWriter w, string name, TaylorResult r)
    {
        w.WriteStartObject(name);
        JsonOutput.Number(w, "order", r.Order);
        w.WriteNumber("expected_order", r.ExpectedOrder);
        JsonOutput.Vector(w, "h", r.Steps.Select(s => s.Step));
        JsonOutput.Vector(w, "r", r.Steps.Select(s => s.Remainder));
        w.WriteStartArray("at_rounding_level");
        foreach (var s in r.Steps) w.WriteBooleanValue(s.Remainder <= 100 * s.Noise);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Kinks(Utf8JsonWriter w, IReadOnlyList<Kink> kinks)
    {
        w.WriteStartArray("kinks");
        foreach (var k in kinks) w.WriteStringValue(k.ToString());
        w.WriteEndArray();
    }

    private static string Write(Problem p, Action<Utf8JsonWriter> body)
    {
        var output = new StringWriter();
        JsonOutput.Write(output, w =>
        {
            w.WriteString("formula", p.Formula.Text);
            JsonOutput.Header(w, p);
            body(w);
        });
        return output.ToString();
    }
}
