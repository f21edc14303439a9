using ScottPlot;

namespace Tangent.Plots;

/// <summary>
/// The shared look of every picture (DejaVu Sans, a title, a caption box of notes) and saving as PNG or SVG,
/// chosen by the file's extension.
/// </summary>
public static class Figure
{
    /// <summary>The default picture size in pixels.</summary>
    public const int DefaultWidth = 900, DefaultHeight = 700;

    static Figure() => Fonts.Default = "DejaVu Sans";   // generic sans falls back to a serif font on Debian

    /// <summary>A new plot titled <paramref name="title"/> with the given axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 15);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Legend.FontSize = 12;
        return plot;
    }

    /// <summary>Writes the caption lines into a box at the lower edge of the data area (nothing when there are none).</summary>
    public static void Caption(Plot plot, IEnumerable<string> lines, Alignment where = Alignment.LowerLeft)
    {
        var text = string.Join("\n", lines.Where(l => l.Length > 0));
        if (text.Length == 0) return;
        var a = plot.Add.Annotation(text, where);
        a.LabelFontSize = 12;
        a.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        a.LabelBorderColor = Colors.Gray;
        a.LabelFontColor = Colors.Black;
    }

    /// <summary>The lines broken at spaces so that none is longer than <paramref name="width"/> characters (a longer word stays whole).</summary>
    public static IEnumerable<string> Wrap(IEnumerable<string> lines, int width)
    {
        foreach (var line in lines)
        {
            var current = new System.Text.StringBuilder();
            foreach (var word in line.Split(' '))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > width)
                {
                    yield return current.ToString();
                    current.Clear().Append("  ");   // continuation lines are indented
                }
                if (current.Length > 0 && current.ToString() != "  ") current.Append(' ');
                current.Append(word);
            }
            yield return current.ToString();
        }
    }

    /// <summary>Saves the plot as PNG or SVG by the extension of <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg, or the size is out of 100 … 8000 pixels.</exception>
    public static void Save(Plot plot, string path, int width, int height)
    {
        CheckSize(width, height);
        switch (Format(path))
        {
            case "png": plot.SavePng(path, width, height); break;
            default: plot.SaveSvg(path, width, height); break;
        }
    }

    /// <summary>Saves a figure of several panels as PNG or SVG by the extension of <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The extension is neither .png nor .svg, or the size is out of 100 … 8000 pixels.</exception>
    public static void Save(Multiplot figure, string path, int width, int height)
    {
        CheckSize(width, height);
        if (Format(path) == "png")
        {
            figure.SavePng(path, width, height);
            return;
        }
        // ScottPlot saves a single plot as SVG but not a multiplot: draw the panels on Skia's SVG canvas instead.
        using (var stream = File.Create(path))
        using (var canvas = SkiaSharp.SKSvgCanvas.Create(new SkiaSharp.SKRect(0, 0, width, height), stream))
        {
            canvas.Clear(SkiaSharp.SKColors.White);
            figure.Render(canvas, new PixelRect(0, width, height, 0));
        }
    }

    /// <summary>"png" or "svg" by the file's extension.</summary>
    /// <exception cref="ArgumentException">Any other extension.</exception>
    public static string Format(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "png",
        ".svg" => "svg",
        var e => throw new ArgumentException($"the output file '{path}' has {(e.Length == 0 ? "no extension" : $"the extension {e}")}: name it .png or .svg"),
    };

    /// <summary>Throws unless 100 ≤ width, height ≤ 8000.</summary>
    public static void CheckSize(int width, int height)
    {
        if (width < 100 || height < 100 || width > 8000 || height > 8000)
            throw new ArgumentException($"the size {width}x{height} is out of range: use 100 to 8000 pixels per side, e.g. --size 900x700");
    }

    /// <summary>A colour map of one colour (for shading a region).</summary>
    internal sealed class Solid(Color color) : IColormap
    {
        public string Name => "solid";
        public Color GetColor(double position) => color;
    }
}
