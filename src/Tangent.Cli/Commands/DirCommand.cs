using System.CommandLine;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent dir "&lt;expr&gt;" --at x=1,y=2 --along 3,4 [--json]</c>: the directional derivative D_u f = ∇f·u along
/// u = v/|v|. The given v is normalised (a directional derivative is taken along a unit vector), and the output says so.
/// </summary>
internal static class DirCommand
{
    public static Command Create(Io io)
    {
        var common = new CommonOptions();
        var along = new Option<string>("--along") { Description = "The direction v as numbers joined by commas, one per --at variable; it is normalised to u = v/|v|.", Required = true };
        var command = new Command("dir", """
            The directional derivative D_u f(x) = lim (f(x + hu) − f(x))/h = ∇f(x)·u along the unit vector u = v/|v| (--along v is normalised).

            Example: tangent dir "x^2*y + sin(y)" --at x=1,y=2 --along 3,4
            """);
        common.Add(command);
        command.Options.Add(along);
        command.SetAction(parsed =>
        {
            var p = Problem.Load(parsed, common, io);
            p.RequireScalar("dir");
            var v = PointParser.Numbers(parsed.GetValue(along)!, "--along");
            if (v.Length != p.Names.Length)
                throw new UsageException($"--along has {v.Length} number{(v.Length == 1 ? "" : "s")}, but --at has {p.Names.Length} variables ({string.Join(", ", p.Names)}): give one component per variable");
            double norm = Norm(v);
            if (norm == 0) throw new UsageException("--along is the zero vector, which has no direction: give a non-zero vector, e.g. --along " + string.Join(",", v.Select((_, i) => i == 0 ? "1" : "0")));
            if (!double.IsFinite(norm)) throw new UsageException("--along is too long to normalise (|v| overflows): scale it down");
            var u = v.Select(c => c / norm).ToArray();
            var r = Differentiate.Directional(p.Scalar, p.Point.Values, u);
            if (p.Json)
                JsonOutput.Write(io.Out, w =>
                {
                    JsonOutput.Header(w, p);
                    JsonOutput.Number(w, "value", r.Value);
                    JsonOutput.Vector(w, "along", v);
                    JsonOutput.Vector(w, "direction", r.Direction);
                    w.WriteBoolean("normalised", norm != 1);
                    JsonOutput.Number(w, "directional", r.Derivative);
                    JsonOutput.Notes(w, r.Kinks, r.Diagnostics);
                });
            else
            {
                var o = io.Out;
                Human.Heading(o, p);
                o.WriteLine(norm == 1
                    ? $"along u = {Human.Vector(r.Direction)} (a unit vector)"
                    : $"along u = v/|v| = {Human.Vector(r.Direction)}  (--along v = {Human.Vector(v)} was normalised: |v| = {Human.N(norm)})");
                o.WriteLine($"f = {Human.N(r.Value)}");
                // At a kink ∇f·u is the convention's number, not the limit D_u f (abs(x) at 0 along +x: ∇f·u = 0, D_u f = 1).
                o.WriteLine(r.Kinks.Count == 0
                    ? $"D_u f = ∇f·u = {Human.N(r.Derivative)}"
                    : $"∇f·u = {Human.N(r.Derivative)} (through the kink convention below: the directional derivative D_u f itself may differ or not exist)");
                Human.Notes(o, r.Kinks, r.Diagnostics);
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>|v|, scaled so that it neither overflows nor underflows.</summary>
    private static double Norm(double[] v)
    {
        double scale = v.Max(Math.Abs);
        if (scale == 0 || !double.IsFinite(scale)) return scale;
        return scale * Math.Sqrt(v.Sum(c => (c / scale) * (c / scale)));
    }
}
