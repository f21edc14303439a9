using Tangent.Tests.Support;

namespace Tangent.Tests.Corpus;

/// <summary>
/// The shared corpus through every mode: gradients (reverse), Jacobian rows and columns (forward and
/// reverse), Hessians and HVPs against the hand-derived derivatives and against central differences.
/// </summary>
public class CorpusTests
{
    [Theory]
    [MemberData(nameof(ScalarCorpus.Cases), MemberType = typeof(ScalarCorpus))]
    public void GradientInEveryModeEqualsTheHandDerivedGradientAndCentralDifferences(ScalarCase c)
    {
        foreach (var x in c.Points)
        {
            var expected = c.Gradient(x);
            double scale = 1 + expected.Max(Math.Abs);
            var r = Differentiate.Gradient(c.F, x);
            Approx.Equal(c.Plain(x), r.Value, 1e-14, 1e-14, $"{c} value at {Show(x)}");
            Approx.Equal(expected, r.Gradient, 1e-12, 1e-13 * scale, $"{c} reverse ∇ at {Show(x)}");
            Approx.Equal(FiniteDifference.Gradient(c.Plain, x), r.Gradient, 1e-7, 1e-8 * scale, $"{c} reverse ∇ vs central difference at {Show(x)}");
            var g = Differentiate.Record(c.F, x);
            var forward = g.Jacobian(JacobianMode.Forward).Jacobian;
            Approx.Equal(expected, Enumerable.Range(0, c.Dimension).Select(j => forward[0, j]).ToArray(), 1e-12, 1e-13 * scale, $"{c} forward ∇ at {Show(x)}");
            var buffer = new double[c.Dimension];
            Approx.Equal(r.Value, Differentiate.Gradient(c.F, x, buffer), 0, 0, $"{c} value from the allocation-free gradient");
            Approx.Equal(r.Gradient, buffer, 0, 0, $"{c} allocation-free ∇ at {Show(x)}");
            for (int j = 0; j < c.Dimension; j++)
                Approx.Equal(expected[j], Differentiate.Partial(c.F, x, j), 1e-12, 1e-13 * scale, $"{c} ∂/∂x{j} at {Show(x)}");
        }
    }

    [Theory]
    [MemberData(nameof(ScalarCorpus.Cases), MemberType = typeof(ScalarCorpus))]
    public void HessianIsSymmetricAndEqualsTheHandDerivedOneAndTheDifferenceJacobianOfTheGradient(ScalarCase c)
    {
        var rng = new Random(31);
        foreach (var x in c.Points)
        {
            var expected = c.Hessian(x);
            double scale = 1 + Approx.MaxAbs(expected);
            var h = Differentiate.Hessian(c.F, x).Hessian;
            for (int i = 0; i < c.Dimension; i++)
                for (int j = 0; j < c.Dimension; j++) Assert.Equal(h[i, j], h[j, i]);
            Approx.Equal(expected, h, 1e-11, 1e-12 * scale, $"{c} ∇² at {Show(x)}");
            // Independent referee: the central-difference Jacobian of the AD gradient.
            var fd = FiniteDifference.Jacobian(p => Differentiate.Gradient(c.F, p).Gradient, x);
            Approx.Equal(fd, h, 1e-6, 1e-7 * scale, $"{c} ∇² vs difference of ∇ at {Show(x)}");
            var v = Dense.Random(rng, c.Dimension, -1, 1);
            Approx.Equal(Dense.Multiply(expected, v), Differentiate.Hvp(c.F, x, v), 1e-11, 1e-12 * scale * c.Dimension, $"{c} HVP at {Show(x)}");
            Approx.Equal(Dense.Multiply(h, v), Differentiate.Record(c.F, x).Hvp(v), 1e-12, 1e-12 * scale * c.Dimension, $"{c} HVP = H·v at {Show(x)}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorCorpus.Cases), MemberType = typeof(VectorCorpus))]
    public void JacobianForwardReverseAndAutoEqualTheHandDerivedJacobianAndCentralDifferences(VectorCase c)
    {
        foreach (var x in c.Points)
        {
            var expected = c.Jacobian(x);
            double scale = 1 + Approx.MaxAbs(expected);
            foreach (var mode in new[] { JacobianMode.Forward, JacobianMode.Reverse, JacobianMode.Auto })
            {
                var r = Differentiate.Jacobian(c.F, x, new DifferentiationOptions { Jacobian = mode });
                Approx.Equal(c.Plain(x), r.Value, 1e-14, 1e-14, $"{c} F at {Show(x)}");
                Approx.Equal(expected, r.Jacobian, 1e-12, 1e-13 * scale, $"{c} J by {mode} at {Show(x)}");
                Assert.Equal(mode == JacobianMode.Auto ? (c.Inputs <= c.Outputs ? JacobianMode.Forward : JacobianMode.Reverse) : mode, r.Mode);
            }
            Approx.Equal(FiniteDifference.Jacobian(c.Plain, x), Differentiate.Jacobian(c.F, x).Jacobian, 1e-7, 1e-8 * scale, $"{c} J vs central difference at {Show(x)}");
            // Chunks of 1, 2 and 3 tangents give the same columns as the default chunk.
            foreach (int chunk in new[] { 1, 2, 3 })
                Approx.Equal(expected, Differentiate.Jacobian(c.F, x, new DifferentiationOptions { Jacobian = JacobianMode.Forward, Chunk = chunk }).Jacobian,
                    1e-12, 1e-13 * scale, $"{c} J forward with chunk {chunk}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorCorpus.Cases), MemberType = typeof(VectorCorpus))]
    public void JvpAndVjpEqualJTimesVAndJTransposeTimesW(VectorCase c)
    {
        var rng = new Random(17);
        foreach (var x in c.Points)
        {
            var j = c.Jacobian(x);
            double scale = 1 + Approx.MaxAbs(j);
            var v = Dense.Random(rng, c.Inputs);
            var w = Dense.Random(rng, c.Outputs);
            var jvp = Differentiate.Jvp(c.F, x, v);
            Approx.Equal(Dense.Multiply(j, v), jvp.Tangent, 1e-12, 1e-12 * scale * c.Inputs, $"{c} J·v");
            Approx.Equal(c.Plain(x), jvp.Value, 1e-14, 1e-14, $"{c} F with the JVP");
            var vjp = Differentiate.Vjp(c.F, x, w);
            Approx.Equal(Dense.Multiply(Dense.Transpose(j), w), vjp.Cotangent, 1e-12, 1e-12 * scale * c.Outputs, $"{c} Jᵀ·w");
        }
    }

    [Fact]
    public void ExtendedRosenbrockGradientAndHessianEqualTheHandDerivedOnesInTenDimensions()
    {
        var x = Enumerable.Range(0, 10).Select(i => Math.Cos(i) * 1.3).ToArray();
        var f = new ExtendedRosenbrock();
        Approx.Equal(ExtendedRosenbrock.Gradient(x), Differentiate.Gradient(f, x).Gradient, 1e-13, 1e-11, "∇ Rosenbrock");
        var h = Differentiate.Hessian(v => f.Invoke(v), x).Hessian;
        Approx.Equal(ExtendedRosenbrock.Hessian(x), h, 1e-13, 1e-11, "∇² Rosenbrock");
        Assert.Equal([0.0, 0.0, 0.0], Differentiate.Gradient(f, [1.0, 1.0, 1.0]).Gradient);
    }

    internal static string Show(IReadOnlyList<double> x) => Primitives.PrimitiveDerivativeTests.Show(x);
}
