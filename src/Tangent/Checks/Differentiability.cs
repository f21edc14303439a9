using Tangent.Primitives;

namespace Tangent.Checks;

/// <summary>
/// Decides whether f: Rⁿ → R is (Fréchet) differentiable at x: whether one linear map L satisfies
/// |f(x + h) − f(x) − L·h| / |h| → 0 as h → 0 from every direction and along every path.
/// </summary>
/// <remarks>
/// <para>Every source of evidence is used, because none suffices alone:</para>
/// <list type="bullet">
/// <item>Kinks hit by the recorded evaluation. Without kinks, branch boundaries or infinite derivatives,
/// and with every kink, domain boundary and branch threshold beyond the rounding error of its operands
/// (|x − 1e−9| at 0 is the linear 1e−9 − x nearby; |3x − 0.3| at 0.1 is on its kink although the computed
/// argument is 5.6e−17, see <see cref="Margins"/>), f is a composition of smooth primitives near x and is
/// differentiable by the chain rule. A kink alone decides nothing:
/// relu(x)² is differentiable at 0, x·|y| is differentiable at the origin but not at (1, 0).</item>
/// <item>Continuity: f(x + h) → f(x) along lines, curves and spirals; a discontinuous f is not differentiable.</item>
/// <item>One-sided directional derivatives D_u f = lim (f(x + tu) − f(x))/t, t → 0⁺, and whether one linear
/// map fits them all (x²y/(x² + y²) has every D_u f = u₁²u₂, which is not linear in u).</item>
/// <item>The remainder |f(x + h) − f(x) − L·h|/|h| along straight lines and along curved approaches
/// (xⱼ = ±xᵢᵖ, spirals, twisted curves (t, ±|t|ᵖ, ±|t|^q), and lines along and curves bending off the zero set of
/// every intermediate that vanishes at x, see <see cref="ZeroSets"/>): x²y/(x⁴ + y²) looks fine along every line yet is
/// 1/2 on y = x².</item>
/// <item>Supporting only: whether ∇f(x + h) → L (continuous partials imply differentiability; the converse
/// fails: (x² + y²)·sin(1/√(x² + y²)) is differentiable at 0 with discontinuous partials).</item>
/// </list>
/// <para>Limits are read from radii r = 10^(−1) … 10^(−7) relative to each coordinate's size, looking at the trend of each
/// quantity above its rounding noise (see <see cref="TrendKind"/>). Floating point cannot prove a limit:
/// when the trend is not clear the verdict is <see cref="Verdict.Inconclusive"/>, never a guess.</para>
/// </remarks>
public static class Differentiability
{
    private const double Eps = 2.220446049250313e-16;
    /// <summary>Rounding noise of one evaluation of f, in units of ε·|f|: allows some cancellation inside f.</summary>
    private const double Kappa = 64;
    private const int RadiusCount = 13;

    /// <summary>
    /// The most variables a check analyses (of those the evaluation uses; unused ones cost nothing). The number of
    /// evaluations of f is linear in them: two axis lines each at 13 radii, plus a fixed set of lines and curves in at
    /// most 45 pairs of variables (12 beyond 64 variables), each sample costing one evaluation of f and O(1) besides.
    /// </summary>
    public const int MaxVariables = 1000;

    /// <summary>
    /// The verdict on differentiability of f at x (variables named by <paramref name="names"/>, or x[0], x[1], … as C#
    /// indexes the point). Variables that the evaluation at x does not touch cost nothing: the analysis runs on the
    /// variables it uses (see <see cref="Used"/>), and the others get the partials 0 they have.
    /// </summary>
    /// <exception cref="ArgumentNullException">f is null.</exception>
    /// <exception cref="ArgumentException">x is empty, <paramref name="names"/> does not have one name per variable, or f uses more than <see cref="MaxVariables"/> variables.</exception>
    public static DifferentiabilityResult Check(ScalarFunction f, ReadOnlySpan<double> x, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        var point = x.ToArray();
        names = CheckNames(names, point.Length);
        var graph = Differentiate.Record(f, point);
        var used = Used(graph);
        CheckSize(used?.Length ?? point.Length, point.Length);
        if (used is null)
            return Decide(p => Differentiate.Value(f, p), graph, point, names,
                p => Differentiate.Gradient(f, p).Gradient, p => Differentiate.Record(f, p));
        var embed = new Embedding(point, used);
        ScalarFunction g = v => f(embed.Vars(v));
        var reduced = embed.Reduce(point);
        return embed.Expand(Decide(p => Differentiate.Value(g, p), Differentiate.Record(g, reduced), reduced, embed.Names(names),
            p => Differentiate.Gradient(g, p).Gradient, p => Differentiate.Record(g, p)), names);
    }

    /// <summary>The verdict on differentiability at x of a function written with generic math (unused variables cost nothing, as above).</summary>
    /// <exception cref="ArgumentNullException">f is null.</exception>
    /// <exception cref="ArgumentException">x is empty, <paramref name="names"/> does not have one name per variable, or f uses more than <see cref="MaxVariables"/> variables.</exception>
    public static DifferentiabilityResult Check<TFunction>(TFunction f, ReadOnlySpan<double> x, IReadOnlyList<string>? names = null)
        where TFunction : IScalarFunction
    {
        ArgumentNullException.ThrowIfNull(f);
        var point = x.ToArray();
        names = CheckNames(names, point.Length);
        var graph = Differentiate.Record(f, point);
        var used = Used(graph);
        CheckSize(used?.Length ?? point.Length, point.Length);
        if (used is null)
            return Decide(p => Differentiate.Value(f, p), graph, point, names,
                p => Differentiate.Gradient(f, p).Gradient, p => Differentiate.Record(f, p));
        var embed = new Embedding(point, used);
        var g = new Embedded<TFunction>(f, embed);
        var reduced = embed.Reduce(point);
        return embed.Expand(Decide(p => Differentiate.Value(g, p), Differentiate.Record(g, reduced), reduced, embed.Names(names),
            p => Differentiate.Gradient(g, p).Gradient, p => Differentiate.Record(g, p)), names);
    }

    /// <summary>Throws past <see cref="MaxVariables"/> used variables, naming how many are used.</summary>
    private static void CheckSize(int used, int n)
    {
        if (used > MaxVariables)
            throw new ArgumentException($"f uses {used:N0} of its {n:N0} variables at x; a differentiability check analyses at most {MaxVariables:N0} (its work grows with each): check a restriction of f to fewer variables.", "x");
    }

    private static IReadOnlyList<string> CheckNames(IReadOnlyList<string>? names, int n)
    {
        if (n == 0) throw new ArgumentException("The point x is empty: a function of no variables has no derivative.", "x");
        names ??= Approaches.DefaultNames(n);
        Shape.Require(names.Count, n, "the list of variable names", "the point x");
        return names;
    }

    /// <summary>
    /// The inputs the recording at x reads (an operand, a compared value or the output itself), ascending; null when
    /// that is all of them or when the others may still matter. f does not depend on an input it never reads as long
    /// as every recorded branch decision holds, which is so on a neighbourhood of x unless a comparison sits exactly
    /// on its boundary (if(x > 0, y, z) at x = 0 reads z, but f = y just beside it) or a value is not finite.
    /// </summary>
    private static int[]? Used(Graph g)
    {
        if (g.Diagnostics.Count > 0 || g.Kinks.Any(k => k.Primitive == "if")) return null;
        int n = g.InputCount;
        var read = new bool[n + 1];
        var prims = g.NodePrimitives();
        for (int i = n + 1; i < g.Count; i++)
        {
            var node = g.Nodes[i];
            if (node.A <= n) read[node.A] = true;
            if (prims[i].Arity == 2 && node.B <= n) read[node.B] = true;
        }
        foreach (var br in g.Branches)
        {
            if (br.A <= n) read[br.A] = true;
            if (br.B <= n) read[br.B] = true;
        }
        foreach (var o in g.Outputs)
            if (o.Index <= n) read[o.Index] = true;
        var used = Enumerable.Range(1, n).Where(i => read[i]).Select(i => i - 1).ToArray();
        // At least one variable stays, so that a constant f is still checked (and found differentiable) on it.
        if (used.Length == 0) used = [0];
        return used.Length == n ? null : used;
    }

    /// <summary>
    /// The verdict, with the diagnostics of the evaluation at x. A formula that is undefined at x (a domain error: 1/0,
    /// log 0, asin 2) has no derivative there, whatever finite value IEEE arithmetic makes of it (exp(−1/x²) at 0
    /// computes exp(−∞) = 0): the verdict says so, and what the analysis found for the value computed, which is the
    /// continuous extension when f tends to it.
    /// </summary>
    private static DifferentiabilityResult Decide(Func<double[], double> f, Graph graph, double[] x, IReadOnlyList<string> names,
        Func<double[], double[]> gradientAt, Func<double[], Graph> record)
    {
        var r = Analyse(f, graph, x, names, gradientAt, record) with { Diagnostics = [.. graph.Diagnostics] };
        var undefined = graph.Diagnostics.FirstOrDefault(d => d.Undefined);
        if (undefined is null || !double.IsFinite(r.Value)) return r;
        string extension = r.Verdict switch
        {
            Verdict.Differentiable => $"The value {Graph.F(r.Value)} computed there is the limit of f, and f extended by it is differentiable: {r.Reason}",
            Verdict.NotDifferentiable => $"Even f extended by the value {Graph.F(r.Value)} computed there is not differentiable: {r.Reason}",
            _ => $"For f extended by the value {Graph.F(r.Value)} computed there the analysis is inconclusive: {r.Reason}",
        };
        return r with
        {
            Verdict = Verdict.NotDifferentiable,
            Derivative = null,
            Reason = $"The formula is not defined at x ({undefined.Message}), so f has no derivative there. {extension}",
        };
    }

    private static DifferentiabilityResult Analyse(Func<double[], double> f, Graph graph, double[] x, IReadOnlyList<string> names,
        Func<double[], double[]> gradientAt, Func<double[], Graph> record)
    {
        double f0 = graph.Value[0];
        IReadOnlyList<Kink> kinks = [.. graph.Kinks]; // a copy: the result outlives a tape's graph
        var ad = graph.Gradient();
        bool adFinite = ad.All(double.IsFinite);
        bool smooth = kinks.Count == 0 && graph.Diagnostics.Count == 0 && adFinite;
        // Smooth with a margin: every kink, domain boundary and branch threshold lies well beyond the rounding
        // error of its operands, so near the exact point f is one composition of smooth maps (chain rule).
        bool clear = smooth && Margins.Clear(graph, out _);
        var empty = new DifferentiabilityEvidence(smooth, ad, [.. ad.Select(_ => double.NaN)], "none", TrendKind.Unclear, "",
            [], double.NaN, [], TrendKind.Unclear, double.NaN, "", TrendKind.Unclear);
        if (!double.IsFinite(f0))
            return new(Verdict.NotDifferentiable, $"f(x) = {Graph.F(f0)} is not a finite number, so no linear map can approximate f at x.",
                x, f0, null, kinks, empty);

        var scales = x.Select(v => v == 0 || !double.IsFinite(v) ? 1 : Math.Abs(v)).ToArray();
        var radii = new double[RadiusCount];
        for (int j = 0; j < RadiusCount; j++) radii[j] = Math.Pow(10, -(j + 2) / 2.0);
        double intermediate = 0;
        foreach (var v in SecondOrder.Values(graph))
            if (double.IsFinite(v)) intermediate = Math.Max(intermediate, Math.Abs(v));
        var samples = new Samples(f, x, f0, intermediate, radii, Approaches.For(scales, names, Suspects(graph), ZeroSets.Normals(graph, scales, x, record)));

        // Undefined or infinite arbitrarily close to x: x is not interior to the domain of f.
        var undefinedAlong = samples.UndefinedNearby();
        if (undefinedAlong is not null && !clear)
            return new(Verdict.NotDifferentiable,
                $"f is undefined or infinite at points arbitrarily close to x (along {undefinedAlong}), so x is not an interior point of its domain.",
                x, f0, null, kinks, empty);

        var continuity = samples.Continuity(out string continuityWorst, out double jump, out bool steadyJump);
        var numeric = samples.NumericGradient(out double numericError);
        var oneSided = samples.OneSidedPartials(names);

        // Two candidates for L: the automatic gradient (exact when f is differentiable and the kink
        // conventions are right) and the central-difference partials (right when a branch replaced f
        // at the single point x, as in if(x == 0, 0, ...)). The one with the smaller remainder is tested.
        Remainder? best = null;
        string source = "none";
        if (adFinite) { best = samples.RemainderOf(ad, 0); source = "automatic"; }
        if (numeric.All(double.IsFinite))
        {
            var r = samples.RemainderOf(numeric, numericError);
            if (best is null || r.Better(best)) { best = r; source = "numeric"; }
        }
        double[]? derivative = source == "automatic" ? ad : source == "numeric" ? numeric : null;
        string misfitAlong = "";
        double misfitD = double.NaN, misfitL = double.NaN;
        int linesSettled = 0, linesTried = 0;
        double misfit = derivative is null ? double.NaN : samples.LinearMisfit(derivative, out misfitAlong, out misfitD, out misfitL, out linesSettled, out linesTried);
        var nearby = derivative is null ? TrendKind.Unclear : samples.PartialsNearby(gradientAt, derivative);
        var evidence = new DifferentiabilityEvidence(smooth, ad, numeric, source, continuity, continuityWorst, oneSided, misfit,
            best?.Table ?? [], best?.Trend ?? TrendKind.Unclear, best?.Rate ?? double.NaN, best?.Worst ?? "", nearby)
        { LinesSettled = linesSettled, LinesTried = linesTried };

        DifferentiabilityResult Say(Verdict v, string reason) =>
            new(v, reason, x, f0, v == Verdict.Differentiable ? derivative : null, kinks, evidence);

        if (clear && best?.Trend != TrendKind.ToZero)
            return new(Verdict.Differentiable,
                "f is a composition of maps that are smooth on a neighbourhood of x: every kink, domain boundary and branch threshold met lies beyond the rounding error of its operands, so the chain rule gives Df(x) = ∇f(x) (sampling at the radii tried could not resolve the neighbourhood).",
                x, f0, ad, kinks, evidence);
        if (continuity == TrendKind.NotToZero)
            return Say(Verdict.NotDifferentiable,
                steadyJump
                    ? $"f is not continuous at x: along {continuityWorst}, f(x + h) − f(x) stays near {Graph.F(Round(jump))} as |h| → 0."
                    : $"f is not continuous at x: along {continuityWorst}, f(x + h) − f(x) does not tend to 0 as |h| → 0 (it is {Graph.F(Round(jump))} at the smallest radius, and not settling).");

        var mismatch = oneSided.FirstOrDefault(p => p.Settled && Differs(p.Right, p.Left, p.Error));
        string kinkNote = kinks.Count == 0 ? "" : $" (although the evaluation hit {string.Join(", ", kinks.Select(k => k.Where).Distinct())})";
        // A remainder that falls may only be hidden by the noise of f (1e12 + |x| rounds to 1e−4) or by a larger
        // smooth term (1e−12·|x| + x² shows its kink only below |h| = 1e−12); when a kink was hit and the one-sided
        // slopes settle to values that differ beyond their own drift, those decide.
        if (best is not null && best.Trend == TrendKind.ToZero && kinks.Count > 0 && mismatch is not null)
            return Say(Verdict.NotDifferentiable,
                $"The one-sided partial derivatives in {mismatch.Variable} differ ({Graph.F(Round(mismatch.Right))} from the right, {Graph.F(Round(mismatch.Left))} from the left), so no linear map fits both (the remainder for L = ∇f(x) looked small only because a larger term or the rounding of f hides the kink at the radii sampled).");
        if (best is not null && best.Trend == TrendKind.ToZero)
        {
            string how = double.IsPositiveInfinity(best.Rate) ? "is at rounding level at every radius"
                : double.IsNaN(best.Rate) ? "falls to 0 (below rounding level at the smaller radii)"
                : $"falls to 0 like |h|^{Graph.F(TwoDigits(best.Rate))}";
            return Say(Verdict.Differentiable,
                $"With L = ∇f(x) = {Entries(derivative!)}, the remainder |f(x+h) − f(x) − L·h|/|h| {how} along lines, curves and spirals{kinkNote}.");
        }
        if (best is not null && best.Trend == TrendKind.NotToZero || best is null)
        {
            if (mismatch is not null)
                return Say(Verdict.NotDifferentiable,
                    $"The one-sided partial derivatives in {mismatch.Variable} differ ({Graph.F(Round(mismatch.Right))} from the right, {Graph.F(Round(mismatch.Left))} from the left), so no linear map fits both.");
            if (best is null && !adFinite && samples.UnboundedQuotient(names) is { } vertical)
                return Say(Verdict.NotDifferentiable,
                    $"The difference quotients in {vertical} grow without bound as |h| → 0 (the automatic gradient is infinite): f has a vertical tangent at x, so no linear map approximates it.");
            if (best is null)
                return smooth
                    ? Say(Verdict.Differentiable, "f is a composition of smooth primitives near x (no kink, branch boundary or infinite derivative is hit).")
                    : Say(Verdict.Inconclusive, "Neither the automatic gradient nor the difference quotients give a finite candidate for Df(x), and nothing else decides.");
            if (best.LineTrend == TrendKind.NotToZero && double.IsFinite(misfit) && misfit > 1e-3)
                return Say(Verdict.NotDifferentiable,
                    $"The directional derivatives exist but are not linear in the direction: along {misfitAlong}, D_u f = {Graph.F(Round(misfitD))}, while the linear map L = {Entries(derivative!)} that gives the partials predicts {Graph.F(Round(misfitL))}.");
            if (best.LineTrend == TrendKind.NotToZero)
                return Say(Verdict.NotDifferentiable,
                    $"No linear map predicts f: the remainder |f(x+h) − f(x) − L·h|/|h| {Level(best).Verb} along {best.Worst} as |h| → 0{Level(best).Tail}.");
            if (best.LineTrend == TrendKind.ToZero)
                return Say(Verdict.NotDifferentiable,
                    $"Along every straight line the remainder vanishes, but along {best.Worst} the remainder/|h| {Level(best).Verb}{Level(best).Tail}: f is not differentiable although it looks linear along lines.");
            return Say(Verdict.NotDifferentiable,
                $"The remainder |f(x+h) − f(x) − L·h|/|h| {Level(best).Verb} along {best.Worst} as |h| → 0{Level(best).Tail}.");
        }
        // The remainder's trend is unclear.
        if (smooth && continuity != TrendKind.NotToZero)
            return Say(Verdict.Differentiable, "f is a composition of smooth primitives near x (no kink, branch boundary or infinite derivative is hit).");
        if (mismatch is not null)
            return Say(Verdict.NotDifferentiable,
                $"The one-sided partial derivatives in {mismatch.Variable} differ ({Graph.F(Round(mismatch.Right))} from the right, {Graph.F(Round(mismatch.Left))} from the left), so no linear map fits both.");
        return Say(Verdict.Inconclusive,
            $"The remainder |f(x+h) − f(x) − L·h|/|h| neither clearly vanishes nor stays away from 0 between relative radii {Graph.F(radii[0])} and {Graph.F(radii[^1])} ({(double.IsNaN(best.Rate) ? "too few of its samples stand above rounding to measure how fast it falls" : $"rate {Graph.F(TwoDigits(best.Rate))}")}).");
    }

    /// <summary>A rate to two significant digits: |h|^0.005 is not |h|^0.01, and 0.998 reads as 1.</summary>
    /// <summary>
    /// How a remainder ratio that does not tend to 0 behaves, in words that hold: "stays near c" only when its last
    /// three radii agree within 10% (a cone, a jump of slope); "grows like |h|^α" when its rate α is clearly negative
    /// (√|x| at 0: |h|^−½); otherwise it wanders (x·sin(1/x)) and only its last value is stated.
    /// </summary>
    private static (string Verb, string Tail) Level(Remainder r)
    {
        string at = Graph.F(Round(r.Final));
        if (double.IsNegativeInfinity(r.Rate)) return ("grows without bound", "");
        if (r.Rate < -Trend.FlatRate) return ($"grows like |h|^{Graph.F(TwoDigits(r.Rate))}", $" ({at} at the smallest radius)");
        var last = r.Table.TakeLast(3).Select(t => Math.Max(t.Lines, t.Curves)).ToArray();
        return last.Min() > 0 && last.Max() <= 1.1 * last.Min() ? ($"stays near {at}", "") : ("does not tend to 0", $" ({at} at the smallest radius)");
    }

    private static double TwoDigits(double rate) =>
        rate == 0 || !double.IsFinite(rate) ? rate : Math.Round(rate, Math.Clamp(1 - (int)Math.Floor(Math.Log10(Math.Abs(rate))), 0, 15));

    /// <summary>
    /// Two one-sided slopes differ beyond what the difference quotients' own drift explains (<paramref name="error"/>,
    /// the drift of both extrapolations plus rounding) and beyond 1e−9 of their size: so slopes ±1e−12 differ when
    /// they are measured that exactly, and a noisy quotient ((eᵗ − 1 − t)/t²) does not fake a kink.
    /// </summary>
    private static bool Differs(double right, double left, double error) =>
        Math.Abs(right - left) > Math.Max(4 * error, 1e-9 * (Math.Abs(right) + Math.Abs(left)));

    /// <summary>
    /// Per variable: whether it feeds an operand of a branch condition, a kink hit or a denominator: the variables
    /// between which a curved approach can show what lines miss. One backward pass over the graph (a node feeds a
    /// marked node, so it is marked), so the cost is the graph's size whatever n.
    /// </summary>
    private static bool[] Suspects(Graph g)
    {
        int n = g.InputCount;
        var marked = new bool[g.Count];
        var nodes = g.Nodes;
        var ops = g.Ops;
        for (int i = n + 1; i < g.Count; i++)
            if (ops[i] == Operators.DivideCode) marked[nodes[i].B] = true;
        foreach (var br in g.Branches) marked[br.A] = marked[br.B] = true;
        foreach (var k in g.Kinks)
            if (k.Node > 0 && k.Node < g.Count) marked[k.Node] = true;
        for (int i = g.Count - 1; i > n; i--)
        {
            if (!marked[i]) continue;
            marked[nodes[i].A] = true;
            if (Primitive.ByCode(ops[i]).Arity == 2) marked[nodes[i].B] = true;
        }
        var suspect = new bool[n];
        for (int i = 0; i < n; i++) suspect[i] = marked[i + 1];
        return suspect;
    }

    /// <summary>
    /// L in a sentence: every entry up to 10 variables, else the first 10 and how many there are (the evidence lists
    /// them all), so that a reason stays one readable sentence in 1 000 variables.
    /// </summary>
    private static string Entries(double[] l) =>
        l.Length <= 10 ? $"({string.Join(", ", l.Select(v => Graph.F(Round(v))))})"
        : $"({string.Join(", ", l.Take(10).Select(v => Graph.F(Round(v))))}, … {l.Length} entries in all)";

    private static double Round(double v) => double.IsFinite(v) && v != 0 ? Math.Round(v, Math.Clamp(6 - (int)Math.Ceiling(Math.Log10(Math.Abs(v))), 0, 15)) : v;

    internal static double NoiseOf(double a, double b) => Kappa * Eps * (Math.Abs(a) + Math.Abs(b));
}
