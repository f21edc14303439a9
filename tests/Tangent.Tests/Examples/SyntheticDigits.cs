using System.Globalization;
using System.Text;

namespace Tangent.Tests.Examples;

/// <summary>
/// Writes a tiny MNIST-shaped folder (0.json … 9.json, each {"data":[...]} with 784 pixels per digit) so the
/// tests read the real loader's format without downloading anything. Digit d lights the pixel band of rows
/// 2d…2d+3 (plus seeded noise), so the classes are separable.
/// </summary>
public static class SyntheticDigits
{
    /// <summary>A fresh temporary folder holding <paramref name="perClass"/> digits per class.</summary>
    public static string Write(int perClass, int seed = 1)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"tangent-digits-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var rng = new Random(seed);
        for (int d = 0; d < 10; d++)
        {
            var json = new StringBuilder("{ \"data\": [");
            for (int k = 0; k < perClass; k++)
                for (int p = 0; p < 784; p++)
                {
                    int row = p / 28;
                    double v = row >= 2 * d && row < 2 * d + 4 ? 0.6 + 0.4 * rng.NextDouble() : rng.NextDouble() < 0.05 ? rng.NextDouble() : 0;
                    if (k + p > 0) json.Append(',');
                    json.Append(Math.Round(v, 3).ToString(CultureInfo.InvariantCulture));
                }
            File.WriteAllText(Path.Combine(folder, $"{d}.json"), json.Append("] }").ToString());
        }
        return folder;
    }
}
