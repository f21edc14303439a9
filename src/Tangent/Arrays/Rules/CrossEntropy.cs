using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// The mean cross-entropy of logits x (N×C) against integer labels c (N):
/// L = (1/N) Σᵣ (log Σⱼ exp x[r, j] − x[r, cᵣ]), i.e. −(1/N) Σᵣ log softmax(x)[r, cᵣ], computed with the max
/// shift. With p = softmax(x) kept from the forward sweep, ∂L/∂x[r] = (p[r] − e_cᵣ)/N:
/// JVP dL = (1/N) Σᵣ (⟨p[r], dx[r]⟩ − dx[r, cᵣ]);  VJP x̄[r] += L̄·(p[r] − e_cᵣ)/N. Labels are data: never differentiated.
/// </summary>
internal sealed class CrossEntropyVar : TensorVar
{
    private readonly int rows, classes;
    private double[] p = [];

    private CrossEntropyVar(TensorVar logits, TensorVar labels) : base(logits.Graph, [], logits, labels)
        => (rows, classes) = (logits.Shape[0], logits.Shape[1]);

    public static TensorVar Record(TensorVar logits, TensorVar labels)
    {
        if (logits.Rank != 2 || logits.Shape[0] == 0 || logits.Shape[1] == 0)
            throw new ArgumentException($"cross-entropy: the logits must be a non-empty matrix (N×C), not {ArrayShape.Format(logits.Shape)}.");
        if (labels is not InputVar { Kind: InputKind.Labels } declared)
            throw new ArgumentException($"cross-entropy: the labels must be declared with ArrayGraph.Labels (integer classes), not {labels.Operation}.");
        if (labels.Rank != 1 || labels.Shape[0] != logits.Shape[0])
            throw new ArgumentException(
                $"cross-entropy: logits {ArrayShape.Format(logits.Shape)} and labels {ArrayShape.Format(labels.Shape)}: one label per row is needed.");
        if (declared.Classes != logits.Shape[1])
            throw new ArgumentException(
                $"cross-entropy: logits {ArrayShape.Format(logits.Shape)} have {logits.Shape[1]} classes, but {labels.Operation} was declared with {declared.Classes}.");
        return logits.Graph.Add(new CrossEntropyVar(logits, labels));
    }

    public override string Operation => "cross-entropy";

    internal override long Bytes => base.Bytes + 8L * p.Length;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        p = new double[rows * classes];
    }

    private int Label(int r) => (int)Inputs[1].Value[r];

    internal override void Forward()
    {
        var x = Inputs[0].Value;
        if (classes <= NarrowSoftmax.MaxClasses)
        {
            Value[0] = NarrowSoftmax.CrossEntropy(x, Inputs[1].Value, p, rows, classes) / rows;
            return;
        }
        double total = 0;
        for (int r = 0; r < rows; r++)
            total += Rows.Softmax(x.AsSpan(r * classes, classes), p.AsSpan(r * classes, classes)) - x[r * classes + Label(r)];
        Value[0] = total / rows;
    }

    internal override void Backward()
    {
        var x = Inputs[0];
        if (!x.Differentiable) return;
        double s = Adjoint[0] / rows;
        TensorPrimitives.MultiplyAdd(p, s, x.Adjoint, x.Adjoint);
        for (int r = 0; r < rows; r++) x.Adjoint[r * classes + Label(r)] -= s;
    }

    // x̄[r] = L̄·(p[r] − e_cᵣ)/N moves by L̄·ṗ[r]/N, with ṗ[r] = p[r] ⊙ (ẋ[r] − ⟨p[r], ẋ[r]⟩).
    internal override void BackwardCurvature()
    {
        var x = Inputs[0];
        double s = Adjoint[0] / rows;
        for (int r = 0; r < rows; r++)
        {
            var row = p.AsSpan(r * classes, classes);
            var tx = x.Tangent.AsSpan(r * classes, classes);
            double d = TensorPrimitives.Dot(row, tx);
            for (int j = 0; j < classes; j++) x.AdjointTangent[r * classes + j] += s * row[j] * (tx[j] - d);
        }
    }

    internal override void ForwardTangent()
    {
        var tx = Inputs[0].Tangent;
        double d = TensorPrimitives.Dot(p, tx);
        for (int r = 0; r < rows; r++) d -= tx[r * classes + Label(r)];
        Tangent[0] = d / rows;
    }
}
