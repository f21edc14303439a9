using System.Globalization;

namespace Tangent.Benchmarks;

/// <summary>One line of the results: a tool's gradient (or other derivative) of a problem against plain f.</summary>
public sealed record Row(string Problem, long N, string Tool, double FNs, double GradNs, double RelError, double BytesPerCall, string Note = "")
{
    public double Ratio => GradNs / FNs;
}

/// <summary>Collects rows, prints them as a table and writes them as CSV (the format bench/peers writes too).</summary>
public static class Report
{
    public static readonly List<Row> Rows = [];
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string CsvHeader = "problem,n,tool,f_ns,grad_ns,ratio,rel_error,bytes_per_call,note";

    /// <summary>When set, every row is also appended here as it is measured (a cut-short run keeps what it has).</summary>
    public static string? CsvPath;

    public static void Add(Row r)
    {
        Rows.Add(r);
        Console.WriteLine(Line(r));
        if (CsvPath is not null) File.AppendAllText(CsvPath, CsvLine(r) + Environment.NewLine);
    }

    public static void StartCsv(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, CsvHeader + Environment.NewLine);
        CsvPath = path;
    }

    static string CsvLine(Row r) =>
        string.Join(',', r.Problem, r.N.ToString(Inv), '"' + r.Tool + '"', r.FNs.ToString("R", Inv), r.GradNs.ToString("R", Inv),
            r.Ratio.ToString("R", Inv), r.RelError.ToString("R", Inv), r.BytesPerCall.ToString("R", Inv), '"' + r.Note.Replace("\"", "'") + '"');

    public static string Header() =>
        $"{"problem",-22} {"n",9} {"tool",-40} {"f",10} {"time",10} {"× f",8} {"rel.err",9} {"B/call",8}  note";

    public static string Line(Row r) =>
        $"{r.Problem,-22} {r.N,9} {r.Tool,-40} {Harness.Time(r.FNs),10} {Harness.Time(r.GradNs),10} {r.Ratio,8:F2} {Err(r.RelError),9} {r.BytesPerCall,8:F0}  {r.Note}";

    static string Err(double e) => double.IsNaN(e) ? "-" : e.ToString("0.0E+0", Inv);

}
