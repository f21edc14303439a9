using ScottPlot;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>The path picture: gradient-descent iterates over the contours of f, with η against the stable bound 2/λmax.</summary>
public static class PathPlot
{
    /// <summary>The plot of <paramref name="path"/> over the contours <paramref name="contours"/> (a window around the start); <paramref name="method"/> names the optimiser.</summary>
    public static Plot Create(DescentPath path, ContourPicture contours, Subject s, string method = "gradient descent")
    {
        var plot = Figure.Create(s.Title(), s.Names[0], s.Names[1]);
        ContourPlot.Background(plot, contours, s, field: false);
        var xs = path.Iterates.Select(x => x[0]).ToArray();
        var ys = path.Iterates.Select(x => x[1]).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, Colors.Red);
        line.LineWidth = 2;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 6;
        line.LegendText = $"{method}, η = {Subject.Number(path.LearningRate)}, {path.Iterates.Count - 1} steps";
        var start = plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledSquare, 11, Colors.Black);
        start.LegendText = $"start, f = {Subject.Number(path.Values[0])}";
        var end = plot.Add.Marker(xs[^1], ys[^1], MarkerShape.FilledDiamond, 12, Colors.Orange);
        end.LegendText = $"last iterate, f = {Subject.Number(path.Values[^1])}";
        plot.ShowLegend(Alignment.UpperRight);
        double bound = path.StableBound;
        var notes = new List<string>
        {
            double.IsFinite(bound)
                ? $"λmax of ∇²f at the start = {Subject.Number(path.LargestEigenvalue)}, 2/λmax = {Subject.Number(bound)} (gradient descent's bound): η is {(path.LearningRate < bound ? "below" : "above")} it"
                : $"λmax of ∇²f at the start = {Subject.Number(path.LargestEigenvalue)}: no step bound from curvature",
        };
        if (path.Exploded) notes.Add("the iterates exploded (left every bound or became non-finite)");
        double r = contours.Plane.Radius;
        int outside = path.Iterates.Count(x => Math.Abs(x[0] - contours.Plane.X0) > r || Math.Abs(x[1] - contours.Plane.Y0) > r);
        if (outside > 0) notes.Add($"{outside} iterate{(outside == 1 ? "" : "s")} lie outside the window");
        notes.AddRange(ContourPlot.Notes(contours, "").Where(n => !n.StartsWith("kink", StringComparison.Ordinal)));
        Figure.Caption(plot, notes);
        return plot;
    }
}
