using System.Text;
using Tangent.Cli.Shared;

namespace Tangent.Cli.Commands;

/// <summary>
/// The words of <c>tangent report</c>: the local models written out, and what the measured orders of their
/// remainders say. Differentiability at x means r₁(h)/|h| → 0; a C² function has r₁ = O(|h|²), a C³ one
/// r₂ = O(|h|³). One direction is evidence, not proof, and the reading says "along v".
/// </summary>
internal static class ReportReading
{
    /// <summary>The last measurable order (NaN when round-off hid every one).</summary>
    private static double Last(double[] orders) => orders.Where(q => !double.IsNaN(q)).DefaultIfEmpty(double.NaN).Last();

    private static string F(double q) => q.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>What the orders of r₁ say; no model at all when ∇f is not finite.</summary>
    public static string Linear(LocalModel m)
    {
        if (!m.GradientFinite) return "no linear model: ∇f is not finite here (see the notes).";
        if (m.Remainders.Any(r => !double.IsFinite(r.Linear))) return "r₁ is not finite: f is not finite near x along v (see the notes).";
        double q = Last(LocalModel.Orders(m.Remainders, r => r.Linear));
        if (double.IsNaN(q)) return "r₁ is at the level of rounding: f is linear along v to machine precision.";
        // Order 3 and up: the curvature term ½ t²·vᵀ∇²f v is zero along v or too small to show at these radii (x³ − 3xy² at 0).
        if (q >= 2.2) return $"r₁ shrinks faster than |h|² (order {F(q)}): the curvature term ½ hᵀ∇²f h is zero or too small to show along v, and f(x) + ∇f·h is the first-order approximation along v, as differentiability requires.";
        if (q >= 1.8) return $"r₁ shrinks like |h|² (order {F(q)}): f(x) + ∇f·h is the first-order approximation along v, as differentiability requires.";
        if (q > 1.2) return $"r₁ shrinks faster than |h| but slower than |h|² (order {F(q)}): r₁/|h| → 0 along v, so the linear model is right to first order, but f is not twice differentiable here.";
        // Order 1 + α with small α > 0 is a remainder that vanishes slowly (|x|^1.1 at 0): four radii cannot tell it
        // from one that levels off, so the reading says what it saw and leaves the verdict to the six-decade check.
        if (q > 1.02) return $"r₁ shrinks only slightly faster than |h| (order {F(q)}): r₁/|h| falls slowly along v, like |h|^{F(q - 1)} if the order holds; a remainder that vanishes this slowly (|x|^1.1 at 0) and one that levels off look alike over four radii (the differentiability verdict reads six decades).";
        return $"r₁ shrinks only like |h|^{F(q)}: r₁/|h| does not fall over these radii, so f(x) + ∇f·h is NOT a first-order approximation along v as far as they show — f is not differentiable at x (see the kinks) or the derivative is wrong, unless r₁/|h| falls too slowly to see here (the differentiability verdict reads six decades).";
    }

    /// <summary>What the orders of r₂ say; no model at all when the Hessian (or ∇f) is not finite.</summary>
    public static string Quadratic(LocalModel m)
    {
        if (!m.GradientFinite || !m.HessianFinite) return "no quadratic model: the Hessian is not finite here (see the notes).";
        if (m.Remainders.Any(r => !double.IsFinite(r.Quadratic))) return "r₂ is not finite: f is not finite near x along v (see the notes).";
        double q = Last(LocalModel.Orders(m.Remainders, r => r.Quadratic));
        if (double.IsNaN(q)) return "r₂ is at the level of rounding: f is quadratic along v (nothing beyond second order).";
        if (q >= 3.2) return $"r₂ shrinks faster than |h|³ (order {F(q)}): the third-order term is zero or too small to show along v, and the quadratic model is right to second order along v.";
        if (q >= 2.8) return $"r₂ shrinks like |h|³ (order {F(q)}): the quadratic model is right to second order along v.";
        if (q >= 1.8) return $"r₂ shrinks only like |h|^{F(q)}: the Hessian does not describe the curvature along v (f is not twice differentiable at x).";
        return $"r₂ shrinks only like |h|^{F(q)}: the quadratic model is no better than a first-order one here.";
    }

    /// <summary>"f(x) + Σ ∂ᵢf·h_i", e.g. "24.2 − 215.6·h_x − 88·h_y".</summary>
    public static string LinearModel(double value, double[] gradient, string[] names)
    {
        var sb = new StringBuilder(Human.N(value));
        for (int i = 0; i < names.Length; i++) Term(sb, gradient[i], $"h_{names[i]}");
        return sb.ToString();
    }

    /// <summary>" + ½(Σ Hᵢᵢ h_i² + Σ_{i&lt;j} 2Hᵢⱼ h_i h_j)", or "" when the Hessian is 0.</summary>
    public static string QuadraticTerm(double[,] h, string[] names)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < names.Length; i++)
            for (int j = i; j < names.Length; j++)
                Term(sb, i == j ? h[i, i] : 2 * h[i, j], i == j ? $"h_{names[i]}²" : $"h_{names[i]}·h_{names[j]}");
        if (sb.Length == 0) return "";
        string inner = sb.ToString().TrimStart();
        inner = inner.StartsWith("+ ") ? inner[2..] : inner.StartsWith("− ") ? "−" + inner[2..] : inner;
        return $" + ½({inner})";
    }

    private static void Term(StringBuilder sb, double c, string what)
    {
        if (c == 0) return;
        sb.Append(c < 0 ? " − " : " + ").Append(Human.N(Math.Abs(c))).Append('·').Append(what);
    }
}
