using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>
/// The Jacobian picture, in the plane of perturbations: the input circle ρu, its image F(x + ρu) − F(x), and its image
/// under the linear map J·ρu, an ellipse with semi-axes ρσ₁ and ρσ₂. Input and output perturbations share the axes.
/// </summary>
public static class JacobianPlot
{
    /// <summary>The plot of <paramref name="p"/>.</summary>
    public static Plot Create(JacobianPicture p, Subject s)
    {
        var plot = Figure.Create(s.Title("F"), "first component of the perturbation (δx in, δF₁ out)", "second component (δy in, δF₂ out)");
        var circle = plot.Add.ScatterLine(p.Circle.Select(c => c.X).ToArray(), p.Circle.Select(c => c.Y).ToArray(), Colors.Gray);
        circle.LineWidth = 2;
        circle.LinePattern = LinePattern.Dashed;
        circle.LegendText = $"input circle, radius ρ = {Subject.Number(p.Radius)}";
        var image = plot.Add.ScatterLine(p.Image.Select(c => c.X).ToArray(), p.Image.Select(c => c.Y).ToArray(), Colors.Red);
        image.LineWidth = 3;
        image.LegendText = "its image F(x + ρu) − F(x)";
        var linear = plot.Add.ScatterLine(p.Linear.Select(c => c.X).ToArray(), p.Linear.Select(c => c.Y).ToArray(), Colors.Blue);
        linear.LineWidth = 2;
        linear.LinePattern = LinePattern.Dashed;
        linear.LegendText = "under the linear map J·ρu (an ellipse)";
        for (int k = 0; k < 2; k++)
        {
            var (ax, ay) = p.Axes[k];
            if (!double.IsFinite(ax) || !double.IsFinite(ay)) continue;
            var arrow = plot.Add.Arrow(0, 0, ax, ay);
            arrow.ArrowFillColor = arrow.ArrowLineColor = Colors.Navy;
            arrow.ArrowWidth = 2;
            arrow.LegendText = k == 0 ? $"semi-axes ρσ₁, ρσ₂: σ = {Subject.Number(p.SingularValues[0])}, {Subject.Number(p.SingularValues[1])}" : "";
        }
        plot.Add.Marker(0, 0, MarkerShape.FilledCircle, 8, Colors.Black);
        // Equal units on both axes (so ∇f looks perpendicular to its level set), zooming out rather than cutting the window.
        plot.Axes.Rules.Add(new ScottPlot.AxisRules.SquareZoomOut(plot.Axes.Bottom, plot.Axes.Left));
        plot.ShowLegend(Alignment.UpperRight);
        var j = p.Jacobian;
        var notes = new List<string>
        {
            $"J = DF(x) = [[{Subject.Number(j[0, 0])}, {Subject.Number(j[0, 1])}], [{Subject.Number(j[1, 0])}, {Subject.Number(j[1, 1])}]], F(x) = {Subject.Vector(p.Value)}",
            $"largest |image − ellipse| / ρ = {Subject.Number(p.RelativeGap, 3)} (shrinks like ρ where F is differentiable)",
        };
        int undefined = p.Image.Count(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y));
        if (undefined > 0) notes.Add($"F is undefined (NaN) at {undefined} of {p.Image.Length} points of the circle: gaps in its image");
        notes.AddRange(p.Kinks.Select(k => $"kink at the point: {k.Where}, {k.Convention}"));
        Figure.Caption(plot, notes);
        return plot;
    }
}
