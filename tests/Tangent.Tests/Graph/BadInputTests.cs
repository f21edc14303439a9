namespace Tangent.Tests.GraphTests;

/// <summary>
/// Bad input is an error that says what is wrong and how to fix it, or a NaN with a diagnostic naming
/// the primitive — never an exception deep in a sweep, and never a silently wrong derivative.
/// </summary>
public class BadInputTests
{
    private static readonly ScalarFunction F = x => x[0] * x[1] + Var.Sin(x[2]);
    private static readonly VectorFunction G = x => [x[0] * x[1], x[1] + x[2]];

    private static void NamesBothShapes(ArgumentException e, int actual, int expected)
    {
        Assert.Contains($"length {actual}", e.Message);
        Assert.Contains($"length {expected}", e.Message);
    }

    [Fact]
    public void JvpWithATangentOfTheWrongLengthNamesBothShapes()
    {
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Jvp(F, [1.0, 2, 3], [1.0, 0])), 2, 3);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Jvp(G, [1.0, 2, 3], [1.0, 0, 0, 0])), 4, 3);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Record(G, [1.0, 2, 3]).Jvp([1.0])), 1, 3);
    }

    [Fact]
    public void VjpWithACotangentOfTheWrongLengthNamesBothShapes()
    {
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Vjp(G, [1.0, 2, 3], [1.0, 0, 0])), 3, 2);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Record(G, [1.0, 2, 3]).Vjp([1.0])), 1, 2);
    }

    [Fact]
    public void HvpWithAVectorOfTheWrongLengthNamesBothShapes()
    {
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Hvp(F, [1.0, 2, 3], [1.0])), 1, 3);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Record(F, [1.0, 2, 3]).Hvp([1.0, 2, 3, 4])), 4, 3);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Record(G, [1.0, 2, 3]).Hvp([1.0, 2, 3], [1.0])), 1, 2);
    }

    [Fact]
    public void DirectionalWithADirectionOfTheWrongLengthNamesBothShapes()
        => NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Directional(F, [1.0, 2, 3], [0.6, 0.8])), 2, 3);

    [Fact]
    public void GradientIntoABufferOfTheWrongLengthNamesBothShapes()
        => NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Gradient(F, [1.0, 2, 3], new double[2])), 2, 3);

    [Fact]
    public void GraphAtAPointOfTheWrongLengthNamesBothShapes()
        => NamesBothShapes(Assert.Throws<ArgumentException>(() => Differentiate.Record(F, [1.0, 2, 3]).At([1.0, 2])), 2, 3);

    [Fact]
    public void LinearMapApplyWithAVectorOfTheWrongLengthNamesBothShapes()
    {
        var map = Differentiate.Linearize(G, [1.0, 2, 3]); // 2×3
        var e = Assert.Throws<ArgumentException>(() => map.Apply([1.0, 2]));
        NamesBothShapes(e, 2, 3);
        Assert.Contains("2×3", e.Message);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => map.ApplyTranspose([1.0, 2, 3])), 3, 2);
        NamesBothShapes(Assert.Throws<ArgumentException>(() => LinearMap.FromMatrix(new double[4, 5]).Apply(new double[4])), 4, 5);
    }

    [Fact]
    public void EmptyPointIsAnArgumentExceptionInEveryEntryPoint()
    {
        ScalarFunction f = x => new Var(1);
        Assert.Throws<ArgumentException>(() => Differentiate.Gradient(f, []));
        Assert.Throws<ArgumentException>(() => Differentiate.Gradient(f, [], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Hessian(f, []));
        Assert.Throws<ArgumentException>(() => Differentiate.Record(f, []));
        Assert.Throws<ArgumentException>(() => Differentiate.Jvp(f, [], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Hvp(f, [], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Directional(f, [], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Jacobian(x => [new Var(1)], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Linearize(f, []));
        var generic = new Corpus.ExtendedRosenbrock();
        Assert.Throws<ArgumentException>(() => Differentiate.Gradient(generic, []));
        Assert.Throws<ArgumentException>(() => Differentiate.Jvp(generic, [], []));
        Assert.Throws<ArgumentException>(() => Differentiate.Record(generic, []));
        var e = Assert.Throws<ArgumentException>(() => Differentiate.SteepestAscent(f, []));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void VectorFunctionWithNoOutputsIsAnArgumentException()
        => Assert.Contains("no outputs", Assert.Throws<ArgumentException>(() => Differentiate.Jacobian(x => [], [1.0])).Message);

    [Fact]
    public void NaNInputPropagatesAsNaNWithADiagnosticNamingTheInput()
    {
        var r = Differentiate.Gradient(x => x[0] * x[1] + Var.Exp(x[1]), [double.NaN, 1.0]);
        Assert.True(double.IsNaN(r.Value));
        Assert.True(double.IsNaN(r.Gradient[1]), "∂/∂y = x + eʸ depends on the NaN input x");
        var d = Assert.Single(r.Diagnostics, d => d.Primitive != Diagnostic.Output); // and the note that f = NaN is no derivative
        Assert.Single(r.Diagnostics, d => d.Primitive == Diagnostic.Output);
        Assert.Equal("input", d.Primitive);
        Assert.Contains("x[0]", d.Message);
        Assert.Contains("NaN", d.Message);
    }

    [Fact]
    public void InfiniteInputGivesANonFiniteResultWithADiagnostic()
    {
        var r = Differentiate.Gradient(x => x[0] * 0.0 + x[1], [double.PositiveInfinity, 1.0]);
        Assert.True(double.IsNaN(r.Value), "∞·0 is NaN");
        Assert.Contains(r.Diagnostics, d => d.Primitive == "input" && d.Message.Contains("Infinity"));
        var at = Differentiate.Record(x => x[0] * x[1], [1.0, 1.0]).At([double.NegativeInfinity, 0.0])!;
        Assert.True(double.IsNaN(at.Value[0]));
        Assert.Contains(at.Diagnostics, d => d.Primitive == "input" && d.Message.Contains("-Infinity"));
    }

    [Theory]
    [InlineData("log", -1.0)]
    [InlineData("sqrt", -1.0)]
    [InlineData("asin", 2.0)]
    [InlineData("acos", -2.0)]
    public void DomainErrorGivesNaNValueAndDerivativeWithTheDiagnosticNamingThePrimitive(string name, double x0)
    {
        ScalarFunction f = x => Primitives.PrimitiveTable.Apply<Var>(name, x[0], 0) + x[0];
        var r = Differentiate.Gradient(f, [x0]);
        Assert.True(double.IsNaN(r.Value), $"{name}({x0}) must be NaN");
        Assert.True(double.IsNaN(r.Gradient[0]), $"the derivative of {name} at {x0}, outside its domain, must be NaN, not {r.Gradient[0]}");
        Assert.True(double.IsNaN(Differentiate.Jvp(f, [x0], [1.0]).Derivative));
        Assert.True(double.IsNaN(Primitives.PrimitiveTable.Apply<Dual>(name, new Dual(x0, 1), 0).Derivative));
        var d = Assert.Single(r.Diagnostics, d => d.Primitive != Diagnostic.Output); // and the note that f = NaN is no derivative
        Assert.Single(r.Diagnostics, d => d.Primitive == Diagnostic.Output);
        Assert.Equal(name, d.Primitive);
        Assert.Contains($"{name}({x0})", d.Message);
        Assert.Contains("outside the domain", d.Message);
    }

    [Fact]
    public void DivisionByZeroAndAtan2AtTheOriginAreReportedNotThrown()
    {
        var div = Differentiate.Gradient(x => 1.0 / x[0], [0.0]);
        Assert.Equal(double.PositiveInfinity, div.Value);
        Assert.Contains(div.Diagnostics, d => d.Primitive == "/");
        var angle = Differentiate.Gradient(x => Var.Atan2(x[0], x[1]), [0.0, 0.0]);
        Assert.Contains(angle.Diagnostics, d => d.Primitive == "atan2" && d.Message.Contains("outside the domain"));
        Assert.True(angle.Gradient.All(double.IsNaN), "atan2 has no derivative at the origin");
    }

    [Fact]
    public void InfiniteDerivativeOfSqrtAtZeroIsDiagnosed()
    {
        var r = Differentiate.Gradient(x => Var.Sqrt(x[0]), [0.0]);
        Assert.Equal(0.0, r.Value);
        Assert.Equal(double.PositiveInfinity, r.Gradient[0]);
        Assert.Contains(r.Diagnostics, d => d.Primitive == "sqrt" && d.Message.Contains("not finite"));
    }

    [Fact]
    public void LongRecordingFailsWithGraphTooLargeAtTheLimitAndTheTapeStillWorks()
    {
        var options = new DifferentiationOptions { MaxNodes = 1000 };
        int operations = 0;
        var e = Assert.Throws<GraphTooLargeException>(() => Differentiate.Gradient(x =>
        {
            var s = x[0];
            for (int i = 0; i < 1_000_000; i++, operations++) s = s * 1.0000001 + x[0];
            return s;
        }, [1.0], options));
        Assert.Contains("1,000", e.Message);
        Assert.Contains("MaxNodes", e.Message);
        Assert.True(operations <= 1000, $"the limit is 1000 nodes but {operations:N0} operations were recorded before it stopped");
        Assert.Equal([12.0], Differentiate.Gradient(x => x[0] * x[0] * x[0], [2.0]).Gradient);
    }

    [Fact]
    public void NodeLimitHoldsEvenWhenThisThreadsTapeIsAlreadyLarge()
    {
        // A large earlier recording leaves this thread's reused tape with a large capacity;
        // the limit of a later recording must still be the limit, not that capacity.
        Differentiate.Gradient(x => { var s = x[0]; for (int i = 0; i < 300_000; i++) s += x[0]; return s; }, [1.0]);
        int operations = 0;
        Assert.Throws<GraphTooLargeException>(() => Differentiate.Gradient(x =>
        {
            var s = x[0];
            for (int i = 0; i < 1_000_000; i++, operations++) s += x[0];
            return s;
        }, [1.0], new DifferentiationOptions { MaxNodes = 1000 }));
        Assert.True(operations <= 1000, $"the limit is 1000 nodes but {operations:N0} operations were recorded before it stopped");
        Assert.Equal(1_000_001.0, Differentiate.Gradient(x => { var s = x[0]; for (int i = 0; i < 1_000_000; i++) s += x[0]; return s; }, [1.0]).Gradient[0]);
    }

    [Fact]
    public void MoreInputsThanTheNodeLimitFailsWithGraphTooLargeAndLeavesTheTapeWorking()
    {
        var x = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        Assert.Throws<GraphTooLargeException>(() => Differentiate.Gradient(v => v[0], x, new DifferentiationOptions { MaxNodes = 10 }));
        // Nothing of the failed recording is left current on this thread: a fresh one records normally.
        var r = Differentiate.Gradient(v => v[0] * v[49], x);
        Assert.Equal(50.0, r.Value);
        Assert.Equal(50.0, r.Gradient[0]);
        Assert.Equal(1.0, r.Gradient[49]);
    }

    [Fact]
    public void NonUnitDirectionIsAnErrorThatSaysSoAndPointsToJvp()
    {
        var e = Assert.Throws<ArgumentException>(() => Differentiate.Directional(F, [1.0, 2, 3], [3.0, 4, 0]));
        Assert.Contains("|u| = 5", e.Message);
        Assert.Contains("unit", e.Message);
        Assert.Contains("Jvp", e.Message);
        Assert.Throws<ArgumentException>(() => Differentiate.Directional(F, [1.0, 2, 3], [0.0, 0, 0]));
    }

    [Fact]
    public void PartialWithAnIndexOutOfRangeSaysTheValidRange()
        => Assert.Contains("0..2", Assert.Throws<ArgumentOutOfRangeException>(() => Differentiate.Partial(F, [1.0, 2, 3], 3)).Message);

    [Theory]
    [InlineData("relu")]
    [InlineData("abs")]
    [InlineData("sign")]
    [InlineData("sin")]
    [InlineData("sigmoid")]
    [InlineData("max")]
    [InlineData("min")]
    [InlineData("atan2")]
    [InlineData("^")]
    public void NaNOperandGivesNaNDerivativeEvenThroughAPiecewisePrimitive(string name)
    {
        // relu′(NaN) is not 0: no branch of relu is known to hold at NaN, so its derivative is as unknown as its value.
        ScalarFunction f = x => Primitives.PrimitiveTable.Apply<Var>(name, x[0], 1.5);
        var r = Differentiate.Gradient(f, [double.NaN]);
        Assert.True(double.IsNaN(r.Value), $"{name}(NaN) must be NaN");
        Assert.True(double.IsNaN(r.Gradient[0]), $"{name}′(NaN) must be NaN, not {r.Gradient[0]}");
        Assert.True(double.IsNaN(Differentiate.Jvp(f, [double.NaN], [1.0]).Derivative), $"{name}′(NaN) forward");
        Assert.True(double.IsNaN(Primitives.PrimitiveTable.Apply<Dual>(name, new Dual(double.NaN, 1), 1.5).Derivative), $"{name}′(NaN) dual");
        Assert.Contains(r.Diagnostics, d => d.Primitive == "input");
    }
}
