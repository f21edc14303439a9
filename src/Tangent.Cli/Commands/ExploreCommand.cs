using System.CommandLine;
using System.Runtime.InteropServices;
using Tangent.Cli.Explorer;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent explore [--port N]</c>: serves the explorer page on http://127.0.0.1 (loopback only) until Ctrl-C.
/// </summary>
internal static class ExploreCommand
{
    public static Command Create(Io io)
    {
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (default 0: a free port, printed).", DefaultValueFactory = _ => 0 };
        var command = new Command("explore", """
            Serves the explorer on this machine only (127.0.0.1): type a formula f(x, y), drag the point over its contours and
            watch value, gradient, Hessian, kinks and the differentiability verdict; the angle and Taylor pictures; gradient-descent
            steps with a learning-rate slider against 2/λmax. Works offline. Stops on Ctrl-C.

            Example: tangent explore --port 8080
            """);
        command.Options.Add(port);
        command.SetAction(async (parsed, cancel) =>
        {
            int p = parsed.GetValue(port);
            if (p < 0 || p > 65535) throw new UsageException($"--port is {p}: give 1 to 65535, or 0 for a free port");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            // Ctrl-C (SIGINT) and SIGTERM stop the server cleanly below instead of killing the process.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
            ExplorerServer server;
            try { server = await ExplorerServer.StartAsync(p, stop.Token); }
            catch (IOException e) { throw new UsageException($"cannot listen on 127.0.0.1:{p}: {e.Message.TrimEnd('.')} (choose another --port, or 0 for a free one)"); }
            await using (server)
            {
                io.Out.WriteLine($"tangent explore: serving {server.Address} (this machine only); Ctrl-C stops");
                io.Out.Flush();
                try { await Task.Delay(Timeout.Infinite, stop.Token); }
                catch (OperationCanceledException) { }
            }
            io.Out.WriteLine("tangent explore: stopped");
            return Cli.Ok;
        });
        return command;
    }
}
