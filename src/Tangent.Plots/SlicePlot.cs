using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>The slice picture: φ(t) = f(x + t·u) with its tangent line and quadratic model at t = 0.</summary>
public static class SlicePlot
{
    /// <summary>The plot of <paramref name="p"/>.</summary>
    public static Plot Create(SlicePicture p, Subject s)
    {
        var plot = Figure.Create(s.Title(), $"t along u = {Subject.Vector(p.Direction)}", "f(x + t·u)");
        var f = plot.Add.ScatterLine(p.T, p.Values, Colors.Black);
        f.LineWidth = 3;
        f.LegendText = "f along the line";
        var linear = plot.Add.ScatterLine(p.T, p.Linear, Colors.Red);
        linear.LineWidth = 2;
        linear.LinePattern = LinePattern.Dashed;
        linear.LegendText = $"tangent line, slope ∇f·u = {Subject.Number(p.Slope)}";
        var quadratic = plot.Add.ScatterLine(p.T, p.Quadratic, Colors.Blue);
        quadratic.LineWidth = 2;
        quadratic.LinePattern = LinePattern.Dotted;
        quadratic.LegendText = $"quadratic model, uᵀ∇²f u = {Subject.Number(p.Curvature)}";
        plot.Add.Marker(0, p.Value, MarkerShape.FilledCircle, 10, Colors.Black);
        // The vertical range follows f (the models may run far off it at the ends).
        var finite = p.Values.Where(double.IsFinite).ToArray();
        if (finite.Length > 0)
        {
            double lo = finite.Min(), hi = finite.Max(), pad = Math.Max(0.1 * (hi - lo), 1e-9 * Math.Max(1, Math.Abs(hi)));
            plot.Axes.SetLimits(p.T[0], p.T[^1], lo - pad, hi + pad);
        }
        plot.ShowLegend(Alignment.UpperLeft);
        var notes = new List<string>();
        double gap = p.UndefinedFraction;
        if (gap > 0) notes.Add($"f is undefined (NaN) on {gap:P1} of the line: gaps in the curve");
        notes.AddRange(p.Kinks.Select(k => $"kink at the point: {k.Where}, {k.Convention}"));
        Figure.Caption(plot, notes);
        return plot;
    }
}
