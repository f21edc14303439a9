using Tangent.Checks;

namespace Tangent.Cli.Shared;

/// <summary>
/// Explains a NaN or ±∞ that a command measured away from x (a central difference, a Taylor remainder): it names the
/// point sampled where f is not finite and the operation that made it so, read from the diagnostics of the evaluation
/// there. (The diagnostics of the evaluation at x itself explain the numbers computed at x; these explain the rest.)
/// </summary>
internal static class NonFiniteNotes
{
    /// <summary>Why F(q) is not finite: the first domain error (else the first overflow) of the evaluation at q; null when F(q) is finite.</summary>
    public static string? Why(Problem p, double[] q)
    {
        var g = Differentiate.Record(p.Vector, q);
        var value = g.Value;
        if (value.All(double.IsFinite)) return null;
        var d = g.Diagnostics.FirstOrDefault(d => d.Undefined) ?? g.Diagnostics.FirstOrDefault();
        string values = value.Length == 1 ? Human.N(value[0]) : Human.Vector(value);
        return d is null ? $"it is {values} there" : $"it is {values} there: {d.Message}";
    }

    /// <summary>
    /// Why the central differences in variable j gave no finite estimate: the first point x ± h·eⱼ sampled (h from
    /// <see cref="FiniteDifferences.Steps"/>) where f is not finite, or, when f is finite at all of them, that the
    /// differences overflow.
    /// </summary>
    public static string CentralDifference(Problem p, int j)
    {
        var x = p.Point.Values;
        string name = p.Names[j], f = p.Formula.IsVector ? "F" : "f";
        foreach (double h in FiniteDifferences.Steps(x[j]))
            foreach (int sign in (int[])[1, -1])
            {
                var q = (double[])x.Clone();
                q[j] = x[j] + sign * h;
                if (Why(p, q) is { } why)
                    return $"no finite central difference in {name}: {f} at {name} {(sign > 0 ? "+" : "−")} h = {Human.N(q[j])} (h = {Human.G(h)}) is not finite ({why})";
            }
        return $"no finite central difference in {name}: {f} is finite at every point sampled ({name} ± h, h = {string.Join(", ", FiniteDifferences.Steps(x[j]).Select(h => Human.G(h)))}), but the differences or their extrapolation exceed the double range (about 1.8e308)";
    }

    /// <summary>
    /// Why a Taylor remainder is not finite at step h along v: f(x + h·v) is not finite there (with its reason), or, when
    /// it is finite, the model at x is not (<paramref name="modelProblem"/> says why) or the remainder overflows.
    /// </summary>
    public static string TaylorStep(Problem p, double[] v, double h, string? modelProblem)
    {
        var x = p.Point.Values;
        var q = new double[x.Length];
        for (int i = 0; i < q.Length; i++) q[i] = x[i] + h * v[i];
        string f = p.Formula.IsVector ? "F" : "f";
        if (Why(p, q) is { } why) return $"{f}(x + h·v) at h = {Human.G(h)} is not finite ({why})";
        return modelProblem is null
            ? $"at h = {Human.G(h)} the remainder exceeds the double range (about 1.8e308)"
            : $"{f}(x + h·v) is finite at h = {Human.G(h)}, but the model at x is not: {modelProblem}";
    }
}
