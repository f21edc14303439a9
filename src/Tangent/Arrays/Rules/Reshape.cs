using System.Numerics.Tensors;

namespace Tangent.Arrays;

/// <summary>
/// The same numbers in row-major order under another shape of the same element count. It is the identity on the
/// flat numbers: the value and the tangent are the input's own arrays (no copy); VJP x̄ += ȳ.
/// </summary>
internal sealed class ReshapeVar : TensorVar
{
    private ReshapeVar(TensorVar x, int[] shape) : base(x.Graph, shape, x) { }

    public static TensorVar Record(TensorVar x, int[] shape)
    {
        int unknown = Array.IndexOf(shape, -1);
        if (unknown >= 0)
        {
            // One dimension may be −1: whatever makes the counts equal.
            int known = 1;
            for (int d = 0; d < shape.Length; d++) if (d != unknown) known *= shape[d];
            if (known <= 0 || x.Length % known != 0 || Array.IndexOf(shape, -1, unknown + 1) >= 0)
                throw new ArgumentException($"reshape: {ArrayShape.Format(x.Shape)} cannot be reshaped to {ArrayShape.Format(shape)}.");
            shape = (int[])shape.Clone();
            shape[unknown] = x.Length / known;
        }
        int count = ArrayShape.Count(shape, "reshape: the new shape");
        if (count != x.Length)
            throw new ArgumentException(
                $"reshape: {ArrayShape.Format(x.Shape)} holds {x.Length} elements, but {ArrayShape.Format(shape)} holds {count}.");
        return x.Graph.Add(new ReshapeVar(x, (int[])shape.Clone()));
    }

    public override string Operation => "reshape";

    internal override long Bytes => 8L * (Adjoint.Length + AdjointTangent.Length);

    internal override void AllocateTangent() { } // the input's own tangent

    internal override void Allocate(bool differentiable)
    {
        if (differentiable && Differentiable) Adjoint = new double[Length];
    }

    internal override void Forward() => Value = Inputs[0].Value;

    internal override void ForwardTangent() => Tangent = Inputs[0].Tangent;

    internal override void Backward()
    {
        var x = Inputs[0];
        if (x.Differentiable) TensorPrimitives.Add(x.Adjoint, Adjoint, x.Adjoint);
    }
}
