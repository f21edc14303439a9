using Tangent.Tests.Support;
using CsCheck;
using Tangent.Optimisation;
using Tangent.Optimisation.Methods;

namespace Tangent.Tests.Optimisation;

/// <summary>
/// The allocation-free L-BFGS: its ring of pairs and fused passes against the textbook two-loop recursion, the secant
/// equation, pairs the caller rejects, the one-pass norm, and no vector allocated per iteration.
/// </summary>
public class LbfgsTests
{
    /// <summary>Nocedal and Wright, Algorithm 7.4, on a list of the last m pairs, sums taken in order: −H̃g.</summary>
    private static double[] TwoLoop(List<(double[] S, double[] Y)> pairs, double[] g)
    {
        int n = g.Length, k = pairs.Count;
        var q = (double[])g.Clone();
        var a = new double[k];
        static double Dot(double[] u, double[] v) { double t = 0; for (int i = 0; i < u.Length; i++) t += u[i] * v[i]; return t; }
        for (int j = k - 1; j >= 0; j--)
        {
            a[j] = Dot(pairs[j].S, q) / Dot(pairs[j].S, pairs[j].Y);
            for (int i = 0; i < n; i++) q[i] -= a[j] * pairs[j].Y[i];
        }
        if (k > 0)
        {
            double gamma = Dot(pairs[^1].S, pairs[^1].Y) / Dot(pairs[^1].Y, pairs[^1].Y);
            for (int i = 0; i < n; i++) q[i] *= gamma;
        }
        for (int j = 0; j < k; j++)
        {
            double b = Dot(pairs[j].Y, q) / Dot(pairs[j].S, pairs[j].Y);
            for (int i = 0; i < n; i++) q[i] += (a[j] - b) * pairs[j].S[i];
        }
        return [.. q.Select(v => -v)];
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale, $"entry {i}: {actual[i]} against {expected[i]}");
    }

    /// <summary>Random pairs with yᵀs &gt; 0 (y = Ds for a positive diagonal D plus a little noise, as a convex f gives).</summary>
    private static (double[] S, double[] Y) Pair(Random r, int n)
    {
        var s = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = r.NextDouble() - 0.5;
            y[i] = s[i] * (0.5 + 3 * r.NextDouble()) + 0.01 * (r.NextDouble() - 0.5);
        }
        return (s, y);
    }

    /// <summary>
    /// Steps with random x, x₊, g, g₊ handed to <see cref="Lbfgs.Take"/> (some with yᵀs &lt; 0, which it must not take),
    /// against the textbook two-loop recursion on the pairs it should hold, as the ring fills and wraps: the direction
    /// for g₊ (from the products the step's pass took) and for an unrelated g (from a pass of its own), on 512-bit
    /// vectors and on scalars, at n up to 45 and across blocks of 64 with a partial last block.
    /// </summary>
    [Fact]
    public void DirectionEqualsTheTextbookTwoLoopRecursionAsTheRingFillsAndWraps() =>
        Gen.Int[1, 45].Select(Gen.Int[1, 6], Gen.Int[0, 20], Gen.Int).SampleRepeatably((small, memory, updates, seed) =>
        {
            var r = new Random(seed);
            int n = seed % 3 == 0 ? 64 + 37 * small : small; // every third case 101–1729 entries: 512-bit loops and a tail
            var lbfgs = new Lbfgs(n, memory);
            var kept = new List<(double[] S, double[] Y)>();
            double[] gNew = Pair(r, n).S;
            for (int u = 0; u < updates; u++)
            {
                var (s, y) = Pair(r, n);
                if (r.Next(5) == 0) y = [.. y.Select(v => -v)]; // negative curvature: not taken
                double[] x = Pair(r, n).S, g = Pair(r, n).Y;
                double[] xNew = [.. x.Select((v, i) => v + s[i])];
                gNew = [.. g.Select((v, i) => v + y[i])];
                double[] sd = [.. xNew.Select((v, i) => v - x[i])], yd = [.. gNew.Select((v, i) => v - g[i])];
                var sums = lbfgs.Take(xNew, x, gNew, g);
                double sy = sd.Zip(yd).Sum(t => t.First * t.Second);
                Assert.Equal(sy, sums.SY, 1e-12 * (1 + n));
                if (sy <= 1e-300) continue;
                kept.Add((sd, yd));
                if (kept.Count > memory) kept.RemoveAt(0);
            }
            var d = new double[n];
            lbfgs.Direction(gNew, d, default, default);
            AssertClose(TwoLoop(kept, gNew), d, 1e-11);
            var other = Pair(r, n).S;
            lbfgs.Direction(other, d, default, default);
            AssertClose(TwoLoop(kept, other), d, 1e-11);
            for (int k = 0; k < kept.Count; k++)
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(kept[k].S[i], lbfgs.Stored(false, k, i));
                    Assert.Equal(kept[k].Y[i], lbfgs.Stored(true, k, i));
                }
        });

    [Fact]
    public void TheNewestPairSatisfiesTheSecantEquation()
    {
        // H̃₊y = s for the newest pair, whatever the older pairs: the defining property of the BFGS update.
        var r = new Random(7);
        int n = 150;
        var lbfgs = new Lbfgs(n, 4);
        double[] s = [], y = [];
        for (int u = 0; u < 9; u++)
        {
            (s, y) = Pair(r, n);
            Assert.True(lbfgs.Add(s, y));
        }
        var d = new double[n];
        lbfgs.Direction(y, d, default, default);
        AssertClose([.. s.Select(v => -v)], d, 1e-12);
        lbfgs.Direction((double[])y.Clone(), d, default, default); // the same vector, its products taken afresh
        AssertClose([.. s.Select(v => -v)], d, 1e-12);
    }

    [Fact]
    public void APairNotTakenChangesNothing()
    {
        var r = new Random(3);
        int n = 70;
        var lbfgs = new Lbfgs(n, 3);
        for (int u = 0; u < 5; u++)
        {
            var (s, y) = Pair(r, n);
            Assert.True(lbfgs.Add(s, y));
        }
        var g = Pair(r, n).S;
        double[] before = new double[n], after = new double[n];
        lbfgs.Direction(g, before, default, default);
        Assert.False(lbfgs.Add([.. Enumerable.Repeat(1.0, n)], [.. Enumerable.Repeat(-1.0, n)])); // yᵀs < 0: written, not taken
        lbfgs.Direction(g, after, default, default);
        Assert.Equal(before, after);
    }

    [Fact]
    public void FusedPassesEqualTheirScalarDefinitions() =>
        Gen.Int[0, 40].SelectMany(n => Gen.Double[-3, 3].Array[n].Select(Gen.Double[-3, 3].Array[n], Gen.Double[-3, 3].Array[n], Gen.Double[-2, 2], Gen.Double[0.1, 4]))
            .SampleRepeatably((q0, v, w, c, gamma) =>
            {
                double Dot(double[] a, double[] b) => a.Zip(b).Sum(t => t.First * t.Second);
                var q = (double[])q0.Clone();
                double got = Passes.AddScaledThenDot(q, c, v, w);
                double[] want = [.. q0.Select((t, i) => t + c * v[i])];
                Assert.Equal(want, q);
                Assert.Equal(Dot(want, w), got, 1e-12 * (1 + want.Length * 9));
                q = (double[])q0.Clone();
                got = Passes.AddScaledScaleThenDot(q, c, v, gamma, w);
                want = [.. q0.Select((t, i) => (t + c * v[i]) * gamma)];
                Assert.Equal(want, q);
                Assert.Equal(Dot(want, w), got, 1e-12 * (1 + want.Length * 40));
                q = (double[])q0.Clone();
                got = Passes.NegatedAddScaled(q, c, v, w);
                want = [.. q0.Select((t, i) => -(t + c * v[i]))];
                Assert.Equal(want, q);
                Assert.Equal(Dot(want, w), got, 1e-12 * (1 + want.Length * 9));
                var y = new double[q0.Length];
                Passes.Along(q0, c, v, y);
                Assert.Equal([.. q0.Select((t, i) => t + c * v[i])], y);
                // The last two-loop pass with the first trial point: d as NegatedAddScaled gives it (same dot), and
                // x + d bit for bit what the line search's x + 1·d is (x = v here).
                var dq = (double[])q0.Clone();
                double plain = Passes.NegatedAddScaled(dq, c, v, w);
                double[] d2 = new double[q0.Length], t2 = new double[q0.Length], along = new double[q0.Length];
                Assert.Equal(plain, Passes.NegatedAddScaledAlong(q0, c, v, w, d2, v, t2));
                Assert.Equal(dq, d2);
                Passes.Along(v, 1, d2, along);
                Assert.Equal(along, t2);
                // Differences: s = x₊ − x, y = g₊ − g and their sums, with (x₊, x, g₊, g) = (q0, v, w, v·c).
                double[] gOld = [.. v.Select(t => t * c)], sd = new double[q0.Length], yd = new double[q0.Length];
                var sums = Passes.Differences(q0, v, w, gOld, sd, yd);
                double[] sWant = [.. q0.Select((t, i) => t - v[i])], yWant = [.. w.Select((t, i) => t - gOld[i])];
                Assert.Equal(sWant, sd);
                Assert.Equal(yWant, yd);
                double tol = 1e-12 * (1 + q0.Length * 40);
                Assert.Equal(Dot(sWant, yWant), sums.SY, tol);
                Assert.Equal(Dot(yWant, yWant), sums.YY, tol);
                Assert.Equal(Dot(sWant, sWant), sums.SS, tol);
                Assert.Equal(Dot(gOld, sWant), sums.GS, tol);
                Assert.Equal(Dot(w, w), sums.GG, tol);
                // L-BFGS's step pass: the same s, y and sums, with p·y, s·g₊ and p·g₊ (p = q0 here), and without p.
                double[] s2 = new double[q0.Length], y2 = new double[q0.Length], s3 = new double[q0.Length], y3 = new double[q0.Length];
                var (sums2, py, sg, pg) = Passes.Differences(q0, v, w, gOld, s2, y2, q0);
                Assert.Equal(sWant, s2);
                Assert.Equal(yWant, y2);
                Assert.Equal(sums.SY, sums2.SY, tol);
                Assert.Equal(sums.YY, sums2.YY, tol);
                Assert.Equal(sums.SS, sums2.SS, tol);
                Assert.Equal(sums.GS, sums2.GS, tol);
                Assert.Equal(sums.GG, sums2.GG, tol);
                Assert.Equal(Dot(q0, yWant), py, tol);
                Assert.Equal(Dot(sWant, w), sg, tol);
                Assert.Equal(Dot(q0, w), pg, tol);
                var (sums3, py3, _, pg3) = Passes.Differences(q0, v, w, gOld, s3, y3, default);
                Assert.Equal(sums2, sums3);
                Assert.Equal(sWant, s3);
                Assert.Equal((0.0, 0.0), (py3, pg3));
            });

    [Fact]
    public void TheFirstTrialPointWrittenWithTheDirectionIsXPlusD() =>
        Gen.Int[1, 150].Select(Gen.Int[0, 8], Gen.Int).SampleRepeatably((n, updates, seed) =>
        {
            // Whether or not the ring holds pairs (count 0 takes the steepest-descent branch): the same d as without
            // the trial point, and the trial point bit for bit the x + 1·d the line search would form.
            var r = new Random(seed);
            var lbfgs = new Lbfgs(n, 3);
            for (int u = 0; u < updates; u++)
            {
                var (s, y) = Pair(r, n);
                lbfgs.Add(s, y);
            }
            double[] g = Pair(r, n).S, x = Pair(r, n).Y, plain = new double[n], d = new double[n], trial = new double[n], along = new double[n];
            double slope = lbfgs.Direction(g, plain, default, default);
            Assert.Equal(slope, lbfgs.Direction(g, d, x, trial));
            Assert.Equal(plain, d);
            Progress.Along(x, 1, d, along);
            Assert.Equal(along, trial);
        });

    [Theory]
    [InlineData(1.0)]
    [InlineData(1e200)]
    [InlineData(1e-200)]
    [InlineData(1e-160)]
    public void TheOnePassNormAgreesWithTheScaledNormAtEveryScale(double scale)
    {
        var r = new Random(11);
        double[] v = [.. Enumerable.Range(0, 333).Select(_ => scale * (r.NextDouble() - 0.5))];
        double exact = Math.Sqrt(v.Sum(t => (t / scale) * (t / scale))) * scale;
        Assert.True(double.IsFinite(Progress.Norm(v)) && Progress.Norm(v) > 0);
        Assert.Equal(1, Progress.Norm(v) / exact, 1e-13);
        Assert.Equal(0, Progress.Norm(new double[5]));
    }

    [Fact]
    public void AnIterationAllocatesNoVector()
    {
        // Extended Rosenbrock, n = 2000, by hand-written value and gradient (allocation-free): what L-BFGS allocates per
        // iteration is its own. One vector would be 16 000 bytes.
        int n = 2000;
        var f = Objective.FromGradient((x, g) =>
        {
            double s = 0;
            g.Clear();
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
                s += 100 * t * t + u * u;
                g[i] += -400 * t * x[i] - 2 * u;
                g[i + 1] += 200 * t;
            }
            return s;
        }, n);
        var x0 = new double[n];
        for (int i = 0; i < n; i++) x0[i] = i % 2 == 0 ? -1.2 : 1;
        var options = new MinimizeOptions { Method = Method.Lbfgs, Trace = false, MaxIterations = 300 };
        Minimizer.Minimize(f, x0, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = Minimizer.Minimize(f, x0, options);
        double perIteration = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)result.Iterations;
        Assert.Equal(300, result.Iterations);
        // The fixed cost (m + 1 pairs, a few vectors, the result) spread over 300 iterations is about 1 500 bytes each.
        Assert.True(perIteration < 3000, $"{perIteration:F0} bytes per iteration");
    }
}
