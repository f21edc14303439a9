using System.Diagnostics;
using Tangent.Cli.Shared;
using Tangent.Formulas;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent grad "&lt;expr&gt;" --points FILE.csv</c>: value and gradient at every point of a CSV file.
/// The formula's graph is recorded once and re-evaluated at each new point (<see cref="Graph.At"/>) while
/// every branch decision it recorded comes out the same; when one changes, the formula is recorded again
/// at that point. A graph that keeps being re-used is compiled to IL (<see cref="CompiledGradient"/>),
/// which pays once it has served <see cref="CompileAfter"/> points. Never a stale derivative: both paths
/// re-check every recorded branch decision.
/// </summary>
internal static class GradPoints
{
    /// <summary>Re-uses of one recording after which it is compiled: compiling costs about as much as a few dozen interpreted points.</summary>
    public const int CompileAfter = 32;

    public static int Run(Formula formula, FileInfo file, Io io)
    {
        if (formula.IsVector)
            throw new UsageException($"grad --points needs a scalar formula, but this is a vector map of {formula.Dimension} components");
        if (!file.Exists) throw new UsageException($"--points {file.Name}: no such file");
        using var reader = file.OpenText();
        string header = reader.ReadLine() ?? throw new UsageException($"--points {file.Name} is empty: its first line must name the variables, e.g. x,y");
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        foreach (var name in names) PointParser.CheckName(name, $"the header of {file.Name}");
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new UsageException($"the header of {file.Name} names {duplicate.Key} twice: name each variable once");
        var missing = formula.Variables.Where(v => !names.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"the formula uses {string.Join(", ", missing)}, but the header of {file.Name} ({header}) does not name {(missing.Count == 1 ? "it" : "them")}: add a column for each");

        var f = formula.ToScalarFunction(names);
        var o = io.Out;
        o.WriteLine(string.Join(",", names.Append("f").Concat(names.Select(n => "df/d" + n))));
        var x = new double[names.Length];
        var line = new System.Text.StringBuilder();
        Graph? recorded = null;
        CompiledGradient? compiled = null;
        var gradient = new double[names.Length];
        int count = 0, recordings = 0, compilations = 0, reuses = 0, lineNumber = 1;
        var clock = Stopwatch.StartNew();
        for (string? text; (text = reader.ReadLine()) is not null;)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = text.Split(',');
            if (cells.Length != names.Length)
                throw new UsageException($"{file.Name} line {lineNumber} has {cells.Length} values, but the header names {names.Length} variables");
            for (int i = 0; i < x.Length; i++) x[i] = PointParser.Number(cells[i].Trim(), $"{file.Name} line {lineNumber}, column {names[i]},");
            double value = 0;
            bool done = false;
            if (compiled is not null)
            {
                value = compiled.Evaluate(x, gradient, out done);
                if (!done) compiled = null;
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
                else if (++reuses == CompileAfter)
                {
                    compiled = CompiledGradient.Compile(recorded!);
                    compilations++;
                }
                value = g.Value[0];
                g.Gradient().CopyTo(gradient, 0);
            }
            line.Clear().Append(text.Trim()).Append(',').Append(Human.Exact(value));
            foreach (var d in gradient) line.Append(',').Append(Human.Exact(d));
            o.WriteLine(line);
            count++;
        }
        clock.Stop();
        double seconds = clock.Elapsed.TotalSeconds;
        io.Error.WriteLine($"tangent: {count} points in {seconds:F3} s ({(seconds > 0 ? count / seconds : 0):F0} points/s); graph recorded {recordings} time{(recordings == 1 ? "" : "s")} and re-used for the other {count - recordings} (re-recorded when a branch decision changed), compiled to IL {compilations} time{(compilations == 1 ? "" : "s")}");
        return Cli.Ok;
    }
}
