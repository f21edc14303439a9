using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tangent.Arrays;

namespace Tangent.Networks;

public sealed partial class Classifier
{
    private ArrayProgram? logitsProgram;
    private Tensor? evaluationInputs;

    /// <summary>The fraction of rows whose largest output is at their label, evaluated m rows at a time (a last partial batch padded with zeros, its padding ignored).</summary>
    /// <exception cref="ArgumentException">The inputs are not whole rows, or the counts differ.</exception>
    public double Accuracy(ReadOnlySpan<double> rows, ReadOnlySpan<int> rowLabels)
    {
        int width = Network.InputWidth, classes = Network.OutputWidth;
        if (rows.Length != rowLabels.Length * width)
            throw new ArgumentException($"{rows.Length} numbers are not {rowLabels.Length} rows of width {width}.", nameof(rows));
        if (rowLabels.IsEmpty) throw new ArgumentException("The accuracy of no rows is undefined.", nameof(rowLabels));
        if (logitsProgram is null)
        {
            var g = new ArrayGraph();
            var x = g.Data("X", BatchSize, width);
            var p = Network.Parameters.Select(s => g.Parameter(s.Name, s.Shape)).ToArray();
            logitsProgram = new ArrayProgram(Network.Record(x, p));
            evaluationInputs = new Tensor(BatchSize, width);
        }
        int correct = 0;
        for (int start = 0; start < rowLabels.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, rowLabels.Length - start);
            evaluationInputs!.Data.AsSpan().Clear();
            rows.Slice(start * width, count * width).CopyTo(evaluationInputs.Data);
            var logits = logitsProgram.Evaluate(Parameters, [evaluationInputs]).Data;
            for (int i = 0; i < count; i++)
                if (TensorPrimitives.IndexOfMax(logits.AsSpan(i * classes, classes)) == rowLabels[start + i]) correct++;
        }
        return (double)correct / rowLabels.Length;
    }

    /// <summary>
    /// Each sample's gradient ∂ℓᵢ/∂θ of its own loss (not the mean) as row i of <paramref name="result"/>
    /// (m × the parameter count, in <see cref="Sequential.Parameters"/> order), from one batch reverse sweep:
    /// for each dense layer the outer products xᵢᵀ·δᵢ of its input rows and its output adjoints (see
    /// <see cref="PerSampleDense"/>), not m sweeps. The batch gradient is not formed: <see cref="Gradients"/> is left at zero.
    /// </summary>
    /// <exception cref="ArgumentException">The batch or the result does not have the right size.</exception>
    public void PerSampleGradients(ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels, Span<double> result)
    {
        int p = Network.ParameterCount;
        RequireDenseOnly();
        if (result.Length != (long)BatchSize * p)
            throw new ArgumentException($"The result has length {result.Length}, but {BatchSize} samples × {p} parameters need {(long)BatchSize * p}.", nameof(result));
        AdjointsOnly(batchInputs, batchLabels);
        int offset = 0;
        foreach (var d in dense)
        {
            // The loss is the mean (1/m)Σℓᵢ, so the adjoint's row i is (1/m)·∂ℓᵢ/∂yᵢ: scale by m.
            PerSampleDense.Gradients(d.Input.Value, d.Output.AffineAdjoint, BatchSize, BatchSize, result, p, offset);
            offset += d.InWidth * d.OutWidth + d.OutWidth;
        }
    }

    /// <summary>‖∂ℓᵢ/∂θ‖ for each sample i of the minibatch (what clipping and private training need), without forming the gradients (<see cref="Gradients"/> is left at zero).</summary>
    public void PerSampleGradientNorms(ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels, Span<double> norms)
    {
        if (norms.Length != BatchSize)
            throw new ArgumentException($"There are {norms.Length} norms for a minibatch of {BatchSize}.", nameof(norms));
        RequireDenseOnly();
        AdjointsOnly(batchInputs, batchLabels);
        norms.Clear();
        foreach (var d in dense) PerSampleDense.AddSquaredNorms(d.Input.Value, d.Output.AffineAdjoint, BatchSize, BatchSize, norms);
        TensorPrimitives.Sqrt(norms, norms);
    }

    /// <summary>
    /// One forward and one reverse sweep that leave every dense layer's Z̄ = ∂L/∂(X·W + b) but skip W̄ = Xᵀ·Z̄ and
    /// b̄ (the per-sample rules need only Z̄ and X): <see cref="Gradients"/> then holds zeros, not the batch gradient.
    /// </summary>
    private void AdjointsOnly(ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels)
    {
        foreach (var d in dense) d.Output.SkipParameterAdjoints = true;
        try { Gradient(batchInputs, batchLabels); }
        finally { foreach (var d in dense) d.Output.SkipParameterAdjoints = false; }
    }

    // The outer-product rule covers dense layers; a layer with parameters of another kind would need its own.
    private void RequireDenseOnly()
    {
        if (dense.Sum(d => d.InWidth * d.OutWidth + d.OutWidth) != Network.ParameterCount)
            throw new NotSupportedException("Per-sample gradients from one sweep are implemented for networks whose parameters all belong to dense layers.");
    }
}
