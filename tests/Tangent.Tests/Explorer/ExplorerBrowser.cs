using Microsoft.Playwright;
using Tangent.Cli.Explorer;

namespace Tangent.Tests.Explorer;

/// <summary>
/// One explorer server on a free loopback port and one headless chromium (a fresh profile) for the browser tests;
/// both stopped, and the profile deleted, at the end.
/// </summary>
public sealed class ExplorerBrowser : IAsyncLifetime
{
    private readonly string profile = Directory.CreateTempSubdirectory("tangent-chromium-").FullName;
    private IPlaywright? playwright;
    private ExplorerServer? server;

    /// <summary>The browser context pages are opened in.</summary>
    public IBrowserContext Context { get; private set; } = null!;

    /// <summary>The explorer page's address.</summary>
    public string Address => server!.Address.ToString();

    public async ValueTask InitializeAsync()
    {
        string chromium = await Chromium.EnsureAsync();
        server = await ExplorerServer.StartAsync(0);
        playwright = await Playwright.CreateAsync();
        Context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
            Timeout = 60_000,
        });
        Assertions.SetDefaultExpectTimeout(30_000);   // the test machine is shared and loaded
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        playwright?.Dispose();
        if (server is not null) await server.DisposeAsync();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { }
    }
}
