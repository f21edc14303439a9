using MathNet.Numerics.LinearAlgebra;
using Tangent.Formulas;

namespace Tangent.Cli.Shared;

/// <summary>What the eigenvalues of the Hessian say about the second-order behaviour of f at x.</summary>
internal enum Curvature { PositiveDefinite, NegativeDefinite, Indefinite, Degenerate }

/// <summary>
/// The remainders of the local models at one step h = t·v (|v| = 1):
/// r₁(t) = |f(x+h) − (f(x) + ∇f·h)| and r₂(t) = |f(x+h) − (f(x) + ∇f·h + ½hᵀ∇²f h)|.
/// For f twice continuously differentiable r₁ = O(t²); for three times, r₂ = O(t³).
/// </summary>
internal sealed record Remainder(double Step, double Linear, double Quadratic, double RoundOff);

/// <summary>
/// The local picture of a scalar formula at a point: value, gradient, steepest ascent, the Hessian with its
/// eigenvalues and their meaning, and the linear and quadratic models with their measured remainders.
/// Derivatives come from the recorded graph (one reverse sweep, n Hessian-vector products); f(x+h) for the
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

    public double Value => Result.Value;
    public double[] Gradient => Result.Gradient;
    public double[,] Hessian => Result.Hessian;
    public bool IsCritical => GradientNorm == 0;

    public static LocalModel At(Problem p)
    {
        var x = p.Point.Values;
        var r = Differentiate.Hessian(p.Scalar, x);
        int n = x.Length;
        var eigenvalues = Eigen(r.Hessian);
        double scale = eigenvalues.Length == 0 ? 0 : eigenvalues.Max(Math.Abs);
        double zero = 1e-12 * scale;
        bool anyZero = eigenvalues.Any(l => Math.Abs(l) <= zero);
        var curvature = eigenvalues.Any(double.IsNaN) || anyZero ? Curvature.Degenerate
            : eigenvalues.All(l => l > 0) ? Curvature.PositiveDefinite
            : eigenvalues.All(l => l < 0) ? Curvature.NegativeDefinite
            : Curvature.Indefinite;
        double smallest = eigenvalues.Length == 0 ? 0 : eigenvalues.Min(Math.Abs);
        double condition = anyZero ? double.PositiveInfinity : scale / smallest;

        var v = RandomUnit(n, DirectionSeed);
        var remainders = Steps.Select(t => Measure(p, r, v, t)).ToArray();
        return new LocalModel
        {
            Result = r, Eigenvalues = eigenvalues, Curvature = curvature, ConditionNumber = condition,
            GradientNorm = Norm(r.Gradient), Direction = v, Remainders = remainders,
        };
    }

    /// <summary>The eigenvalues of the symmetric Hessian, ascending (NaN when it has non-finite entries).</summary>
    private static double[] Eigen(double[,] h)
    {
        foreach (var e in h)
            if (!double.IsFinite(e)) return [.. Enumerable.Repeat(double.NaN, h.GetLength(0))];
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
        double roundOff = 4 * double.Epsilon + 4e-16 * (Math.Abs(fxh) + Math.Abs(r.Value) + Math.Abs(linear));
        return new Remainder(t, Math.Abs(fxh - l), Math.Abs(fxh - q), roundOff);
    }

    /// <summary>The observed order log₁₀(r(tₖ)/r(tₖ₊₁)) between successive steps (a decade apart); NaN where round-off dominates.</summary>
    public static double[] Orders(Remainder[] rs, Func<Remainder, double> r) =>
        [.. rs.Zip(rs.Skip(1), (a, b) =>
            r(a) > 10 * a.RoundOff && r(b) > 10 * b.RoundOff ? Math.Log10(r(a) / r(b)) / Math.Log10(a.Step / b.Step) : double.NaN)];

    /// <summary>The meaning of the eigenvalues, in words; <paramref name="critical"/> when ∇f = 0.</summary>
    public string CurvatureMeaning(bool critical) => (Curvature, critical) switch
    {
        (Curvature.PositiveDefinite, true) => "all eigenvalues > 0 (positive definite): a strict local minimum",
        (Curvature.NegativeDefinite, true) => "all eigenvalues < 0 (negative definite): a strict local maximum",
        (Curvature.Indefinite, true) => "eigenvalues of both signs (indefinite): a saddle point",
        (Curvature.Degenerate, true) => "an eigenvalue is 0 (degenerate): the second-order test is inconclusive; higher-order terms decide",
        (Curvature.PositiveDefinite, false) => "all eigenvalues > 0 (positive definite): f curves upward in every direction here (locally convex)",
        (Curvature.NegativeDefinite, false) => "all eigenvalues < 0 (negative definite): f curves downward in every direction here (locally concave)",
        (Curvature.Indefinite, false) => "eigenvalues of both signs (indefinite): f curves up in some directions and down in others",
        _ => "an eigenvalue is 0 (degenerate): f is flat to second order along its eigenvector",
    };

    public static string CurvatureName(Curvature c) => c switch
    {
        Curvature.PositiveDefinite => "positive-definite",
        Curvature.NegativeDefinite => "negative-definite",
        Curvature.Indefinite => "indefinite",
        _ => "degenerate",
    };

    /// <summary>A unit vector with normally distributed components from a fixed seed (a uniformly random direction).</summary>
    private static double[] RandomUnit(int n, int seed)
    {
        var random = new Random(seed);
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

    public static double Norm(IEnumerable<double> v) => Math.Sqrt(v.Sum(c => c * c));
}
