using System.Globalization;
using Tangent.Arrays;
using Tangent.Networks;

namespace Tangent.Examples.VanishingGradients;

/// <summary>What one network of the experiment measured.</summary>
/// <param name="Gain">The initialisation gain g: W ~ N(0, g²/width).</param>
/// <param name="Residual">Whether each layer is h + tanh(W·h + b) rather than tanh(W·h + b).</param>
/// <param name="GradientNorms">‖∂L/∂W_l‖ for l = 1 … depth, L = ⟨u, h_depth⟩ for a fixed unit u.</param>
/// <param name="ActivationGradientNorms">‖∂L/∂h_l‖ for l = 0 … depth − 1: the backpropagated vector (J_depth ⋯ J_{l+1})ᵀ·u.</param>
/// <param name="Sigmas">(l, σ₁ of ∂h_depth/∂h_l): the largest singular value of the product of the layer Jacobians from layer l+1 to the output.</param>
public sealed record DepthMeasurement(double Gain, bool Residual, double[] GradientNorms, double[] ActivationGradientNorms, (int From, double Sigma)[] Sigmas);

/// <summary>
/// Vanishing and exploding gradients, measured: a deep tanh network h_l = tanh(W_l·h_{l−1} + b_l) (or with a
/// residual connection, h_l = h_{l−1} + tanh(…)) at initialisation, for gains 0.5, 1 and 2. Backpropagation
/// multiplies the layers' Jacobians J_l = diag(1 − tanh²)·W_l (or I + that); the gradient reaching layer l is
/// (J_depth ⋯ J_{l+1})ᵀ·u. The largest singular value of that product, found by Lanczos on the composed
/// matrix-free maps (no dense matrix), bounds how much it can stretch a vector.
/// </summary>
public static class DeepProducts
{
    /// <summary>Runs the experiment (depth 20, width 64; quick: depth 6, width 16) and prints the tables.</summary>
    public static int Run(TextWriter output, bool quick)
    {
        int depth = quick ? 6 : 20, width = quick ? 16 : 64;
        var results = new List<DepthMeasurement>();
        foreach (bool residual in new[] { false, true })
            foreach (double gain in new[] { 0.5, 1.0, 2.0 })
                results.Add(Measure(depth, width, gain, residual, seed: 1));
        Print(output, depth, width, results);
        return 0;
    }

    /// <summary>One network: its per-layer gradient norms and the σ₁ of its Jacobian products.</summary>
    public static DepthMeasurement Measure(int depth, int width, double gain, bool residual, int seed)
    {
        var blocks = new Layer[depth];
        for (int l = 0; l < depth; l++)
        {
            var dense = new Dense(width, width, Initializer.LeCunNormal(gain));
            var tanh = Activation.Tanh(width);
            blocks[l] = residual ? new Residual(dense, tanh) : new Sequential(dense, tanh);
        }
        var net = new Sequential(blocks);
        var theta = net.Initialize(seed);
        var rng = new Random(seed + 1);
        var x = Tensor.From([.. Enumerable.Range(0, width).Select(_ => Normal(rng))], 1, width);
        var u = Unit([.. Enumerable.Range(0, width).Select(_ => Normal(rng))]);

        // ∇_θ L = J_θᵀ·u: one reverse sweep of the whole network, then each layer's W block.
        var gradient = net.LinearizeParameters(theta, x).ApplyTranspose(u);
        var norms = new double[depth];
        int at = 0;
        for (int l = 0; l < depth; l++)
        {
            var range = net.ParametersOf(l);
            int w = width * width; // the block's first array is its W, then b
            norms[l] = Math.Sqrt(gradient.AsSpan(at, w).ToArray().Sum(g => g * g));
            for (int i = range.Start.Value; i < range.End.Value; i++) at += theta[i].Length;
        }

        // The product from layer l+1 to the output, composed from the per-layer maps, for a few l.
        var layers = net.LayerDerivatives(theta, x);
        var sigmas = new List<(int, double)>();
        var backpropagated = new double[depth];
        LinearMap? product = null;
        for (int l = depth - 1; l >= 0; l--)
        {
            product = product is null ? layers[l].WithRespectToInput : product.Compose(layers[l].WithRespectToInput);
            int from = l; // product = ∂h_depth/∂h_from
            backpropagated[from] = Math.Sqrt(product.ApplyTranspose(u).Sum(g => g * g));
            if (from % Math.Max(1, depth / 4) == 0 || from == depth - 1)
                sigmas.Add((from, SingularValue.Largest(product, tolerance: 1e-8).Value));
        }
        sigmas.Reverse();
        return new DepthMeasurement(gain, residual, norms, backpropagated, [.. sigmas]);
    }

    private static void Print(TextWriter output, int depth, int width, List<DepthMeasurement> results)
    {
        output.WriteLine($"A tanh network of depth {depth} and width {width} at initialisation (W ~ N(0, g²/{width}), b = 0), one input x ~ N(0, I),");
        output.WriteLine($"loss L = ⟨u, h_{depth}⟩ for a fixed unit vector u. Backpropagation multiplies the layer Jacobians");
        output.WriteLine("J_l = diag(1 − h_l²)·W_l (residual: I + diag(1 − tanh²)·W_l) from the output down.");
        output.WriteLine();
        output.WriteLine("‖∂L/∂W_l‖, the gradient norm reaching each layer's weights:");
        output.WriteLine();
        output.WriteLine("| layer | " + string.Join(" | ", results.Select(Label)) + " |");
        output.WriteLine("|---:|" + string.Concat(results.Select(_ => "---:|")));
        for (int l = 0; l < depth; l++)
            output.WriteLine($"| {l + 1} | " + string.Join(" | ", results.Select(r => E(r.GradientNorms[l]))) + " |");
        output.WriteLine();
        output.WriteLine("‖∂L/∂h_l‖, the backpropagated gradient with respect to each layer's input (h_0 = x):");
        output.WriteLine();
        output.WriteLine("| h_l | " + string.Join(" | ", results.Select(Label)) + " |");
        output.WriteLine("|---:|" + string.Concat(results.Select(_ => "---:|")));
        for (int l = 0; l < depth; l++)
            output.WriteLine($"| l = {l} | " + string.Join(" | ", results.Select(r => E(r.ActivationGradientNorms[l]))) + " |");
        output.WriteLine();
        output.WriteLine($"σ₁(∂h_{depth}/∂h_l), the largest singular value of J_{depth}⋯J_(l+1) (Golub–Kahan–Lanczos on the composed maps):");
        output.WriteLine();
        output.WriteLine("| from h_l | " + string.Join(" | ", results.Select(Label)) + " |");
        output.WriteLine("|---:|" + string.Concat(results.Select(_ => "---:|")));
        foreach (var (from, _) in results[0].Sigmas)
            output.WriteLine($"| l = {from} | " + string.Join(" | ", results.Select(r => E(r.Sigmas.First(s => s.From == from).Sigma))) + " |");
        output.WriteLine();
        output.WriteLine($"‖∂L/∂h_0‖ / ‖∂L/∂h_{depth - 1}‖, how much the backpropagated gradient shrank (< 1) or grew (> 1) through layers {depth - 1} … 1:");
        output.WriteLine();
        foreach (var r in results)
            output.WriteLine($"- {Label(r)}: {E(r.ActivationGradientNorms[0] / r.ActivationGradientNorms[^1])}");
    }

    private static string Label(DepthMeasurement r) => $"g = {r.Gain.ToString(CultureInfo.InvariantCulture)}{(r.Residual ? ", residual" : "")}";
    private static string E(double v) => v.ToString("0.00e+00", CultureInfo.InvariantCulture);

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static double[] Unit(double[] v)
    {
        double n = Math.Sqrt(v.Sum(a => a * a));
        return [.. v.Select(a => a / n)];
    }
}
