namespace Tangent.Tests.Readme;

/// <summary>The README's Differentiate.Compile example, compiled and run as written there.</summary>
public class ReadmeCompileExampleTests
{
    [Fact]
    public void ReadmeCompileExampleTrainsWithTheTapesGradients()
    {
        // --- README compile example begins ---
        // Mean logistic loss (1/m) Σᵢ softplus(−yᵢ ⟨w, aᵢ⟩) over the rows aᵢ of the data
        var loss = Differentiate.Compile((w, data) =>
        {
            Var sum = 0;
            for (int i = 0; i < data.Rows; i++)
            {
                Var z = 0;
                for (int j = 0; j < data.Columns; j++) z += w[j] * data[i, j];
                sum += Var.Softplus(-data.Label(i) * z);
            }
            return sum / data.Rows;
        });
        double[] features = [1.0, 2.0, -1.0, 0.5, 0.0, 1.0]; // 3 rows × 2 columns
        int[] labels = [1, -1, 1];
        double[] w = [0.0, 0.0], gradient = new double[2];
        for (int step = 0; step < 100; step++)
        {
            loss.Gradient(w, features, labels, gradient); // any minibatch of 3 rows: no new recording
            for (int j = 0; j < w.Length; j++) w[j] -= 0.5 * gradient[j];
        }
        // --- README compile example ends ---

        // The last gradient is the analytic one at the w it was taken at: −(1/m) Σᵢ yᵢ σ(−yᵢ zᵢ) aᵢ.
        double[] before = [w[0] + 0.5 * gradient[0], w[1] + 0.5 * gradient[1]];
        var expected = new double[2];
        for (int i = 0; i < 3; i++)
        {
            double z = before[0] * features[2 * i] + before[1] * features[2 * i + 1];
            double s = 1 / (1 + Math.Exp(labels[i] * z));
            for (int j = 0; j < 2; j++) expected[j] -= labels[i] * s * features[2 * i + j] / 3;
        }
        Assert.Equal(expected[0], gradient[0], 1e-15);
        Assert.Equal(expected[1], gradient[1], 1e-15);
        Assert.True(loss.Value(w, features, labels) < Math.Log(2)); // below the loss at w = 0
        Assert.Single(loss.Variants);
    }

    [Fact]
    public void ReadmeShowsExactlyTheCodeThisTestRuns()
    {
        string root = RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int heading = Array.FindIndex(readme, l => l.StartsWith("## Many gradients of one function", StringComparison.Ordinal));
        int start = Array.FindIndex(readme, heading, l => l.Trim() == "```csharp");
        int end = Array.FindIndex(readme, start + 1, l => l.Trim() == "```");
        var test = File.ReadAllLines(Path.Combine(root, "tests", "Tangent.Tests", "Readme", "ReadmeCompileExampleTests.cs"));
        int begin = Array.FindIndex(test, l => l.Trim() == "// --- README compile example begins ---");
        int stop = Array.FindIndex(test, l => l.Trim() == "// --- README compile example ends ---");
        Assert.Equal(Code(test[(begin + 1)..stop]), Code(readme[(start + 1)..end]));
    }

    static string[] Code(IEnumerable<string> lines) => [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)];

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "tests"))) return dir.FullName;
        throw new InvalidOperationException("README.md not found above the test binaries.");
    }
}
