using System.Text.Json;
using Tangent.Formulas;
using Tangent.Optimisation;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// The default method on the Moré–Garbow–Hillstrom problems and the extras (mgh-problems.json beside this file, written
/// by bench/optimisation/mgh.py) from their standard starts: converged, at a published minimum value (to the digits
/// published, or 1e-10 when f* = 0), and the value reported is f at the point reported.
/// </summary>
public class MoreGarbowHillstromTests
{
    private sealed record Problem(string Id, string Expr, string[] Vars, double[] Start, double[] Fstar);

    private static readonly Lazy<Dictionary<string, Problem>> All = new(() =>
    {
        string path = Locate("mgh-problems.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("problems").EnumerateArray().Select(p => new Problem(
            p.GetProperty("id").GetString()!, p.GetProperty("expr").GetString()!,
            [.. p.GetProperty("vars").EnumerateArray().Select(v => v.GetString()!)],
            [.. p.GetProperty("start").EnumerateArray().Select(v => v.GetDouble())],
            [.. p.GetProperty("fstar").EnumerateArray().Select(v => v.GetDouble())])).ToDictionary(p => p.Id);
    });

    private static string Locate(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "Optimisation", fileName), Path.Combine(dir.FullName, "tests", "Tangent.Tests", "Optimisation", fileName) })
                if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException($"{fileName} was not found above {AppContext.BaseDirectory}");
    }

    public static TheoryData<string> Ids() => [.. All.Value.Keys];

    [Theory, MemberData(nameof(Ids))]
    public void DefaultMethodConvergesToAPublishedMinimum(string id)
    {
        var p = All.Value[id];
        var f = Formula.Parse(p.Expr).ToScalarFunction(p.Vars);
        var r = Minimizer.Minimize(f, p.Start);
        Assert.True(r.Converged, $"{id}: {r.Reason}");
        // The published values carry 6 to 12 digits: within 1e-5 relative of one of them, or ≤ 1e-10 where f* = 0.
        Assert.Contains(p.Fstar, fs => fs == 0 ? r.Value <= 1e-10 : Math.Abs(r.Value - fs) <= 1e-5 * Math.Abs(fs));
        Assert.Equal(Differentiate.Value(f, r.Point), r.Value);
    }
}
