using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>
/// The Jacobian picture, two panels side by side under one title. Left, the input perturbations: the circle ρu and
/// the directions ρv₁, ρv₂ (right singular vectors). Right, the output perturbations: the circle's image
/// F(x + ρu) − F(x) and its image under the linear map J·ρu, an ellipse with semi-axes ρσ₁u₁ and ρσ₂u₂. Twelve
/// numbered points of the circle are marked in both panels in the same colours, so the eye follows each input
/// direction to where F and J send it. Both panels have equal units and the same scale.
/// </summary>
public static class JacobianPlot
{
    /// <summary>The number of marked directions (every 30°).</summary>
    private const int Marks = 12;

    /// <summary>The figure of <paramref name="p"/>: a title strip above the input and output panels.</summary>
    public static Multiplot Create(JacobianPicture p, Subject s)
    {
        var title = new Plot();
        title.HideAxesAndGrid();
        var heading = title.Add.Annotation(s.Title("F"), Alignment.MiddleCenter);
        heading.LabelFontSize = 15;
        heading.LabelBold = true;
        heading.LabelBackgroundColor = Colors.Transparent;
        heading.LabelBorderColor = Colors.Transparent;
        heading.LabelShadowColor = Colors.Transparent;
        heading.LabelFontColor = Colors.Black;
        var input = Figure.Create("input: the circle ρu", "δx", "δy");
        var output = Figure.Create("output: F(x + ρu) − F(x) and J·ρu", "δF₁", "δF₂");
        Input(input, p);
        Output(output, p);
        // One scale for both panels: the larger of the circle and its images, so lengths compare across the panels;
        // the margin leaves the legend (top) and the caption (bottom) clear of the curves.
        double half = 1.7 * Extent(p);
        foreach (var panel in new[] { input, output })
        {
            panel.Axes.SetLimits(-half, half, -half, half);
            panel.Axes.Rules.Add(new ScottPlot.AxisRules.SquareZoomOut(panel.Axes.Bottom, panel.Axes.Left));
        }
        var figure = new Multiplot();
        var grid = new ScottPlot.MultiplotLayouts.CustomGrid();
        figure.Layout = grid;
        figure.AddPlot(title);
        figure.AddPlot(input);
        figure.AddPlot(output);
        // Rows of a 14-row grid: the title strip 1, the panels 13.
        grid.Set(title, new GridCell(0, 0, 14, 2, 1, 2));
        grid.Set(input, new GridCell(1, 0, 14, 2, 13, 1));
        grid.Set(output, new GridCell(1, 1, 14, 2, 13, 1));
        return figure;
    }

    private static void Input(Plot plot, JacobianPicture p)
    {
        var circle = Line(plot, p.Circle, Colors.Gray, 2, LinePattern.Solid);
        circle.LegendText = $"ρu, |u| = 1, ρ = {Subject.Number(p.Radius)}";
        Arrows(plot, p.InputAxes, "ρv₁, ρv₂: sent by J onto the semi-axes");
        Mark(plot, p.Circle, numbered: true);
        plot.Add.Marker(0, 0, MarkerShape.FilledCircle, 8, Colors.Black);
        plot.ShowLegend(Alignment.UpperRight);
        // A half-width panel: the kink notes are wrapped so they stay inside it.
        Figure.Caption(plot, Figure.Wrap([$"x = {Subject.Vector(p.Point)}", "numbers: the same directions u in both panels",
            .. p.Kinks.Select(k => $"kink at the point: {k.Where}, {k.Convention}")], 56));
    }

    private static void Output(Plot plot, JacobianPicture p)
    {
        var image = Line(plot, p.Image, Colors.Red, 3, LinePattern.Solid);
        image.LegendText = "F(x + ρu) − F(x)";
        var linear = Line(plot, p.Linear, Colors.Blue, 2, LinePattern.Dashed);
        linear.LegendText = "J·ρu (an ellipse)";
        Arrows(plot, p.Axes, $"semi-axes ρσ₁u₁, ρσ₂u₂: σ = {Subject.Number(p.SingularValues[0])}, {Subject.Number(p.SingularValues[1])}");
        Mark(plot, p.Image, numbered: true);
        Mark(plot, p.Linear, numbered: false);
        plot.Add.Marker(0, 0, MarkerShape.FilledCircle, 8, Colors.Black);
        plot.ShowLegend(Alignment.UpperRight);
        var j = p.Jacobian;
        var notes = new List<string>
        {
            $"J = DF(x) = [[{Subject.Number(j[0, 0])}, {Subject.Number(j[0, 1])}], [{Subject.Number(j[1, 0])}, {Subject.Number(j[1, 1])}]]",
            $"F(x) = {Subject.Vector(p.Value)}",
            $"largest |image − ellipse| / ρ = {Subject.Number(p.RelativeGap, 3)}",
            "(shrinks like ρ where F is differentiable)",
        };
        int undefined = p.Image.Count(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y));
        if (undefined > 0) notes.Add($"F is undefined (NaN) at {undefined} of {p.Image.Length} points of the circle: gaps in its image");
        Figure.Caption(plot, notes);
    }

    /// <summary>Two navy arrows from the origin (the finite ones), the legend on the first.</summary>
    private static void Arrows(Plot plot, (double X, double Y)[] axes, string legend)
    {
        for (int k = 0; k < axes.Length; k++)
        {
            var (ax, ay) = axes[k];
            if (!double.IsFinite(ax) || !double.IsFinite(ay)) continue;
            var arrow = plot.Add.Arrow(0, 0, ax, ay);
            arrow.ArrowFillColor = arrow.ArrowLineColor = Colors.Navy;
            arrow.ArrowWidth = 2;
            arrow.LegendText = k == 0 ? legend : "";
        }
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, (double X, double Y)[] points, Color color, float width, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(points.Select(c => c.X).ToArray(), points.Select(c => c.Y).ToArray(), color);
        line.LineWidth = width;
        line.LinePattern = pattern;
        return line;
    }

    /// <summary>Marks the points at θ = 30°·m, m = 0 … 11, of a curve sampled like the circle, coloured by m (numbered, or hollow).</summary>
    private static void Mark(Plot plot, (double X, double Y)[] curve, bool numbered)
    {
        var palette = new ScottPlot.Palettes.Category10();
        int last = curve.Length - 1;   // the curve is closed: the last sample is θ = 2π, the first again
        for (int m = 0; m < Marks; m++)
        {
            var (x, y) = curve[(int)Math.Round((double)m * last / Marks)];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            var color = palette.GetColor(m);
            plot.Add.Marker(x, y, numbered ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, numbered ? 9 : 11, color);
            if (!numbered) continue;
            var label = plot.Add.Text($"{m}", x, y);
            label.LabelFontSize = 11;
            label.LabelFontColor = color;
            label.LabelOffsetX = 6;
            label.LabelOffsetY = -16;
        }
    }

    /// <summary>The largest coordinate of the circle, its image and the ellipse (finite points only).</summary>
    private static double Extent(JacobianPicture p)
    {
        double e = p.Radius;
        foreach (var (x, y) in p.Image.Concat(p.Linear))
            if (double.IsFinite(x) && double.IsFinite(y)) e = Math.Max(e, Math.Max(Math.Abs(x), Math.Abs(y)));
        return e;
    }
}
