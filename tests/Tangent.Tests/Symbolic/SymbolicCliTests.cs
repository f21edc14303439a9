using System.Text.Json;
using Tangent.Cli;
using Tangent.Cli.Shared;

namespace Tangent.Tests.Symbolic;

/// <summary>--symbolic and --latex on the grad, jacobian and hessian commands, run in-process.</summary>
public class SymbolicCliTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = global::Tangent.Cli.Cli.Run(args, new Io(new StringReader(""), output, error));
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    [Fact]
    public void GradSymbolicPrintsTheFormulasAfterTheNumbers()
    {
        // ∇(x²y + sin y) = (2xy, x² + cos y)
        var (code, output, _) = Run("grad", "x^2*y + sin(y)", "--at", "x=1,y=2", "--symbolic");
        Assert.Equal(0, code);
        Assert.EndsWith("\nsymbolic gradient:\n  ∂f/∂x = 2*x*y\n  ∂f/∂y = x^2 + cos(y)\n", output);
    }

    [Fact]
    public void HessianLatexPrintsAnAlignedBlock()
    {
        var (code, output, _) = Run("hessian", "x^3*y", "--at", "x=1,y=2", "--latex");
        Assert.Equal(0, code);
        // ∂²/∂x² x³y = 6xy, ∂²/∂x∂y = 3x², ∂²/∂y² = 0
        Assert.Contains("\\frac{\\partial^2 f}{\\partial x^2} &= 6 \\cdot x \\cdot y", output);
        Assert.Contains("\\frac{\\partial^2 f}{\\partial x \\partial y} &= 3 \\cdot x^{2}", output);
        Assert.Contains("\\end{aligned}", output);
    }

    [Fact]
    public void JacobianJsonCarriesDefinitionsAndEntryRows()
    {
        var (code, output, _) = Run("jacobian", "[x/sqrt(x^2 + y^2), y/sqrt(x^2 + y^2)]", "--at", "x=1,y=2", "--json", "--symbolic");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var s = doc.RootElement.GetProperty("symbolic");
        var definitions = s.GetProperty("definitions").EnumerateArray().ToList();
        Assert.Contains(definitions, d => d.GetProperty("formula").GetString() == "sqrt(x^2 + y^2)");
        var entries = s.GetProperty("entries");
        Assert.Equal(2, entries.GetArrayLength());
        Assert.Equal(2, entries[0].GetArrayLength());
        Assert.Equal(0, s.GetProperty("conditions").GetArrayLength());
    }

    [Fact]
    public void GradJsonStatesTheBranchCondition()
    {
        var (code, output, _) = Run("grad", "if(x > 0, x*y, -x)", "--at", "x=1,y=2", "--json", "--symbolic");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var s = doc.RootElement.GetProperty("symbolic");
        Assert.Equal(["y", "x"], s.GetProperty("entries").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("x > 0", s.GetProperty("conditions")[0].GetString());
    }

    [Fact]
    public void WithoutTheOptionThereIsNoSymbolicOutput()
    {
        var (_, output, _) = Run("grad", "x^2", "--at", "x=1", "--json");
        Assert.DoesNotContain("symbolic", output);
    }
}
