namespace Tangent.Optimisation;

/// <summary>
/// One run's state shared by every method: the current iterate with f and ∇f, the iteration count against the
/// limit, the trace and the notes; it builds the result. Methods move it with <see cref="Step"/> and <see cref="Reject"/>.
/// </summary>
internal sealed class Progress
{
    public readonly Objective Objective;
    public readonly MinimizeOptions Options;
    public readonly int N;
    public readonly double[] Start;
    public double[] X;
    public double F;
    private double gradientNorm;

    /// <summary>∇f at <see cref="X"/>; replaced, never written into, so its norm is computed once per iterate.</summary>
    public double[] G { get; private set; }
    public int Iteration;
    private readonly List<IterationRecord> trace = [];
    private readonly List<string> notes = [];
    private readonly HashSet<string> noteSet = [];
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Evaluates f and ∇f at x₀; a non-finite value or gradient there is the caller's mistake.</summary>
    /// <exception cref="ArgumentException">f(x₀) or ∇f(x₀) is not finite (the message names the diagnostics).</exception>
    public Progress(Objective objective, ReadOnlySpan<double> x0, MinimizeOptions options)
    {
        Shape.Require(x0.Length, objective.Dimension, "the starting point", "the objective's variables");
        (Objective, Options, N) = (objective, options, x0.Length);
        for (int i = 0; i < N; i++)
            if (!double.IsFinite(x0[i])) throw new ArgumentException($"The starting point has {objective.VariableName(i)} = {x0[i]}: start from a finite point.");
        Start = x0.ToArray();
        X = x0.ToArray();
        G = new double[N];
        F = objective.ValueAndGradient(X, G);
        gradientNorm = Norm(G);
        if (!double.IsFinite(F))
            throw new ArgumentException($"f is {Text(F)} at the start, which lies outside its domain{Why(objective)}: start from a point where f is defined.");
        int bad = Array.FindIndex(G, v => !double.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"The gradient at the start is not finite (∂f/∂{objective.VariableName(bad)} = {Text(G[bad])}){Why(objective)}: start from a point where f is differentiable.");
    }

    public double GradientTolerance => Options.GradientTolerance ?? 1e-8;
    public int MaxIterations(int fallback) => Options.MaxIterations ?? fallback;
    public double GradientNorm => gradientNorm;

    /// <summary>The quadratic model's decrease is below what second-order methods call converged: 1e-12·max(1, |f|).</summary>
    public bool ValueSettled(double predicted) => predicted <= 1e-12 * Math.Max(1, Math.Abs(F));

    /// <summary>A predicted decrease below the rounding error of f itself: no step can be resolved any more.</summary>
    public bool AtRounding(double predicted) => predicted <= 8 * double.Epsilon + 16 * Math.Abs(F) * 1.1102230246251565e-16;

    /// <summary>What a method computed on its way: ‖s‖, the linear model's decrease −∇fᵀs, and ‖∇f₊‖.</summary>
    public readonly record struct Known(double StepNorm, double Linear, double NewGradientNorm);

    /// <summary>
    /// Records the step from the current iterate and moves to x + s with its value and gradient (already evaluated);
    /// <paramref name="known"/> spares the passes over n for norms a method has already taken.
    /// </summary>
    public void Step(double[] s, double[] xNew, double fNew, double[] gNew, double? quadratic, string? note = null, Known? known = null)
    {
        Row(s, quadratic, F - fNew, true, note, known);
        X = xNew;
        F = fNew;
        G = gNew;
        gradientNorm = known is { NewGradientNorm: var gn } && Representable(gn) ? gn : Norm(gNew);
        Iteration++;
    }

    /// <summary>
    /// Records a trial step that was not taken (f at the trial was <paramref name="trialValue"/>). A step whose actual
    /// change dwarfs a tiny predicted one (both below 1e-9·max(1, |f|)) measures the rounding noise of f.
    /// </summary>
    public void Reject(double[] s, double trialValue, double? quadratic, string? note = null)
    {
        double actual = F - trialValue;
        if (quadratic is { } q && Math.Abs(actual) > 10 * Math.Abs(q) && Math.Abs(actual) <= 1e-9 * Math.Max(1, Math.Abs(F)))
            Noise = Math.Max(Noise, Math.Abs(actual));
        Row(s, quadratic, actual, false, note);
        Iteration++;
    }

    /// <summary>The largest change of f seen that was rounding, not the model (0 until one is seen).</summary>
    public double Noise { get; private set; }

    /// <summary>A predicted decrease that f cannot resolve: below 16 ulps of f or below the rounding noise of f measured on the way.</summary>
    public bool Unresolvable(double predicted) => AtRounding(predicted) || predicted <= Noise;

    /// <summary>", which varies by … from rounding alone here" when the noise of f was measured.</summary>
    public string NoiseText => Noise > 0 ? $", which varies by {Text(Noise)} from rounding alone here" : "";

    private void Row(double[] s, double? quadratic, double actual, bool accepted, string? note, Known? known = null)
    {
        if (note is not null) Note(note);
        if (!Options.Trace) return;
        double stepNorm = known is { StepNorm: var sn } && Representable(sn) ? sn : Norm(s);
        trace.Add(new IterationRecord(Iteration, F, GradientNorm, stepNorm, known?.Linear ?? -Dot(G, s), quadratic, actual, accepted, note));
    }

    /// <summary>A norm taken as √(Σvᵢ²) is exact to rounding when the sum neither overflowed nor underflowed (see <see cref="Norm"/>).</summary>
    public static bool Representable(double norm) => norm >= 1e-140 && double.IsFinite(norm);

    /// <summary>
    /// The first-order stopping test: converged when ‖∇f‖ ≤ gtol, max-iterations at the limit; null to go on.
    /// </summary>
    public MinimizeResult? FirstOrderStop(Method method, string why, int limit, double? lambda = null)
    {
        double gnorm = GradientNorm, gtol = GradientTolerance;
        if (gnorm <= gtol)
            return Finish(method, why, MinimizeStatus.Converged, $"converged: ‖∇f‖ = {Text(gnorm)} ≤ {Text(gtol)}", lambda);
        if (Iteration >= limit)
            return Finish(method, why, MinimizeStatus.MaxIterations, $"stopped after {limit} iterations with ‖∇f‖ = {Text(gnorm)} > {Text(gtol)} (raise the limit: MinimizeOptions.MaxIterations, or --max-iter on the command line)", lambda);
        return null;
    }

    /// <summary>Adds a note to the result once.</summary>
    public void Note(string note)
    {
        if (noteSet.Add(note)) notes.Add(note);
    }

    /// <summary>The result, with a last trace row for the final iterate.</summary>
    public MinimizeResult Finish(Method method, string why, MinimizeStatus status, string reason, double? largestCurvature = null)
    {
        if (Options.Trace) trace.Add(new IterationRecord(Iteration, F, GradientNorm));
        if (status is MinimizeStatus.Stalled or MinimizeStatus.MaxIterations && KinkProbe.AtPoint(Objective, X, F, G, GradientNorm) is { } kink)
            Note(kink);
        var kinks = Objective.Kinks;
        if (kinks.Count > 0 && method is Method.TrustExact or Method.Newton or Method.TrustRegion or Method.NewtonCg)
            Note($"{method} uses second derivatives, but f has kinks on the way where they are conventions, not derivatives: {string.Join(", ", kinks.Take(5).Select(k => k.Where))}{(kinks.Count > 5 ? $" and {kinks.Count - 5} more" : "")}");
        // Copies of the lists: the objective's kinks keep growing when it is minimised again.
        return new MinimizeResult
        {
            Method = method, Why = why, Start = Start, Point = X, Value = F, Gradient = G, GradientNorm = GradientNorm,
            Iterations = Iteration, Evaluations = Objective.Evaluations, Status = status, Reason = reason,
            Trace = [.. trace], Notes = [.. notes], Kinks = [.. kinks], LargestCurvature = largestCurvature, Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>Whether every entry is finite.</summary>
    public static bool Finite(ReadOnlySpan<double> v)
    {
        foreach (var t in v)
            if (!double.IsFinite(t)) return false;
        return true;
    }

    /// <summary>
    /// ‖v‖₂: √(Σvᵢ²) in one vectorised pass where the sum neither overflows nor loses its smallest terms to underflow
    /// (1e-280 ≤ Σvᵢ² &lt; ∞), else the scaled two-pass form. One pass matters: it runs several times per iteration of
    /// L-BFGS, whose iterations at large n should cost little more than a gradient.
    /// </summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        double squares = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(v);
        return squares >= 1e-280 && double.IsFinite(squares) ? Math.Sqrt(squares) : Differentiate.Norm(v);
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    /// <summary>x + α·d.</summary>
    public static double[] Along(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> d)
    {
        var y = new double[x.Length];
        Along(x, alpha, d, y);
        return y;
    }

    /// <summary>y ← x + α·d (rounded as written: α·d, then the sum).</summary>
    public static void Along(ReadOnlySpan<double> x, double alpha, ReadOnlySpan<double> d, Span<double> y)
        => Methods.Passes.Along(x, alpha, d, y);

    /// <summary>A number for messages: 6 significant digits, invariant culture.</summary>
    public static string Text(double v) => (v == 0 ? 0.0 : v).ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e");

    private static string Why(Objective o) => o.Diagnostics.Count == 0 ? "" : $" ({string.Join("; ", o.Diagnostics.Take(3).Select(d => d.Message))})";
}
