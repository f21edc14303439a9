using System.CommandLine;

namespace Tangent.Cli;

/// <summary>Runs the command line with the tool's exit-code contract: 0 success, 2 usage or input error, one line on stderr.</summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int UsageError = 2;

    public static int Invoke(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            Console.Error.WriteLine($"tangent: {string.Join("; ", parsed.Errors.Select(e => e.Message))} (see 'tangent --help')");
            return UsageError;
        }
        try
        {
            return parsed.Invoke();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"tangent: {e.Message}");
            return UsageError;
        }
    }
}

/// <summary>A mistake of the user's (a bad formula, point or option): reported as one line on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
