using ScottPlot;
using Tangent.Checks;
using Tangent.Pictures;

namespace Tangent.Plots;

/// <summary>
/// The Taylor picture: the remainders of the linear and quadratic models against the step h, log–log, with reference
/// slopes 1, 2 and 3 and the observed orders. A right derivative shows slope 2 (linear) and 3 (quadratic).
/// </summary>
public static class TaylorPlot
{
    /// <summary>The plot of <paramref name="p"/> (axes in powers of ten).</summary>
    public static Plot Create(TaylorPicture p, Subject s, bool vector)
    {
        var plot = Figure.Create(s.Title(vector ? "F" : "f"), "step h along v (log scale)", "remainder r(h) (log scale)");
        foreach (var reference in p.References)
        {
            var line = plot.Add.ScatterLine(Log(reference.Steps), Log(reference.Remainders), Colors.Gray);
            line.LinePattern = LinePattern.Dotted;
            line.LineWidth = 1.5f;
            var label = plot.Add.Text($"slope {reference.Slope}", Math.Log10(reference.Steps[1]), Math.Log10(reference.Remainders[1]));
            label.LabelFontColor = Colors.DimGray;
            label.LabelFontSize = 12;
        }
        Series(plot, p.First, Colors.Red, vector ? "linear model: |F(x+hv) − F(x) − h·DF v|" : "linear model: |f(x+hv) − f − h ∇f·v|");
        if (p.Second is { } second) Series(plot, second, Colors.Blue, "quadratic model: adds h²/2 vᵀ∇²f v");
        // Ticks at whole powers of ten only, labelled 1e-k.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1) { LabelFormatter = v => $"1e{v:0}" };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(2) { LabelFormatter = v => $"1e{v:0}" };
        plot.ShowLegend(Alignment.UpperLeft);
        Figure.Caption(plot, [$"along v = {Subject.Vector(p.First.Direction)}", "hollow markers: remainder at rounding level (not used for the order)"], Alignment.LowerRight);
        return plot;
    }

    private static void Series(Plot plot, TaylorResult r, Color color, string what)
    {
        var used = r.Steps.Where(t => t.Remainder > 0 && double.IsFinite(t.Remainder)).ToList();
        var clean = used.Where(t => t.Remainder > 100 * t.Noise).ToList();
        var noisy = used.Where(t => t.Remainder <= 100 * t.Noise).ToList();
        var line = plot.Add.ScatterLine(Log(clean.Select(t => t.Step)), Log(clean.Select(t => t.Remainder)), color);
        line.LineWidth = 2;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 6;
        line.LegendText = r.AtRoundingLevel
            ? $"{what}: at rounding level (the model is exact)"
            : $"{what}: observed order {Subject.Number(r.Order, 3)} (expected {r.ExpectedOrder})";
        if (noisy.Count > 0)
        {
            var floor = plot.Add.ScatterPoints(Log(noisy.Select(t => t.Step)), Log(noisy.Select(t => t.Remainder)), color);
            floor.MarkerShape = MarkerShape.OpenCircle;
            floor.MarkerSize = 6;
        }
    }

    private static double[] Log(IEnumerable<double> v) => [.. v.Select(Math.Log10)];
}
