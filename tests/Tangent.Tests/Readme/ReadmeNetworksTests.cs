using Tangent.Arrays;
using Tangent.Networks;
using Tangent.Optimisation.Stochastic;

namespace Tangent.Tests.Readme;

/// <summary>The README's "Networks" example, compiled and run: it must keep working as written there.</summary>
public class ReadmeNetworksTests
{
    [Fact]
    public void ReadmeNetworksExampleLearnsXorAndGivesLayerJacobians()
    {
        // --- README networks example begins ---
        var net = new Sequential(new Dense(2, 8, Initializer.GlorotUniform()), Activation.Tanh(), new Dense(8, 2));
        var model = new Classifier(net, net.Initialize(seed: 1), batchSize: 4);
        var adam = new Adam(0.05);
        var states = model.InitOptimiser(adam);
        double[] x = [0, 0, 0, 1, 1, 0, 1, 1];  // four points, one per row
        int[] y = [0, 1, 1, 0];                   // XOR: no straight line separates the classes
        for (int step = 0; step < 200; step++) model.Step(adam, states, x, y);
        double accuracy = model.Accuracy(x, y);   // 1
        var jacobians = net.LayerDerivatives(model.Parameters, Tensor.From(x, 4, 2)); // one LinearMap per layer
        // --- README networks example ends ---

        Assert.Equal(1.0, accuracy);
        Assert.Equal(3, jacobians.Count);
        Assert.Equal((4 * 8, 4 * 2), jacobians[0].WithRespectToInput.Shape);
    }

    [Fact]
    public void ReadmeShowsExactlyTheCodeThisTestRuns()
    {
        string root = ReadmeExampleTests.RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int section = Array.FindIndex(readme, l => l.Trim() == "## Networks");
        Assert.True(section >= 0, "README has a \"## Networks\" section");
        int start = Array.FindIndex(readme, section, l => l.Trim() == "```csharp");
        int end = Array.FindIndex(readme, start + 1, l => l.Trim() == "```");
        var shown = ReadmeExampleTests.Code(readme[(start + 1)..end]).Where(l => !l.StartsWith("using ")).ToArray();
        var test = File.ReadAllLines(Path.Combine(root, "tests", "Tangent.Tests", "Readme", "ReadmeNetworksTests.cs"));
        int begin = Array.FindIndex(test, l => l.Trim() == "// --- README networks example begins ---");
        int stop = Array.FindIndex(test, l => l.Trim() == "// --- README networks example ends ---");
        Assert.Equal(ReadmeExampleTests.Code(test[(begin + 1)..stop]), shown);
    }
}
