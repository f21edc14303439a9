using MathNet.Numerics.LinearAlgebra;
using Tangent.Formulas;

namespace Tangent.Cli.Shared;

/// <summary>What the eigenvalues of the Hessian say about the second-order behaviour of f at x.</summary>
internal enum Curvature { PositiveDefinite, NegativeDefinite, Indefinite, Degenerate, NotDefined }

/// <summary>
/// The remainders of the local models at one step h = t·v (|v| = 1):
/// r₁(t) = |f(x+h) − (f(x) + ∇f·h)| and r₂(t) = |f(x+h) − (f(x) + ∇f·h + ½hᵀ∇²f h)|.
/// For f twice continuously differentiable r₁ = O(t²); for three times, r₂ = O(t³).
/// </summary>
internal sealed record Remainder(double Step, double Linear, double Quadratic, double RoundOff);

/// <summary>
/// The local picture of a scalar formula at a point: value, gradient, steepest ascent, the Hessian with its
/// eigenvalues and their meaning, and the linear and quadratic models with their measured remainders.
/// Derivatives come from the recorded graph (one reverse sweep, one Hessian-vector product per colour of the star-coloured Hessian pattern); f(x+h) for the
/// remainders is the formula evaluated on plain doubles.
/// </summary>
internal sealed class LocalModel
{
    /// <summary>The steps |h| at which the remainders are measured.</summary>
    public static readonly double[] Steps = [1e-1, 1e-2, 1e-3, 1e-4];

    /// <summary>The seed of the random direction v (fixed, so the report is reproducible).</summary>
    public const int DirectionSeed = 20251126;

    public required HessianResult Result { get; init; }
    public required double[] Eigenvalues { get; init; }
    public required Curvature Curvature { get; init; }
    public required double ConditionNumber { get; init; }
    public required double GradientNorm { get; init; }
    public required double[] Direction { get; init; }
    public required Remainder[] Remainders { get; init; }
    /// <summary>Where the evaluation hit a kink or a non-finite partial: the measured one-sided directional derivatives (null on a smooth piece).</summary>
    public required List<OneSidedRate>? OneSided { get; init; }

    /// <summary>
    /// What made f(x + t·v) non-finite on the model's line when f(x) is finite (exp overflowing next to x, say): the
    /// notes that explain the remainders printed as ∞ or NaN. Empty when every f(x + t·v) is finite.
    /// </summary>
    public IReadOnlyList<Diagnostic> NearDiagnostics { get; init; } = [];

    /// <summary>The diagnostics at x, then those near it on the model's line.</summary>
    public IReadOnlyList<Diagnostic> AllDiagnostics => [.. Result.Diagnostics, .. NearDiagnostics];

    public double Value => Result.Value;
    public double[] Gradient => Result.Gradient;
    public double[,] Hessian => Result.Hessian;
    /// <summary>∇f = 0 on a smooth piece: at a kink ∇f is a convention and says nothing about criticality.</summary>
    public bool IsCritical => GradientNorm == 0 && !Kinked;
    /// <summary>
    /// Whether the evaluation hit a kink or a non-finite value or partial (√u at u = 0, a domain error): ∇f and ∇²f are
    /// then the conventions' values (a kink's, and 0·∞ = 0 in the sweeps), not derivatives.
    /// </summary>
    public bool Kinked => Result.Kinks.Count > 0 || Result.Diagnostics.Count > 0;
    /// <summary>Whether every entry of ∇²f is finite (otherwise it is not classified: it is not defined here).</summary>
    public bool HessianFinite => Curvature != Curvature.NotDefined;
    /// <summary>Whether every entry of ∇f is finite.</summary>
    public bool GradientFinite => double.IsFinite(GradientNorm);

    /// <summary>An eigenvalue with |λ| ≤ this·|λ|max counts as 0: the rounding in ∇²f's entries can move it that far.</summary>
    public const double ZeroRelative = 1e-12;

    private const string ZeroText = "1e-12";

    public static LocalModel At(Problem p)
    {
        var x = p.Point.Values;
        var r = Differentiate.Hessian(p.Scalar, x);
        int n = x.Length;
        bool finite = true;
        foreach (var e in r.Hessian) finite &= double.IsFinite(e);
        // A Hessian with a non-finite entry has no eigenvalues and is never classified (NaN is not "0, degenerate").
        var eigenvalues = finite ? Eigen(r.Hessian) : [];
        double scale = eigenvalues.Length == 0 ? 0 : eigenvalues.Max(Math.Abs);
        double zero = ZeroRelative * scale;
        bool anyZero = eigenvalues.Any(l => Math.Abs(l) <= zero);
        var curvature = !finite ? Curvature.NotDefined
            : anyZero ? Curvature.Degenerate
            : eigenvalues.All(l => l > 0) ? Curvature.PositiveDefinite
            : eigenvalues.All(l => l < 0) ? Curvature.NegativeDefinite
            : Curvature.Indefinite;
        double smallest = eigenvalues.Length == 0 ? 0 : eigenvalues.Min(Math.Abs);
        // |λ|max/|λ|min as computed: ∞ only for an eigenvalue that is exactly 0 (x³ at 0); a degenerate one within
        // 1e-12·|λ|max of 0 keeps its ratio (1e-14·x² + y²: 1e14), and the text says it is singular to rounding.
        double condition = !finite ? double.NaN : smallest == 0 ? double.PositiveInfinity : scale / smallest;

        var v = RandomUnit(n, DirectionSeed);
        var remainders = Steps.Select(t => Measure(p, r, v, t)).ToArray();
        return new LocalModel
        {
            NearDiagnostics = Near(p, r, v, remainders),
            Result = r, Eigenvalues = eigenvalues, Curvature = curvature, ConditionNumber = condition,
            GradientNorm = Norm(r.Gradient), Direction = v, Remainders = remainders,
            OneSided = r.Kinks.Count > 0 || r.Diagnostics.Count > 0 ? OneSidedRates.Measure(p) : null,
        };
    }

    /// <summary>The diagnostics of the first step t·v whose remainder is not finite, each said to be at x + t·v.</summary>
    private static Diagnostic[] Near(Problem p, HessianResult r, double[] v, Remainder[] remainders)
    {
        if (!double.IsFinite(r.Value)) return [];   // f(x) itself is explained by the diagnostics at x
        foreach (var rem in remainders)
        {
            if (double.IsFinite(rem.Linear) && double.IsFinite(rem.Quadratic)) continue;
            var xh = p.Point.Values.Select((c, i) => c + rem.Step * v[i]).ToArray();
            var near = Differentiate.Gradient(p.Scalar, xh).Diagnostics;
            return [.. near.Select(d => d with { Message = $"near x, at x + {Human.G(rem.Step)}·v: {d.Message}" })];
        }
        return [];
    }

    /// <summary>The eigenvalues of the symmetric (finite) Hessian, ascending.</summary>
    private static double[] Eigen(double[,] h)
    {
        var evd = Matrix<double>.Build.DenseOfArray(h).Evd(Symmetricity.Symmetric);
        return [.. evd.EigenValues.Select(c => c.Real).Order()];
    }

    private static Remainder Measure(Problem p, HessianResult r, double[] v, double t)
    {
        int n = v.Length;
        var xh = new Real[n];
        double linear = 0, quadratic = 0;
        for (int i = 0; i < n; i++)
        {
            double hi = t * v[i];
            xh[i] = p.Point.Values[i] + hi;
            linear += r.Gradient[i] * hi;
            for (int j = 0; j < n; j++) quadratic += 0.5 * hi * r.Hessian[i, j] * t * v[j];
        }
        double fxh = p.Formula.Evaluate<Real>(xh, p.Names).Value;
        double l = r.Value + linear;
        double q = l + quadratic;
        // The smallest remainder that rounding in f(x+h) and f(x) can produce: a few ulps of the values involved.
        // (Each term scaled before the sum: |f| near 1e308 would overflow the sum of the sizes.)
        double roundOff = 4 * double.Epsilon + 4e-16 * Math.Abs(fxh) + 4e-16 * Math.Abs(r.Value) + 4e-16 * Math.Abs(linear);
        return new Remainder(t, Math.Abs(fxh - l), Math.Abs(fxh - q), roundOff);
    }

    /// <summary>The observed order log₁₀(r(tₖ)/r(tₖ₊₁)) between successive steps (a decade apart); NaN where round-off dominates or r is not finite.</summary>
    public static double[] Orders(Remainder[] rs, Func<Remainder, double> r) =>
        [.. rs.Zip(rs.Skip(1), (a, b) =>
            double.IsFinite(r(a)) && double.IsFinite(r(b)) && r(a) > 10 * a.RoundOff && r(b) > 10 * b.RoundOff ? Math.Log10(r(a) / r(b)) / Math.Log10(a.Step / b.Step) : double.NaN)];

    /// <summary>The meaning of the eigenvalues, in words; <paramref name="critical"/> when ∇f = 0 on a smooth piece.</summary>
    public string CurvatureMeaning(bool critical) => (Curvature, critical, Kinked) switch
    {
        (Curvature.NotDefined, _, _) => "the Hessian is not defined here (it has non-finite entries, see the notes): no eigenvalues, no second-order reading",
        (_, _, true) => $"{CurvatureWords(Curvature)}; but the evaluation hit a kink or a non-finite partial, so this is the curvature of the piece the conventions select, not a second derivative of f: no second-order test applies here",
        _ => CurvatureMeaningSmooth(critical),
    };

    private static string CurvatureWords(Curvature c) => c switch
    {
        Curvature.PositiveDefinite => "all eigenvalues > 0 (positive definite)",
        Curvature.NegativeDefinite => "all eigenvalues < 0 (negative definite)",
        Curvature.Indefinite => "eigenvalues of both signs (indefinite)",
        _ => $"an eigenvalue is 0 to rounding (|λ| ≤ {ZeroText}·|λ|max: degenerate)",
    };

    private string CurvatureMeaningSmooth(bool critical) => (Curvature, critical) switch
    {
        (Curvature.PositiveDefinite, true) => "all eigenvalues > 0 (positive definite): a strict local minimum",
        (Curvature.NegativeDefinite, true) => "all eigenvalues < 0 (negative definite): a strict local maximum",
        (Curvature.Indefinite, true) => "eigenvalues of both signs (indefinite): a saddle point",
        (Curvature.Degenerate, true) => $"an eigenvalue is 0 to rounding (|λ| ≤ {ZeroText}·|λ|max: degenerate): the second-order test is inconclusive at this precision; higher-order terms decide",
        (Curvature.PositiveDefinite, false) => "all eigenvalues > 0 (positive definite): f curves upward in every direction here (locally convex)",
        (Curvature.NegativeDefinite, false) => "all eigenvalues < 0 (negative definite): f curves downward in every direction here (locally concave)",
        (Curvature.Indefinite, false) => "eigenvalues of both signs (indefinite): f curves up in some directions and down in others",
        _ => $"an eigenvalue is 0 to rounding (|λ| ≤ {ZeroText}·|λ|max: degenerate): f is flat to second order along its eigenvector, as far as rounding tells",
    };

    public static string CurvatureName(Curvature c) => c switch
    {
        Curvature.PositiveDefinite => "positive-definite",
        Curvature.NegativeDefinite => "negative-definite",
        Curvature.Indefinite => "indefinite",
        Curvature.Degenerate => "degenerate",
        _ => "not-defined",
    };

    /// <summary>A unit vector with normally distributed components from a fixed seed (a uniformly random direction).</summary>
    private static double[] RandomUnit(int n, int seed) => RandomUnit(n, new Random(seed));

    /// <summary>A unit vector with normally distributed components drawn from <paramref name="random"/>.</summary>
    public static double[] RandomUnit(int n, Random random)
    {
        var v = new double[n];
        double norm;
        do
        {
            for (int i = 0; i < n; i++)
            {
                // Box–Muller: a standard normal sample.
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                v[i] = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
            norm = Norm(v);
        } while (norm == 0);
        for (int i = 0; i < n; i++) v[i] /= norm;
        return v;
    }

    /// <summary>|v|, scaled by the largest |vᵢ| first so that entries near 1e200 do not overflow their squares (|(0, 1e237)| = 1e237, not ∞).</summary>
    public static double Norm(IEnumerable<double> v)
    {
        var a = v.ToArray();
        if (a.Any(double.IsNaN)) return double.NaN;
        double scale = a.Length == 0 ? 0 : a.Max(Math.Abs);
        if (scale == 0 || double.IsInfinity(scale)) return scale;
        double sum = 0;
        foreach (var c in a) sum += (c / scale) * (c / scale);
        return scale * Math.Sqrt(sum);
    }
}
