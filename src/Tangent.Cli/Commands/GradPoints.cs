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
/// The formula's graph is recorded once and re-evaluated at each new point (<see cref="Graph.At"/>) while every branch
/// decision it recorded comes out the same; when one changes, the formula is recorded again at that point. A graph that
/// keeps being re-used is compiled to IL (<see cref="CompiledGradient"/>), which pays once it has served
/// <see cref="CompileAfter"/> points. Never a stale derivative: both paths re-check every recorded branch decision.
/// The compiled code does not see kinks (an operand exactly on a primitive's kink, a comparison exactly on its
/// boundary), so a graph that can hit one (a primitive with a kink convention, or a branch) stays interpreted, and a
/// compiled row whose numbers are not finite is replayed for the notes that explain them.
/// </remarks>
internal static class GradPoints
{
    /// <summary>Re-uses of one recording after which it is compiled: compiling costs about as much as a few dozen interpreted points.</summary>
    public const int CompileAfter = 32;

    public static int Run(Formula formula, FileInfo file, bool json, Io io)
    {
        if (formula.IsVector)
            throw new UsageException($"grad --points needs a scalar formula, but this is a vector map of {formula.Dimension} components");
        if (!file.Exists) throw new UsageException($"--points {file.Name}: no such file");
        var names = Validate(formula, file);

        var f = formula.ToScalarFunction(names);
        var o = io.Out;
        var x = new double[names.Length];
        var gradient = new double[names.Length];
        var line = new StringBuilder();
        Graph? recorded = null;
        CompiledGradient? compiled = null;
        int count = 0, recordings = 0, compilations = 0, reuses = 0;
        var clock = Stopwatch.StartNew();
        using var reader = file.OpenText();
        reader.ReadLine(); // the header, checked by Validate
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split(',');
            for (int i = 0; i < x.Length; i++) x[i] = double.Parse(cells[i].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            double value = 0;
            bool done = false;
            IReadOnlyList<Kink> kinks = [];
            IReadOnlyList<Diagnostic> diagnostics = [];
            if (compiled is not null)
            {
                value = compiled.Evaluate(x, gradient, out done);
                if (!done) compiled = null;
                else if (!double.IsFinite(value) || !gradient.All(double.IsFinite)) done = false; // replayed below for the notes
            }
            if (!done)
            {
                var g = recorded?.At(x);
                if (g is null)
                {
                    g = recorded = Differentiate.Record(f, x);
                    recordings++;
                    reuses = 0;
                }
                else if (++reuses == CompileAfter && compiled is null && !CanHitKink(recorded!))
                {
                    compiled = CompiledGradient.Compile(recorded!);
                    compilations++;
                }
                value = g.Value[0];
                g.Gradient().CopyTo(gradient, 0);
                kinks = g.Kinks;
                diagnostics = g.Diagnostics;
            }
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
        io.Error.WriteLine($"tangent: {count} points in {seconds:F3} s ({(seconds > 0 ? count / seconds : 0):F0} points/s); graph recorded {recordings} time{(recordings == 1 ? "" : "s")} and re-used for the other {count - recordings} (re-recorded when a branch decision changed), compiled to IL {compilations} time{(compilations == 1 ? "" : "s")}");
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

    /// <summary>
    /// Whether an evaluation of the graph at some point can land exactly on a kink the compiled code would not report:
    /// a primitive with a kink convention (abs, relu, max, …) or a branch (a comparison on its boundary).
    /// </summary>
    private static bool CanHitKink(Graph g)
    {
        if (g.BranchCount > 0) return true;
        var prims = g.NodePrimitives();
        for (int i = g.InputCount + 1; i < prims.Length; i++)
            if (prims[i].KinkConvention.Length > 0) return true;
        return false;
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
