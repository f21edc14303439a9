using Tangent.Primitives;

namespace Tangent.Tests.Batches;

/// <summary>
/// Every primitive's lanes kernel against its declaration (Primitive.Evaluate, the one-point path): bit for bit in the
/// exact mode, for every primitive, on random, special (±0, ±∞, NaN, subnormal, ±1) and kink arguments (ties of
/// max/min, 0 for abs/relu/sign); within a few ulps for the vector transcendentals of the approximate mode.
/// </summary>
public class LaneKernelTests
{
    static readonly double[] Specials = [0.0, -0.0, 1, -1, 0.5, -2, 3, double.PositiveInfinity, double.NegativeInfinity, double.NaN,
        double.Epsilon, -double.Epsilon, 1e-310, 1e300, -1e300, 710, -745, 20, -20, Math.PI, 1e-8];

    /// <summary>Argument pairs: every special against every special (ties included), then random pairs, some tied.</summary>
    static (double[] A, double[] B) Arguments(int seed)
    {
        var a = new List<double>();
        var b = new List<double>();
        foreach (var u in Specials) foreach (var v in Specials) { a.Add(u); b.Add(v); }
        var rng = new Random(seed);
        for (int k = 0; k < 2000; k++)
        {
            double u = (rng.NextDouble() - 0.5) * (k % 3 == 0 ? 40 : 6);
            a.Add(u);
            b.Add(k % 7 == 0 ? u : (rng.NextDouble() - 0.5) * 6);
        }
        int w = LaneKernels.Width;
        while (a.Count % w != 0) { a.Add(1); b.Add(2); }
        return ([.. a], [.. b]);
    }

    static (double[] Y, double[] Da, double[] Db) Run(LaneKernel kernel, double[] a, double[] b)
    {
        var y = new double[a.Length];
        var da = new double[a.Length];
        var db = new double[a.Length];
        kernel.Run(a, b, y, da, db);
        // A partial the kernel does not write is read from the row it names: that row must hold the declared partial.
        Resolve(kernel.SourceA, da, a, b);
        Resolve(kernel.SourceB, db, a, b);
        return (y, da, db);
    }

    static void Resolve(PartialSource source, double[] partial, double[] a, double[] b)
    {
        for (int k = 0; k < partial.Length; k++)
            partial[k] = source switch
            {
                PartialSource.One => 1,
                PartialSource.MinusOne => -1,
                PartialSource.OperandA => a[k],
                PartialSource.OperandB => b[k],
                _ => partial[k],
            };
    }

    /// <summary>One ulp of 1: 2⁻⁵².</summary>
    const double Epsilon = 2.220446049250313e-16;

    static bool SameBits(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y));

    /// <summary>Distance in units in the last place (0 for equal bits or two NaNs; huge across signs or non-finite mismatch).</summary>
    static long Ulps(double x, double y)
    {
        if (SameBits(x, y) || x == y) return 0;
        if (double.IsNaN(x) || double.IsNaN(y) || double.IsInfinity(x) || double.IsInfinity(y) || Math.Sign(x) != Math.Sign(y)) return long.MaxValue;
        return Math.Abs(BitConverter.DoubleToInt64Bits(x) - BitConverter.DoubleToInt64Bits(y));
    }

    public static TheoryData<string> Names() => [.. Primitive.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Exact_lanes_equal_the_declaration_bit_for_bit(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var (a, b) = Arguments(name.Length);
        var (y, da, db) = Run(LaneKernels.For(p, exactTranscendentals: true), a, b);
        Assert.True(p.Arity == 2 || LaneKernels.For(p, true).SourceB == PartialSource.Computed);
        for (int k = 0; k < a.Length; k++)
        {
            double ey = p.Evaluate(a[k], b[k], out double eda, out double edb);
            Assert.True(SameBits(ey, y[k]), $"{name}({a[k]:R}, {b[k]:R}): value {y[k]:R}, declared {ey:R}");
            Assert.True(SameBits(eda, da[k]), $"{name}({a[k]:R}, {b[k]:R}): ∂/∂a {da[k]:R}, declared {eda:R}");
            if (p.Arity == 2) Assert.True(SameBits(edb, db[k]), $"{name}({a[k]:R}, {b[k]:R}): ∂/∂b {db[k]:R}, declared {edb:R}");
        }
    }

    [Fact]
    public void The_common_primitives_have_four_lane_forms()
    {
        foreach (var name in new[] { "+", "-", "*", "/", "neg", "sqrt", "abs", "relu", "max", "min" })
            Assert.True(LaneKernels.IsVectorized(Primitive.All.Single(p => p.Name == name), exactTranscendentals: true), name);
        foreach (var name in new[] { "exp", "log", "sin", "cos", "sigmoid", "tanh" })
        {
            var p = Primitive.All.Single(q => q.Name == name);
            Assert.True(LaneKernels.IsVectorized(p, exactTranscendentals: false), name);
            Assert.False(LaneKernels.IsVectorized(p, exactTranscendentals: true), name);
        }
    }

    [Fact]
    public void Vector_tanh_keeps_its_relative_accuracy_near_0_and_on_both_sides_of_its_switch()
    {
        // TensorPrimitives.Tanh loses digits near 0 (relative error 1.6e-9 at 1e-8); the lanes form uses a rational
        // there and 1 − 2/(e^{2|x|} + 1) from |x| = 0.625 on: both sides of the switch and tiny arguments, ≤ 4 ulps.
        var tanh = Primitive.All.Single(q => q.Name == "tanh");
        var a = new List<double>();
        for (int e = -300; e <= 0; e++) { a.Add(Math.Pow(10, e)); a.Add(-Math.Pow(10, e) * 1.7); }
        for (int k = -2000; k <= 2000; k++) { a.Add(0.625 + k * 1e-6); a.Add(-1 - k * 1e-6); }
        for (int k = 0; k < 4000; k++) a.Add(k * 0.005 - 10);
        while (a.Count % LaneKernels.Width != 0) a.Add(0.625);
        var x = a.ToArray();
        var (y, dy, _) = Run(LaneKernels.For(tanh, exactTranscendentals: false), x, new double[x.Length]);
        for (int k = 0; k < x.Length; k++)
        {
            Assert.True(Ulps(Math.Tanh(x[k]), y[k]) <= 4, $"tanh({x[k]:R}) = {y[k]:R}, Math.Tanh {Math.Tanh(x[k]):R}");
            double c = Math.Cosh(x[k]), sech2 = 1 / (c * c);
            Assert.True(Math.Abs(dy[k] - sech2) <= 8 * Epsilon * sech2, $"tanh'({x[k]:R}) = {dy[k]:R}, sech² {sech2:R}");
        }
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void Constant_powers_by_multiplication_are_within_two_ulps_of_the_declaration(double exponent)
    {
        var power = Primitive.All.Single(q => q.Name == "^");
        Assert.True(LaneKernels.For(power, exactTranscendentals: true, exponent) is DeclaredBinary<Power>); // exact mode: Math.Pow
        var kernel = LaneKernels.For(power, exactTranscendentals: false, exponent);
        Assert.False(kernel is DeclaredBinary<Power>);
        var (a, _) = Arguments(11);
        var b = Enumerable.Repeat(exponent, a.Length).ToArray();
        var (y, da, _) = Run(kernel, a, b);
        for (int k = 0; k < a.Length; k++)
        {
            double ey = power.Evaluate(a[k], exponent, out double eda, out _);
            Assert.True(Ulps(ey, y[k]) <= 2 || Math.Abs(ey - y[k]) <= 1e-300, $"{a[k]:R}^{exponent} = {y[k]:R}, declared {ey:R}: {Ulps(ey, y[k])} ulps");
            Assert.True(Ulps(eda, da[k]) <= (exponent == 2 ? 0 : 2) || Math.Abs(eda - da[k]) <= 1e-300, $"d/da {a[k]:R}^{exponent} = {da[k]:R}, declared {eda:R}");
        }
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("log")]
    [InlineData("sin")]
    [InlineData("cos")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void Vector_transcendentals_are_within_a_few_ulps_of_the_declaration(string name)
    {
        var p = Primitive.All.Single(q => q.Name == name);
        var (a, b) = Arguments(7);
        var (y, da, _) = Run(LaneKernels.For(p, exactTranscendentals: false), a, b);
        for (int k = 0; k < a.Length; k++)
        {
            double ey = p.Evaluate(a[k], 0, out double eda, out _);
            // Values: a few ulps. Derivatives formed from y (1 − y², y(1 − y)) inherit y's error as an absolute
            // error of the size of one ulp of 1, which is many ulps of a tiny derivative.
            Assert.True(Ulps(ey, y[k]) <= 4 || Math.Abs(ey - y[k]) <= 1e-300, $"{name}({a[k]:R}) = {y[k]:R}, declared {ey:R}: {Ulps(ey, y[k])} ulps");
            bool close = Ulps(eda, da[k]) <= 4 || Math.Abs(eda - da[k]) <= 4 * Epsilon || Math.Abs(eda - da[k]) <= 1e-300;
            Assert.True(close, $"{name}'({a[k]:R}) = {da[k]:R}, declared {eda:R}: {Ulps(eda, da[k])} ulps");
        }
    }
}
