using System.CommandLine;
using Tangent.Cli.Shared;
using Tangent.Pictures;
using Tangent.Plots;

namespace Tangent.Cli.Commands;

/// <summary>
/// <c>tangent plot &lt;kind&gt; "&lt;expr&gt;" --at ... [-o file.png|file.svg] [--size WxH]</c>: a picture of the local
/// picture, one subcommand per kind (contour, angle, taylor, slice, jacobian, path). The numbers come from
/// <see cref="Tangent.Pictures"/> (the library); <see cref="Tangent.Plots"/> only draws them.
/// </summary>
internal static class PlotCommand
{
    public static Command Create(Io io)
    {
        var plot = new Command("plot", """
            Draws a picture of the local picture as PNG or SVG (by the extension of -o), titled with the formula and the point.
            Kinds: contour, angle, taylor, slice, jacobian, path (see tangent plot <kind> --help).

            Example: tangent plot contour "x^2 + 3*y^2" --at x=1,y=1 -o contour.png
            """);
        plot.Subcommands.Add(Kind(io, "contour", """
            Contours of f around the point (two variables; for more, the plane of --vars or of two directions --plane u:v), the gradient field, ∇f and −∇f at the
            point, the tangent line of the level set, and (pale) the region where the linear model f(x) + ∇f·h predicts the
            change f(x+h) − f(x) to within 10%.

            Example: tangent plot contour "x^2 + 3*y^2" --at x=1,y=1 -o contour.png
            """, PlotOptions.Plane, (p, o) =>
        {
            var plane = o.PlaneOf(p);
            return new ScottPlot.Multiplot(ContourPlot.Create(Contour.Of(p.Scalar, plane), o.Subject(p)));
        }));
        plot.Subcommands.Add(Kind(io, "angle", """
            The directional derivative D_u f along u = (cos θ, sin θ) for θ in [0°, 360°), measured one-sidedly from values of f,
            beside the linear prediction ∇f·u = |∇f| cos(θ − θ*). Where f is differentiable they coincide (a sinusoid with its
            maximum at θ*, the direction of ∇f); at a kink they do not.

            Example: tangent plot angle "abs(x) + y" --at x=0,y=0 -o angle.png
            """, PlotOptions.Angle, (p, o) =>
        {
            var plane = o.PlaneOf(p);
            var (across, up) = plane.Labels(p.Names);
            return new ScottPlot.Multiplot(AnglePlot.Create(Angle.Of(p.Scalar, plane), o.Subject(p), across, up));
        }));
        plot.Subcommands.Add(Kind(io, "taylor", """
            The Taylor test as a picture: the remainders of the linear and quadratic models against the step h along v,
            log–log, with reference slopes 1, 2 and 3 and the observed orders (2 and 3 for right derivatives). "[f1, ...]" draws
            the linear model's remainder.

            Example: tangent plot taylor "exp(x)*sin(y)" --at x=0.5,y=1 -o taylor.png
            """, PlotOptions.Along, (p, o) =>
        {
            var v = o.Direction(p, required: false);
            var picture = p.Formula.IsVector ? TaylorPicture.Of(p.Vector, p.Point.Values, v) : TaylorPicture.Of(p.Scalar, p.Point.Values, v);
            return new ScottPlot.Multiplot(TaylorPlot.Create(picture, o.Subject(p), p.Formula.IsVector));
        }, vectorAllowed: true));
        plot.Subcommands.Add(Kind(io, "slice", """
            f along the line x + t·u, t in [−r, r] (u = --along normalised; default the direction of ∇f, or the first axis at a
            critical point), with the tangent line and the quadratic model.

            Example: tangent plot slice "sin(x)*y" --at x=1,y=2 --along 1,1 -o slice.png
            """, PlotOptions.Along | PlotOptions.Radius, (p, o) =>
        {
            var u = o.Direction(p, required: false) ?? DefaultSliceDirection(p);
            return new ScottPlot.Multiplot(SlicePlot.Create(Slice.Of(p.Scalar, p.Point.Values, u, o.RadiusOr(1)), o.Subject(p)));
        }));
        plot.Subcommands.Add(Kind(io, "jacobian", """
            For F: R² → R² ("[f1, f2]" of two variables): a circle of radius ρ around the point, its image under F and its
            image under the linear map DF(x), an ellipse with semi-axes ρσ₁, ρσ₂ (the singular values), in the plane of
            perturbations.

            Example: tangent plot jacobian "[x^2 - y^2, 2*x*y]" --at x=1,y=0.5 --radius 0.3 -o jacobian.png
            """, PlotOptions.Radius, (p, o) =>
        {
            if (!p.Formula.IsVector || p.Formula.Dimension != 2 || p.Names.Length != 2)
                throw new UsageException($"plot jacobian draws maps R² → R²: give \"[f1, f2]\" of two variables (this is {(p.Formula.IsVector ? $"R^{p.Names.Length} → R^{p.Formula.Dimension}" : "a scalar formula")})");
            return JacobianPlot.Create(JacobianImage.Of(p.Vector, p.Point.Values, o.RadiusOr(0.25)), o.Subject(p));
        }, vectorAllowed: true));
        plot.Subcommands.Add(Kind(io, "path", """
            Gradient descent x ← x − η∇f(x) from the point, drawn over the contours of f (two variables), with 2/λmax of the
            Hessian at the start: below it the steps settle, above it they overshoot and grow. --method momentum, nesterov or
            adam runs that optimiser of the optimisation library instead, at the same η.

            Example: tangent plot path "x^2 + 10*y^2" --at x=1,y=1 --lr 0.09 -o path.png
            """, PlotOptions.Descent | PlotOptions.Radius, (p, o) =>
        {
            if (p.Names.Length != 2) throw new UsageException($"plot path draws functions of two variables, but --at has {p.Names.Length}: fix the others in the formula");
            double eta = o.LearningRate(p);
            var path = Descent.Path(p.Scalar, p.Point.Values, eta, o.Steps, optimiser: o.Optimiser(eta, out string method));
            var plane = PathWindow(path, o.RadiusOr(1));
            return new ScottPlot.Multiplot(PathPlot.Create(path, Contour.Of(p.Scalar, plane, arrows: 0), o.Subject(p), method));
        }));
        return plot;
    }

    /// <summary>
    /// The square window around the iterates' bounding box (at least the radius r around the start), at most 10·r
    /// from the start: an exploding path runs out of it, and the picture's caption says so.
    /// </summary>
    private static Plane PathWindow(DescentPath path, double r)
    {
        var x0 = path.Start;
        double limit = 10 * r;
        double left = x0[0] - r, right = x0[0] + r, bottom = x0[1] - r, top = x0[1] + r;
        foreach (var x in path.Iterates)
        {
            left = Math.Min(left, Math.Max(x[0], x0[0] - limit));
            right = Math.Max(right, Math.Min(x[0], x0[0] + limit));
            bottom = Math.Min(bottom, Math.Max(x[1], x0[1] - limit));
            top = Math.Max(top, Math.Min(x[1], x0[1] + limit));
        }
        // A margin of a quarter on each side keeps the iterates clear of the legend and the caption in the corners.
        double half = 0.75 * Math.Max(right - left, top - bottom);
        return new Plane([(left + right) / 2, (bottom + top) / 2], 0, 1, half);
    }

    /// <summary>∇f/|∇f|, or the first axis where ∇f is zero or not finite.</summary>
    private static double[] DefaultSliceDirection(Problem p)
    {
        var g = Differentiate.Gradient(p.Scalar, p.Point.Values).Gradient;
        if (g.All(double.IsFinite) && g.Any(c => c != 0)) return g;
        var e = new double[g.Length];
        e[0] = 1;
        return e;
    }

    /// <summary>One kind: the formula, --at, -o, --size and the kind's own options; draws and saves the plot.</summary>
    private static Command Kind(Io io, string name, string description, PlotOptions which, Func<Problem, PlotArguments, ScottPlot.Multiplot> draw, bool vectorAllowed = false)
    {
        var options = new PlotArguments(name, which);
        var command = new Command(name, description);
        options.Add(command);
        command.SetAction(parsed =>
        {
            var o = options.Read(parsed);
            var p = o.Load(io);
            if (!vectorAllowed) p.RequireScalar($"plot {name}");
            var (width, height) = o.Size;
            string path = o.Output;
            try { Figure.Format(path); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var figure = draw(p, o);
            // Draw to a temporary file first, so a failure never leaves half a picture under the requested name.
            string temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp{Path.GetExtension(path)}");
            try
            {
                if (figure.Subplots.Count == 1) Figure.Save(ScottPlot.IMultiplotExtensions.GetPlot(figure, 0), temporary, width, height);
                else Figure.Save(figure, temporary, width, height);
                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
            io.Out.WriteLine($"wrote {path} ({width}x{height} {Figure.Format(path).ToUpperInvariant()}): {name} of {Human.Shorten(p.Formula.Text)} at {Human.Names(p.Names)} = {Human.Vector(p.Point.Values)}");
            return Cli.Ok;
        });
        return command;
    }
}
