using System.Buffers.Binary;
using System.Xml.Linq;
using Tangent.Tests.Cli;

namespace Tangent.Tests.Plots;

/// <summary>
/// <c>tangent plot</c>: every kind renders for a smooth and a kinked function into a valid PNG or SVG of the requested
/// size, states where f is undefined, and refuses bad input with exit 2 and one message.
/// </summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tangent-plot-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<string, string, string, string[]> Pictures => new()
    {
        { "contour", "x^2 + 3*y^2", "x=1,y=1", [] },
        { "contour", "abs(x) + y", "x=0,y=0", [] },
        { "contour", "x^2 + y*z + sin(z)", "x=1,y=0.5,z=0.2", ["--plane", "1,1,0:0,1,1"] },
        { "angle", "exp(x)*sin(y)", "x=0.5,y=1", [] },
        { "angle", "abs(x - y) + z", "x=0,y=0,z=1", ["--plane", "1,-1,0:0,0,1"] },
        { "angle", "if(x^2 + y^2 > 0, x*y/sqrt(x^2 + y^2), 0)", "x=0,y=0", [] },
        { "taylor", "exp(x)*sin(y)", "x=0.5,y=1", [] },
        { "taylor", "abs(x) + y", "x=0,y=0", ["--along", "1,1"] },
        { "taylor", "[x*cos(y), x*sin(y)]", "x=2,y=0.5", [] },
        { "slice", "sin(x)*y", "x=1,y=2", ["--along", "1,1"] },
        { "slice", "x*abs(y)", "x=1,y=0", ["--along", "0,1"] },
        { "jacobian", "[x^2 - y^2, 2*x*y]", "x=1,y=0.5", ["--radius", "0.3"] },
        { "jacobian", "[abs(x) + y, x - relu(y)]", "x=0,y=0", [] },
        { "path", "x^2 + 10*y^2", "x=1,y=1", ["--lr", "0.105"] },
        { "path", "abs(x) + 2*abs(y)", "x=1,y=1", ["--lr", "0.3", "--steps", "10"] },
        { "path", "x^2 + 10*y^2", "x=1,y=1", ["--lr", "0.05", "--method", "adam"] },
    };

    [Theory]
    [MemberData(nameof(Pictures))]
    public void EveryKindRendersAPngOfTheRequestedSize(string kind, string formula, string at, string[] extra)
    {
        string file = Path.Combine(folder, $"{kind}.png");
        var r = CliRunner.Run(["plot", kind, formula, "--at", at, "-o", file, "--size", "640x480", .. extra]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Equal("", r.Error);
        Assert.StartsWith($"wrote {file} (640x480 PNG)", r.Out);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(480, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        Assert.Single(Directory.GetFiles(folder));   // no temporary file left behind
    }

    [Theory]
    [InlineData("contour")]
    [InlineData("angle")]
    [InlineData("slice")]
    public void SvgIsWellFormedWithTheRequestedSizeAndTheTitle(string kind)
    {
        string file = Path.Combine(folder, "picture.svg");
        var r = CliRunner.Run("plot", kind, "x^2 + 3*y^2", "--at", "x=1,y=1", "-o", file, "--size", "500x400");
        Assert.True(r.ExitCode == 0, r.Error);
        var svg = XDocument.Load(file).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("500", svg.Attribute("width")!.Value);
        Assert.Equal("400", svg.Attribute("height")!.Value);
        // SVG text collapses runs of spaces.
        Assert.Contains("f(x, y) = x^2 + 3*y^2 at (x, y) = (1, 1)", string.Join(" ", svg.Value.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void JacobianSvgHasBothPanelsUnderTheTitle()
    {
        string file = Path.Combine(folder, "jacobian.svg");
        var r = CliRunner.Run("plot", "jacobian", "[x^2 - y^2, 2*x*y]", "--at", "x=1,y=0.5", "-o", file, "--size", "700x400");
        Assert.True(r.ExitCode == 0, r.Error);
        var svg = XDocument.Load(file).Root!;
        Assert.Equal(("700", "400"), (svg.Attribute("width")!.Value, svg.Attribute("height")!.Value));
        string text = string.Join(" ", svg.Value.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("F(x, y) = [x^2 - y^2, 2*x*y] at (x, y) = (1, 0.5)", text);
        Assert.Contains("input: the circle ρu", text);
        Assert.Contains("output: F(x + ρu) − F(x) and J·ρu", text);
        Assert.Contains("σ = 2.236, 2.236", text);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void AnUndefinedPartOfTheWindowIsStatedInTheCaption()
    {
        string file = Path.Combine(folder, "gap.svg");
        var r = CliRunner.Run("plot", "contour", "log(x) + y", "--at", "x=0.5,y=0", "-o", file);
        Assert.True(r.ExitCode == 0, r.Error);
        // x ≤ 0 on the 26 leftmost of 101 columns: 25.7 %.
        Assert.Contains("f is undefined (NaN) on 25.7 % of the window", XDocument.Load(file).Root!.Value);
    }

    [Fact]
    public void TheAngleCaptionSaysWhetherTheDirectionalDerivativesAreOneLinearMap()
    {
        string smooth = Path.Combine(folder, "smooth.svg"), kinked = Path.Combine(folder, "kinked.svg");
        Assert.Equal(0, CliRunner.Run("plot", "angle", "x^2 + 3*y^2", "--at", "x=1,y=1", "-o", smooth).ExitCode);
        Assert.Equal(0, CliRunner.Run("plot", "angle", "abs(x) + y", "--at", "x=0,y=0", "-o", kinked).ExitCode);
        Assert.Contains("they coincide", XDocument.Load(smooth).Root!.Value);
        Assert.Contains("θ* = 71.57°", XDocument.Load(smooth).Root!.Value);   // atan2(6, 2)
        Assert.Contains("they differ by up to 1:", XDocument.Load(kinked).Root!.Value);
    }

    public static TheoryData<string[], string> BadInput => new()
    {
        { ["plot", "contour", "x^2", "--at", "x=1"], "plot contour draws a plane of two variables" },
        { ["plot", "contour", "x*y", "--at", "x=1,y=1", "-o", "picture.jpg"], "name it .png or .svg" },
        { ["plot", "contour", "x*y", "--at", "x=1,y=1", "--size", "big"], "--size is 'big'" },
        { ["plot", "contour", "x*y", "--at", "x=1,y=1", "--size", "10x10"], "the size 10x10 is out of range" },
        { ["plot", "contour", "x*y", "--at", "x=1,y=1", "--radius", "0"], "--radius is 0" },
        { ["plot", "contour", "x*y*z", "--at", "x=1,y=1,z=1", "--vars", "x,w"], "--vars names w" },
        { ["plot", "contour", "x*y*z", "--at", "x=1,y=1,z=1", "--vars", "x,y", "--plane", "1,0,0:0,1,0"], "--vars and --plane both choose the plane" },
        { ["plot", "contour", "x*y*z", "--at", "x=1,y=1,z=1", "--plane", "1,0,0"], "give two directions separated by ':'" },
        { ["plot", "contour", "x*y*z", "--at", "x=1,y=1,z=1", "--plane", "1,0:0,1"], "but --at has 3 variables" },
        { ["plot", "contour", "x*y*z", "--at", "x=1,y=1,z=1", "--plane", "1,1,0:2,2,0"], "The two directions are parallel" },
        { ["plot", "angle", "x*y*z", "--at", "x=1,y=1,z=1", "--plane", "0,0,0:0,1,0"], "The first direction is the zero vector" },
        { ["plot", "contour", "[x, y]", "--at", "x=1,y=1"], "plot contour needs a scalar formula" },
        { ["plot", "jacobian", "x*y", "--at", "x=1,y=1"], "plot jacobian draws maps R² → R²" },
        { ["plot", "slice", "x*y", "--at", "x=1,y=1", "--along", "0,0"], "--along is the zero vector" },
        { ["plot", "path", "x*y", "--at", "x=1,y=1", "--lr", "-1"], "--lr is -1" },
        { ["plot", "path", "x*y*z", "--at", "x=1,y=1,z=1"], "plot path draws functions of two variables" },
        { ["plot", "path", "x*y", "--at", "x=1,y=1", "--method", "sgd"], "--method is 'sgd'" },
        { ["plot", "taylor", "x*y", "--at", "x=1"], "the formula uses y, but --at does not give it" },
        { ["plot", "spiral", "x*y", "--at", "x=1,y=1"], "spiral" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineOnStderrAndExitTwo(string[] args, string message)
    {
        var r = CliRunner.Run([.. args.Select(a => a == "picture.jpg" ? Path.Combine(folder, a) : a)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        Assert.Single(r.ErrorLines);
        Assert.Contains(message, r.Error);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void AFormulaErrorShowsTheCaretAndWritesNothing()
    {
        var r = CliRunner.Run("plot", "contour", "x^2 + * y", "--at", "x=1,y=1", "-o", Path.Combine(folder, "c.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(3, r.ErrorLines.Length);
        Assert.Equal("        ^", r.ErrorLines[2]);   // under the '*' at column 7, after the two-space indent
        Assert.Empty(Directory.GetFiles(folder));
    }
}
