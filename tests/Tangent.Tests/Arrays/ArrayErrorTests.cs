using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// Bad input: shape errors at the call that records the operation, naming it and both shapes; bad data (NaN,
/// infinite, labels out of range, wrong shapes, empty batches) rejected before anything is computed.
/// </summary>
public class ArrayErrorTests
{
    [Fact]
    public void MatmulNamesBothShapesAndTheInnerDimensions()
    {
        var g = new ArrayGraph();
        var x = g.Data("X", 64, 784);
        var w = g.Parameter("W", 128, 784);
        var e = Assert.Throws<ArgumentException>(() => x.MatMul(w));
        Assert.Equal("matmul: (64×784)·(128×784): inner dimensions 784 and 128 differ.", e.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 5, 6 }, "matmul: (2×3×4)·(2×5×6): inner dimensions 4 and 5 differ.")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, 4, 6 }, "matmul: (2×3×4)·(5×4×6): batch dimensions 2 and 5 differ.")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 5, 6 }, "matmul: (2×3×4)·(5×6): inner dimensions 4 and 5 differ.")]
    [InlineData(new[] { 3, 7 }, new[] { 2, 4, 6 }, "matmul: (3×7)·(2×4×6): inner dimensions 7 and 4 differ.")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4 }, "matmul: (2×3×4)·(4): a batched product takes operands of rank 3 (a batch of matrices) or 2 (one matrix for the whole batch), not rank 1.")]
    [InlineData(new[] { 2, 2, 3, 4 }, new[] { 4, 5 }, "matmul: (2×2×3×4)·(4×5): the operands must be vectors, matrices or batches of matrices (rank 1, 2 or 3), not rank 4.")]
    public void BatchedMatmulNamesBothShapes(int[] sa, int[] sb, string message)
    {
        var g = new ArrayGraph();
        var e = Assert.Throws<ArgumentException>(() => g.Parameter("a", sa).MatMul(g.Parameter("b", sb)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("add", "add: (3×4) and (5) do not broadcast: on axis 1 of the result, 4 and 5 differ and neither is 1.")]
    [InlineData("multiply", "multiply: (3×4) and (5) do not broadcast: on axis 1 of the result, 4 and 5 differ and neither is 1.")]
    public void BroadcastingThatDoesNotFitNamesTheOperationAndBothShapes(string op, string message)
    {
        var g = new ArrayGraph();
        var a = g.Parameter("a", 3, 4);
        var b = g.Parameter("b", 5);
        var e = Assert.Throws<ArgumentException>(() => op == "add" ? a + b : a * b);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void OtherShapeErrorsNameTheOperation()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 3, 4);
        Assert.StartsWith("reshape: (2×3×4) holds 24 elements, but (5×5) holds 25", Assert.Throws<ArgumentException>(() => A.Reshape(x, 5, 5)).Message);
        Assert.StartsWith("transpose: a matrix (rank 2) is needed", Assert.Throws<ArgumentException>(() => A.Transpose(x)).Message);
        Assert.StartsWith("sum: axis 3 does not exist in a tensor of shape (2×3×4)", Assert.Throws<ArgumentException>(() => A.Sum(x, 3)).Message);
        Assert.StartsWith("mse: prediction (2×3×4) and target (3×4)", Assert.Throws<ArgumentException>(() => A.MeanSquaredError(x, g.Data("t", 3, 4))).Message);
        var logits = g.Parameter("z", 5, 3);
        Assert.StartsWith("cross-entropy: logits (5×3) and labels (4)", Assert.Throws<ArgumentException>(() => A.CrossEntropy(logits, g.Labels("c", 4, 3))).Message);
        Assert.StartsWith("cross-entropy: logits (5×3) have 3 classes, but labels d was declared with 10",
            Assert.Throws<ArgumentException>(() => A.CrossEntropy(logits, g.Labels("d", 5, 10))).Message);
        Assert.StartsWith("cross-entropy: the labels must be declared with ArrayGraph.Labels",
            Assert.Throws<ArgumentException>(() => A.CrossEntropy(logits, g.Data("y", 5))).Message);
    }

    [Fact]
    public void SlicesAndConcatenationsOutOfShapeNameTheShapes()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 3);
        Assert.Equal("slice: elements 2..3 of axis 1 do not lie in a tensor of shape (2×3) (that axis has 3).",
            Assert.Throws<ArgumentException>(() => A.Slice(x, 1, 2, 2)).Message);
        Assert.Equal("concatenate: (2×3) and (3×3) cannot be joined along axis 1: the other dimensions must agree.",
            Assert.Throws<ArgumentException>(() => A.Concatenate(1, x, g.Parameter("y", 3, 3))).Message);
    }

    [Fact]
    public void AnEmptyBatchIsRejectedWhenDeclared()
    {
        var e = Assert.Throws<ArgumentException>(() => new ArrayGraph().Data("X", 0, 784));
        Assert.Equal("data X: shape (0×784) is empty (dimension 0 is 0); a batch needs at least one element.", e.Message);
    }

    private static (ArrayProgram Program, Tensor W, Tensor X) Logistic()
    {
        var g = new ArrayGraph();
        var w = g.Parameter("w", 3);
        var x = g.Data("X", 4, 3);
        var c = g.Labels("c", 4, 2);
        var z = A.Reshape(x.MatMul(w), 4, 1);
        var program = new ArrayProgram(A.CrossEntropy(z * g.Constant(Tensor.From([-1.0, 1], 2)), c));
        return (program, Tensor.From([0.1, 0.2, 0.3], 3), Tensor.From([.. Enumerable.Range(0, 12).Select(i => i / 10.0)], 4, 3));
    }

    [Fact]
    public void NaNOrInfiniteDataIsRejectedWithTheInputAndTheIndex()
    {
        var (program, w, x) = Logistic();
        x[2, 1] = double.NaN;
        var grad = new Tensor(3);
        var e = Assert.Throws<ArgumentException>(() => program.Gradient([w], [x, Tensor.From([0.0, 1, 1, 0], 4)], [grad]));
        Assert.Equal("data X: element (2, 1) is NaN; no result was returned.", e.Message);
        x[2, 1] = double.PositiveInfinity;
        e = Assert.Throws<ArgumentException>(() => program.Value([w], [x, Tensor.From([0.0, 1, 1, 0], 4)]));
        Assert.Equal("data X: element (2, 1) is Infinity; no result was returned.", e.Message);
        Assert.All(grad.Data, v => Assert.Equal(0.0, v));
    }

    [Theory]
    [InlineData(2.0, "labels c: label 2 at index 3 is not a class in 0..1; nothing was computed.")]
    [InlineData(-1.0, "labels c: label -1 at index 3 is not a class in 0..1; nothing was computed.")]
    [InlineData(0.5, "labels c: label 0.5 at index 3 is not a class in 0..1; nothing was computed.")]
    public void LabelsOutOfRangeAreRejected(double label, string message)
    {
        var (program, w, x) = Logistic();
        var e = Assert.Throws<ArgumentException>(() => program.Value([w], [x, Tensor.From([0.0, 1, 1, label], 4)]));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ArgumentsOfTheWrongShapeOrCountAreRejected()
    {
        var (program, w, x) = Logistic();
        var labels = Tensor.From([0.0, 1, 1, 0], 4);
        Assert.Equal("parameter w: shape (4) given, but (3) was declared.",
            Assert.Throws<ArgumentException>(() => program.Value([new Tensor(4)], [x, labels])).Message);
        Assert.Equal("1 data tensors given, but the program declares 2 data inputs.",
            Assert.Throws<ArgumentException>(() => program.Value([w], [x])).Message);
        Assert.Equal("gradient for parameter w: shape (3×1) given, but (3) was declared.",
            Assert.Throws<ArgumentException>(() => program.Gradient([w], [x, labels], [new Tensor(3, 1)])).Message);
    }

    [Fact]
    public void ANonFiniteIntermediateIsReportedWithItsOperationAndIndex()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2, 2);
        var program = new ArrayProgram(A.Sum(A.Log(x)));
        double value = program.Value([Tensor.From([1.0, 2, -3, 4], 2, 2)], []);
        Assert.True(double.IsNaN(value));
        var d = Assert.Single(program.Diagnostics);
        Assert.Equal("log", d.Primitive);
        Assert.StartsWith("log (2×2): element (1, 0) is NaN, the program's first non-finite value: log(-3) is outside the domain of log (x > 0", d.Message);
        program.Value([Tensor.From([1.0, 2, 3, 4], 2, 2)], []);
        Assert.Empty(program.Diagnostics);
    }

    [Fact]
    public void AnOverflowIsReportedWithItsOperands()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 3);
        var program = new ArrayProgram(A.Sum(A.Maximum(A.Exp(x), g.Constant(0.0))));
        Assert.Equal(double.PositiveInfinity, program.Value([Tensor.From([1.0, 800, 2], 3)], []));
        Assert.Equal("exp (3): element (1) is Infinity, the program's first non-finite value: exp(800) overflows to Infinity", Assert.Single(program.Diagnostics).Message);
    }

    [Fact]
    public void AFrozenGraphRefusesNewOperations()
    {
        var g = new ArrayGraph();
        var x = g.Parameter("x", 2);
        _ = new ArrayProgram(A.Sum(x));
        Assert.Throws<InvalidOperationException>(() => A.Exp(x));
    }

    [Fact]
    public void OperandsFromDifferentGraphsAreRejected()
    {
        var a = new ArrayGraph().Parameter("a", 2);
        var b = new ArrayGraph().Parameter("b", 2);
        Assert.Throws<ArgumentException>(() => a + b);
    }
}
