using Tangent.Optimisation;
using Tangent.Tests.Support;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// The natural gradient: the Fisher-vector product Jᵀ F_z J v against the dense Fisher built from the Jacobian, the
/// likelihoods' gradients against the tape, convergence on an ill-conditioned logistic regression within the target,
/// and the example in quick mode.
/// </summary>
public class NaturalGradientTests
{
    [Fact]
    public void LogisticRegressionExampleConvergesInAHandfulOfSteps()
    {
        var output = new StringWriter();
        Assert.Equal(0, Tangent.Examples.NaturalGradient.Example.Run(output, quick: true));
        Assert.Contains("natural gradient:", output.ToString());
        Assert.Contains("gradient descent had not converged within 500 iterations", output.ToString());
    }

    [Fact]
    public void FisherVectorProductEqualsJacobianTransposeTimesOutputFisherTimesJacobian()
    {
        // A 3-parameter softmax model with 2 samples × 3 classes: z = [θ₀x, θ₁x², sin θ₂ + x] per sample.
        double[] xs = [0.5, -1.5];
        VectorFunction model = t =>
        {
            var z = new Var[6];
            for (int i = 0; i < 2; i++) (z[3 * i], z[3 * i + 1], z[3 * i + 2]) = (t[0] * xs[i], t[1] * xs[i] * xs[i], Var.Sin(t[2]) + xs[i]);
            return z;
        };
        var likelihood = Likelihood.Categorical([2, 0], 3);
        double[] theta = [0.3, -0.7, 1.1];
        var objective = new LikelihoodObjective(model, likelihood, 3);
        var fisher = objective.Fisher(theta).ToMatrix();
        var jac = Differentiate.Jacobian(model, theta);
        var z = jac.Value;
        // F_z blocks diag(p) − ppᵀ over N = 2.
        var fz = new double[6, 6];
        for (int i = 0; i < 2; i++)
        {
            double m = z.Skip(3 * i).Take(3).Max();
            var e = z.Skip(3 * i).Take(3).Select(v => Math.Exp(v - m)).ToArray();
            var p = e.Select(v => v / e.Sum()).ToArray();
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++) fz[3 * i + a, 3 * i + b] = ((a == b ? p[a] : 0) - p[a] * p[b]) / 2;
        }
        var expected = Dense.Multiply(Dense.Transpose(jac.Jacobian), Dense.Multiply(fz, jac.Jacobian));
        Approx.Equal(expected, fisher, 1e-12, 1e-14);
        // The gradient Jᵀ∇ℓ equals the tape's gradient of ℓ(z(θ)) written out.
        var g = new double[3];
        objective.ValueAndGradient(theta, g);
        var tape = Differentiate.Gradient(t =>
        {
            var zz = model(t);
            Var s = 0;
            int[] labels = [2, 0];
            for (int i = 0; i < 2; i++)
                s += Var.Log(Var.Exp(zz[3 * i]) + Var.Exp(zz[3 * i + 1]) + Var.Exp(zz[3 * i + 2])) - zz[3 * i + labels[i]];
            return s / 2;
        }, theta);
        Approx.Equal(tape.Gradient, g, 1e-12, 1e-14);
    }

    [Fact]
    public void BernoulliLikelihoodIsTheLogisticLossAndStableForLargeLogits()
    {
        var l = Likelihood.Bernoulli([1.0, 0.0, 1.0]);
        var g = new double[3];
        double v = l.ValueAndGradient([800.0, 2.0, -0.5], g);
        double expected = (0 + (2 + Math.Log(1 + Math.Exp(-2))) + Math.Log(1 + Math.Exp(0.5))) / 3;
        Assert.Equal(expected, v, 1e-14);
        Approx.Equal([0.0, 1 / (1 + Math.Exp(-2)) / 3, (1 / (1 + Math.Exp(0.5)) - 1) / 3], g, 1e-14, 1e-16);
        Assert.Throws<ArgumentException>(() => Likelihood.Bernoulli([0.5]));
        Assert.Throws<ArgumentException>(() => Likelihood.Categorical([3], 3));
    }
}
