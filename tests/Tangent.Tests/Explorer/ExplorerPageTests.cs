using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tangent.Tests.Explorer;

/// <summary>
/// The explorer page in a real browser: it loads and shows the local picture of the default formula, a new formula
/// updates it, a parse error shows the caret, dragging the point changes the gradient, and a learning rate above
/// 2/λmax makes gradient descent explode (below it, it settles).
/// </summary>
public sealed class ExplorerPageTests(ExplorerBrowser browser) : IClassFixture<ExplorerBrowser>
{
    private async Task<IPage> OpenAsync()
    {
        var page = await browser.Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(browser.Address);
        return page;
    }

    [Fact]
    public async Task ThePageLoadsWithThePictureOfTheDefaultFormula()
    {
        var page = await OpenAsync();
        // f = x^2 + 3*y^2 - x*y at (1, 0.5): ∇f = (2x − y, 6y − x) = (1.5, 2), H = [[2, −1], [−1, 6]].
        await Expect(page.Locator("#panel-gradient")).ToHaveTextAsync("(1.5, 2)");
        await Expect(page.Locator("#panel-hessian")).ToHaveTextAsync("[2, -1]\n[-1, 6]");
        await Expect(page.Locator("#panel-verdict")).ToHaveTextAsync(new Regex("^differentiable"));
        await Expect(page.Locator("#angle-note")).ToContainTextAsync("they coincide");
        await Expect(page.Locator("#taylor-note")).ToContainTextAsync("linear model (red): order 2");
        Assert.True(await page.Locator("#angle path").CountAsync() >= 2);
        await page.CloseAsync();
    }

    [Fact]
    public async Task TypingAFormulaUpdatesThePicture()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#panel-gradient")).ToHaveTextAsync("(1.5, 2)");
        await page.Locator("#formula").FillAsync("abs(x - 1) + y");
        await Expect(page.Locator("#panel-kinks")).ToContainTextAsync("abs(0)");
        await Expect(page.Locator("#panel-verdict")).ToHaveTextAsync(new Regex("^not-differentiable"));
        await Expect(page.Locator("#angle-note")).ToContainTextAsync("they differ by up to 1");
        await Expect(page.Locator("#contour-note")).ToContainTextAsync("f from");
        await page.CloseAsync();
    }

    [Fact]
    public async Task AParseErrorShowsTheCaretUnderTheMistake()
    {
        var page = await OpenAsync();
        await page.Locator("#formula").FillAsync("x^2 + * y");
        await Expect(page.Locator("#formula-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#error-message")).ToContainTextAsync("two operators in a row");
        await Expect(page.Locator("#error-excerpt")).ToHaveTextAsync("x^2 + * y\n      ^");
        await page.Locator("#formula").FillAsync("x^2 + y");
        await Expect(page.Locator("#formula-error")).ToBeHiddenAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task DraggingThePointChangesTheGradientShown()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#panel-gradient")).ToHaveTextAsync("(1.5, 2)");
        var box = (await page.Locator("#contour").BoundingBoxAsync())!;
        float cx = box.X + box.Width / 2, cy = box.Y + box.Height / 2;   // the window is centred on the point
        await page.Mouse.MoveAsync(cx, cy);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(cx - 60, cy + 40, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(cx - 120, cy + 80, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        // 120 px left and 80 px down of 520 px spanning 3 units: (1 − 0.692, 0.5 − 0.462). The panel shows the gradient
        // at the point it shows, which must be the analytic one there.
        await Expect(page.Locator("#panel-gradient")).Not.ToHaveTextAsync("(1.5, 2)");
        await Expect(page.Locator("#panel-point")).ToHaveTextAsync(new Regex(@"^\(x, y\) = \(0\.3\d*, 0\.0[34]\d*\)$"));
        await page.WaitForTimeoutAsync(300);   // let a pending update land
        var point = Numbers(await page.Locator("#panel-point").TextContentAsync());
        var gradient = Numbers(await page.Locator("#panel-gradient").TextContentAsync());
        Assert.Equal(2 * point[0] - point[1], gradient[0], 3);
        Assert.Equal(6 * point[1] - point[0], gradient[1], 3);
        await page.CloseAsync();
    }

    [Fact]
    public async Task ALearningRateAbove2OverLambdaMaxMakesTheStepsExplode()
    {
        var page = await OpenAsync();
        await page.Locator("#formula").FillAsync("x^2 + 10*y^2");       // λmax = 20: 2/λmax = 0.1
        await Expect(page.Locator("#panel-gradient")).ToHaveTextAsync("(2, 10)");
        await Expect(page.Locator("#bound")).ToHaveTextAsync("0.1");
        await page.Locator("#lr").FillAsync("-1.301");     // the slider holds log10 η in steps of 0.001: η = 0.05
        await page.Locator("#steps10").ClickAsync();
        await Expect(page.Locator("#path-status")).ToContainTextAsync("10 steps");
        await Expect(page.Locator("#path-status")).ToContainTextAsync("η < 2/λmax: the steps settle");
        await Expect(page.Locator("#path-status")).Not.ToContainTextAsync("exploded");
        await page.Locator("#lr").FillAsync("-0.824");     // η = 0.15
        for (int k = 0; k < 3; k++) await page.Locator("#steps10").ClickAsync();
        // y ← (1 − 20η)y = −2y per step: past 10⁶ after 21 steps.
        await Expect(page.Locator("#path-status")).ToContainTextAsync("exploded");
        await Expect(page.Locator("#path-status")).ToContainTextAsync("η > 2/λmax: the steps overshoot and grow");
        await page.CloseAsync();
    }

    private static double[] Numbers(string? text) =>
        [.. Regex.Matches(text![(text!.LastIndexOf('(') + 1)..], @"-?\d+(\.\d+)?(e-?\d+)?").Select(m => double.Parse(m.Value, CultureInfo.InvariantCulture))];
}
