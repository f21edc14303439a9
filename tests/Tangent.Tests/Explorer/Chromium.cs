using System.Diagnostics;

namespace Tangent.Tests.Explorer;

/// <summary>
/// Debian's chromium for the browser tests: used where it is, installed with apt-get (as root, once per test run,
/// about 85 s) where it is missing. A failed or hung install is a test failure that says what happened, never a hang.
/// </summary>
internal static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>The browser's path, after installing it when missing.</summary>
    /// <exception cref="InvalidOperationException">chromium is missing and could not be installed.</exception>
    public static async Task<string> EnsureAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (File.Exists(Path)) return Path;
            if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/apt-get"))
                throw new InvalidOperationException($"{Path} is missing and this machine has no apt-get to install it: install Debian's chromium");
            var log = new System.Text.StringBuilder();
            // Install; when the package lists are stale or empty (a fresh machine), update them and try once more.
            if (await AptAsync("install -y --no-install-recommends chromium", log) != 0 || !File.Exists(Path))
            {
                await AptAsync("update", log);
                await AptAsync("install -y --no-install-recommends chromium", log);
            }
            if (!File.Exists(Path))
                throw new InvalidOperationException($"{Path} is missing and 'apt-get install -y chromium' did not install it (root is needed). Last output:\n{Tail(log.ToString())}");
            return Path;
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task<int> AptAsync(string arguments, System.Text.StringBuilder log)
    {
        var start = new ProcessStartInfo("/usr/bin/apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'apt-get {arguments}' did not finish within 8 minutes: stopped. Install chromium by hand (apt-get install -y chromium).");
        }
        log.AppendLine($"$ apt-get {arguments} (exit {process.ExitCode})").AppendLine(await output).AppendLine(await error);
        return process.ExitCode;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
