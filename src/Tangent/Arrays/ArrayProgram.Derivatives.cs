namespace Tangent.Arrays;

/// <summary>
/// Where an array operation met its nonsmooth set in the last run: how many elements (relu at exactly 0, ties
/// in a max), the first one's index and operands, and the convention used there, as the scalar engine's
/// <see cref="Kink"/> reports.
/// </summary>
/// <param name="Operation">The operation's name ("relu", "max", ...).</param>
/// <param name="Count">The number of elements on the kink.</param>
/// <param name="FirstIndex">The first such element's index in the operation's result, e.g. "(3, 17)".</param>
/// <param name="Operands">The operand values there.</param>
/// <param name="Convention">The derivative used there, in words.</param>
public sealed record ArrayKink(string Operation, int Count, string FirstIndex, IReadOnlyList<double> Operands, string Convention)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{Operation}: {Count} element{(Count == 1 ? "" : "s")} on a kink, the first at {FirstIndex} ({string.Join(", ", Operands.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}): {Convention}";
}

public sealed partial class ArrayProgram
{
    /// <summary>The kinks of the last run, one entry per operation that met any (empty when none did).</summary>
    public IReadOnlyList<ArrayKink> Kinks
    {
        get
        {
            List<ArrayKink>? kinks = null;
            foreach (var node in order)
                if (node.KinkCount > 0)
                {
                    var (convention, operands) = node.KinkAt(node.FirstKink);
                    (kinks ??= []).Add(new ArrayKink(node.Operation, node.KinkCount, ArrayShape.FormatIndex(node.Shape, node.FirstKink), operands, convention));
                }
            return kinks ?? (IReadOnlyList<ArrayKink>)[];
        }
    }

    /// <summary>
    /// The Hessian-vector product ∇²f·v of a scalar program with respect to its parameters, by forward over
    /// reverse: one forward sweep of tangents ẋ = J·v, then the reverse sweep and its own tangent, in which each
    /// operation adds Jᵀ·(the tangent of its adjoint) (its VJP again) plus the change of its Jᵀ along ẋ applied
    /// to its adjoint (its curvature term). <paramref name="v"/> and <paramref name="result"/> hold one tensor per
    /// parameter; returns f. Exact to rounding, about three gradients' cost.
    /// </summary>
    public double Hvp(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data, ReadOnlySpan<Tensor> v, ReadOnlySpan<Tensor> result)
    {
        if (Output.Length != 1)
            throw new InvalidOperationException($"Hvp needs a scalar output, but the program's output has shape {ArrayShape.Format(Output.Shape)}.");
        if (v.Length != parameters.Length || result.Length != parameters.Length)
            throw new ArgumentException($"Hvp takes one direction and one result tensor per parameter ({this.parameters.Length}); {v.Length} and {result.Length} given.");
        for (int i = 0; i < this.parameters.Length; i++)
        {
            var q = this.parameters[i];
            if (!v[i].HasShape(q.Shape) || !result[i].HasShape(q.Shape))
                throw new ArgumentException($"Hvp: {q.Operation} has shape {ArrayShape.Format(q.Shape)}, but the direction has {ArrayShape.Format(v[i].Shape)} and the result {ArrayShape.Format(result[i].Shape)}.");
        }
        Run(parameters, data);
        for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].Tangent = v[i].Data;
        SweepTangents();
        Reverse(seed: 1.0, []);

        foreach (var node in differentiable.Concat(this.parameters))
        {
            if (node.AdjointTangent.Length != node.Length) node.AdjointTangent = new double[node.Length];
            else Array.Clear(node.AdjointTangent);
        }
        // The seed ȳ = 1 does not move: the output's adjoint tangent starts at 0.
        for (int i = differentiable.Length - 1; i >= 0; i--)
        {
            var node = differentiable[i];
            node.BackwardCurvature();
            // Jᵀ·(tangent of ȳ): the node's own VJP run on the tangent adjoints (swapped in, then back).
            Swap(node);
            try { node.Backward(); }
            finally { Swap(node); }
        }
        for (int i = 0; i < this.parameters.Length; i++) this.parameters[i].AdjointTangent.CopyTo(result[i].Data, 0);
        return Output.Value[0];
    }

    /// <summary>Exchanges Adjoint and AdjointTangent on a node and its distinct inputs.</summary>
    private static void Swap(TensorVar node)
    {
        (node.Adjoint, node.AdjointTangent) = (node.AdjointTangent, node.Adjoint);
        for (int k = 0; k < node.Inputs.Length; k++)
        {
            var input = node.Inputs[k];
            if (input == node || Array.IndexOf(node.Inputs, input) < k || !input.Differentiable) continue;
            (input.Adjoint, input.AdjointTangent) = (input.AdjointTangent, input.Adjoint);
        }
    }

    /// <summary>The total number of parameters' elements: n, the columns of the derivative.</summary>
    public int ParameterCount => parameters.Sum(p => p.Length);

    /// <summary>
    /// The derivative of the program with respect to its parameters (all flattened and concatenated in declaration
    /// order) at the given point and data, as a linear map of shape (output length)×<see cref="ParameterCount"/>:
    /// Apply is a forward sweep (JVP), ApplyTranspose a reverse sweep (VJP), so the dot-product test, the Taylor
    /// test and gradient checks run on array programs unchanged. The point and the data are copied.
    /// </summary>
    public LinearMap Linearize(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        var p = new Tensor[parameters.Length];
        var d = new Tensor[data.Length];
        for (int i = 0; i < p.Length; i++) p[i] = parameters[i].Clone();
        for (int i = 0; i < d.Length; i++) d[i] = data[i].Clone();
        Run(p, d); // checks the arguments now, not at the first product
        return new ArrayLinearMap(this, p, d);
    }

    /// <summary>
    /// The Hessian ∇²f of a scalar program with respect to its parameters (all flattened and concatenated in
    /// declaration order) at the given point and data, as a symmetric linear map of shape
    /// <see cref="ParameterCount"/>×<see cref="ParameterCount"/> that is never formed: each product H·v is one
    /// Hessian-vector product (<see cref="Hvp"/>, forward over reverse), and the transpose is the map itself (the
    /// second partials of a twice continuously differentiable f do not depend on their order). Lanczos, CG, the
    /// dot-product test and <see cref="LinearMap.ToMatrix"/> run on it unchanged. The point and the data are copied.
    /// </summary>
    /// <exception cref="InvalidOperationException">The output is not a scalar.</exception>
    /// <exception cref="ArgumentException">An argument is missing, has the wrong shape, or a data value is NaN, infinite or not a valid label.</exception>
    public LinearMap HessianMap(ReadOnlySpan<Tensor> parameters, ReadOnlySpan<Tensor> data)
    {
        RequireScalar("HessianMap");
        var p = new Tensor[parameters.Length];
        var d = new Tensor[data.Length];
        for (int i = 0; i < p.Length; i++) p[i] = parameters[i].Clone();
        for (int i = 0; i < d.Length; i++) d[i] = data[i].Clone();
        Run(p, d); // checks the arguments now, not at the first product
        return new ArrayHessianMap(this, p, d);
    }

    /// <summary>∇²f at a fixed point: each product is a Hessian-vector product there.</summary>
    private sealed class ArrayHessianMap(ArrayProgram program, Tensor[] point, Tensor[] data) : LinearMap
    {
        public override int Rows => program.ParameterCount;
        public override int Columns => program.ParameterCount;

        protected override double[] ApplyCore(ReadOnlySpan<double> v)
        {
            var result = program.parameters.Select(q => new Tensor(q.ShapeArray)).ToArray();
            program.Hvp(point, data, program.Split(v), result);
            return Flatten(result, Columns);
        }

        // H is symmetric: Hᵀ·w = H·w.
        protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w) => ApplyCore(w);

        public override LinearMap Transpose() => this;
    }

    /// <summary>A flat vector over all parameters cut into one tensor per parameter.</summary>
    private Tensor[] Split(ReadOnlySpan<double> v)
    {
        var parts = new Tensor[parameters.Length];
        int at = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            var q = parameters[i];
            parts[i] = Tensor.From(v.Slice(at, q.Length).ToArray(), q.ShapeArray);
            at += q.Length;
        }
        return parts;
    }

    /// <summary>One tensor per parameter joined into a flat vector.</summary>
    private static double[] Flatten(Tensor[] parts, int length)
    {
        var flat = new double[length];
        int at = 0;
        foreach (var r in parts) { r.Data.CopyTo(flat, at); at += r.Length; }
        return flat;
    }

    /// <summary>Df at a fixed point: each product runs the program forward there first (the program's buffers are shared with other runs).</summary>
    private sealed class ArrayLinearMap(ArrayProgram program, Tensor[] point, Tensor[] data) : LinearMap
    {
        public override int Rows => program.Output.Length;
        public override int Columns => program.ParameterCount;

        protected override double[] ApplyCore(ReadOnlySpan<double> v) => program.Jvp(point, data, program.Split(v)).Data;

        protected override double[] ApplyTransposeCore(ReadOnlySpan<double> w)
        {
            var result = program.parameters.Select(q => new Tensor(q.ShapeArray)).ToArray();
            program.Vjp(point, data, Tensor.From(w.ToArray(), program.Output.ShapeArray), result);
            return Flatten(result, Columns);
        }
    }
}
