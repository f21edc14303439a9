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
