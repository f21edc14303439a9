using System.Collections.Concurrent;

namespace Tangent;

/// <summary>
/// f(x) and ∇f(x) of a scalar function f: Rⁿ → R at many points at once, from one recorded graph: several points
/// per sweep in SIMD lanes (structure of arrays, one row of lanes per node), blocks of points spread over the cores.
/// Each point gets exactly what the one-point path gives (<see cref="Graph.At"/> then <see cref="Graph.Gradient"/>,
/// or a fresh recording where the graph does not describe f there).
/// </summary>
/// <remarks>
/// <para>
/// Every recorded branch decision (each comparison of Vars) is re-checked at every point. A point where one comes
/// out differently is not described by the graph: it is evaluated by another recording of f, made at the first such
/// point and kept for later ones (a graph per control-flow path met, up to <see cref="BatchOptions.MaxRecordings"/>,
/// then one recording per point). Built from a graph alone (<see cref="FromGraph"/>) there is no f to record, and
/// such points get NaN and are listed in <see cref="BatchSummary.Unresolved"/>: never a silently wrong gradient.
/// </para>
/// <para>
/// A graph of at most 100 nodes is compiled once to a method over four-lane vectors (Vector256) whose values,
/// partials and adjoints stay in registers; a larger one is swept node by node over rows of up to 256 lanes. The
/// values and partials of each node come from its primitive's declaration: + − · / neg √ abs relu max min through
/// four-lane forms restated operation for operation from the declarations (bit for bit, kink conventions included;
/// a test ties each form to its declaration); every other primitive lane by lane through the declaration itself.
/// The reverse sweep adds ā += (∂φ/∂a)·ȳ in the interpreted sweep's order and skips a lane whose adjoint ȳ is exactly 0 (so 0·NaN stays
/// off dead paths), so values and gradients equal the one-point path bit for bit. With
/// <see cref="BatchOptions.ExactTranscendentals"/> off, exp, log, sin, cos and σ use vector approximations
/// (System.Runtime.Intrinsics.Vector256) within a few ulps of Math.*, and a² and a³ with a constant exponent are formed
/// by multiplication (within 2 ulps of Math.Pow); results then differ from the one-point path by a few ulps in each
/// such primitive, as amplified by the rest of f. Non-finite inputs propagate as NaN (or ±∞) exactly as in the
/// one-point path. Kinks are not collected (ask <see cref="Graph.At"/> for them); their conventions apply all the same. An instance may be used
/// from several threads at once.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // f(x, y) = 100(y − x²)² + (1 − x)², recorded at (−1.2, 1)
/// var batch = BatchGradient.Record(x =&gt; 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]), [-1.2, 1.0]);
/// double[] points = [1, 1, 0, 0, -1.2, 1];           // three points (x, y), one after the other
/// var values = new double[3];
/// var gradients = new double[6];                      // ∇f at point k in gradients[2k .. 2k + 2)
/// batch.Evaluate(points, values, gradients);          // values ≈ [0, 1, 24.2], gradients ≈ [0, 0, −2, 0, −215.6, −88]
/// </code>
/// </example>
public sealed class BatchGradient
{
    readonly ScalarFunction? function;
    readonly BatchOptions options;
    readonly LaneProgram main;
    readonly ThreadLocal<Dictionary<LaneProgram, LaneProgram.Work>> work = new(() => []);
    // Recordings made for points whose branch decisions differ from main's, one per control-flow path met.
    readonly List<LaneProgram> others = [];
    readonly Lock othersLock = new();

    BatchGradient(Graph graph, ScalarFunction? f, BatchOptions? options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.OutputDimension == 0) throw new ArgumentException("The graph has no output: record a scalar function before evaluating it at many points.", nameof(graph));
        this.options = options ?? BatchOptions.Default;
        if (this.options.MaxDegreeOfParallelism == 0 || this.options.MaxDegreeOfParallelism < -1)
            throw new ArgumentException($"MaxDegreeOfParallelism is {this.options.MaxDegreeOfParallelism}: use −1 (all cores) or a positive number of cores.", nameof(options));
        function = f;
        main = new LaneProgram(graph, this.options.ExactTranscendentals, this.options.CompileSmallGraphs);
    }

    /// <summary>Records f at x₀ and prepares it for evaluation at many points; f is recorded again where the control flow differs.</summary>
    /// <exception cref="ArgumentException">x₀ is empty.</exception>
    public static BatchGradient Record(ScalarFunction f, ReadOnlySpan<double> x0, BatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        return new BatchGradient(Differentiate.Record(f, x0), f, options);
    }

    /// <summary>
    /// Evaluates a recorded graph (its first output) at many points. Without the function, a point where a recorded
    /// branch decision comes out differently gets NaN and is listed in <see cref="BatchSummary.Unresolved"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The graph has no output.</exception>
    public static BatchGradient FromGraph(Graph graph, BatchOptions? options = null) => new(graph, null, options);

    /// <summary>The number n of inputs.</summary>
    public int InputDimension => main.Inputs;

    /// <summary>True when the first recording runs as one emitted method over four-lane vectors (see <see cref="BatchOptions.CompileSmallGraphs"/>).</summary>
    public bool IsCompiled => main.IsCompiled;

    /// <summary>Points evaluated per sweep (the lanes of each node): a multiple of the vector width, chosen from the graph's size.</summary>
    public int LanesPerSweep => main.Lanes;

    /// <summary>
    /// f and ∇f at m points: point k is <c>points[k·n .. k·n + n)</c> (row-major m×n); f(point k) goes to
    /// <c>values[k]</c> and ∇f(point k) = (∂f/∂x₁, …, ∂f/∂xₙ) to <c>gradients[k·n .. k·n + n)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">points is not a whole number of n-vectors, or values (m) or gradients (m·n) has another length.</exception>
    public BatchSummary Evaluate(ReadOnlySpan<double> points, Span<double> values, Span<double> gradients)
    {
        int n = main.Inputs;
        if (points.Length % n != 0)
            throw new ArgumentException($"the points have length {points.Length}, which is not a multiple of the input dimension n = {n}: give m points of n coordinates each, one after the other.", nameof(points));
        int m = points.Length / n;
        Shape.Require(values.Length, m, "the values buffer", $"the {m} points");
        Shape.Require(gradients.Length, m * n, "the gradients buffer", $"the {m} points × {n} inputs");
        var changed = RunAll(main, points, null, m, values, gradients);
        int pathsFirst = changed.Count;
        var (recordings, unresolved) = Resolve(points, changed, values, gradients);
        return new BatchSummary(m, pathsFirst, recordings, unresolved);
    }

    /// <summary>Runs program p at the points ids (all m points when ids is null), in blocks of its lanes, on the allowed cores; returns the points whose decisions differ, ascending.</summary>
    List<int> RunAll(LaneProgram p, ReadOnlySpan<double> points, int[]? ids, int m, Span<double> values, Span<double> gradients)
    {
        int l = p.Lanes, blocks = (m + l - 1) / l;
        int degree = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        var changed = new List<int>();
        if (degree == 1 || blocks < 2)
        {
            var w = WorkFor(p);
            for (int b = 0; b < blocks; b++) RunBlock(p, w, points, ids, b, m, values, gradients, changed);
            return changed;
        }
        // Span arguments cannot enter a lambda: the parallel blocks read and write through pinned pointers' spans.
        unsafe
        {
            fixed (double* pp = points, vp = values, gp = gradients)
            {
                nint pts = (nint)pp, vals = (nint)vp, grads = (nint)gp;
                int pl = points.Length, vl = values.Length, gl = gradients.Length;
                var bag = new ConcurrentBag<List<int>>();
                // Chunks of several blocks per task keep the scheduling cost small beside the sweeps.
                int chunk = Math.Max(1, blocks / (degree * 8));
                Parallel.For(0, (blocks + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = degree }, c =>
                {
                    var w = WorkFor(p);
                    var local = new List<int>();
                    var ps = new ReadOnlySpan<double>((double*)pts, pl);
                    var vs = new Span<double>((double*)vals, vl);
                    var gs = new Span<double>((double*)grads, gl);
                    for (int b = c * chunk; b < Math.Min(blocks, (c + 1) * chunk); b++) RunBlock(p, w, ps, ids, b, m, vs, gs, local);
                    if (local.Count > 0) bag.Add(local);
                });
                foreach (var list in bag) changed.AddRange(list);
            }
        }
        changed.Sort();
        return changed;
    }

    static void RunBlock(LaneProgram p, LaneProgram.Work w, ReadOnlySpan<double> points, int[]? ids, int b, int m,
        Span<double> values, Span<double> gradients, List<int> changed)
    {
        int lo = b * p.Lanes;
        p.Run(w, points, lo, Math.Min(p.Lanes, m - lo), ids, values, gradients, changed);
    }

    LaneProgram.Work WorkFor(LaneProgram p)
    {
        var table = work.Value!;
        if (!table.TryGetValue(p, out var w)) table[p] = w = new LaneProgram.Work(p);
        return w;
    }

    /// <summary>
    /// Evaluates the points whose branch decisions differ from the main recording: first with the recordings kept from
    /// earlier points, then by recording f at the first point left (which that recording describes) and running it
    /// over the rest, until none is left. Returns the recordings made and the points left unresolved (no f to record).
    /// </summary>
    (int Recordings, int[] Unresolved) Resolve(ReadOnlySpan<double> points, List<int> changed, Span<double> values, Span<double> gradients)
    {
        int n = main.Inputs, recordings = 0;
        if (changed.Count == 0) return (0, []);
        if (function is null)
        {
            foreach (int id in changed)
            {
                values[id] = double.NaN;
                gradients.Slice(id * n, n).Fill(double.NaN);
            }
            return (0, [.. changed]);
        }
        LaneProgram[] kept;
        lock (othersLock) kept = [.. others];
        foreach (var p in kept)
        {
            if (changed.Count == 0) break;
            changed = RunAll(p, points, [.. changed], changed.Count, values, gradients);
        }
        while (changed.Count > 0)
        {
            int first = changed[0];
            var graph = Differentiate.Record(function, points.Slice(first * n, n));
            recordings++;
            LaneProgram? p = null;
            lock (othersLock)
                if (others.Count < options.MaxRecordings) others.Add(p = new LaneProgram(graph, options.ExactTranscendentals, options.CompileSmallGraphs));
            if (p is null)
            {
                // Past MaxRecordings control-flow paths: one recording per point, its own value and gradient (the
                // one-point path), so that a function with a path per point costs m recordings, not m sweeps of m points.
                for (int k = 0; k < changed.Count; k++)
                {
                    var g = k == 0 ? graph : Differentiate.Record(function, points.Slice(changed[k] * n, n));
                    if (k > 0) recordings++;
                    values[changed[k]] = g.Value[0];
                    g.Gradient().CopyTo(gradients.Slice(changed[k] * n, n));
                }
                break;
            }
            changed = RunAll(p, points, [.. changed], changed.Count, values, gradients);
            if (changed.Count > 0 && changed[0] == first)
            {
                // NOTE: a recording always holds at its own point unless f's control flow reads something other than
                // comparisons of Vars (e.g. x.Value); the recording's own value and gradient are then the one-point answer.
                values[first] = graph.Value[0];
                graph.Gradient().CopyTo(gradients.Slice(first * n, n));
                changed.RemoveAt(0);
            }
        }
        return (recordings, []);
    }
}

/// <summary>Options of <see cref="BatchGradient"/>.</summary>
public sealed record BatchOptions
{
    /// <summary>One core, exact transcendentals.</summary>
    public static BatchOptions Default { get; } = new();

    /// <summary>The most cores used at once: 1 (the default) runs on the calling thread, −1 uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>
    /// True (the default): exp, log, sin, cos, σ and powers through their declarations (Math.*), lane by lane, so that
    /// results equal the one-point path bit for bit. False: exp, log, sin, cos and σ through vector approximations, and
    /// a² and a³ (constant exponents) by multiplication, several times faster, within a few ulps of Math.* (and the results within as many ulps of the one-point path, times the condition of f).
    /// </summary>
    public bool ExactTranscendentals { get; init; } = true;

    /// <summary>
    /// True (the default): a graph of at most 100 nodes is compiled to one method over four-lane vectors, values,
    /// partials and adjoints in registers (IL emitted once per recording); points whose values or partials are not all
    /// finite are evaluated again by the interpreted lanes sweeps. False: always the interpreted lanes sweeps (node by
    /// node over rows of lanes). The results are the same bits either way.
    /// </summary>
    public bool CompileSmallGraphs { get; init; } = true;

    /// <summary>Recordings kept for points whose control flow differs from the first recording's (one per path met).</summary>
    public int MaxRecordings { get; init; } = 16;
}

/// <summary>
/// What a <see cref="BatchGradient.Evaluate"/> call did: <paramref name="Points"/> evaluated, of which
/// <paramref name="ChangedBranches"/> had a branch decision that differs from the first recording's;
/// <paramref name="Recordings"/> new recordings of f made for them; <paramref name="Unresolved"/> lists the points
/// (indices) left NaN because there was no function to record.
/// </summary>
public sealed record BatchSummary(int Points, int ChangedBranches, int Recordings, int[] Unresolved);
