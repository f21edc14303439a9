using System.Globalization;
using System.Text.RegularExpressions;
using Tangent.Examples.Mnist;

namespace Tangent.Tests.Examples;

/// <summary>
/// The MNIST example end to end in seconds, on a tiny digits folder the test writes (the real loader reads it):
/// one line per epoch with loss, held-out accuracy, relu kinks and seconds, the kink convention stated, and the
/// separable synthetic digits learnt.
/// </summary>
public sealed class MnistExampleTests : IDisposable
{
    private readonly string folder = SyntheticDigits.Write(perClass: 8, seed: 3);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TrainsAndReportsEveryEpoch()
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        int code = MnistExample.Run(output, new MnistOptions(folder, Cache: "unused", Train: 60, HeldOut: 20, Epochs: 4, BatchSize: 10, LearningRate: 0.01, Hidden: 16, Progress: progress));
        string text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains("split (seed 1): 60 training, 20 held out", text);
        Assert.Contains("dense 784→16, relu, dense 16→10", text);
        var epochs = Regex.Matches(text, @"epoch +(\d+)/4  loss ([0-9.]+)  held-out accuracy ([0-9.]+)%  relu kinks (\d+)  [0-9.]+ s");
        Assert.Equal(4, epochs.Count);
        double firstLoss = double.Parse(epochs[0].Groups[2].Value, CultureInfo.InvariantCulture);
        double lastLoss = double.Parse(epochs[3].Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(lastLoss < firstLoss, $"loss {firstLoss} → {lastLoss}");
        Assert.Equal(100.0, double.Parse(epochs[3].Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Contains("relu'(0) = 0", text);
        Assert.Contains("epoch 4/4 [##############################] 6/6", progress.ToString());
    }

    [Fact]
    public void BadOptionsExitWithTwoAndOneLine()
    {
        var error = new StringWriter();
        Assert.Equal(2, MnistExample.Command(["--data", folder, "--lr", "-1"], new StringWriter(), error));
        Assert.Contains("--lr -1", error.ToString());
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
    }
}
