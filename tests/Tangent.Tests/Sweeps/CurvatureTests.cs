using System.Reflection;
using Tangent.Primitives;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// The second-order facts read off each primitive's derivative formula agree with its declared second
/// partials: a second partial called structurally zero is 0 at every sampled point (kinks included), and
/// one called constant is the same at every point. The op-code constants of the sweeps' switch are the codes.
/// </summary>
public class CurvatureTests
{
    public static TheoryData<string> Names => [.. Primitive.All.Select(p => p.Name)];

    private static IEnumerable<(double A, double B)> Samples(Primitive p)
    {
        var rng = new Random(p.Name.Length * 7919 + p.Arity);
        double[] special = [0, 1, -1, 0.5, 2, -2.5];
        foreach (double a in special)
            foreach (double b in special) yield return (a, b);
        for (int k = 0; k < 200; k++) yield return (rng.NextDouble() * 6 - 3, rng.NextDouble() * 6 - 3);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StructurallyZeroSecondPartialsAreZeroAndConstantOnesAreConstant(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var cv = Curvature.Of(Primitive.CodeOf(p.Declaration));
        (double, double, double)? first = null;
        foreach (var (a, b0) in Samples(p))
        {
            double b = p.Arity == 2 ? b0 : 0;
            if (p.OutsideDomain(a, b)) continue;
            double y = p.Evaluate(a, b, out _, out _);
            var (daa, dab, dbb) = p.SecondPartials(a, b, y);
            if (!cv.Aa) Assert.Equal(0.0, daa);
            if (!cv.Ab) Assert.Equal(0.0, dab);
            if (!cv.Bb) Assert.Equal(0.0, dbb);
            if (!cv.NeedsValues)
            {
                first ??= (daa, dab, dbb);
                Assert.Equal(first.Value, (daa, dab, dbb));
            }
        }
    }

    [Fact]
    public void CurvatureOfTheArithmeticPrimitivesIsWhatTheirFormulasSay()
    {
        Assert.True(Curvature.Of(Codes.Add).Flat && !Curvature.Of(Codes.Add).NeedsValues);
        Assert.True(Curvature.Of(Codes.Negate).Flat);
        Assert.Equal(new Curvature(false, true, false, false), Curvature.Of(Codes.Multiply));  // ∂²(ab)/∂a∂b = 1
        Assert.Equal(new Curvature(false, true, true, true), Curvature.Of(Codes.Divide));     // ∂²(a/b)/∂a² = 0
        Assert.Equal(new Curvature(true, false, false, true), Curvature.Of(Codes.Sin));
        Assert.Equal(new Curvature(true, true, true, true), Curvature.Of(Codes.Power));
        Assert.True(Curvature.Of(Codes.Abs).Flat && Curvature.Of(Codes.Max).Flat && Curvature.Of(Codes.Relu).Flat);
    }

    [Fact]
    public void OpCodeConstantsAreTheCodesOfTheirPrimitives()
    {
        var fields = typeof(Codes).GetFields(BindingFlags.Public | BindingFlags.Static);
        Assert.Equal(Primitive.All.Count, fields.Length);
        foreach (var field in fields)
        {
            var p = Primitive.All.Single(q => q.Declaration.Name == field.Name);
            Assert.Equal(Primitive.CodeOf(p.Declaration), (byte)field.GetValue(null)!);
        }
    }
}
