using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tangent.Checks;
using Tangent.Cli.Commands;
using Tangent.Cli.Shared;
using Tangent.Formulas;
using Tangent.Pictures;

namespace Tangent.Cli.Explorer;

/// <summary>
/// The explorer's JSON endpoints, one per view, each a GET with the formula <c>f</c> and the point <c>p=a,b</c> in the
/// query. The picture is of f in the plane of its two variables (in alphabetical order; a formula of one variable gets a
/// second, unused one). Every request is bounded: the formula's length, the grid, the steps, and the time
/// (<see cref="TimeLimit"/>); a mistake is a 400 with the message (and for a formula the position, excerpt and caret),
/// never a crash of the server.
/// </summary>
internal static class ExplorerApi
{
    /// <summary>The longest formula the explorer accepts.</summary>
    public const int MaxFormulaLength = 2000;

    /// <summary>The most grid points per side of the contour view.</summary>
    public const int MaxGrid = 200;

    /// <summary>The most gradient-descent steps per request.</summary>
    public const int MaxSteps = 500;

    /// <summary>The time a request may compute for before it is abandoned with 503.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(3);

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/contour", (HttpRequest request, CancellationToken aborted) => Answer(request, aborted, (q, cancel) =>
        {
            int n = q.Int("n", 100, 2, MaxGrid);
            var x = q.Problem.Point.Values;
            return PictureJson.Contour(q.Problem, Contour.Of(q.Problem.Scalar, q.Window, n, arrows: 15, cancel, (x[0], x[1])));
        }));
        app.MapGet("/api/point", (HttpRequest request, CancellationToken aborted) => Answer(request, aborted, (q, _) =>
        {
            var p = q.Problem;
            var output = new StringWriter();
            ReportJson.Write(output, p, LocalModel.At(p), Differentiability.Check(p.Scalar, p.Point.Values, p.Names), builtIn: false);
            return output.ToString();
        }));
        app.MapGet("/api/angle", (HttpRequest request, CancellationToken aborted) => Answer(request, aborted, (q, _) => PictureJson.Angle(q.Problem, Angle.Of(q.Problem.Scalar, q.Plane, 180))));
        app.MapGet("/api/taylor", (HttpRequest request, CancellationToken aborted) => Answer(request, aborted, (q, _) => PictureJson.Taylor(q.Problem, TaylorPicture.Of(q.Problem.Scalar, q.Problem.Point.Values))));
        app.MapGet("/api/path", (HttpRequest request, CancellationToken aborted) => Answer(request, aborted, (q, cancel) =>
            PictureJson.Path(q.Problem, Descent.Path(q.Problem.Scalar, q.Problem.Point.Values, q.Positive("lr", 0.01), q.Int("steps", 1, 0, MaxSteps), cancel))));
    }

    /// <summary>Runs one view's computation within the time limit and answers JSON: 200, 400 for a mistake, 503 when too slow.</summary>
    private static async Task<IResult> Answer(HttpRequest request, CancellationToken aborted, Func<Query, CancellationToken, string> compute)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(TimeLimit);
        try
        {
            var query = Query.Read(request.Query);
            // The computation runs on the thread pool; its cancellation token stops grid and descent loops between rows.
            var work = Task.Run(() => compute(query, limit.Token), limit.Token);
            var done = await Task.WhenAny(work, Task.Delay(Timeout.Infinite, limit.Token)).ConfigureAwait(false);
            if (done != work) throw new OperationCanceledException();
            return Json(await work.ConfigureAwait(false), 200);
        }
        catch (FormulaException e)
        {
            return Json(Error(e.Summary, w =>
            {
                w.WriteNumber("position", e.Position);
                w.WriteString("excerpt", e.Excerpt);
                w.WriteString("caret", e.Caret);
            }), 400);
        }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            return Json(Error(e.Message, null), 400);
        }
        catch (OperationCanceledException)
        {
            return Json(Error($"the computation took longer than {TimeLimit.TotalSeconds:0} s and was stopped: simplify the formula or use a coarser grid", null), 503);
        }
    }

    private static string Error(string message, Action<System.Text.Json.Utf8JsonWriter>? more)
    {
        var output = new StringWriter();
        JsonOutput.Write(output, w =>
        {
            w.WriteString("error", message);
            more?.Invoke(w);
        });
        return output.ToString();
    }

    private static IResult Json(string body, int status) => Results.Text(body, "application/json; charset=utf-8", Encoding.UTF8, status);

    /// <summary>The query of one request, checked: the formula, the point in the plane of its two variables, and the view's numbers.</summary>
    private sealed class Query
    {
        private readonly IQueryCollection values;

        private Query(IQueryCollection values, Problem problem, double radius, double[] centre)
            => (this.values, Problem, Radius, Centre) = (values, problem, radius, centre);

        public Problem Problem { get; }

        public double Radius { get; }

        /// <summary>The window's centre c (default: the point).</summary>
        public double[] Centre { get; }

        /// <summary>The plane through the point, radius r.</summary>
        public Plane Plane => new(Problem.Point.Values, 0, 1, Radius);

        /// <summary>The window around c, radius r: it stays put while the point is dragged across it.</summary>
        public Plane Window => new(Centre, 0, 1, Radius);

        public static Query Read(IQueryCollection q)
        {
            string text = q["f"].ToString();
            if (text.Length > MaxFormulaLength)
                throw new UsageException($"the formula has {text.Length:N0} characters, over the explorer's limit of {MaxFormulaLength:N0}: shorten it");
            var formula = Formula.Parse(text);
            if (formula.IsVector) throw new UsageException("the explorer draws a scalar formula f(x, y): give one expression, not [f1, f2, ...]");
            var names = Names(formula);
            var point = Numbers(q["p"].ToString(), "p");
            if (point.Length != 2) throw new UsageException($"the point p has {point.Length} numbers: give two, one per variable ({names[0]}, {names[1]})");
            var problem = Problem.Create(formula, new Point(names, point), json: false);
            double radius = Positive(q, "radius", 1);
            if (radius > 1e6) throw new UsageException($"the radius {radius} is over 1e6: choose a smaller window");
            var centre = q["c"].Count == 0 ? point : Numbers(q["c"].ToString(), "c");
            if (centre.Length != 2) throw new UsageException($"the window's centre c has {centre.Length} numbers: give two, e.g. c=0,0");
            return new Query(q, problem, radius, centre);
        }

        /// <summary>The formula's variables in alphabetical order, padded to two (x then y when free); more than two is an error.</summary>
        private static string[] Names(Formula f)
        {
            var names = f.Variables.Order(StringComparer.Ordinal).ToList();
            if (names.Count > 2)
                throw new UsageException($"the explorer draws functions of two variables, but this formula uses {names.Count} ({string.Join(", ", names)}): fix the others to numbers");
            foreach (var extra in new[] { "x", "y", "u", "v" })
                if (names.Count < 2 && !names.Contains(extra)) names.Add(extra);
            return [.. names.Order(StringComparer.Ordinal)];
        }

        public int Int(string name, int fallback, int min, int max)
        {
            string text = values[name].ToString();
            if (text.Length == 0) return fallback;
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
                throw new UsageException($"{name} is '{Clip(text)}': give a whole number from {min} to {max}");
            return v;
        }

        public double Positive(string name, double fallback) => Positive(values, name, fallback);

        private static double Positive(IQueryCollection q, string name, double fallback)
        {
            string text = q[name].ToString();
            if (text.Length == 0) return fallback;
            double v = PointParser.Number(Clip(text), name);
            if (!(v > 0)) throw new UsageException($"{name} is {Clip(text)}: give a positive number");
            return v;
        }

        private static double[] Numbers(string text, string name)
        {
            if (text.Length > 200) throw new UsageException($"{name} is too long: give two numbers joined by a comma, e.g. 1,2");
            return text.Length == 0 ? [] : PointParser.Numbers(text, name);
        }

        private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
