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
/// the caller rejects for yᵀs ≤ 0 overwrites nothing). Each pass over q takes two steps of a loop and the next two
/// dot products (<see cref="Passes.Run2"/>): the second step's coefficient follows from the first's dot product and
/// cₖ = sₖ₋₁·yₖ, a number kept with each pair (one dot product when the pair arrives), so the loops make about m
/// passes over q instead of 2m (4m unfused) and read each stored vector twice, as before. The first pass reads g and
/// writes q (no copy of g); the last also writes the line search's first trial point x + d when the caller asks for
/// it. The direction is the two-loop recursion's to rounding (the sums are grouped differently, not the same bits).
/// At n = 10⁴ the pairs (1.6 MB) are read from L3 and q from L2: halving the passes over q took the direction from
/// 1.29–1.44 to 1.03–1.26 gradients (bench/Tangent.Benchmarks, loaded). The step's pass (<see cref="Take"/>), which forms
/// s and y, also takes cₖ and the next direction's first two products sₖ·g₊ and sₖ₋₁·g₊, so neither the update nor the
/// direction's first pass reads g₊, sₖ and sₖ₋₁ again.
/// <para>
/// Tried and dropped (docs/optimisation.md): the "vector-free" form (Chen, Wang, Zhou and Sheng, NIPS 2014), the same
/// recursion on the coefficients of d in the basis {sᵢ, yᵢ, g} with the inner products kept incrementally, the pairs
/// interleaved in one array; it reads the pairs twice as well (the products of the stored vectors with y and g₊, then
/// d), and in the iteration loop its two passes cost 62–69 µs against 49–52 µs for this update and direction at n = 10⁴.
/// </para>
/// </remarks>
internal sealed class Lbfgs(int n, int memory) : QuasiNewton.IInverse
{
    private readonly double[]?[] s = new double[memory + 1][], y = new double[memory + 1][];
    private readonly double[] rho = new double[memory + 1], sy = new double[memory + 1], yy = new double[memory + 1], cross = new double[memory + 1], a = new double[memory];

    // ids[0..count) are the stored pairs, oldest first; ids[count] is the spare that receives the next pair.
    private readonly int[] ids = [.. Enumerable.Range(0, memory + 1)];
    private int count;

    // D₁ = sₖ·g and D₂ = sₖ₋₁·g for the newest two pairs, taken by the step's pass with g = dotsOf (null: none).
    private double[]? dotsOf;
    private double firstDot, secondDot;

    public double Direction(double[] g, double[] d, ReadOnlySpan<double> x, Span<double> trial)
    {
        if (count == 0)
        {
            TensorPrimitives.Negate(g, d);
            if (!trial.IsEmpty) Passes.Along(x, 1, d, trial);
            return TensorPrimitives.Dot(d, g);
        }
        if (count == 1) return OnePair(g, d, x, trial);
        // q starts as g; the first pass reads g and writes q (d's storage), so g is never copied.
        var q = d.AsSpan();
        ReadOnlySpan<double> from = g;
        int newest = ids[count - 1];
        double gamma = sy[newest] / yy[newest];
        // First loop, newest to oldest, two pairs a pass: with D₁ = sₖ·q and D₂ = sₖ₋₁·q taken on the current q,
        // aₖ = ρₖD₁ and aₖ₋₁ = ρₖ₋₁ sₖ₋₁·(q − aₖyₖ) = ρₖ₋₁(D₂ − aₖ cₖ), cₖ = sₖ₋₁·yₖ (kept with the pair); then
        // q ← q − aₖyₖ − aₖ₋₁yₖ₋₁ in one pass that takes the next two dot products. The last pass also scales by γ
        // (H̃₀ = γI) and takes y₀·q and y₁·q for the second loop.
        var (d1, d2) = ReferenceEquals(g, dotsOf) ? (firstDot, secondDot) : Passes.Dot2(g, S(count - 1), S(count - 2));
        int k = count - 1;
        for (; k >= 1; k -= 2)
        {
            a[k] = rho[ids[k]] * d1;
            a[k - 1] = rho[ids[k - 1]] * (d2 - a[k] * cross[ids[k]]);
            if (k == 1) (d1, d2) = Passes.Run2(from, q, -a[1], Y(1), -a[0], Y(0), gamma, Y(0), Y(1));
            else if (k == 2) (d1, d2) = Passes.Run2(from, q, -a[2], Y(2), -a[1], Y(1), 1, S(0), S(0));
            else (d1, d2) = Passes.Run2(from, q, -a[k], Y(k), -a[k - 1], Y(k - 1), 1, S(k - 2), S(k - 3));
            from = q;
        }
        if (k == 0)
        {
            // An odd count leaves the oldest pair for a pass of its own (c₂ = 0 adds exactly nothing).
            a[0] = rho[ids[0]] * d1;
            (d1, d2) = Passes.Run2(q, q, -a[0], Y(0), 0, Y(0), gamma, Y(0), Y(1));
        }
        // Second loop, oldest to newest, two pairs a pass: with E₁ = yₖ·r and E₂ = yₖ₊₁·r, bₖ = ρₖE₁ and
        // bₖ₊₁ = ρₖ₊₁ yₖ₊₁·(r + (aₖ − bₖ)sₖ) = ρₖ₊₁(E₂ + (aₖ − bₖ)cₖ₊₁); r ← r + (aₖ − bₖ)sₖ + (aₖ₊₁ − bₖ₊₁)sₖ₊₁.
        for (k = 0; k + 1 < count; k += 2)
        {
            double b0 = rho[ids[k]] * d1;
            double b1 = rho[ids[k + 1]] * (d2 + (a[k] - b0) * cross[ids[k + 1]]);
            if (k + 2 == count) // the last pass: d = −r, and the first trial point x + d when asked for
                return Passes.Run2(q, q, a[k] - b0, S(k), a[k + 1] - b1, S(k + 1), -1, g, g, x, trial).W1;
            (d1, d2) = Passes.Run2(q, q, a[k] - b0, S(k), a[k + 1] - b1, S(k + 1), 1, Y(k + 2), Y(Math.Min(k + 3, count - 1)));
        }
        double last = rho[newest] * d1;
        return trial.IsEmpty
            ? Passes.NegatedAddScaled(q, a[count - 1] - last, S(count - 1), g)
            : Passes.NegatedAddScaledAlong(q, a[count - 1] - last, S(count - 1), g, q, x, trial);
    }

    /// <summary>One pair: a = ρ s·g, q = γ(g − ay), d = −(q + (a − ρ y·q)s).</summary>
    private double OnePair(double[] g, double[] d, ReadOnlySpan<double> x, Span<double> trial)
    {
        int id = ids[0];
        double a0 = rho[id] * TensorPrimitives.Dot(S(0), g);
        double dot = Passes.AddScaledScaleThenDot(g, d, -a0, Y(0), sy[id] / yy[id], Y(0));
        double c = a0 - rho[id] * dot;
        return trial.IsEmpty ? Passes.NegatedAddScaled(d, c, S(0), g) : Passes.NegatedAddScaledAlong(d, c, S(0), g, d, x, trial);
    }

    /// <summary>
    /// Forms s = x₊ − x and y = g₊ − g in the spare buffers with the step's sums and, in the same pass, cₖ = sₖ₋₁·y with
    /// the newest stored s and the next direction's D₁ = s·g₊ and D₂ = sₖ₋₁·g₊ (<see cref="Passes.Differences(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double}, ReadOnlySpan{double})"/>);
    /// takes the pair when sᵀy &gt; 1e-300. <see cref="Direction(double[], double[], ReadOnlySpan{double}, Span{double})"/>
    /// uses D₁ and D₂ when handed the same g₊ array, so nothing may be written into it in between (the loop never does:
    /// ∇f at an iterate is replaced, never written into).
    /// </summary>
    public Passes.StepSums Take(double[] xNew, double[] x, double[] gNew, double[] g)
    {
        int id = ids[count];
        double[] sNew = s[id] ??= new double[n], yNew = y[id] ??= new double[n];
        var (sums, cross, sg, pg) = Passes.Differences(xNew, x, gNew, g, sNew, yNew, count > 0 ? S(count - 1) : default);
        dotsOf = null;
        if (!(sums.SY > 1e-300)) return sums; // not taken: the spare stays the spare, the stored pairs unchanged
        // cₖ = sₖ₋₁·yₖ with the newest stored pair, for the two-pairs-a-pass recursion (unused for the oldest pair).
        this.cross[id] = cross;
        sy[id] = sums.SY;
        rho[id] = 1 / sums.SY;
        yy[id] = sums.YY;
        if (count > 0) (dotsOf, firstDot, secondDot) = (gNew, sg, pg);
        if (count < memory) count++;
        else
        {
            // Full: the oldest pair's buffers become the spare; the others move down one place (m ints, not m vectors).
            int oldest = ids[0];
            Array.Copy(ids, 1, ids, 0, memory);
            ids[memory] = oldest;
        }
        return sums;
    }

    /// <summary>Adds the pair (s, y) as a step from x = 0 to s with ∇f from 0 to y would (tests and benchmarks); false when sᵀy ≤ 1e-300.</summary>
    internal bool Add(double[] sNew, double[] yNew)
    {
        var zero = new double[sNew.Length];
        return Take(sNew, zero, yNew, zero).SY > 1e-300;
    }

    /// <summary>Entry i of the stored s or y of pair k, oldest first (tests).</summary>
    internal double Stored(bool ofY, int k, int i) => (ofY ? Y(k) : S(k))[i];

    public void Reset()
    {
        count = 0;
        dotsOf = null;
    }

    private ReadOnlySpan<double> S(int k) => s[ids[k]];

    private ReadOnlySpan<double> Y(int k) => y[ids[k]];
}
