using Tangent.Primitives;

namespace Tangent.Arrays;

/// <summary>
/// The array operations, each recorded as one node of its operands' <see cref="ArrayGraph"/>. Shapes are checked
/// here, when the operation is recorded: a mismatch throws an <see cref="ArgumentException"/> that names the
/// operation and both shapes. Axes may be negative (−1 is the last).
/// </summary>
public static partial class ArrayMath
{
    // ------------------------------------------------------------------ arithmetic ----

    /// <summary>a + b elementwise, broadcast (NumPy's rule: trailing axes aligned, a dimension of 1 stretches).</summary>
    public static TensorVar Add(TensorVar a, TensorVar b) => ArithmeticVar.Record(Arithmetic.Add, a, b);

    /// <summary>a − b elementwise, broadcast.</summary>
    public static TensorVar Subtract(TensorVar a, TensorVar b) => ArithmeticVar.Record(Arithmetic.Subtract, a, b);

    /// <summary>a · b elementwise, broadcast.</summary>
    public static TensorVar Multiply(TensorVar a, TensorVar b) => ArithmeticVar.Record(Arithmetic.Multiply, a, b);

    /// <summary>a / b elementwise, broadcast.</summary>
    public static TensorVar Divide(TensorVar a, TensorVar b) => ArithmeticVar.Record(Arithmetic.Divide, a, b);

    /// <summary>
    /// The matrix product a·b of a (m×k) and b (k×n), giving m×n; a vector operand is a k-vector on the shared side
    /// ((m×k)·(k) gives (m), (k)·(k×n) gives (n), (k)·(k) a scalar). Batched when an operand has rank 3:
    /// (b×m×k)·(b×k×n) gives (b×m×n), one product per slice, and an operand of rank 2 serves every slice
    /// ((b×m×k)·(k×n) and (m×k)·(b×k×n)); its adjoint is then the sum over the batch.
    /// </summary>
    /// <exception cref="ArgumentException">The inner dimensions differ, e.g. "matmul: (64×784)·(128×784): inner dimensions 784 and 128 differ";
    /// the batch dimensions differ ("matmul: (2×3×4)·(5×4×6): batch dimensions 2 and 5 differ"); an operand of rank 0, or over 3, or a vector with a batch.</exception>
    public static TensorVar MatMul(TensorVar a, TensorVar b) =>
        a.Rank == 3 || b.Rank == 3 ? BatchedMatMulVar.Record(a, b) : MatMulVar.Record(a, b);

    // ------------------------------------------------------------------ elementwise functions ----

    /// <summary>
    /// φ(x) elementwise for any scalar primitive P (its value, derivative and kinks read from P's declaration,
    /// the one the scalar engine uses), e.g. <c>ArrayMath.Apply&lt;Tanh&gt;(x)</c>.
    /// </summary>
    /// <remarks>Where the registry lists a lanes form for P (relu, |·|, √, sign, floor, exp, sin, σ, tanh, …), it runs four
    /// elements per instruction (the transcendental ones within a few ulps of Math.*); otherwise P's declaration element by
    /// element.</remarks>
    public static TensorVar Apply<P>(TensorVar x) where P : IUnaryPrimitive => ElementwiseOf<P>.Record(x);

    /// <summary>
    /// φ(a, b) elementwise, broadcast, for any binary scalar primitive P (value, partials, second partials and kinks
    /// from P's declaration), e.g. <c>ArrayMath.Apply&lt;Max&gt;(a, b)</c> or <c>Apply&lt;Power&gt;(x, g.Constant(3))</c>.
    /// </summary>
    public static TensorVar Apply<P>(TensorVar a, TensorVar b) where P : IBinaryPrimitive => ElementwiseBinaryVar<P>.Record(a, b);

    /// <summary>max(a, b) elementwise, broadcast; at a tie each side gets ½ (the scalar max's convention), reported as a kink.</summary>
    public static TensorVar Maximum(TensorVar a, TensorVar b) => Apply<Max>(a, b);

    /// <summary>min(a, b) elementwise, broadcast.</summary>
    public static TensorVar Minimum(TensorVar a, TensorVar b) => Apply<Min>(a, b);

    // Power(a, b), aᵇ elementwise, is declared beside its primitive (Primitives/Power.cs).


    /// <summary>max(x, 0) elementwise; relu′(0) = 0, and elements at 0 are reported as kinks.</summary>
    public static TensorVar Relu(TensorVar x) => Apply<Relu>(x);

    /// <summary>The declaration <see cref="Relu(TensorVar)"/> records (its operation name and kink convention), for
    /// readers such as the classifier's kink count that must not name the primitive's type again.</summary>
    internal static Primitive ReluDeclaration { get; } = Primitive.ByCode(OpCode<Relu>.Value);

    /// <summary>eˣ elementwise.</summary>
    public static TensorVar Exp(TensorVar x) => Apply<Exp>(x);

    /// <summary>ln x elementwise (NaN below 0, reported in <see cref="ArrayProgram.Diagnostics"/>).</summary>
    public static TensorVar Log(TensorVar x) => Apply<Log>(x);

    /// <summary>√x elementwise.</summary>
    public static TensorVar Sqrt(TensorVar x) => Apply<Sqrt>(x);

    /// <summary>|x| elementwise; |x|′(0) = 0, reported as a kink.</summary>
    public static TensorVar Abs(TensorVar x) => Apply<Abs>(x);

    /// <summary>sin x elementwise.</summary>
    public static TensorVar Sin(TensorVar x) => Apply<Sin>(x);

    /// <summary>cos x elementwise.</summary>
    public static TensorVar Cos(TensorVar x) => Apply<Cos>(x);

    /// <summary>tanh x elementwise.</summary>
    public static TensorVar Tanh(TensorVar x) => Apply<Tanh>(x);

    /// <summary>1/(1 + e⁻ˣ) elementwise.</summary>
    public static TensorVar Sigmoid(TensorVar x) => Apply<Sigmoid>(x);

    /// <summary>ln(1 + eˣ) elementwise.</summary>
    public static TensorVar Softplus(TensorVar x) => Apply<Softplus>(x);

    /// <summary>x² elementwise (x·x, one node).</summary>
    public static TensorVar Square(TensorVar x) => Multiply(x, x);

    // ------------------------------------------------------------------ reductions ----

    /// <summary>The sum of all elements (a scalar).</summary>
    public static TensorVar Sum(TensorVar x) => SumVar.Record(x, null, false, mean: false);

    /// <summary>The sums along <paramref name="axis"/>; that axis is removed, or kept with length 1 when <paramref name="keepDims"/>.</summary>
    public static TensorVar Sum(TensorVar x, int axis, bool keepDims = false) => SumVar.Record(x, axis, keepDims, mean: false);

    /// <summary>The mean of all elements (a scalar).</summary>
    /// <exception cref="ArgumentException">x is empty.</exception>
    public static TensorVar Mean(TensorVar x) => SumVar.Record(x, null, false, mean: true);

    /// <summary>The means along <paramref name="axis"/>.</summary>
    public static TensorVar Mean(TensorVar x, int axis, bool keepDims = false) => SumVar.Record(x, axis, keepDims, mean: true);

    /// <summary>The maxima along <paramref name="axis"/>; at a tie the derivative is shared equally, reported as a kink.</summary>
    public static TensorVar Max(TensorVar x, int axis, bool keepDims = false) => MaxVar.Record(x, axis, keepDims);

    // ------------------------------------------------------------------ shapes ----

    /// <summary>The same numbers (row-major) under a new shape of the same count; one dimension may be −1 (inferred).</summary>
    public static TensorVar Reshape(TensorVar x, params int[] shape) => ReshapeVar.Record(x, shape);

    /// <summary>Elements start .. start + length − 1 along <paramref name="axis"/> (NumPy's x[..., start:start+length, ...]).</summary>
    /// <exception cref="ArgumentException">The range does not lie in the axis; names the shape.</exception>
    public static TensorVar Slice(TensorVar x, int axis, int start, int length) => SliceVar.Record(x, axis, start, length);

    /// <summary>The arrays joined along <paramref name="axis"/>; their other dimensions must agree.</summary>
    public static TensorVar Concatenate(int axis, params TensorVar[] parts) => ConcatenateVar.Record(axis, parts);

    /// <summary>The transpose of a matrix.</summary>
    public static TensorVar Transpose(TensorVar x) => TransposeVar.Record(x);

    // ------------------------------------------------------------------ losses ----

    /// <summary>softmax along the last axis: exp(x − max)/Σ exp(x − max), row by row.</summary>
    public static TensorVar Softmax(TensorVar x) => SoftmaxVar.Record(x);

    /// <summary>log-softmax along the last axis: x − log Σ exp(x), computed without overflow.</summary>
    public static TensorVar LogSoftmax(TensorVar x) => LogSoftmaxVar.Record(x);

    /// <summary>
    /// The mean cross-entropy −(1/N) Σᵣ log softmax(logits)[r, labels[r]] of logits (N×C) against labels declared
    /// with <see cref="ArrayGraph.Labels"/> (N integers in 0..C−1).
    /// </summary>
    public static TensorVar CrossEntropy(TensorVar logits, TensorVar labels) => CrossEntropyVar.Record(logits, labels);

    /// <summary>The mean squared error (1/N) Σ (prediction − target)² over arrays of the same shape.</summary>
    public static TensorVar MeanSquaredError(TensorVar prediction, TensorVar target) => MeanSquaredErrorVar.Record(prediction, target);
}
