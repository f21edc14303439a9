using System.CommandLine;
using Tangent.Cli.Shared;
using Tangent.Optimisation.Stochastic;
using Tangent.Pictures;
using Tangent.Plots;

namespace Tangent.Cli.Commands;

/// <summary>Which options a plot kind takes beyond the formula, --at, -o and --size.</summary>
[Flags]
internal enum PlotOptions
{
    None = 0,
    /// <summary>--vars a,b and --radius: a window in the plane of two variables.</summary>
    Plane = 1,
    /// <summary>--vars a,b: the plane of the directions.</summary>
    Angle = 2,
    /// <summary>--along v.</summary>
    Along = 4,
    /// <summary>--radius r.</summary>
    Radius = 8,
    /// <summary>--lr η and --steps k.</summary>
    Descent = 16,
}

/// <summary>The options of one <c>tangent plot</c> kind, declared once and read back as checked values.</summary>
internal sealed class PlotArguments(string kind, PlotOptions which)
{
    private readonly Argument<string?> formula = new("formula") { Description = "The formula, e.g. \"x^2*y + sin(y)\" (quote it); \"-\" reads it from standard input." };
    private readonly Option<string[]> at = new("--at") { Description = "The point as name=value pairs joined by commas, e.g. x=1,y=-2.5. Their order is the order of the axes." };
    private readonly Option<string?> output = new("--output", "-o") { Description = "The picture file: .png or .svg (default: <kind>.png)." };
    private readonly Option<string?> size = new("--size") { Description = $"Width x height in pixels, e.g. 1200x900 (default {Figure.DefaultWidth}x{Figure.DefaultHeight})." };
    private readonly Option<string?> vars = new("--vars") { Description = "For more than two variables: the two drawn, e.g. --vars x,z (default: the first two of --at); the others stay at the point." };
    private readonly Option<string?> planeOption = new("--plane") { Description = "Instead of --vars: the plane spanned by two directions u:v, one number per --at variable each, e.g. --plane 1,1,0:0,0,1 (u is normalised, v made orthogonal to u and normalised; the axes are the distances a along u and b along v)." };
    private readonly Option<string?> radius = new("--radius") { Description = "The half-width of the window (contour, path: default 1), of the line (slice: default 1) or the circle's radius (jacobian: default 0.25)." };
    private readonly Option<string?> along = new("--along") { Description = "The direction, one number per --at variable, e.g. 1,1." };
    private readonly Option<string?> lr = new("--lr") { Description = "The learning rate η > 0 (default 0.9·2/λmax of the Hessian at the start, or 0.1 without positive curvature)." };
    private readonly Option<string> method = new("--method") { Description = "The optimiser: gd (default), momentum (heavy ball, β = 0.9), nesterov or adam.", DefaultValueFactory = _ => "gd" };
    private readonly Option<int> steps = new("--steps") { Description = "The number of steps (1 to 1000, default 30).", DefaultValueFactory = _ => 30 };

    private ParseResult? parsed;

    public void Add(Command command)
    {
        command.Arguments.Add(formula);
        command.Options.Add(at);
        command.Options.Add(output);
        command.Options.Add(size);
        if ((which & (PlotOptions.Plane | PlotOptions.Angle)) != 0) { command.Options.Add(vars); command.Options.Add(planeOption); }
        if ((which & (PlotOptions.Plane | PlotOptions.Radius)) != 0) command.Options.Add(radius);
        if ((which & PlotOptions.Along) != 0) command.Options.Add(along);
        if ((which & PlotOptions.Descent) != 0) { command.Options.Add(lr); command.Options.Add(steps); command.Options.Add(method); }
    }

    public PlotArguments Read(ParseResult result)
    {
        parsed = result;
        return this;
    }

    private ParseResult Parsed => parsed ?? throw new InvalidOperationException("Read the parse result first.");

    /// <summary>The formula and point, checked against each other.</summary>
    public Problem Load(Io io)
    {
        var f = Problem.LoadFormula(Parsed.GetValue(formula), io)
            ?? throw new UsageException($"no formula given: write e.g. tangent plot {kind} \"x^2 + 3*y^2\" --at x=1,y=1");
        var point = Parsed.GetValue(at);
        if (point is null || point.Length == 0)
            throw new UsageException($"no point given: add --at with a value for each variable, e.g. --at {Problem.Example(f)}");
        return Problem.Create(f, PointParser.Parse(point), json: false);
    }

    public string Output => Parsed.GetValue(output) is { Length: > 0 } o ? o : $"{kind}.png";

    public (int Width, int Height) Size
    {
        get
        {
            if (Parsed.GetValue(size) is not { } text) return (Figure.DefaultWidth, Figure.DefaultHeight);
            var parts = text.ToLowerInvariant().Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int w) || !int.TryParse(parts[1], out int h))
                throw new UsageException($"--size is '{text}': write width x height in pixels, e.g. --size 1200x900");
            try { Figure.CheckSize(w, h); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            return (w, h);
        }
    }

    public double RadiusOr(double fallback)
    {
        if (Parsed.GetValue(radius) is not { } text) return fallback;
        double r = PointParser.Number(text, "--radius");
        if (!(r > 0)) throw new UsageException($"--radius is {text}: give a positive half-width, e.g. --radius 0.5");
        return r;
    }

    /// <summary>The plane of --vars (default the first two variables) or of --plane's two directions through the point, with --radius.</summary>
    public Plane PlaneOf(Problem p)
    {
        if (p.Names.Length < 2)
            throw new UsageException($"plot {kind} draws a plane of two variables, but --at has one ({p.Names[0]}): use tangent plot slice for a function of one variable");
        if (Parsed.GetValue(planeOption) is { } spanned)
        {
            if (Parsed.GetValue(vars) is not null) throw new UsageException("--vars and --plane both choose the plane: give one of them");
            var halves = spanned.Split(':');
            if (halves.Length != 2)
                throw new UsageException($"--plane is '{spanned}': give two directions separated by ':', e.g. --plane {string.Join(",", p.Names.Select((_, k) => k == 0 ? "1" : "0"))}:{string.Join(",", p.Names.Select((_, k) => k == 1 ? "1" : "0"))}");
            var u = PointParser.Numbers(halves[0], "--plane");
            var v = PointParser.Numbers(halves[1], "--plane");
            if (u.Length != p.Names.Length || v.Length != p.Names.Length)
                throw new UsageException($"--plane has directions of {u.Length} and {v.Length} numbers, but --at has {p.Names.Length} variables ({string.Join(", ", p.Names)}): give one component per variable in each");
            try { return Plane.Spanned(p.Point.Values, u, v, RadiusOr(1)); }
            catch (ArgumentException e) { throw new UsageException($"--plane: {e.Message}"); }
        }
        int i = 0, j = 1;
        if (Parsed.GetValue(vars) is { } text)
        {
            var names = text.Split(',').Select(n => n.Trim()).ToArray();
            if (names.Length != 2 || names[0] == names[1])
                throw new UsageException($"--vars is '{text}': name two different variables of --at, e.g. --vars {p.Names[0]},{p.Names[1]}");
            i = Array.IndexOf(p.Names, names[0]);
            j = Array.IndexOf(p.Names, names[1]);
            if (i < 0 || j < 0)
                throw new UsageException($"--vars names {(i < 0 ? names[0] : names[1])}, which is not a variable of --at ({string.Join(", ", p.Names)})");
        }
        return new Plane(p.Point.Values, i, j, RadiusOr(1));
    }

    /// <summary>--along as given (checked: one finite component per variable, not all zero); null when absent and not required.</summary>
    public double[]? Direction(Problem p, bool required)
    {
        if (Parsed.GetValue(along) is not { } text)
            return required ? throw new UsageException($"plot {kind} needs --along, one number per variable ({string.Join(", ", p.Names)})") : null;
        var v = PointParser.Numbers(text, "--along");
        if (v.Length != p.Names.Length)
            throw new UsageException($"--along has {v.Length} number{(v.Length == 1 ? "" : "s")}, but --at has {p.Names.Length} variables ({string.Join(", ", p.Names)}): give one component per variable");
        if (v.All(c => c == 0)) throw new UsageException("--along is the zero vector, which has no direction: give a non-zero direction");
        if (!double.IsFinite(Differentiate.Norm(v))) throw new UsageException("--along is too long to normalise (|v| overflows): scale it down");
        return v;
    }

    /// <summary>--lr, or 0.9·2/λmax of the Hessian at the point (0.1 when λmax ≤ 0 or not finite).</summary>
    public double LearningRate(Problem p)
    {
        if (Parsed.GetValue(lr) is { } text)
        {
            double eta = PointParser.Number(text, "--lr");
            if (!(eta > 0)) throw new UsageException($"--lr is {text}: the learning rate must be positive, e.g. --lr 0.05");
            return eta;
        }
        double lambda = Descent.LargestEigenvalue(Differentiate.Hessian(p.Scalar, p.Point.Values).Hessian);
        return lambda > 0 ? 0.9 * 2 / lambda : 0.1;
    }

    /// <summary>The optimiser of --method at rate η (null for plain gradient descent), and its name for the legend.</summary>
    public IStochasticOptimiser? Optimiser(double eta, out string name)
    {
        string m = Parsed.GetValue(method) ?? "gd";
        (IStochasticOptimiser? optimiser, name) = m switch
        {
            "gd" => ((IStochasticOptimiser?)null, "gradient descent"),
            "momentum" => (new Momentum(eta), "heavy-ball momentum (β = 0.9)"),
            "nesterov" => (new Momentum(eta, nesterov: true), "Nesterov momentum (β = 0.9)"),
            "adam" => (new Adam(eta), "Adam (β₁ = 0.9, β₂ = 0.999)"),
            _ => throw new UsageException($"--method is '{m}': choose gd, momentum, nesterov or adam"),
        };
        return optimiser;
    }

    public int Steps
    {
        get
        {
            int k = Parsed.GetValue(steps);
            if (k < 1 || k > 1000) throw new UsageException($"--steps is {k}: give 1 to 1000 steps");
            return k;
        }
    }

    /// <summary>The title's subject: the formula and the point.</summary>
    public Subject Subject(Problem p) => new(p.Formula.Text, p.Names, p.Point.Values);
}
