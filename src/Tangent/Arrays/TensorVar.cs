namespace Tangent.Arrays;

/// <summary>
/// An array on an <see cref="ArrayGraph"/>: a parameter, a data input, a constant, or the result of one array
/// operation (one node per operation, whatever the number of elements). Its shape is known when it is recorded,
/// so shape errors are thrown by the call that records the operation; its numbers exist only while an
/// <see cref="ArrayProgram"/> runs the graph.
/// </summary>
/// <remarks>
/// Each operation is declared once, in one file of src/Tangent/Arrays/Rules: its value (<c>Forward</c>), its JVP
/// (<c>ForwardTangent</c>, dy = J·dx) and its VJP (<c>Backward</c>, dx += Jᵀ·dy). A test checks
/// ⟨w, J·v⟩ = ⟨Jᵀ·w, v⟩ for every one.
/// </remarks>
public abstract class TensorVar
{
    private readonly int[] shape;

    private protected TensorVar(ArrayGraph graph, int[] shape, params TensorVar[] inputs)
    {
        foreach (var input in inputs)
            if (input.Graph != graph)
                throw new ArgumentException($"{GetType().Name}: its operands were recorded on different array graphs; record a program on one graph.");
        Graph = graph;
        this.shape = shape;
        Length = ArrayShape.Count(shape, "The result");
        Inputs = inputs;
        Differentiable = inputs.Any(i => i.Differentiable);
    }

    /// <summary>The graph this array is recorded on.</summary>
    public ArrayGraph Graph { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape => shape;

    internal int[] ShapeArray => shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The operation's name, as used in errors and kink reports ("matmul", "relu", "parameter W", ...).</summary>
    public abstract string Operation { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Operation} {ArrayShape.Format(shape)}";

    // ------------------------------------------------------------------ the rules ----

    internal readonly TensorVar[] Inputs;

    /// <summary>True when the value depends on a parameter: only such nodes carry tangents and adjoints.</summary>
    internal bool Differentiable { get; private protected init; }

    /// <summary>The position in the graph (nodes are stored in recording order, which is a topological order).</summary>
    internal int Index { get; set; }

    /// <summary>The value, filled by <see cref="Forward"/>.</summary>
    internal double[] Value = [];

    /// <summary>∂output/∂this, accumulated by the consumers' <see cref="Backward"/>.</summary>
    internal double[] Adjoint = [];

    /// <summary>The directional derivative J·v, filled by <see cref="ForwardTangent"/>.</summary>
    internal double[] Tangent = [];

    /// <summary>
    /// The tangent of the adjoint, d(∂output/∂this) along the parameters' tangent: the forward-over-reverse
    /// sweep of Hessian-vector products accumulates it (allocated at the first HVP).
    /// </summary>
    internal double[] AdjointTangent = [];

    /// <summary>The bytes of the buffers this node owns.</summary>
    internal virtual long Bytes => 8L * (Value.Length + Adjoint.Length + Tangent.Length + AdjointTangent.Length) + ChunkBytes;

    /// <summary>The bytes of the chunk buffers this node owns as a member of a <see cref="FusedSum"/>.</summary>
    internal long ChunkBytes => 8L * (ChunkValue.Length + ChunkAdjoint.Length + ChunkScratch.Length);

    // ------------------------------------------------------------------ fused (chunked) runs ----

    /// <summary>The fused region this node is a member of (its value then exists one chunk at a time), or null.</summary>
    internal FusedSum? Fused;

    /// <summary>The fused region this node (a whole-array sum) computes, or null.</summary>
    internal FusedSum? Terminal;

    /// <summary>A member's value, adjoint and scratch on the current chunk (see <see cref="FusedSum"/>).</summary>
    internal double[] ChunkValue = [], ChunkAdjoint = [], ChunkScratch = [];

    /// <summary>
    /// True when element i of the value depends on element i of each input of the same length and on the one
    /// element of an input of length 1, and on nothing else: such operations can run chunk by chunk
    /// (<see cref="ForwardChunk"/>, <see cref="BackwardChunk"/>) inside a <see cref="FusedSum"/>.
    /// </summary>
    internal virtual bool Pointwise => false;

    /// <summary>True when <see cref="ForwardChunk"/> or <see cref="BackwardChunk"/> needs a chunk-sized scratch array (<see cref="ChunkScratch"/>).</summary>
    internal virtual bool NeedsChunkScratch => false;

    /// <summary>The value of elements start .. start + count − 1 into <see cref="ChunkValue"/>, the inputs read through <paramref name="region"/>.</summary>
    internal virtual void ForwardChunk(FusedSum region, int start, int count) => throw new InvalidOperationException($"{Operation} is not pointwise.");

    /// <summary>Adds Jᵀ·(<see cref="ChunkAdjoint"/>) of elements start .. start + count − 1 into the inputs' adjoints, through <paramref name="region"/>.</summary>
    internal virtual void BackwardChunk(FusedSum region, int start, int count) => throw new InvalidOperationException($"{Operation} is not pointwise.");

    /// <summary>True when the pointwise rule also has a lanes form (<see cref="ForwardLanes"/>, <see cref="BackwardLanes"/>) a <see cref="FusedKernel"/> can compile.</summary>
    internal virtual bool HasLanes => false;

    /// <summary>Emits four elements' value: <c>kernel.Define(this, …)</c> from <c>kernel.Value(input)</c>.</summary>
    internal virtual void ForwardLanes(FusedKernel kernel) => throw new InvalidOperationException($"{Operation} has no lanes rule.");

    /// <summary>Emits four elements' VJP: <c>kernel.AddAdjoint(input, Jᵀ·kernel.Adjoint(this))</c>.</summary>
    internal virtual void BackwardLanes(FusedKernel kernel) => throw new InvalidOperationException($"{Operation} has no lanes rule.");

    /// <summary>Allocates the buffers a run needs (called once, when a program is built). Override for scratch space.</summary>
    internal virtual void Allocate(bool differentiable)
    {
        Value = new double[Length];
        if (differentiable && Differentiable) Adjoint = new double[Length];
    }

    /// <summary>Allocates the tangent at the first forward sweep of tangents (gradients never need it).</summary>
    internal virtual void AllocateTangent()
    {
        if (Tangent.Length != Length) Tangent = new double[Length];
    }

    /// <summary>The value from the inputs' values.</summary>
    internal abstract void Forward();

    /// <summary>Adds Jᵀ·Adjoint into the adjoints of the differentiable inputs.</summary>
    internal abstract void Backward();

    /// <summary>Tangent = J·(the inputs' tangents); inputs that are not differentiable have tangent 0.</summary>
    internal abstract void ForwardTangent();

    /// <summary>
    /// The second-order part of the tangent of the VJP: adds (∂(Jᵀ·ȳ)/∂x · ẋ), the change of the transposed
    /// Jacobian along the inputs' tangents applied to the fixed adjoint ȳ, into the inputs' <see cref="AdjointTangent"/>.
    /// The first-order part, Jᵀ·(the tangent of ȳ), is <see cref="Backward"/> itself. Zero for linear operations.
    /// </summary>
    internal virtual void BackwardCurvature() { }

    /// <summary>The number of elements evaluated on a kink by the last <see cref="Forward"/>, and the first one's flat index.</summary>
    internal int KinkCount;
    internal int FirstKink;

    /// <summary>Why element <paramref name="flat"/> of the value is not finite, in words (the operands and the primitive's domain); empty when unknown or when an operand already was not finite.</summary>
    internal virtual string NonFiniteCause(int flat) => "";

    /// <summary>The kink convention, the operands at the first kink; only for operations that have kinks.</summary>
    internal virtual (string Convention, double[] Operands) KinkAt(int flat) => ("", []);

    // ------------------------------------------------------------------ operators ----

    /// <summary>a + b, broadcast.</summary>
    public static TensorVar operator +(TensorVar a, TensorVar b) => ArrayMath.Add(a, b);
    /// <summary>a − b, broadcast.</summary>
    public static TensorVar operator -(TensorVar a, TensorVar b) => ArrayMath.Subtract(a, b);
    /// <summary>a · b elementwise, broadcast.</summary>
    public static TensorVar operator *(TensorVar a, TensorVar b) => ArrayMath.Multiply(a, b);
    /// <summary>a / b elementwise, broadcast.</summary>
    public static TensorVar operator /(TensorVar a, TensorVar b) => ArrayMath.Divide(a, b);
    /// <summary>a + c.</summary>
    public static TensorVar operator +(TensorVar a, double c) => ArrayMath.Add(a, a.Graph.Constant(c));
    /// <summary>c + a.</summary>
    public static TensorVar operator +(double c, TensorVar a) => ArrayMath.Add(a.Graph.Constant(c), a);
    /// <summary>a − c.</summary>
    public static TensorVar operator -(TensorVar a, double c) => ArrayMath.Subtract(a, a.Graph.Constant(c));
    /// <summary>c − a.</summary>
    public static TensorVar operator -(double c, TensorVar a) => ArrayMath.Subtract(a.Graph.Constant(c), a);
    /// <summary>a · c.</summary>
    public static TensorVar operator *(TensorVar a, double c) => ArrayMath.Multiply(a, a.Graph.Constant(c));
    /// <summary>c · a.</summary>
    public static TensorVar operator *(double c, TensorVar a) => ArrayMath.Multiply(a.Graph.Constant(c), a);
    /// <summary>a / c.</summary>
    public static TensorVar operator /(TensorVar a, double c) => ArrayMath.Divide(a, a.Graph.Constant(c));
    /// <summary>c / a.</summary>
    public static TensorVar operator /(double c, TensorVar a) => ArrayMath.Divide(a.Graph.Constant(c), a);
    /// <summary>−a.</summary>
    public static TensorVar operator -(TensorVar a) => ArrayMath.Multiply(a, a.Graph.Constant(-1.0));

    /// <summary>The matrix product this·b (see <see cref="ArrayMath.MatMul"/>).</summary>
    public TensorVar MatMul(TensorVar b) => ArrayMath.MatMul(this, b);

    /// <summary>The transpose of a matrix.</summary>
    public TensorVar T => ArrayMath.Transpose(this);
}
