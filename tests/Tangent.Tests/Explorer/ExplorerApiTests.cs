using System.Net;
using System.Text.Json;
using Tangent.Cli.Explorer;
using Tangent.Tests.Cli;

namespace Tangent.Tests.Explorer;

/// <summary>
/// The explorer's JSON endpoints over HTTP on loopback: each view carries the library's numbers, every mistake is a 400
/// with the message (a formula's with position and caret), oversized requests are refused, and the server keeps serving.
/// </summary>
public sealed class ExplorerApiTests : IAsyncLifetime
{
    private ExplorerServer? server;
    private HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        server = await ExplorerServer.StartAsync(0, TestContext.Current.CancellationToken);
        http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        if (server is not null) await server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string view, string query)
    {
        var response = await http.GetAsync($"api/{view}?{query}", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement);
    }

    private static string F(string formula) => "f=" + Uri.EscapeDataString(formula);

    [Fact]
    public async Task TheServerListensOnLoopbackOnly()
    {
        Assert.Equal("127.0.0.1", server!.Address.Host);
        var page = await http.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("<canvas id=\"contour\"", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", ""));   // nothing fetched from elsewhere
    }

    [Fact]
    public async Task ContourViewHoldsTheGridAndTheModelAtTheDraggedPoint()
    {
        var (status, c) = await GetAsync("contour", F("x^2 + 3*y^2") + "&p=0.5,0.25&c=0,0&radius=1&n=5");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([-1.0, -0.5, 0, 0.5, 1], c.GetProperty("xs").Doubles());
        var values = c.GetProperty("values").Matrix();
        Assert.Equal(0.25 + 3 * 1.0, values[4][1]);                          // f(−0.5, 1)
        Assert.Equal([1.0, 1.5], c.GetProperty("gradient").Doubles());       // at the point (0.5, 0.25), not the centre
        Assert.Equal(0.25 + 3 * 0.0625, c.GetProperty("value").GetDouble());
        Assert.Equal(5, c.GetProperty("within_linear").GetArrayLength());
    }

    [Fact]
    public async Task PointViewIsTheReportOfTheCommandLine()
    {
        var (status, r) = await GetAsync("point", F("x^2*y") + "&p=1,2");
        Assert.Equal(HttpStatusCode.OK, status);
        var cli = CliRunner.Run("report", "x^2*y", "--at", "x=1,y=2", "--json").Json;
        Assert.Equal(cli.GetProperty("gradient").Doubles(), r.GetProperty("gradient").Doubles());
        Assert.Equal(cli.GetProperty("hessian").Matrix(), r.GetProperty("hessian").Matrix());
        Assert.Equal(cli.GetProperty("verdict").GetString(), r.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task PathViewGivesTheStableBound()
    {
        var (status, p) = await GetAsync("path", F("x^2 + 10*y^2") + "&p=1,1&lr=0.15&steps=40");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0.1, p.GetProperty("stable_bound").GetDouble(), 14);
        Assert.True(p.GetProperty("exploded").GetBoolean());
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "contour", F("x^2 + * y") + "&p=1,1", "two operators in a row" },
        { "contour", F("x*y*z") + "&p=1,1", "the explorer draws functions of two variables" },
        { "angle", F("[x, y]") + "&p=1,1", "a scalar formula" },
        { "taylor", F("x*y") + "&p=1", "the point p has 1 numbers" },
        { "contour", F("x*y") + "&p=1,1&n=5000", "n is '5000'" },
        { "contour", F("x*y") + "&p=1,1&radius=-2", "radius is -2" },
        { "path", F("x*y") + "&p=1,1&steps=100000", "steps is '100000'" },
        { "path", F("x*y") + "&p=1,1&lr=abc", "not a number" },
        { "point", F(string.Concat(Enumerable.Repeat("x+", 1500)) + "x") + "&p=1,1", "over the explorer's limit of 2,000" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task AMistakeIsA400WithTheMessageAndTheServerGoesOn(string view, string query, string message)
    {
        var (status, e) = await GetAsync(view, query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, e.GetProperty("error").GetString());
        var (again, _) = await GetAsync("angle", F("x*y") + "&p=1,1");
        Assert.Equal(HttpStatusCode.OK, again);
    }

    [Fact]
    public async Task AFormulaErrorCarriesThePositionAndTheCaret()
    {
        var (_, e) = await GetAsync("contour", F("x^2 + * y") + "&p=1,1");
        Assert.Equal(6, e.GetProperty("position").GetInt32());
        Assert.Equal("x^2 + * y", e.GetProperty("excerpt").GetString());
        Assert.Equal("      ^", e.GetProperty("caret").GetString());
    }
}
