using Tangent.Symbolic;

namespace Tangent.Tests.Symbolic;

/// <summary>Derivative formulas read off recorded graphs, with expected strings derived by hand.</summary>
public class SymbolicDerivativesTests
{
    private static readonly string[] XY = ["x", "y"];

    private static SymbolicGradient Gradient(ScalarFunction f, double[] at, string[] names) =>
        SymbolicDerivatives.Gradient(Differentiate.Record(f, at), names);

    [Fact]
    public void TheDerivativeOfACubeIsThreeTimesTheSquare() =>
        Assert.Equal(["3*x^2"], Gradient(v => v[0] * v[0] * v[0], [1.5], ["x"]).Entries);

    [Fact]
    public void ThePartialsOfAProductAreTheOtherFactor() =>
        Assert.Equal(["y", "x"], Gradient(v => v[0] * v[1], [1.5, 2], XY).Entries);

    [Fact]
    public void IdentitiesLeaveNoTrace() =>
        // x·1 + 0 + y¹ + x⁰·y/1 = x + 2y
        Assert.Equal(["1", "2"], Gradient(v => v[0] * 1 + 0 + Var.Pow(v[1], 1) + Var.Pow(v[0], 0) * v[1] / 1, [1.5, 2], XY).Entries);

    [Fact]
    public void TheValueFormulaCollectsLikeTermsAndPowers() =>
        // 2x + 3x + x·x·y + y·x·x − x/x = 2x²y + 5x − 1
        Assert.Equal(["2*x^2*y + 5*x - 1"], SymbolicDerivatives.Value(
            Differentiate.Record(v => 2 * v[0] + 3 * v[0] + v[0] * v[0] * v[1] + v[1] * v[0] * v[0] - v[0] / v[0], [1.5, 2]), XY));

    [Fact]
    public void LikeTermsCollectInTheGradient() =>
        // ∂/∂x (2x²y + 5x − 1) = 4xy + 5, ∂/∂y = 2x²
        Assert.Equal(["4*x*y + 5", "2*x^2"],
            Gradient(v => 2 * v[0] + 3 * v[0] + v[0] * v[0] * v[1] + v[1] * v[0] * v[0] - v[0] / v[0], [1.5, 2], XY).Entries);

    [Fact]
    public void TheGradientsEntriesCannotBeEditedBehindItsText()
    {
        var s = Gradient(v => v[0] * v[1], [1.5, 2], XY);
        string text = s.ToText();
        Assert.Throws<NotSupportedException>(() => ((IList<string>)s.Entries)[0] = "0");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)s.LatexEntries)[0] = "0");
        Assert.Equal(["y", "x"], s.Entries);
        Assert.Equal(text, s.ToText());
    }

    [Fact]
    public void TheMatrixsEntriesCannotBeEditedBehindItsText()
    {
        // Before: Entries was the string[,] the text is printed from, so h.Entries[0, 1] = "0" changed ToText.
        var h = SymbolicDerivatives.Hessian(Differentiate.Record(v => v[0] * v[0] * v[1], [1.5, 2]), XY);
        string text = h.ToText(), latex = h.ToLatex();
        var arrays = typeof(SymbolicMatrix).GetProperties().Concat(typeof(SymbolicGradient).GetProperties())
            .Where(p => p.PropertyType.IsArray).Select(p => $"{p.DeclaringType!.Name}.{p.Name}");
        Assert.Empty(arrays);
        var copy = h.Entries.ToArray();
        var latexCopy = h.LatexEntries.ToArray();
        copy[0, 1] = "0";
        latexCopy[0, 1] = "0";
        // ∂²(x²y)/∂x∂y = 2x, in both places of the symmetric matrix
        Assert.Equal("2*x", h.Entries[0, 1]);
        Assert.Equal("2*x", h.Entries[1, 0]);
        Assert.Equal((2, 2), (h.Entries.Rows, h.Entries.Columns));
        Assert.Equal(text, h.ToText());
        Assert.Equal(latex, h.ToLatex());
    }

    [Fact]
    public void TheNormsGradientNamesTheSharedNorm()
    {
        // ∇√(x² + y²) = (x, y)/√(x² + y²)
        var s = Gradient(v => Var.Sqrt(v[0] * v[0] + v[1] * v[1]), [1.5, 2], XY);
        Assert.Equal([new SymbolicDefinition("t1", "sqrt(x^2 + y^2)", "\\sqrt{x^{2} + y^{2}}")], s.Definitions);
        Assert.Equal(["x/t1", "y/t1"], s.Entries);
        Assert.Equal(["\\frac{x}{t_{1}}", "\\frac{y}{t_{1}}"], s.LatexEntries);
    }

    [Fact]
    public void TheNormsHessianIsWrittenWithTheNamedNorm()
    {
        // ∂²r/∂x² = 1/r − x²/r³, ∂²r/∂x∂y = −xy/r³, r = √(x² + y²)
        var h = SymbolicDerivatives.Hessian(Differentiate.Record(v => Var.Sqrt(v[0] * v[0] + v[1] * v[1]), [1.5, 2]), XY);
        Assert.Equal("t1", h.Definitions.Single().Name);
        Assert.Equal("-x^2/t1^3 + 1/t1", h.Entries[0, 0]);
        Assert.Equal("-x*y/t1^3", h.Entries[0, 1]);
        Assert.Equal(h.Entries[0, 1], h.Entries[1, 0]);
    }

    [Fact]
    public void TheRosenbrockGradientIsTheTextbookOne() =>
        // f = (1 − x)² + 100(y − x²)²: ∂f/∂x = 2x − 2 + 400x(x² − y) (a factored sum leads with a
        // positive term), ∂f/∂y = 200y − 200x²
        Assert.Equal(["2*x + 400*x*(x^2 - y) - 2", "-200*x^2 + 200*y"],
            Gradient(v => (1 - v[0]) * (1 - v[0]) + 100 * (v[1] - v[0] * v[0]) * (v[1] - v[0] * v[0]), [0.5, 0.5], XY).Entries);

    [Fact]
    public void AbsIsDifferentiatedToSign() =>
        Assert.Equal(["sign(x)"], Gradient(v => Var.Abs(v[0]), [-0.5], ["x"]).Entries);

    [Fact]
    public void TanhIsDifferentiatedFromItsOwnValue() =>
        // d/dx tanh x = sech² x = 1/cosh² x: the declaration's formula, which keeps its relative accuracy where tanh x
        // rounds to ±1 (1 − tanh² x would be 0 there)
        Assert.Equal(["1/cosh(x)^2"], Gradient(v => Var.Tanh(v[0]), [0.5], ["x"]).Entries);

    [Fact]
    public void ABranchIsFixedAndItsConditionIsStated()
    {
        ScalarFunction f = v => v[0] > 0 ? v[0] * v[1] : -v[0];
        var right = Gradient(f, [0.5, 3], XY);
        Assert.Equal(["y", "x"], right.Entries);
        Assert.Equal(["x > 0"], right.Conditions);
        Assert.Contains("valid where the recorded branch decisions hold: x > 0", right.ToText());
        var left = Gradient(f, [-0.5, 3], XY);
        Assert.Equal(["-1", "0"], left.Entries);
        Assert.Equal(["x <= 0"], left.Conditions);
    }

    [Fact]
    public void AFunctionWithoutBranchesHasNoNote() => Assert.Null(Gradient(v => v[0] * v[1], [1, 2], XY).Note);

    [Fact]
    public void JacobianRowsAreTheComponentsGradients()
    {
        // F(r, θ) = (r cos θ, r sin θ): DF = [[cos θ, −r sin θ], [sin θ, r cos θ]]
        var j = SymbolicDerivatives.Jacobian(Differentiate.Record(v => [v[0] * Var.Cos(v[1]), v[0] * Var.Sin(v[1])], [2, 0.5]), ["r", "theta"]);
        Assert.Equal("cos(theta)", j.Entries[0, 0]);
        Assert.Equal("-r*sin(theta)", j.Entries[0, 1]);
        Assert.Equal("sin(theta)", j.Entries[1, 0]);
        Assert.Equal("r*cos(theta)", j.Entries[1, 1]);
        Assert.Equal("-r \\cdot \\sin\\left(\\theta\\right)", j.LatexEntries[0, 1]);
    }

    [Fact]
    public void DefinitionNamesAvoidTheVariables()
    {
        var h = SymbolicDerivatives.Hessian(Differentiate.Record(v => Var.Sqrt(v[0] * v[0] + v[1] * v[1]), [1.5, 2]), ["t1", "x"]);
        Assert.Equal(new SymbolicDefinition("u1", "sqrt(t1^2 + x^2)", "\\sqrt{t_{1}^{2} + x^{2}}"), h.Definitions.Single());
    }

    [Fact]
    public void TheTextListsDefinitionsThenLabelledEntries()
    {
        var text = Gradient(v => Var.Sqrt(v[0] * v[0] + v[1] * v[1]), [1.5, 2], XY).ToText();
        Assert.Equal("symbolic gradient:\n  t1 = sqrt(x^2 + y^2)\n  ∂f/∂x = x/t1\n  ∂f/∂y = y/t1\n", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void TheLatexIsAnAlignedBlock()
    {
        var latex = Gradient(v => v[0] * v[0] * v[0], [1.5], ["x"]).ToLatex();
        Assert.Equal("\\begin{aligned}\n\\frac{\\partial f}{\\partial x} &= 3 \\cdot x^{2}\n\\end{aligned}\n", latex.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void AGradientOfSeveralOutputsIsRefusedWithAHint()
    {
        var g = Differentiate.Record(v => [v[0], v[1]], [1, 2]);
        var e = Assert.Throws<ArgumentException>(() => SymbolicDerivatives.Gradient(g, XY));
        Assert.Contains("Jacobian", e.Message);
    }

    [Fact]
    public void TheNamesMustMatchTheInputs()
    {
        var g = Differentiate.Record(v => v[0] * v[1], [1, 2]);
        Assert.Throws<ArgumentException>(() => SymbolicDerivatives.Gradient(g, ["x"]));
    }

    [Fact]
    public void ALongSumIsDifferentiatedWithoutOverflowingTheStack()
    {
        // f = Σₖ sin(k·x)·y, k = 1..2000: ∂f/∂y = Σₖ sin(k·x), a sum chain 2000 deep.
        ScalarFunction f = v =>
        {
            Var sum = 0;
            for (int k = 1; k <= 2000; k++) sum += Var.Sin(k * v[0]) * v[1];
            return sum;
        };
        var s = Gradient(f, [0.3, 2], XY);
        Assert.StartsWith("sin(x) + sin(2*x) + sin(3*x)", s.Entries[1]);
        var values = ExprDerivative.Evaluate(s.Expressions, new Dictionary<string, double> { ["x"] = 0.3, ["y"] = 2 });
        var numeric = Differentiate.Gradient(f, [0.3, 2]).Gradient;
        SymbolicCorpus.Close(numeric[0], values[0], 1e-10, "∂f/∂x");
        SymbolicCorpus.Close(numeric[1], values[1], 1e-10, "∂f/∂y");
    }

    [Fact]
    public void AGraphTooLargeToPrintIsRefusedWithTheLimit()
    {
        ScalarFunction f = v =>
        {
            Var sum = v[0];
            for (int k = 0; k < SymbolicDerivatives.MaxOperations; k++) sum += v[0] * k;
            return sum;
        };
        var e = Assert.Throws<InvalidOperationException>(() => Gradient(f, [1.0], ["x"]));
        Assert.Contains("20,000", e.Message);
    }
}
