using System.Numerics.Tensors;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// L-BFGS: the BFGS inverse Hessian of the last m pairs (s, y) applied to a vector by the two-loop recursion
/// (Nocedal and Wright, Algorithm 7.4), with H̃₀ = γI, γ = sᵀy/yᵀy of the newest pair. O(mn) memory and work per step,
/// so it serves any n.
/// </summary>
internal sealed class Lbfgs(int memory) : QuasiNewton.IInverse
{
    private readonly Queue<(double[] S, double[] Y, double Rho)> pairs = new();

    public double[] Direction(double[] g)
    {
        var q = (double[])g.Clone();
        var history = pairs.ToArray();
        var a = new double[history.Length];
        for (int k = history.Length - 1; k >= 0; k--)
        {
            var (s, y, rho) = history[k];
            a[k] = rho * Progress.Dot(s, q);
            TensorPrimitives.MultiplyAdd(y, -a[k], q, q);
        }
        if (history.Length > 0)
        {
            var (s, y, _) = history[^1];
            double gamma = Progress.Dot(s, y) / Progress.Dot(y, y);
            TensorPrimitives.Multiply(q, gamma, q);
        }
        for (int k = 0; k < history.Length; k++)
        {
            var (s, y, rho) = history[k];
            double b = rho * Progress.Dot(y, q);
            TensorPrimitives.MultiplyAdd(s, a[k] - b, q, q);
        }
        TensorPrimitives.Negate(q, q);
        return q;
    }

    public void Update(double[] s, double[] y)
    {
        if (pairs.Count == memory) pairs.Dequeue();
        pairs.Enqueue((s, y, 1 / Progress.Dot(s, y)));
    }

    public void Reset() => pairs.Clear();
}
