using System.Numerics.Tensors;

namespace Tangent.Optimisation.Methods;

/// <summary>
/// L-BFGS: the BFGS inverse Hessian of the last m pairs (s, y) applied to a vector by the two-loop recursion
/// (Nocedal and Wright, Algorithm 7.4), with H̃₀ = γI, γ = sᵀy/yᵀy of the newest pair. O(mn) memory and work per step,
/// so it serves any n.
/// </summary>
/// <remarks>
/// At large n an iteration should cost little more than the gradient it needs, so nothing here allocates once the m
/// pairs are filled: the pairs live in m + 1 buffers used as a ring (the spare one receives the next pair, so a pair
/// the caller rejects for yᵀs ≤ 0 overwrites nothing), and each step of both loops updates q and takes the next
/// loop's dot product in the same pass over q (<see cref="Passes.AddScaledThenDot(Span{double}, double, ReadOnlySpan{double}, ReadOnlySpan{double})"/>):
/// 2m passes instead of 4m, the first of which reads g and writes q (no copy of g); the last also writes the line
/// search's first trial point x + d when the caller asks for it.
/// </remarks>
internal sealed class Lbfgs(int n, int memory) : QuasiNewton.IInverse
{
    private readonly double[]?[] s = new double[memory + 1][], y = new double[memory + 1][];
    private readonly double[] rho = new double[memory + 1], sy = new double[memory + 1], yy = new double[memory + 1], a = new double[memory];

    // ids[0..count) are the stored pairs, oldest first; ids[count] is the spare that receives the next pair.
    private readonly int[] ids = [.. Enumerable.Range(0, memory + 1)];
    private int count;

    public (double[] S, double[] Y) NextPair()
    {
        int id = ids[count];
        return (s[id] ??= new double[n], y[id] ??= new double[n]);
    }

    public double Direction(double[] g, double[] d) => Direction(g, d, default, default);

    public double Direction(double[] g, double[] d, ReadOnlySpan<double> x, Span<double> trial)
    {
        if (count == 0)
        {
            TensorPrimitives.Negate(g, d);
            if (!trial.IsEmpty) Passes.Along(x, 1, d, trial);
            return TensorPrimitives.Dot(d, g);
        }
        // q starts as g; the first pass reads g and writes q (d's storage), so g is never copied.
        var q = d.AsSpan();
        ReadOnlySpan<double> from = g;
        // First loop, newest to oldest: aₖ = ρₖ sₖ·q, q ← q − aₖyₖ; the update of q also takes sₖ₋₁·q.
        double dot = TensorPrimitives.Dot(S(count - 1), g);
        for (int k = count - 1; k > 0; k--)
        {
            a[k] = rho[ids[k]] * dot;
            dot = Passes.AddScaledThenDot(from, q, -a[k], Y(k), S(k - 1));
            from = q;
        }
        a[0] = rho[ids[0]] * dot;
        // q ← γ(q − a₀y₀), H̃₀ = γI with γ = sᵀy/yᵀy of the newest pair; the pass also takes y₀·q for the second loop.
        int newest = ids[count - 1];
        double gamma = sy[newest] / yy[newest];
        dot = Passes.AddScaledScaleThenDot(from, q, -a[0], Y(0), gamma, Y(0));
        // Second loop, oldest to newest: b = ρₖ yₖ·q, q ← q + (aₖ − b)sₖ; the update of q also takes yₖ₊₁·q.
        for (int k = 0; k < count - 1; k++)
        {
            double b = rho[ids[k]] * dot;
            dot = Passes.AddScaledThenDot(q, a[k] - b, S(k), Y(k + 1));
        }
        double last = rho[newest] * dot;
        return trial.IsEmpty
            ? Passes.NegatedAddScaled(q, a[count - 1] - last, S(count - 1), g)
            : Passes.NegatedAddScaledAlong(q, a[count - 1] - last, S(count - 1), g, q, x, trial);
    }

    public void Update(double[] sNew, double[] yNew, double curvature, double yNorm2)
    {
        int id = ids[count];
        if (!ReferenceEquals(sNew, s[id]) || !ReferenceEquals(yNew, y[id]))
            throw new InvalidOperationException("L-BFGS takes its new pair in the buffers NextPair handed out.");
        sy[id] = curvature;
        rho[id] = 1 / curvature;
        yy[id] = yNorm2;
        if (count < memory) count++;
        else
        {
            // Full: the oldest pair's buffers become the spare; the others move down one place (m ints, not m vectors).
            int oldest = ids[0];
            Array.Copy(ids, 1, ids, 0, memory);
            ids[memory] = oldest;
        }
    }

    public void Reset() => count = 0;

    private ReadOnlySpan<double> S(int k) => s[ids[k]];

    private ReadOnlySpan<double> Y(int k) => y[ids[k]];
}
