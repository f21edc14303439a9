using Tangent.Primitives;
using Tangent.Tests.Support;

namespace Tangent.Tests.Batches;

/// <summary>
/// Every approximate lanes form (a transcendental through Vector256.Exp, Log, Log2) against its declaration over the
/// whole range of one-argument primitives: a grid on [−40, 40] and magnitudes 1e−300 … 1e300 of both signs, in the
/// domain and off the kinks, value and derivative within 1e−13 relative (the completeness test samples a few points only).
/// </summary>
public class LanesAccuracyTests
{
    public static TheoryData<string> Approximate() =>
        [.. Primitive.All.Where(p => p.Arity == 1 && p.LanesApproximate).Select(p => p.Name)];

    private static IEnumerable<double> Range()
    {
        for (int k = -4000; k <= 4000; k++) yield return k / 100.0 + 0.003;
        for (int e = -300; e <= 300; e += 3)
            foreach (double m in new[] { 1.0, 3.7, -1.0, -3.7 }) yield return m * Math.Pow(10, e);
    }

    [Theory]
    [MemberData(nameof(Approximate))]
    public void AnApproximateLanesFormKeepsThirteenDigitsOverTheWholeRange(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var points = Range().Where(x => !p.OutsideDomain(x, 0) && !p.IsKink(x, 0)).ToArray();
        int w = LaneKernels.Width, n = (points.Length + w - 1) / w * w;
        double[] a = new double[n], b = new double[n], y = new double[n], da = new double[n], db = new double[n];
        for (int k = 0; k < n; k++) a[k] = points[k % points.Length];
        LaneKernels.For(p, exactTranscendentals: false).Run(a, b, y, da, db);
        for (int k = 0; k < n; k++)
        {
            double ey = p.Evaluate(a[k], 0, out double ed, out _);
            if (!double.IsFinite(ey) || !double.IsFinite(ed)) continue;
            Approx.Equal(ey, y[k], 1e-13, 1e-300, $"{name}({a[k]}) lanes value");
            Approx.Equal(ed, da[k], 1e-13, 1e-300, $"{name}'({a[k]}) lanes derivative");
        }
    }
}
