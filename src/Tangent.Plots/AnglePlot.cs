using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>
/// The angle picture: the measured one-sided D_u f against θ beside the linear prediction |∇f| cos(θ − θ*); they coincide
/// where f is differentiable and visibly part at a kink.
/// </summary>
public static class AnglePlot
{
    /// <summary>The plot of <paramref name="p"/> (θ in degrees).</summary>
    public static Plot Create(AnglePicture p, Subject s, string xName, string yName)
    {
        var plot = Figure.Create(s.Title(), $"θ (degrees) of the direction u = (cos θ, sin θ) in ({xName}, {yName})", "directional derivative");
        var degrees = p.Theta.Select(t => t * 180 / Math.PI).ToArray();
        var predicted = plot.Add.ScatterLine(degrees, p.Predicted, Colors.Blue);
        predicted.LineWidth = 3;
        predicted.LegendText = $"∇f·u = |∇f| cos(θ − θ*), |∇f| = {Subject.Number(p.GradientNorm)}";
        var measured = plot.Add.ScatterLine(degrees, p.Measured, Colors.Red);
        measured.LineWidth = 2;
        measured.LinePattern = LinePattern.Dashed;
        measured.LegendText = "D⁺u f measured from f (one-sided differences)";
        if (double.IsFinite(p.ThetaStar))
        {
            var star = plot.Add.VerticalLine(p.ThetaStar * 180 / Math.PI, 1.5f, Colors.Black, LinePattern.Dotted);
            star.LegendText = $"θ* = {Subject.Number(p.ThetaStar * 180 / Math.PI)}° (direction of ∇f)";
        }
        plot.Add.HorizontalLine(0, 1, Colors.Gray);
        plot.Axes.SetLimitsX(0, 360);
        plot.ShowLegend(Alignment.UpperRight);
        string verdict = p.Coincide
            ? $"they coincide (largest gap {Subject.Number(p.LargestGap, 2)}): one linear map predicts every direction"
            : $"they differ by up to {Subject.Number(p.LargestGap)}: the directional derivatives are not one linear map's (not differentiable here)";
        var notes = new List<string> { verdict };
        if (p.Measured.Any(m => !double.IsFinite(m))) notes.Add($"f is undefined (NaN) along {p.Measured.Count(m => !double.IsFinite(m))} of {p.Measured.Length} directions: gaps in the measured curve");
        notes.AddRange(p.Kinks.Select(k => $"kink at the point: {k.Where}, {k.Convention}"));
        Figure.Caption(plot, notes);
        return plot;
    }
}
