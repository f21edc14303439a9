using System.Globalization;
using System.Text;

namespace Tangent.Benchmarks;

/// <summary>
/// Combines the CSV files of one run (ours and the peers'): a Markdown table with every time as a
/// ratio to plain C# f of the same problem and size, and a log-log PNG of Rosenbrock gradient time
/// against n for every tool.
/// Usage: plot A.csv B.csv ... --png docs/benchmarks.png --md table.md
/// </summary>
public static class Plot
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Run(string[] args)
    {
        string? png = null, md = null;
        var files = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--png") png = args[++i];
            else if (args[i] == "--md") md = args[++i];
            else files.Add(args[i]);
        }
        var rows = files.Where(File.Exists).SelectMany(Read).ToList();
        if (md is not null) File.WriteAllText(md, Table(rows));
        if (png is not null) Draw(rows, png);
    }

    static IEnumerable<Row> Read(string path)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('(')) continue;
            var f = Split(line);
            if (f.Count < 8) continue;
            yield return new Row(f[0], long.Parse(f[1], Inv), f[2], D(f[3]), D(f[4]), D(f[6]), D(f[7]), f.Count > 8 ? f[8] : "");
        }
    }

    static double D(string s) => double.TryParse(s, NumberStyles.Float, Inv, out var v) ? v : double.NaN;

    static List<string> Split(string line)
    {
        var fields = new List<string>();
        var cur = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(c);
        }
        fields.Add(cur.ToString());
        return fields;
    }

    /// <summary>The plain C# f time of a problem and size: the baseline of every ratio.</summary>
    static double Baseline(List<Row> rows, Row r) =>
        rows.FirstOrDefault(b => b.Problem == r.Problem && b.N == r.N && b.Tool == "plain C# f (double[])")?.GradNs ?? r.FNs;

    static string Table(List<Row> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| problem | n | tool | f (plain C#) | time | × plain C# f | rel. error vs hand-written adjoint | note |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|---|");
        foreach (var r in rows.OrderBy(r => r.Problem).ThenBy(r => r.N))
        {
            double b = Baseline(rows, r);
            string err = double.IsNaN(r.RelError) ? "" : r.RelError.ToString("0.0E+0", Inv);
            sb.AppendLine($"| {r.Problem} | {r.N:N0} | {r.Tool.Trim()} | {Harness.Time(b)} | {Harness.Time(r.GradNs)} | {(r.GradNs / b).ToString("0.##", Inv)} | {err} | {r.Note} |");
        }
        return sb.ToString();
    }

    static void Draw(List<Row> rows, string path)
    {
        ScottPlot.Fonts.Default = "DejaVu Sans";
        var plt = new ScottPlot.Plot();
        var rosen = rows.Where(r => r.Problem == "rosenbrock" && !r.Tool.Contains("profile")).ToList();
        string[] colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#000000", "#aec7e8", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94"];
        ScottPlot.MarkerShape[] shapes = [ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledSquare, ScottPlot.MarkerShape.FilledTriangleUp, ScottPlot.MarkerShape.FilledDiamond];
        int k = 0;
        foreach (var group in rosen.GroupBy(r => r.Tool.Trim()))
        {
            var pts = group.OrderBy(r => r.N).ToList();
            var xs = pts.Select(r => Math.Log10(r.N)).ToArray();
            var ys = pts.Select(r => Math.Log10(r.GradNs)).ToArray();
            var s = plt.Add.Scatter(xs, ys);
            s.LegendText = group.Key;
            s.Color = ScottPlot.Color.FromHex(colors[k % colors.Length]);
            s.MarkerShape = shapes[k % shapes.Length];
            s.LineWidth = 2;
            s.MarkerSize = 7;
            if (group.Key.Contains("plain") || group.Key.Contains("no grad")) s.LinePattern = ScottPlot.LinePattern.Dashed;
            k++;
        }
        static string Pow10(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? $"1e{v:0}" : "";
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Pow10, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true };
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Pow10, MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(), IntegerTicksOnly = true };
        plt.Title("Extended Rosenbrock: gradient time against n (log-log)");
        plt.XLabel("n");
        plt.YLabel("time per gradient (ns)");
        plt.ShowLegend(ScottPlot.Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plt.SavePng(path, 1100, 750);
    }
}
