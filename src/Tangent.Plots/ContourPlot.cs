using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>
/// The contour picture: f as colour with contour lines, the gradient field as arrows, ∇f and −∇f at the point, the
/// tangent line of the level set, and the region where the linear model predicts the change of f to within 10% shaded.
/// </summary>
public static class ContourPlot
{
    /// <summary>The plot of <paramref name="p"/>.</summary>
    public static Plot Create(ContourPicture p, Subject s)
    {
        var labels = p.Plane.Labels(s.Names);
        var plot = Figure.Create(s.Title(), labels.Across, labels.Up);
        Background(plot, p, s);
        LinearRegion(plot, p);
        var x0 = new Coordinates(p.At.X, p.At.Y);
        double r = p.Plane.Radius;
        if (p.Tangent is { } t)
        {
            var line = plot.Add.Line(x0.X - r * t[0], x0.Y - r * t[1], x0.X + r * t[0], x0.Y + r * t[1]);
            line.LineWidth = 2;
            line.LineColor = Colors.Black;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = "tangent line of the level set";
            // ∇f drawn at 0.45·r: its direction and |∇f| are the library's, the length is only the picture's scale.
            double k = 0.45 * r / p.GradientNorm;
            var up = plot.Add.Arrow(x0, new Coordinates(x0.X + k * p.Gradient[0], x0.Y + k * p.Gradient[1]));
            up.ArrowFillColor = up.ArrowLineColor = Colors.Red;
            up.ArrowWidth = 3;
            // With more than two variables the arrow is ∇f's projection onto the plane, (∇f·U, ∇f·V), not ∇f itself.
            bool whole = p.Plane.Point.Length == 2;
            up.LegendText = whole
                ? $"∇f = {Subject.Vector(p.Gradient)}, |∇f| = {Subject.Number(p.GradientNorm)}"
                : $"∇f projected on the plane = {Subject.Vector(p.Gradient)}, length {Subject.Number(p.GradientNorm)}";
            var down = plot.Add.Arrow(x0, new Coordinates(x0.X - k * p.Gradient[0], x0.Y - k * p.Gradient[1]));
            down.ArrowFillColor = down.ArrowLineColor = Colors.Blue;
            down.ArrowWidth = 3;
            down.LegendText = whole ? "−∇f (steepest descent)" : "its opposite (steepest descent within the plane)";
        }
        var point = plot.Add.Marker(x0, MarkerShape.FilledCircle, 10, Colors.Black);
        point.LegendText = $"f = {Subject.Number(p.Value)} at the point";
        plot.ShowLegend(Alignment.UpperRight);
        Figure.Caption(plot, Notes(p, p.Tangent is null ? "∇f = 0 in this plane: a critical point, no steepest direction and no tangent line" : ""));
        return plot;
    }

    /// <summary>f as colour (undefined cells blank), contour lines, the gradient field and the window's limits.</summary>
    internal static void Background(Plot plot, ContourPicture p, Subject s, bool field = true)
    {
        double r = p.Plane.Radius, dx = p.Xs[1] - p.Xs[0], dy = p.Ys[1] - p.Ys[0];
        // ±∞ counts as undefined too (log(0)): blank like NaN, so the colour scale stays finite.
        var shown = (double[,])p.Values.Clone();
        for (int j = 0; j < p.Ys.Length; j++)
            for (int i = 0; i < p.Xs.Length; i++)
                if (!double.IsFinite(shown[j, i])) shown[j, i] = double.NaN;
        var heat = plot.Add.Heatmap(shown);
        heat.Colormap = new ScottPlot.Colormaps.Viridis();
        heat.Opacity = 0.55;
        heat.FlipVertically = true;   // row j of Values is Ys[j], ascending upwards
        heat.Extent = new CoordinateRect(p.Xs[0] - dx / 2, p.Xs[^1] + dx / 2, p.Ys[0] - dy / 2, p.Ys[^1] + dy / 2);
        heat.NaNCellColor = Colors.White;
        var colorbar = plot.Add.ColorBar(heat);
        colorbar.Label = "f";
        var grid = new Coordinates3d[p.Ys.Length, p.Xs.Length];
        double low = double.PositiveInfinity;
        foreach (var v in p.Values) if (double.IsFinite(v)) low = Math.Min(low, v);
        for (int j = 0; j < p.Ys.Length; j++)
            for (int i = 0; i < p.Xs.Length; i++)
                // NOTE: the contour tracer cannot take NaN; undefined cells get the lowest value and are blank in the colour layer.
                grid[j, i] = new Coordinates3d(p.Xs[i], p.Ys[j], double.IsFinite(p.Values[j, i]) ? p.Values[j, i] : low);
        if (double.IsFinite(low))
        {
            var lines = plot.Add.ContourLines(grid, 14);
            lines.LineColor = Colors.Black.WithAlpha(0.45);
            lines.LineWidth = 1;
            lines.LabelStyle.IsVisible = false;
        }
        if (field && p.Arrows.Count > 0)
        {
            var vectors = p.Arrows.Select(a => new RootedCoordinateVector(new Coordinates(a.X, a.Y), new System.Numerics.Vector2((float)a.Dx, (float)a.Dy))).ToList();
            var arrows = plot.Add.VectorField(vectors, Colors.DimGray);
            arrows.MaximumArrowLength = 22;
            arrows.LegendText = "gradient field (direction; longer = steeper)";
        }
        plot.Axes.SetLimits(p.Plane.X0 - r, p.Plane.X0 + r, p.Plane.Y0 - r, p.Plane.Y0 + r);
        // Equal units on both axes (so ∇f looks perpendicular to its level set), zooming out rather than cutting the window.
        plot.Axes.Rules.Add(new ScottPlot.AxisRules.SquareZoomOut(plot.Axes.Bottom, plot.Axes.Left));
    }

    /// <summary>Shades the cells where the linear model is within the tolerance.</summary>
    internal static void LinearRegion(Plot plot, ContourPicture p)
    {
        int rows = p.Ys.Length, cols = p.Xs.Length;
        var mask = new double[rows, cols];
        for (int j = 0; j < rows; j++)
            for (int i = 0; i < cols; i++) mask[j, i] = p.WithinLinear[j, i] ? 1 : double.NaN;
        double dx = p.Xs[1] - p.Xs[0], dy = p.Ys[1] - p.Ys[0];
        var shade = plot.Add.Heatmap(mask);
        shade.Colormap = new Figure.Solid(Colors.White);
        shade.NaNCellColor = Colors.Transparent;
        shade.Opacity = 0.45;
        shade.FlipVertically = true;
        shade.Extent = new CoordinateRect(p.Xs[0] - dx / 2, p.Xs[^1] + dx / 2, p.Ys[0] - dy / 2, p.Ys[^1] + dy / 2);
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = $"pale: f(x) + ∇f·h predicts the change of f within {Contour.Tolerance:P0}",
            FillColor = Colors.White, OutlineColor = Colors.Gray, OutlineWidth = 1,
        });
    }

    /// <summary>The caption: an extra note, where f is undefined, and the kinks hit at the point.</summary>
    internal static IEnumerable<string> Notes(ContourPicture p, string extra)
    {
        yield return extra;
        double gap = p.UndefinedFraction;
        if (gap > 0) yield return $"f is undefined (NaN) on {gap:P1} of the window: those cells are left blank";
        foreach (var k in p.Kinks) yield return $"kink at the point: {k.Where}, {k.Convention}";
    }
}
