using Tangent.Tests.Corpus;
using Tangent.Tests.Support;

namespace Tangent.Tests.GraphTests;

/// <summary>
/// Recording is per thread and a returned graph is immutable: many threads recording and sweeping at
/// once get exactly (bit for bit) the single-threaded results; a Var used outside its recording throws.
/// </summary>
public class ConcurrencyTests
{
    private const int Tasks = 400;
    private static readonly ParallelOptions Wide = new() { MaxDegreeOfParallelism = 8 };

    private static double[] PointOf(int i, int n) => Enumerable.Range(0, n).Select(j => Math.Sin(i * 0.37 + j) * 1.5).ToArray();

    [Fact]
    public void ParallelGradientsJacobiansAndHessiansEqualTheSingleThreadedResultsExactly()
    {
        var scalar = ScalarCorpus.All;
        var vector = VectorCorpus.All;
        var expected = new (double[] Gradient, double[,] Jacobian, double[,] Hessian)[Tasks];
        for (int i = 0; i < Tasks; i++) expected[i] = Compute(i);

        var actual = new (double[] Gradient, double[,] Jacobian, double[,] Hessian)[Tasks];
        Parallel.For(0, Tasks, Wide, i => actual[i] = Compute(i));

        for (int i = 0; i < Tasks; i++)
        {
            Assert.Equal(expected[i].Gradient, actual[i].Gradient);
            Assert.Equal(expected[i].Jacobian, actual[i].Jacobian);
            Assert.Equal(expected[i].Hessian, actual[i].Hessian);
        }

        (double[], double[,], double[,]) Compute(int i)
        {
            var s = scalar[i % scalar.Length];
            var v = vector[i % vector.Length];
            var xs = PointOf(i, s.Dimension);
            // Function sizes vary with i so that threads' tapes grow at different times.
            var grad = Differentiate.Gradient(x =>
            {
                Var acc = s.F(x);
                for (int k = 0; k < i % 50; k++) acc += 1e-3 * Var.Sin(x[0] * k);
                return acc;
            }, xs).Gradient;
            var jac = Differentiate.Jacobian(v.F, PointOf(i, v.Inputs)).Jacobian;
            var hess = Differentiate.Hessian(s.F, xs).Hessian;
            return (grad, jac, hess);
        }
    }

    [Fact]
    public void OneDetachedGraphSweptFromManyThreadsAtOnceGivesTheSameResultsAsOneThread()
    {
        var c = VectorCorpus.All[5];
        var g = Differentiate.Record(c.F, c.Points[0]);
        var s = Differentiate.Record(ScalarCorpus.All[9].F, ScalarCorpus.All[9].Points[0]);
        var rng = new Random(8);
        var vs = Enumerable.Range(0, Tasks).Select(_ => Dense.Random(rng, 3)).ToArray();
        var ws = Enumerable.Range(0, Tasks).Select(_ => Dense.Random(rng, 2)).ToArray();
        var expected = Enumerable.Range(0, Tasks).Select(i => Sweep(i)).ToArray();
        var actual = new (double[], double[], double[,], double[], double[]?)[Tasks];
        Parallel.For(0, Tasks, Wide, i => actual[i] = Sweep(i));
        for (int i = 0; i < Tasks; i++)
        {
            Assert.Equal(expected[i].Item1, actual[i].Item1);
            Assert.Equal(expected[i].Item2, actual[i].Item2);
            Assert.Equal(expected[i].Item3, actual[i].Item3);
            Assert.Equal(expected[i].Item4, actual[i].Item4);
            Assert.Equal(expected[i].Item5, actual[i].Item5);
        }

        (double[], double[], double[,], double[], double[]?) Sweep(int i) =>
            (g.Jvp(vs[i]), g.Vjp([ws[i][0], ws[i][1], 1.0]),
             i % 2 == 0 ? g.Jacobian(JacobianMode.Forward).Jacobian : g.Jacobian(JacobianMode.Reverse).Jacobian,
             s.Hvp(vs[i][..2]), s.At(vs[i][..2])?.Gradient());
    }

    [Fact]
    public void GenericFunctionRecordedOnManyThreadsMatchesItsAnalyticGradient()
    {
        var f = new ExtendedRosenbrock();
        var failures = 0;
        Parallel.For(0, Tasks, Wide, i =>
        {
            var x = PointOf(i, 2 + i % 20);
            var r = Differentiate.Gradient(f, x).Gradient;
            var e = ExtendedRosenbrock.Gradient(x);
            for (int j = 0; j < x.Length; j++)
                if (!Approx.Close(r[j], e[j], 1e-13, 1e-11)) Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void VarKeptAfterItsRecordingEndedThrowsWhenUsed()
    {
        Var kept = default;
        Differentiate.Gradient(x => { kept = x[0]; return x[0] * x[0]; }, [2.0]);
        var e = Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(x => x[0] * kept, [3.0]));
        Assert.Contains("outside the recording", e.Message);
        Assert.Throws<InvalidOperationException>(() => Var.Sin(kept));
        Assert.Throws<InvalidOperationException>(() => kept * 2.0);
        Assert.Throws<InvalidOperationException>(() => kept < 1.0);
        Assert.Equal(2.0, kept.Value); // its value stays readable
    }

    [Fact]
    public void VarFromAnotherThreadsRecordingThrowsWhenUsed()
    {
        using var recorded = new ManualResetEventSlim();
        using var used = new ManualResetEventSlim();
        Var foreign = default;
        Exception? error = null;
        var owner = new Thread(() => Differentiate.Gradient(x =>
        {
            foreign = x[0];
            recorded.Set();
            used.Wait(TestContext.Current.CancellationToken); // keep the recording open while the other thread tries to use its Var
            return x[0];
        }, [1.0]));
        owner.Start();
        recorded.Wait(TestContext.Current.CancellationToken);
        try { Differentiate.Gradient(x => x[0] + foreign, [5.0]); }
        catch (Exception e) { error = e; }
        used.Set();
        owner.Join();
        Assert.IsType<InvalidOperationException>(error);
    }

    [Fact]
    public void VarOfAnEnclosingRecordingUsedInANestedRecordingThrows()
    {
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(outer =>
        {
            var o = outer[0];
            var inner = Differentiate.Gradient(x => x[0] * o, [1.0]);
            return outer[0] * inner.Value;
        }, [2.0]));
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(outer =>
        {
            var o = outer[0];
            var inner = Differentiate.Gradient(x => o * x[0], [1.0]);
            return outer[0] * inner.Value;
        }, [2.0]));
    }

    [Fact]
    public void ComparingVarsOfTwoDifferentRecordingsThrows()
    {
        // The inner Var first: the comparison must still notice that the other one belongs to the outer recording.
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(outer =>
        {
            var o = outer[0];
            var inner = Differentiate.Gradient(x => x[0] < o ? x[0] : -x[0], [1.0]);
            return outer[0] * inner.Value;
        }, [2.0]));
    }

    [Fact]
    public void NestedRecordingOfItsOwnVarsWorksAndLeavesTheOuterRecordingIntact()
    {
        var r = Differentiate.Gradient(outer =>
        {
            double inner = Differentiate.Gradient(x => x[0] * x[0] * x[0], [outer[0].Value]).Gradient[0]; // 3x² as a constant
            return outer[0] * inner + Var.Sin(outer[0]);
        }, [2.0]);
        Assert.Equal(12 + Math.Cos(2.0), r.Gradient[0]);
    }

    [Fact]
    public void ReturningAVarOfAnEndedRecordingAsTheOutputThrows()
    {
        // kept is node 3 (x·y) of the first recording; in the second, node 3 is sin x — a silently wrong
        // derivative (cos x) unless the output's recording is checked.
        Var kept = default;
        Differentiate.Gradient(x => kept = x[0] * x[1], [2.0, 3.0]);
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(x => { Var.Sin(x[0]); return kept; }, [1.0, 1.0]));
        Assert.Throws<InvalidOperationException>(() => Differentiate.Gradient(x => { Var.Sin(x[0]); return kept; }, [1.0, 1.0], new double[2]));
        Assert.Throws<InvalidOperationException>(() => Differentiate.Jacobian(x => [x[0], kept], [1.0, 1.0]));
    }
}
