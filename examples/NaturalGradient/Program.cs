using System.Diagnostics;
using Tangent;
using Tangent.Krylov;
using Tangent.Optimisation;

namespace Tangent.Examples.NaturalGradient;

/// <summary>
/// "Steepest descent depends on the norm": an ill-conditioned logistic regression (400 samples, 8 features whose
/// scales span a factor 100, so the Fisher information's condition number is about 10⁴) minimised by the natural
/// gradient, which converges in a handful of steps, and by gradient descent with Armijo backtracking, which needs
/// thousands. Run: dotnet run --project examples/NaturalGradient [-- --quick]
/// </summary>
public static class Example
{
    public const int Samples = 400, Features = 8;

    public static int Main(string[] args) => Run(Console.Out, args.Contains("--quick"));

    /// <summary>The data: features xᵢⱼ = sⱼ·N(0, 1) with sⱼ = 10^(−2j/7), labels drawn from σ(x·θ*) with θ*ⱼ = 1.5/sⱼ (seeded).</summary>
    public static (double[,] X, double[] Y) Data(int seed = 12)
    {
        var rng = new Random(seed);
        var x = new double[Samples, Features];
        var y = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            double z = 0;
            for (int j = 0; j < Features; j++)
            {
                double s = Math.Pow(10, -2.0 * j / 7);
                double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
                x[i, j] = s * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                z += x[i, j] * 1.5 / s;
            }
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        return (x, y);
    }

    /// <summary>The logits z = Xθ, one per sample.</summary>
    public static VectorFunction Logits(double[,] x) => theta =>
    {
        var z = new Var[Samples];
        for (int i = 0; i < Samples; i++)
        {
            Var s = 0;
            for (int j = 0; j < Features; j++) s += x[i, j] * theta[j];
            z[i] = s;
        }
        return z;
    };

    /// <summary>Runs both methods to ‖∇L‖ ≤ 1e-6 and prints the comparison; returns 0 when the natural gradient converged in ≤ 15 iterations.</summary>
    public static int Run(TextWriter output, bool quick)
    {
        var (x, y) = Data();
        var model = Logits(x);
        var likelihood = Likelihood.Bernoulli(y);
        const double tolerance = 1e-6;
        output.WriteLine($"Logistic regression, {Samples} samples × {Features} features, feature scales 1 … 0.01; both methods to ‖∇L‖ ≤ 1e-6.");

        var clock = Stopwatch.StartNew();
        var natural = Optimisation.NaturalGradient.Minimize(model, likelihood, new double[Features], tolerance, 50);
        double naturalSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine("natural gradient (F + λI)d = −∇L, F = Jᵀ diag(σ(1 − σ))/N J applied as JVP → output Fisher → VJP, solved by CG:");
        output.WriteLine($"{"iter",5}  {"L",-12} {"‖∇L‖",-10} {"step",-10} {"predicted",-10} {"actual",-10} note");
        foreach (var t in natural.Trace)
            output.WriteLine($"{t.Iteration,5}  {t.Value,-12:G8} {t.GradientNorm,-10:G3} {t.Step,-10:G3} {t.PredictedQuadratic,-10:G3} {t.Actual,-10:G3} {t.Note}");
        output.WriteLine($"→ {natural.Reason}; {natural.Iterations} iterations, {naturalSeconds:F2} s");

        // The conditioning that slows gradient descent: the Fisher (= the Hessian here) at the minimum, by Lanczos.
        var objective = new LikelihoodLoss(model, y);
        var hessian = Objective.FromFunction(objective.Loss, Features).HessianMap(natural.Point);
        var spectrum = Lanczos.Run(hessian, 1, 1e-10, Features);
        double kappa = spectrum.Largest[0] / spectrum.Smallest[0];
        output.WriteLine($"∇²L at the minimum: eigenvalues {spectrum.Smallest[0]:G3} … {spectrum.Largest[0]:G3}, condition number {kappa:G3}");

        int limit = quick ? 500 : 200_000;
        clock.Restart();
        var gd = Minimizer.Minimize(objective.Loss, new double[Features], new MinimizeOptions
        {
            Method = Method.GradientDescent, GradientTolerance = tolerance, MaxIterations = limit, ExplainSteps = false, Trace = false,
        });
        double gdSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"gradient descent with Armijo backtracking: {(gd.Converged ? "converged" : "not converged")} after {gd.Iterations} iterations, L = {gd.Value:G10}, ‖∇L‖ = {gd.GradientNorm:G3}, {gdSeconds:F2} s");
        output.WriteLine($"natural gradient: {natural.Iterations} iterations, L = {natural.Value:G10}" +
            (gd.Converged ? $"; gradient descent took {gd.Iterations / Math.Max(1, natural.Iterations)}× as many" : $"; gradient descent had not converged within {limit} iterations"));
        return natural.Converged && natural.Iterations <= 15 ? 0 : 1;
    }

    /// <summary>L(θ) = (1/N)Σ softplus(zᵢ) − yᵢzᵢ, the likelihood's ℓ written on the tape, for gradient descent and the Hessian.</summary>
    private sealed class LikelihoodLoss(VectorFunction model, double[] y)
    {
        public Var Loss(ReadOnlySpan<Var> theta)
        {
            var z = model(theta);
            Var s = 0;
            for (int i = 0; i < z.Length; i++) s += Var.Softplus(z[i]) - y[i] * z[i];
            return s / z.Length;
        }
    }
}
