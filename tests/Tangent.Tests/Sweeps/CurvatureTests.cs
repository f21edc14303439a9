using System.Reflection;
using Tangent.Primitives;

namespace Tangent.Tests.Sweeps;

/// <summary>
/// The second-order facts read off each primitive's derivative formula agree with its declared second
/// partials: a second partial called structurally zero is 0 at every sampled point (kinks included), and
/// one called constant is the same at every point. Every code the registry hands out fits in a node.
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
        Assert.True(Curvature.Of(OpCode<Add>.Value).Flat && !Curvature.Of(OpCode<Add>.Value).NeedsValues);
        Assert.True(Curvature.Of(OpCode<Negate>.Value).Flat);
        Assert.Equal(new Curvature(false, true, false, false), Curvature.Of(OpCode<Multiply>.Value));  // ∂²(ab)/∂a∂b = 1
        Assert.Equal(new Curvature(false, true, true, true), Curvature.Of(OpCode<Divide>.Value));     // ∂²(a/b)/∂a² = 0
        Assert.Equal(new Curvature(true, false, false, true), Curvature.Of(OpCode<Sin>.Value));
        Assert.Equal(new Curvature(true, true, true, true), Curvature.Of(OpCode<Power>.Value));
        Assert.True(Curvature.Of(OpCode<Abs>.Value).Flat && Curvature.Of(OpCode<Max>.Value).Flat && Curvature.Of(OpCode<Relu>.Value).Flat);
    }

    [Fact]
    public void EveryPrimitiveAndEveryDerivativeNodeHasACodeThatANodeHolds()
    {
        // Each primitive of the registry takes a code, and so does each derivative node a tangent graph records for it
        // (Slope<P> for a unary P, PartialA<P> and PartialB<P> for a binary one): all of them must fit in a node.
        foreach (var p in Primitive.All)
        {
            Assert.Same(p, Primitive.ByCode(Primitive.CodeOf(p.Declaration)));
            var slopes = p.Arity == 1 ? new[] { typeof(Slope<>) } : [typeof(PartialA<>), typeof(PartialB<>)];
            foreach (var s in slopes)
            {
                byte code = Primitive.CodeOf(s.MakeGenericType(p.Declaration));
                Assert.InRange(code, Primitive.All.Count + 1, Node.MaxCode);
                Assert.Equal(s.MakeGenericType(p.Declaration), Primitive.ByCode(code).Declaration);
            }
        }
        Assert.True(Primitive.All.Count * 3 + 16 <= Node.MaxCode, "room for every derivative node and a few user primitives");
    }

    /// <summary>A test-only unary primitive whose derivative formula branches on its argument: |x|·x, d/dx = 2|x|.</summary>
    private readonly struct SignedSquare : IUnaryPrimitive
    {
        public static string Name => "signed_square";
        public static double Value(double x) => Math.Abs(x) * x;
        public static double Derivative(double x, double y) => 2 * Math.Abs(x);
        public static T DerivativeFormula<T>(T x, T y) where T : IScalar<T> => x < 0 ? -2 * x : 2 * x;
        public static double SecondDerivative(double x, double y) => 2 * Math.Sign(x);
    }

    [Fact]
    public void AFormulaThatComparesIsReadAsCurvedEverywhereInsteadOfThrowing()
    {
        // The branch taken on a Dependence was chosen without a value: the reading must not trust it.
        var face = Primitive.ByCode(Primitive.CodeOf(typeof(SignedSquare)));
        Assert.Equal(new Curvature(true, true, true, true), Curvature.Read(face));
        // A formula that does not compare is read exactly, whatever an earlier reading on this thread met.
        Assert.Equal(new Curvature(true, false, false, true), Curvature.Read(Primitive.ByCode(OpCode<Sin>.Value)));
    }

    [Fact]
    public void DependenceComparisonsAnswerWithoutThrowing()
    {
        Assert.False(Dependence.A < Dependence.B);
        Assert.False(Dependence.A >= Dependence.B);
        Assert.True(Dependence.A == new Dependence(1, false));
        Assert.True(Dependence.A != Dependence.B);
        Assert.True(Dependence.Compared);
    }

    [Fact]
    public void ANodeKeepsEveryCodeAndBothIndicesApart()
    {
        var n = new Node();
        for (int code = 0; code <= Node.MaxCode; code++)
        {
            Node.Write(ref n, (byte)code, Node.MaxCount - 1, 12345, 1.5, -2.5);
            Assert.Equal((byte)code, n.Op);
            Assert.Equal(Node.MaxCount - 1, n.A);
            Assert.Equal(12345, n.B);
            n.A = 7;
            Assert.Equal((byte)code, n.Op);
        }
    }
}
