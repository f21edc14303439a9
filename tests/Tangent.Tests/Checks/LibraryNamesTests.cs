using Tangent.Checks;

namespace Tangent.Tests.Checks;

/// <summary>The library names the caller's mistakes and variables the caller's way.</summary>
public class LibraryNamesTests
{
    public static TheoryData<string, Action> NullFunctions => new()
    {
        { "Gradient", () => Differentiate.Gradient((ScalarFunction)null!, [1.0]) },
        { "Gradient into a span", () => Differentiate.Gradient((ScalarFunction)null!, [1.0], new double[1]) },
        { "Value", () => Differentiate.Value((ScalarFunction)null!, [1.0]) },
        { "Hessian", () => Differentiate.Hessian(null!, [1.0]) },
        { "Jacobian", () => Differentiate.Jacobian(null!, [1.0]) },
        { "Record", () => Differentiate.Record((ScalarFunction)null!, [1.0]) },
        { "Partial", () => Differentiate.Partial(null!, [1.0], 0) },
        { "Hvp", () => Differentiate.Hvp(null!, [1.0], [1.0]) },
        { "Differentiability.Check", () => Differentiability.Check((ScalarFunction)null!, [1.0]) },
        { "FiniteDifferences.CheckGradient", () => FiniteDifferences.CheckGradient((ScalarFunction)null!, [1.0]) },
    };

    [Theory]
    [MemberData(nameof(NullFunctions))]
    public void ANullFunctionIsAnArgumentNullExceptionNamingF(string api, Action call)
    {
        var e = Assert.Throws<ArgumentNullException>(call);
        Assert.True(e.ParamName == "f", $"{api}: parameter {e.ParamName}");
    }

    [Fact]
    public void DifferentiabilityNamesUnnamedVariablesAsCSharpIndexesThem()
    {
        // |x₀| + x₁² at (0, 1): the one-sided partials in x[0] are +1 and −1.
        var r = Differentiability.Check(x => Var.Abs(x[0]) + x[1] * x[1], [0.0, 1.0]);
        Assert.Equal(Verdict.NotDifferentiable, r.Verdict);
        Assert.Equal(["x[0]", "x[1]"], r.Evidence.OneSidedPartials.Select(o => o.Variable));
        Assert.Contains("x[0]", r.Reason);
    }

    [Fact]
    public void DifferentiabilityUsesTheCallersNames()
    {
        var r = Differentiability.Check(x => Var.Abs(x[0]) + x[1] * x[1], [0.0, 1.0], ["speed", "angle"]);
        Assert.Contains("speed", r.Reason);
    }

    [Fact]
    public void AVariableTheFunctionDoesNotReadGetsPartialZeroAndDoesNotChangeTheVerdict()
    {
        // f(x, y, z) = x·|y| does not read z: differentiable at (1, 1, 5) with L = (1, 1, 0); not at (1, 0, 5).
        var smooth = Differentiability.Check(x => x[0] * Var.Abs(x[1]), [1.0, 1.0, 5.0]);
        Assert.Equal(Verdict.Differentiable, smooth.Verdict);
        Assert.Equal([1.0, 1.0, 0.0], smooth.Derivative!);
        Assert.Equal(3, smooth.Evidence.OneSidedPartials.Count);
        Assert.Equal([1.0, 1.0, 5.0], smooth.Point);
        var kink = Differentiability.Check(x => x[0] * Var.Abs(x[1]), [1.0, 0.0, 5.0]);
        Assert.Equal(Verdict.NotDifferentiable, kink.Verdict);
    }

    [Fact]
    public void AtABranchBoundaryAVariableOfTheOtherBranchStillCounts()
    {
        // if(x > 0, y, 0) at (0, 0): the branch taken (x ≤ 0) does not read y, but just beside it f = y, so ∂f/∂y jumps
        // from 0 to 1 across x = 0: not differentiable. Dropping y because the recording did not read it would hide that.
        var r = Differentiability.Check(x => x[0] > 0 ? x[1] : (Var)0.0, [0.0, 0.0]);
        Assert.Equal(Verdict.NotDifferentiable, r.Verdict);
    }
}

/// <summary>Resources stay bounded after a failure and for many variables.</summary>
public class BoundedResourcesTests
{
    [Fact]
    public void AGraphSizeErrorReleasesTheStorageItGrew()
    {
        // A loop that records until the limit of 4 million nodes (~100 MB of graph), on a fresh thread's tape.
        int retained = -1;
        var thread = new Thread(() =>
        {
            Assert.Throws<GraphTooLargeException>(() => Differentiate.Gradient(x =>
            {
                var s = x[0];
                for (int i = 0; i < 10_000_000; i++) s = s * 1.0000001;
                return s;
            }, [1.0], new DifferentiationOptions { MaxNodes = 4_000_000 }));
            retained = Tape.RetainedNodes;
            // The tape still works afterwards.
            Assert.Equal(6, Differentiate.Gradient(x => x[0] * x[0], [3.0]).Gradient[0]);
        });
        thread.Start();
        thread.Join();
        Assert.InRange(retained, 0, 100_000);
    }

    [Fact]
    public void ACheckOfTooManyUsedVariablesIsAClearErrorBeforeAnyWork()
    {
        var x = new double[1001];
        var e = Assert.Throws<ArgumentException>(() => Differentiability.Check(v =>
        {
            Var s = 0.0;
            foreach (var vi in v) s += vi * vi;
            return s;
        }, x));
        Assert.Contains("1,001", e.Message);
        Assert.Contains($"{Differentiability.MaxVariables:N0}", e.Message);
        string formula = string.Join("+", Enumerable.Range(0, 1001).Select(i => $"x{i}"));
        string at = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"x{i}=1"));
        var r = Tangent.Tests.Cli.CliRunner.Run("check", formula, "--at", at);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("at most 1,000", r.Error);
    }

    [Fact]
    public void TheEvaluationsOfACheckGrowLinearlyInTheUsedVariables()
    {
        // f = Σ xᵢxᵢ₊₁ in n variables: every call of f (values, recordings, gradients) is counted. Doubling n may add
        // the two axis lines of each new variable at 13 radii (26 calls each) and little else; all pairs would add n².
        static (long Calls, Verdict Verdict) Count(int n)
        {
            long calls = 0;
            var r = Differentiability.Check(v =>
            {
                Interlocked.Increment(ref calls);
                Var s = 0.0;
                for (int i = 0; i + 1 < v.Length; i++) s += v[i] * v[i + 1];
                return s;
            }, [.. Enumerable.Range(0, n).Select(i => 1 + i / 1000.0)]);
            return (calls, r.Verdict);
        }
        var (small, v1) = Count(70);
        var (large, v2) = Count(140);
        Assert.Equal(Verdict.Differentiable, v1);
        Assert.Equal(Verdict.Differentiable, v2);
        Assert.InRange(large - small, 26 * 70, 30 * 70);
        Assert.InRange(small, 26 * 70, 30 * 70 + 25_000);
    }
}
