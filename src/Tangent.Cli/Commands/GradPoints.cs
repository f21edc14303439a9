using System.Diagnostics;
using System.Text;
using Tangent.Cli.Shared;
using Tangent.Formulas;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent grad "&lt;expr&gt;" --points FILE.csv [--json]</c>: value and gradient at every point of a CSV file.
/// The whole file is read and checked first, so that a bad row anywhere writes nothing (the first bad line and the
/// count of bad lines are reported). Each row then gets f, ∇f, the kinks hit and the notes that explain a non-finite
/// number, as CSV (one row per point) or, with --json, as JSON lines (one object per point, the shape of
/// <c>grad --json</c>).
/// </summary>
/// <remarks>
/// The points are evaluated by one <see cref="CompiledFunction"/> (<see cref="Differentiate.Compile(ScalarFunction, CompileOptions?)"/>),
/// the library's compiled-by-default mechanism: recorded at the first row, compiled to IL, re-recorded where a branch
/// decision changes and kept as a cache of variants, one per pattern of branch decisions. Compiled code does not see
/// kinks (an operand exactly on a primitive's kink, a comparison exactly on its boundary), so a variant that can hit one
/// (a primitive with a kink convention, or a branch) is not compiled but replayed (<see cref="CompileOptions.ReportKinks"/>),
/// and a compiled row whose numbers are not finite is replayed for the notes that explain them.
/// </remarks>
internal static class GradPoints
{
    /// <summary>Each variant compiled on the first row that needs it (the rows are few next to the runs of a library caller).</summary>
    static readonly CompileOptions Options = new() { Background = false, ReportKinks = true };

    public static int Run(Formula formula, FileInfo file, bool json, Io io)
    {
        if (formula.IsVector)
            throw new UsageException($"grad --points needs a scalar formula, but this is a vector map of {formula.Dimension} components");
        if (!file.Exists) throw new UsageException($"--points {file.Name}: no such file");
        var names = Validate(formula, file);

        var f = formula.ToScalarFunction(names);
        var o = io.Out;
        var x = new double[names.Length];
        var line = new StringBuilder();
        var compiled = Differentiate.Compile(f, Options);
        int count = 0;
        var clock = Stopwatch.StartNew();
        using var reader = file.OpenText();
        reader.ReadLine(); // the header, checked by Validate
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split(',');
            for (int i = 0; i < x.Length; i++) x[i] = double.Parse(cells[i].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            var result = compiled.Gradient(x);
            double value = result.Value;
            var gradient = result.Gradient;
            var kinks = result.Kinks;
            var diagnostics = result.Diagnostics;
            // The header goes out with the first row, once the formula has been recorded: an error in recording
            // (a graph over its size limit) leaves no output at all.
            if (count == 0 && !json) o.WriteLine(string.Join(",", names.Append("f").Concat(names.Select(n => "df/d" + n)).Append("kinks").Append("notes")));
            if (json) WriteJson(o, names, x, value, gradient, kinks, diagnostics);
            else
            {
                line.Clear();
                foreach (var c in x) line.Append(Human.Exact(c)).Append(',');
                line.Append(Human.Exact(value));
                foreach (var d in gradient) line.Append(',').Append(Human.Exact(d));
                line.Append(',').Append(Csv(string.Join("; ", kinks.Select(k => k.Where).Distinct())));
                line.Append(',').Append(Csv(string.Join("; ", diagnostics.Select(d => d.Message))));
                o.WriteLine(line);
            }
            count++;
        }
        clock.Stop();
        double seconds = clock.Elapsed.TotalSeconds;
        int recordings = compiled.Recordings, variants = compiled.Compilations;
        io.Error.WriteLine($"tangent: {count} points in {seconds:F3} s ({(seconds > 0 ? count / seconds : 0):F0} points/s); graph recorded {recordings} time{(recordings == 1 ? "" : "s")} " +
            $"and re-used for the other {count - recordings} (recorded again when the branch decisions matched no kept variant), compiled to IL {variants} time{(variants == 1 ? "" : "s")}");
        return Cli.Ok;
    }

    /// <summary>
    /// Reads the whole file once and checks the header and every row, before anything is written: the variable names
    /// in column order; or one <see cref="UsageException"/> naming the first bad line and how many
    /// lines are bad.
    /// </summary>
    private static string[] Validate(Formula formula, FileInfo file)
    {
        using var reader = file.OpenText();
        string header = reader.ReadLine() ?? throw new UsageException($"--points {file.Name} is empty: its first line must name the variables, e.g. x,y");
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        foreach (var name in names) PointParser.CheckName(name, $"the header of {file.Name}");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"the header of {file.Name} names {Human.Clip(duplicate.Key)} twice: name each variable once");
        var missing = formula.Variables.Where(v => !names.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"the formula uses {string.Join(", ", missing.Select(m => Human.Clip(m)))}, but the header of {file.Name} ({Human.Clip(header)}) does not name {(missing.Count == 1 ? "it" : "them")}: add a column for each");
        int rows = 0, bad = 0, lineNumber = 1;
        string? first = null;
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            string? problem = RowProblem(text, names);
            if (problem is null) { rows++; continue; }
            bad++;
            first ??= $"{file.Name} line {lineNumber} {problem}";
        }
        if (bad > 0)
            throw new UsageException($"{first}{(bad == 1 ? "" : $" ({bad:N0} bad lines in all)")}; nothing was written: fix the file and run again");
        if (rows == 0) throw new UsageException($"--points {file.Name} has a header but no points: add one row of numbers per point");
        return names;
    }

    /// <summary>What is wrong with one row (without "line N"), or null when it is a point.</summary>
    private static string? RowProblem(string text, string[] names)
    {
        var cells = text.Split(',');
        if (cells.Length != names.Length)
            return $"has {cells.Length} value{(cells.Length == 1 ? "" : "s")}, but the header names {names.Length} variable{(names.Length == 1 ? "" : "s")}";
        for (int i = 0; i < cells.Length; i++)
        {
            string cell = cells[i].Trim();
            if (!double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
                return $"column {names[i]} is '{Human.Clip(cell)}', which is not a number: write a decimal such as -1.2, 4000 or 1e-8";
            if (!double.IsFinite(v))
                return $"column {names[i]} is '{Human.Clip(cell)}', which is not finite: give a finite number";
        }
        return null;
    }

    /// <summary>One JSON line: the shape of <c>grad --json</c>.</summary>
    private static void WriteJson(TextWriter o, string[] names, double[] x, double value, double[] gradient,
        IReadOnlyList<Kink> kinks, IReadOnlyList<Diagnostic> diagnostics) => JsonOutput.Write(o, w =>
    {
        w.WriteStartArray("variables");
        foreach (var name in names) w.WriteStringValue(name);
        w.WriteEndArray();
        JsonOutput.Vector(w, "point", x);
        JsonOutput.Number(w, "value", value);
        JsonOutput.Vector(w, "gradient", gradient);
        JsonOutput.Notes(w, kinks, diagnostics);
    });

    /// <summary>A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.</summary>
    private static string Csv(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
