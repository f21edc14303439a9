using Tangent.Arrays;
using Tangent.Optimisation;
using Tangent.Optimisation.Stochastic;

namespace Tangent.Tests.Readme;

/// <summary>
/// The README's other code snippets (optimisation, stochastic optimisers, arrays, the generic Rosenbrock), compiled and
/// run here with the variables they leave to the reader, and checked against what the README says they do; the last
/// test keeps the README's text and these copies the same.
/// </summary>
public class ReadmeSnippetsTests
{
    [Fact]
    public void MinimizerSnippetFindsRosenbrocksMinimumByTheTrustRegion()
    {
        // --- README optimisation example begins ---
        var r = Minimizer.Minimize(x => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]), [-1.2, 1.0]);
        // --- README optimisation example ends ---
        Assert.Equal(Method.TrustExact, r.Method);
        Assert.True(r.Converged, r.Reason);
        Assert.Equal(1.0, r.Point[0], 1e-8);
        Assert.Equal(1.0, r.Point[1], 1e-8);
        Assert.NotEmpty(r.Trace);
    }

    [Fact]
    public void AdamSnippetStepsAgainstTheGradient()
    {
        double[] theta = [1.0, -2.0], gradient = [0.5, -0.25];
        // --- README stochastic example begins ---
        var adam = new Adam(Schedules.CosineDecay(1e-2, steps: 1000));
        var state = adam.Init(theta.Length);          // one state per parameter buffer
        adam.Step(state, theta, gradient);            // θ ← θ + Update(∇, state, θ), allocation-free once warm
        // --- README stochastic example ends ---
        // Adam's first step is −η·sign(g) to within ε: m̂ = g, v̂ = g², so m̂/(√v̂ + ε) ≈ sign g; η(0) = 1e-2.
        Assert.Equal(1.0 - 1e-2, theta[0], 1e-9);
        Assert.Equal(-2.0 + 1e-2, theta[1], 1e-9);
    }

    [Fact]
    public void ArraysSnippetGivesTheLogisticGradient()
    {
        // Small sizes for the test; the README's 10 000 × 100 are the same code.
        const int m = 50, p = 4;
        var random = new Random(3);
        var xData = new double[m * p];
        for (int i = 0; i < xData.Length; i++) xData[i] = random.NextDouble() * 2 - 1;
        var classes = new double[m]; // a class index, 0 or 1, per row
        for (int i = 0; i < m; i++) classes[i] = random.Next(2);
        var wValue = Tensor.From([0.3, -0.2, 0.1, 0.5], p);
        var xValue = Tensor.From(xData, m, p);
        var labels = Tensor.From(classes, m);
        var gradient = Tensor.From(new double[p], p);
        // The README's lines with 10000 → m and 100 → p:
        var g = new ArrayGraph();
        var w = g.Parameter("w", p);
        var x = g.Data("X", m, p);
        var c = g.Labels("c", m, 2);
        var z = ArrayMath.Reshape(x.MatMul(w), m, 1);            // logits of class 1 against class 0
        var loss = ArrayMath.CrossEntropy(z * g.Constant(Tensor.From([0.0, 1], 2)), c);
        var program = new ArrayProgram(loss);
        double f = program.Gradient([wValue], [xValue, labels], [gradient]);   // no allocation once warm

        // Independently: logits (0, zᵢ), p₁ = σ(zᵢ); the mean cross-entropy's gradient is (1/m) Σᵢ (σ(zᵢ) − cᵢ₁) aᵢ.
        double expectedF = 0;
        var expected = new double[p];
        for (int i = 0; i < m; i++)
        {
            double zi = 0;
            for (int j = 0; j < p; j++) zi += xData[i * p + j] * wValue.Data[j];
            double p1 = 1 / (1 + Math.Exp(-zi));
            expectedF -= (classes[i] == 1 ? Math.Log(p1) : Math.Log(1 - p1)) / m;
            for (int j = 0; j < p; j++) expected[j] += (p1 - classes[i]) * xData[i * p + j] / m;
        }
        Assert.Equal(expectedF, f, 1e-12);
        for (int j = 0; j < p; j++) Assert.Equal(expected[j], gradient.Data[j], 1e-12);
    }

    readonly struct Rosenbrock : IScalarFunction
    {
        // --- README generic example begins ---
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>
            => 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
        // --- README generic example ends ---
    }

    [Fact]
    public void GenericSnippetRunsOnRealAndOnTheTape()
    {
        double[] at = [-1.2, 1.0];
        Assert.Equal(24.2, new Rosenbrock().Invoke<Real>([new Real(-1.2), new Real(1.0)]).Value, 1e-12);
        var r = Differentiate.Gradient(new Rosenbrock(), at);
        // ∇f = (−400x(y − x²) − 2(1 − x), 200(y − x²)) at (−1.2, 1) = (−215.6, −88).
        Assert.Equal(-215.6, r.Gradient[0], 1e-9);
        Assert.Equal(-88.0, r.Gradient[1], 1e-9);
    }

    [Theory]
    [InlineData("optimisation", "var r = Minimizer.Minimize")]
    [InlineData("stochastic", "var adam = new Adam")]
    [InlineData("generic", "public T Invoke<T>")]
    public void ReadmeShowsTheCodeTheseTestsRun(string name, string firstLine)
    {
        string root = ReadmeExampleTests.RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int first = Array.FindIndex(readme, l => l.Trim().StartsWith(firstLine, StringComparison.Ordinal));
        Assert.True(first > 0, $"README has the line starting '{firstLine}'");
        int end = Array.FindIndex(readme, first, l => l.Trim() == "```");
        var shown = ReadmeExampleTests.Code(readme[first..end]).Where(l => !l.StartsWith("// r.", StringComparison.Ordinal)).ToArray();
        var test = File.ReadAllLines(Path.Combine(root, "tests", "Tangent.Tests", "Readme", "ReadmeSnippetsTests.cs"));
        int begin = Array.FindIndex(test, l => l.Trim() == $"// --- README {name} example begins ---");
        int stop = Array.FindIndex(test, l => l.Trim() == $"// --- README {name} example ends ---");
        var ran = ReadmeExampleTests.Code(test[(begin + 1)..stop]);
        Assert.Equal(ran, shown.Take(ran.Length));
    }

    [Fact]
    public void ReadmeArraysSnippetIsTheCodeAboveAtFullSize()
    {
        string root = ReadmeExampleTests.RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int first = Array.FindIndex(readme, l => l.Trim() == "var g = new ArrayGraph();");
        var shown = ReadmeExampleTests.Code(readme[first..(first + 8)]);
        var test = ReadmeExampleTests.Code(File.ReadAllLines(Path.Combine(root, "tests", "Tangent.Tests", "Readme", "ReadmeSnippetsTests.cs")));
        int at = Array.IndexOf(test, "var g = new ArrayGraph();");
        var ran = test[at..(at + 8)].Select(l => l.Replace("m, p", "10000, 100").Replace("(\"w\", p)", "(\"w\", 100)").Replace("m, 2", "10000, 2").Replace("m, 1", "10000, 1"));
        Assert.Equal(ran, shown);
    }
}
