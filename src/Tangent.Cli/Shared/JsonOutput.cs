using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tangent.Cli.Shared;

/// <summary>
/// Writes the one JSON object (RFC 8259) a command prints with --json. Numbers are written in the shortest
/// form that round-trips to the same double, with the invariant culture; NaN and ±∞, which JSON has no
/// number for, are the strings "NaN", "Infinity", "-Infinity".
/// </summary>
/// <example>
/// <code>
/// JsonOutput.Write(io.Out, w =&gt; { JsonOutput.Header(w, problem); JsonOutput.Number(w, "value", 3.5); });
/// </code>
/// </example>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one object whose members <paramref name="body"/> writes, followed by a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>"variables" (the --at names in order) and "point".</summary>
    public static void Header(Utf8JsonWriter w, Problem p)
    {
        w.WriteStartArray("variables");
        foreach (var name in p.Names) w.WriteStringValue(name);
        w.WriteEndArray();
        Vector(w, "point", p.Point.Values);
    }

    public static void Number(Utf8JsonWriter w, string name, double v)
    {
        w.WritePropertyName(name);
        Value(w, v);
    }

    public static void Value(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteStringValue(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
    }

    public static void Vector(Utf8JsonWriter w, string name, IEnumerable<double> v)
    {
        w.WriteStartArray(name);
        foreach (var x in v) Value(w, x);
        w.WriteEndArray();
    }

    /// <summary>A measured quantity: a number, or null where nothing could be measured (NaN).</summary>
    public static void Measured(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsNaN(v)) w.WriteNull(name);
        else Number(w, name, v);
    }

    /// <summary>Measured quantities: a number each, or null where nothing could be measured (NaN).</summary>
    public static void Measurements(Utf8JsonWriter w, string name, IEnumerable<double> v)
    {
        w.WriteStartArray(name);
        foreach (var x in v)
            if (double.IsNaN(x)) w.WriteNullValue();
            else Value(w, x);
        w.WriteEndArray();
    }

    /// <summary>A matrix as an array of rows.</summary>
    public static void Matrix(Utf8JsonWriter w, string name, double[,] m)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < m.GetLength(0); i++)
        {
            w.WriteStartArray();
            for (int j = 0; j < m.GetLength(1); j++) Value(w, m[i, j]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    /// <summary>"kinks" (only when some were hit) and "diagnostics" (only when there are any).</summary>
    public static void Notes(Utf8JsonWriter w, IReadOnlyList<Kink> kinks, IReadOnlyList<Diagnostic> diagnostics)
    {
        if (kinks.Count > 0)
        {
            w.WriteStartArray("kinks");
            foreach (var k in kinks)
            {
                w.WriteStartObject();
                w.WriteString("primitive", k.Primitive);
                w.WriteString("where", k.Where);
                w.WriteString("convention", k.Convention);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (diagnostics.Count > 0)
        {
            w.WriteStartArray("diagnostics");
            foreach (var d in diagnostics) w.WriteStringValue(d.Message);
            w.WriteEndArray();
        }
    }
}
