namespace Tangent.Cli.Shared;

/// <summary>
/// The streams a command reads and writes. Commands never touch <see cref="Console"/> directly, so
/// tests run them in-process, in parallel, each with its own writers.
/// </summary>
/// <param name="In">Standard input (the formula when it is given as "-").</param>
/// <param name="Out">Standard output: the result, human or JSON.</param>
/// <param name="Error">Standard error: error messages, timings.</param>
internal sealed record Io(TextReader In, TextWriter Out, TextWriter Error);

/// <summary>A mistake of the user's (a bad formula, point or option): reported as one line on stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
