using Tangent.Primitives;

namespace Tangent.Tests.Compilation;

/// <summary>
/// The compiler drops the zero-adjoint test and takes a partial as a literal only where
/// <see cref="ConstantPartials"/> says the partial is one constant whatever the operands. Its probe set is
/// finite, so this checks the claim independently, for every primitive and every way its operands can
/// be variables or recorded constants: wherever a partial is declared constant, the primitive's own
/// declaration gives exactly that partial at many random operands spread over every magnitude
/// (subnormal to 1e308, both signs, zeros, infinities, NaN). And the primitives that are affine in a
/// variable operand (+, −, negation, multiplication or division by a constant) are recognised.
/// </summary>
public class ConstantPartialsTests
{
    static readonly double[] Constants = [2.0, -0.5, 3.0, 1e-300, -7.25e200];

    static Segment One(Primitive prim, Ref a, Ref b) => new()
    {
        Start = 1, Period = 1, Reps = 1, Prims = [prim], A = [a], B = [b],
    };

    static readonly Ref Variable = new(RefKind.Local, 0, 0, 0);
    static Ref Constant(double c) => new(RefKind.Constant, 0, 0, c);

    /// <summary>Operands drawn log-uniformly from 1e-310 to 1e308 with random signs, plus the special values.</summary>
    static IEnumerable<double> Operands()
    {
        var random = new Random(20261127);
        foreach (double s in new[] { 0.0, -0.0, 1.0, -1.0, double.Epsilon, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, Math.PI, 1e306, -1e307 })
            yield return s;
        for (int k = 0; k < 400; k++)
        {
            double magnitude = Math.Pow(10, -310 + 618 * random.NextDouble());
            yield return random.Next(2) == 0 ? magnitude : -magnitude;
        }
    }

    static IEnumerable<(Primitive Prim, Ref A, Ref B)> Configurations()
    {
        foreach (var prim in Primitive.All)
        {
            if (prim.Arity == 1) { yield return (prim, Variable, Constant(0)); continue; }
            yield return (prim, Variable, Variable);
            foreach (double c in Constants)
            {
                yield return (prim, Variable, Constant(c));
                yield return (prim, Constant(c), Variable);
            }
        }
    }

    [Fact]
    public void A_partial_declared_constant_is_that_constant_at_every_operand()
    {
        var operands = Operands().ToArray();
        int declared = 0;
        foreach (var (prim, a, b) in Configurations())
        {
            var s = One(prim, a, b);
            if (ConstantPartials.Of(s, 0) is not var (da, db)) continue;
            declared++;
            foreach (double x in a.IsVariable ? operands : [a.Constant])
                foreach (double y in prim.Arity == 2 && b.IsVariable ? operands : [b.Constant])
                {
                    prim.Evaluate(x, y, out double pa, out double pb);
                    if (a.IsVariable) Assert.True(BitConverter.DoubleToInt64Bits(pa) == BitConverter.DoubleToInt64Bits(da), $"{prim.Name}: ∂/∂a at ({x}, {y}) is {pa}, declared constant {da}");
                    if (prim.Arity == 2 && b.IsVariable) Assert.True(BitConverter.DoubleToInt64Bits(pb) == BitConverter.DoubleToInt64Bits(db), $"{prim.Name}: ∂/∂b at ({x}, {y}) is {pb}, declared constant {db}");
                }
        }
        Assert.True(declared > 0);
    }

    [Theory]
    [InlineData("+", false, false)]
    [InlineData("-", false, false)]
    [InlineData("*", false, true)]
    [InlineData("*", true, false)]
    [InlineData("/", false, true)]
    public void Affine_operations_are_recognised(string name, bool aConstant, bool bConstant)
    {
        var prim = Primitive.All.Single(p => p.Name == name && p.Arity == 2);
        var s = One(prim, aConstant ? Constant(3) : Variable, bConstant ? Constant(4) : Variable);
        var partials = ConstantPartials.Of(s, 0);
        Assert.NotNull(partials);
        prim.Evaluate(aConstant ? 3 : 1.5, bConstant ? 4 : -2.5, out double da, out double db);
        if (!aConstant) Assert.Equal(da, partials.Value.Da);
        if (!bConstant) Assert.Equal(db, partials.Value.Db);
    }

    [Fact]
    public void Negation_is_recognised_and_products_of_variables_are_not()
    {
        Assert.Equal(-1.0, ConstantPartials.Of(One(Primitive.All.Single(p => p.Name == "neg"), Variable, Constant(0)), 0)!.Value.Da);
        Assert.Null(ConstantPartials.Of(One(Primitive.All.Single(p => p.Name == "*" && p.Arity == 2), Variable, Variable), 0));
    }
}
