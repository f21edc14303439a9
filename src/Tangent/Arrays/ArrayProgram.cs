namespace Tangent.Arrays;

/// <summary>
/// A recorded array program, run on the caller's numbers: values, gradients (reverse sweep, one VJP per
/// operation), JVPs (forward sweep), Hessian-vector products and the derivative as a <see cref="LinearMap"/>.
/// Its buffers are allocated once, when it is built, and re-used by every run: once warm, a gradient step
/// allocates nothing. One program serves every minibatch of the shapes it was recorded with.
/// </summary>
/// <remarks>
/// Arguments are passed in declaration order: the parameters as <see cref="ArrayGraph.Parameter"/> declared
/// them, the data (and labels) as <see cref="ArrayGraph.Data"/> and <see cref="ArrayGraph.Labels"/> did.
/// Data are checked before any result is returned: a NaN or infinite number, a label that is not an integer in
/// range, or a wrong shape is an <see cref="ArgumentException"/> naming the input and the element (shapes and
/// labels before anything is computed; a data matrix read by a matrix-vector product is checked through the
/// product's result, and a gradient stopped that way is left zero). A program
/// is not safe to run from several threads at once (it owns its buffers): build one per thread.
/// </remarks>
public sealed partial class ArrayProgram
{
    private readonly ArrayGraph graph;
    private readonly TensorVar[] order;
    private readonly TensorVar[] differentiable;
    private readonly InputVar[] parameters;
    private readonly InputVar[] data;
    private readonly double[][] ownAdjoints;
    private readonly List<FusedSum> regions;
    private readonly TensorVar[] fusedOrder, fusedDifferentiable;
    private bool wholeAllocated;
    private readonly HashSet<InputVar> checkedByProduct = [];
    private List<Diagnostic>? diagnostics;

    /// <summary>Builds the program that computes <paramref name="output"/>; its graph is frozen.</summary>
    public ArrayProgram(TensorVar output)
    {
        graph = output.Graph;
        graph.IsFrozen = true;
        Output = output;
        var needed = new bool[graph.Count];
        needed[output.Index] = true;
        for (int i = output.Index; i >= 0; i--)
            if (needed[i])
                foreach (var input in graph.Nodes[i].Inputs) needed[input.Index] = true;
        parameters = [.. graph.Parameters];
        data = [.. graph.DataInputs];
        order = [.. graph.Nodes.Where(n => needed[n.Index])];
        differentiable = [.. order.Where(n => n.Differentiable && n is not InputVar)];
        // Chains of pointwise operations summed whole run chunk by chunk for values and gradients; their whole
        // arrays are allocated only when a sweep needs them (tangents, HVPs, a NaN to locate).
        regions = FusedSum.Plan(order, output);
        fusedOrder = [.. order.Where(n => n.Fused is null)];
        fusedDifferentiable = [.. differentiable.Where(n => n.Fused is null)];
        foreach (var node in graph.Nodes) if ((needed[node.Index] && node.Fused is null) || node is InputVar) node.Allocate(true);
        wholeAllocated = regions.Count == 0;
        // A data matrix read whole by a matrix-vector product is checked through the product's result (m numbers,
        // not m·k: see MatMulVar.CheckData), not read once more before the run.
        foreach (var node in order)
            if (node is MatMulVar { MatrixVector: true } product && product.Inputs[0] is InputVar { Kind: InputKind.Data } x)
            {
                product.ChecksData = true;
                checkedByProduct.Add(x);
            }
        ownAdjoints = [.. parameters.Select(p => p.Adjoint)];
    }

    /// <summary>
    /// What a run does when an operation meets its nonsmooth set (relu at 0, a tie in a max):
    /// <see cref="KinkPolicy.Report"/> (the default) uses the convention and lists it in <see cref="Kinks"/>;
    /// <see cref="KinkPolicy.Throw"/> throws a <see cref="KinkException"/> naming the first such operation, the
    /// element and its operands, after the forward sweep and before any gradient is written.
    /// </summary>
    public KinkPolicy KinkPolicy { get; set; } = KinkPolicy.Report;

    /// <summary>The sums that run chunk by chunk (for tests and the benchmark).</summary>
    internal IReadOnlyList<FusedSum> FusedRegions => regions;

    /// <summary>The array the program computes.</summary>
    public TensorVar Output { get; }

    /// <summary>The parameters, in the order runs take them.</summary>
    public IReadOnlyList<TensorVar> Parameters => parameters;

    /// <summary>The data inputs and labels, in the order runs take them.</summary>
    public IReadOnlyList<TensorVar> Data => data;

    /// <summary>The number of operations run per evaluation (nodes other than inputs and constants).</summary>
    public int OperationCount => order.Count(n => n is not InputVar and not ConstantVar);

    /// <summary>The bytes of the buffers the program owns (values, adjoints, tangents, scratch): its graph memory per step.</summary>
    public long GraphBytes => graph.Nodes.Sum(n => n.Bytes);

    /// <summary>The non-finite values the last run met: the first operation whose result is NaN or infinite, and where.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics ?? [];

    /// <summary>The output's value (a scalar program).</summary>
    /// <exception cref="ArgumentException">An argument is missing, has the wrong shape, or a data value is NaN, infinite or not a valid label.</exception>
    public double Value(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        RequireScalar("Value");
        Bind(parameters, data);
        ForwardFused(deferOutput: false);
        CheckKinks();
        CheckFinite();
        return Output.Value[0];
    }

    /// <summary>The output array (a copy).</summary>
    public Tensor Evaluate(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        Run(parameters, data);
        return Tensor.From((double[])Output.Value.Clone(), Output.ShapeArray);
    }

    /// <summary>
    /// The value f and the gradient ∇f with respect to every parameter, written into <paramref name="gradient"/>
    /// (one tensor per parameter, of its shape): one forward and one reverse sweep, no allocation.
    /// </summary>
    public double Gradient(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data, ReadOnlySpan<Tensor> gradient)
    {
        RequireScalar("Gradient");
        CheckCount(gradient.Length, this.parameters.Length, "gradient tensors", "parameters");
        for (int i = 0; i < this.parameters.Length; i++) CheckShape(this.parameters[i], gradient[i], "gradient for");
        Bind(parameters, data);
        // When the output is a fused sum, its chunks are swept forward and backward in one pass (the seed is known).
        ForwardFused(deferOutput: Output.Terminal is not null && Output.Differentiable && KinkPolicy == KinkPolicy.Report);
        CheckKinks();
        for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].Adjoint = gradient[i].Data;
        try
        {
            ReverseFused(seed: 1.0);
        }
        catch (ArgumentException)
        {
            // Data found not finite by a product in the one-pass sweep: the gradient written so far is no result.
            foreach (var g in gradient) Array.Clear(g.Data);
            throw;
        }
        finally
        {
            for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].Adjoint = ownAdjoints[i];
        }
        CheckFinite();
        return Output.Value[0];
    }

    /// <summary>
    /// The JVP: the output's directional derivative J·v along <paramref name="tangent"/> (one tensor per parameter),
    /// by one forward sweep of tangents (a copy; the value is <see cref="Evaluate"/>'s).
    /// </summary>
    public Tensor Jvp(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data, ReadOnlySpan<Tensor> tangent)
    {
        CheckCount(tangent.Length, this.parameters.Length, "tangent tensors", "parameters");
        for (int i = 0; i < this.parameters.Length; i++) CheckShape(this.parameters[i], tangent[i], "tangent for");
        Run(parameters, data);
        for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].Tangent = tangent[i].Data;
        SweepTangents();
        return Tensor.From(Output.Differentiable ? (double[])Output.Tangent.Clone() : new double[Output.Length], Output.ShapeArray);
    }

    /// <summary>
    /// The VJP: wᵀ·J for a weight <paramref name="w"/> of the output's shape, one tensor per parameter written into
    /// <paramref name="result"/>, by one reverse sweep.
    /// </summary>
    public void Vjp(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data, Tensor w, ReadOnlySpan<Tensor> result)
    {
        CheckShape(Output, w, "weight for the output");
        CheckCount(result.Length, this.parameters.Length, "result tensors", "parameters");
        for (int i = 0; i < this.parameters.Length; i++) CheckShape(this.parameters[i], result[i], "result for");
        Run(parameters, data);
        Reverse(0, w.Data);
        for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].Adjoint.CopyTo(result[i].Data, 0);
    }

    // ------------------------------------------------------------------ sweeps ----

    /// <summary>Binds the arguments (checked before anything is computed) and runs every operation forward on whole arrays.</summary>
    internal void Run(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        Bind(parameters, data);
        ForwardWhole();
        CheckKinks();
        CheckFinite();
    }

    /// <summary>Checks and binds the arguments (before anything is computed).</summary>
    private void Bind(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        CheckCount(parameters.Length, this.parameters.Length, "parameter tensors", "parameters");
        CheckCount(data.Length, this.data.Length, "data tensors", "data inputs");
        for (int i = 0; i < this.parameters.Length; i++) Bind(this.parameters[i], parameters[i], checkFinite: true);
        for (int i = 0; i < this.data.Length; i++) Bind(this.data[i], data[i], checkFinite: !checkedByProduct.Contains(this.data[i]));
    }

    /// <summary>Every operation forward on whole arrays (allocating the fused members' arrays the first time).</summary>
    private void ForwardWhole()
    {
        if (!wholeAllocated)
        {
            foreach (var region in regions)
                foreach (var member in region.Members) member.Allocate(true);
            wholeAllocated = true;
        }
        foreach (var node in order) node.Forward();
    }

    /// <summary>Every operation forward, the fused sums chunk by chunk; the output's own sweep is left to the reverse sweep when <paramref name="deferOutput"/>.</summary>
    private void ForwardFused(bool deferOutput)
    {
        foreach (var node in fusedOrder)
        {
            if (deferOutput && node == Output) break;
            if (node.Terminal is { } region) region.Forward();
            else node.Forward();
        }
    }

    /// <summary>Zeroes the adjoints, seeds the output's and runs every VJP backwards, the fused sums chunk by chunk.</summary>
    private void ReverseFused(double seed)
    {
        foreach (var node in fusedDifferentiable) Array.Clear(node.Adjoint);
        foreach (var p in parameters) Array.Clear(p.Adjoint);
        if (!Output.Differentiable) return;
        Output.Adjoint[0] = seed;
        for (int i = fusedDifferentiable.Length - 1; i >= 0; i--)
        {
            var node = fusedDifferentiable[i];
            if (node.Terminal is { } region) region.Backward();
            else node.Backward();
        }
    }

    /// <summary>Under <see cref="KinkPolicy.Throw"/>, throws at the first operation of the last forward sweep that met a kink.</summary>
    private void CheckKinks()
    {
        if (KinkPolicy != KinkPolicy.Throw) return;
        foreach (var node in order)
            if (node.KinkCount > 0)
            {
                var (convention, operands) = node.KinkAt(node.FirstKink);
                throw new KinkException(new Kink(node.Operation, operands,
                    $"{convention} (element {ArrayShape.FormatIndex(node.Shape, node.FirstKink)} of {node.Operation} {ArrayShape.Format(node.Shape)}, the first of {node.KinkCount})"));
            }
    }

    /// <summary>Looks for the first non-finite value when the output is not finite (on whole arrays: the fused chunks are gone).</summary>
    private void CheckFinite()
    {
        diagnostics = null;
        if (Finite.FirstNonFinite(Output.Value) < 0) return;
        if (regions.Count > 0) ForwardWhole();
        diagnostics = FindNonFinite();
    }

    /// <summary>Zeroes the adjoints, seeds the output's (with <paramref name="seed"/> when <paramref name="weights"/> is empty) and runs every VJP backwards.</summary>
    internal void Reverse(double seed, ReadOnlySpan<double> weights)
    {
        foreach (var node in differentiable) Array.Clear(node.Adjoint);
        foreach (var p in parameters) Array.Clear(p.Adjoint);
        if (!Output.Differentiable) return;
        if (weights.IsEmpty) Output.Adjoint[0] = seed;
        else weights.CopyTo(Output.Adjoint);
        for (int i = differentiable.Length - 1; i >= 0; i--) differentiable[i].Backward();
    }

    /// <summary>Runs every JVP forward from the parameters' bound tangents.</summary>
    internal void SweepTangents()
    {
        foreach (var node in differentiable) node.AllocateTangent();
        foreach (var node in differentiable) node.ForwardTangent();
    }

    private static void Bind(InputVar input, Tensor value, bool checkFinite)
    {
        CheckShape(input, value, "");
        input.Value = value.Data;
        int bad = checkFinite ? Finite.FirstNonFinite(value.Data) : -1;
        if (bad >= 0) throw input.NonFiniteData(bad);
        if (input.Kind == InputKind.Labels)
            for (int i = 0; i < value.Data.Length; i++)
            {
                double label = value.Data[i];
                if (label != Math.Floor(label) || label < 0 || label >= input.Classes)
                    throw new ArgumentException(
                        $"{input.Operation}: label {Number(label)} at index {i} is not a class in 0..{input.Classes - 1}; nothing was computed.");
            }
    }

    private void RequireScalar(string what)
    {
        if (Output.Length != 1)
            throw new InvalidOperationException(
                $"{what} needs a scalar output, but the program's output {Output.Operation} has shape {ArrayShape.Format(Output.Shape)}; use Evaluate, Jvp or Vjp.");
    }

    private static void CheckCount(int given, int expected, string what, string declared)
    {
        if (given != expected)
            throw new ArgumentException($"{given} {what} given, but the program declares {expected} {declared}.");
    }

    private static void CheckShape(TensorVar node, Tensor value, string role)
    {
        if (!value.HasShape(node.Shape))
            throw new ArgumentException(
                $"{(role.Length > 0 ? role + " " : "")}{node.Operation}: shape {ArrayShape.Format(value.Shape)} given, but {ArrayShape.Format(node.Shape)} was declared.");
    }

    private static string Number(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private List<Diagnostic> FindNonFinite()
    {
        foreach (var node in order)
        {
            if (node is InputVar) continue;
            int bad = Finite.FirstNonFinite(node.Value);
            if (bad >= 0)
            {
                string cause = node.NonFiniteCause(bad);
                return [new Diagnostic(node.Operation,
                    $"{node.Operation} {ArrayShape.Format(node.Shape)}: element {ArrayShape.FormatIndex(node.Shape, bad)} is {Number(node.Value[bad])}, the program's first non-finite value{(cause.Length > 0 ? ": " + cause : "")}")];
            }
        }
        return [];
    }
}
