using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tangent.Cli.Explorer;

/// <summary>
/// The explorer's web server: Kestrel on the loopback interface only (never reachable from another machine), one
/// offline page (HTML, script and style embedded in this assembly; no CDN, no chart library) and one JSON endpoint
/// per view (<see cref="ExplorerApi"/>), each computed by the library on the server.
/// </summary>
internal sealed class ExplorerServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ExplorerServer(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    /// <summary>The page's address, e.g. http://127.0.0.1:43117/.</summary>
    public Uri Address { get; }

    /// <summary>Starts a server on 127.0.0.1:<paramref name="port"/> (0: a free port the system picks).</summary>
    /// <exception cref="IOException">The port is taken (Kestrel's AddressInUseException).</exception>
    public static async Task<ExplorerServer> StartAsync(int port, CancellationToken cancel = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "tangent-explore" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 16 * 1024;     // the API reads only the query string
            k.Limits.MaxRequestLineSize = 16 * 1024;     // a formula of at most ExplorerApi.MaxFormulaLength characters, escaped
            k.Limits.MaxConcurrentConnections = 64;
        });
        var app = builder.Build();
        MapPage(app);
        ExplorerApi.Map(app);
        await app.StartAsync(cancel);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ExplorerServer(app, new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>Stops the server, letting requests in progress finish for up to a second.</summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }

    /// <summary>The page and its script and style, from the embedded resources under Explorer/Page.</summary>
    private static void MapPage(WebApplication app)
    {
        (string Path, string Resource, string Type)[] files =
        [
            ("/", "index.html", "text/html; charset=utf-8"),
            ("/explorer.js", "explorer.js", "text/javascript; charset=utf-8"),
            ("/explorer.css", "explorer.css", "text/css; charset=utf-8"),
        ];
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var (path, resource, type) in files)
        {
            using var stream = assembly.GetManifestResourceStream($"Tangent.Cli.Explorer.Page.{resource}")
                ?? throw new InvalidOperationException($"The explorer page's {resource} is not embedded in the assembly.");
            using var reader = new StreamReader(stream);
            string content = reader.ReadToEnd();
            app.MapGet(path, () => Results.Text(content, type));
        }
    }
}
