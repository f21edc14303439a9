using Tangent.Checks;

namespace Tangent.Pictures;

/// <summary>A reference line r = c·hᵖ of slope p on a log–log plot, through the first remainder above rounding.</summary>
/// <param name="Slope">p.</param>
/// <param name="Steps">h at the line's ends.</param>
/// <param name="Remainders">c·hᵖ at those h.</param>
public sealed record ReferenceSlope(int Slope, double[] Steps, double[] Remainders);

/// <summary>
/// What a Taylor picture draws: the remainders of the linear and (for scalar f) quadratic models against h, log–log,
/// with reference slopes 1, 2 and 3 and the observed orders (the Taylor test's median slopes).
/// </summary>
/// <param name="First">The first-order Taylor test (the linear model; order 2 when Df(x) is right).</param>
/// <param name="Second">The second-order Taylor test (the quadratic model; order 3); null for a vector map.</param>
/// <param name="References">Lines of slope 1, 2 and 3.</param>
public sealed record TaylorPicture(TaylorResult First, TaylorResult? Second, IReadOnlyList<ReferenceSlope> References)
{
    /// <summary>The Taylor picture of f: Rⁿ → R along v (the test's default direction when null).</summary>
    public static TaylorPicture Of(ScalarFunction f, double[] x, double[]? v = null)
    {
        var first = TaylorTest.FirstOrder(f, x, v);
        var second = TaylorTest.SecondOrder(f, x, first.Direction);
        return new TaylorPicture(first, second, Slopes(first, second));
    }

    /// <summary>The Taylor picture of F: Rⁿ → Rᵐ (the linear model only) along v.</summary>
    public static TaylorPicture Of(VectorFunction f, double[] x, double[]? v = null)
    {
        var first = TaylorTest.FirstOrder(f, x, v);
        return new TaylorPicture(first, null, Slopes(first, null));
    }

    /// <summary>
    /// Slopes 1 and 2 through the linear model's remainder at the largest step, slope 3 through the quadratic model's
    /// (the linear one's for a vector map), each spanning every step; anchored at 1 where that remainder is 0.
    /// </summary>
    private static List<ReferenceSlope> Slopes(TaylorResult first, TaylorResult? second)
    {
        double hMax = first.Steps[0].Step, hMin = first.Steps[^1].Step;
        return [.. new[] { 1, 2, 3 }.Select(p =>
        {
            double r = (p == 3 && second is not null ? second : first).Steps[0].Remainder;
            double anchor = r > 0 && double.IsFinite(r) ? r : 1;
            return new ReferenceSlope(p, [hMax, hMin], [anchor, anchor * Math.Pow(hMin / hMax, p)]);
        })];
    }
}
