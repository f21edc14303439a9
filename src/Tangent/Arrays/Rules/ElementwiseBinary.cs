using System.Numerics.Tensors;
using Tangent.Primitives;

namespace Tangent.Arrays;

/// <summary>
/// y = φ(a, b) elementwise with broadcasting, for any binary scalar primitive P (max, min, pow, atan2, …): the
/// value, the partials (∂φ/∂a, ∂φ/∂b), the second partials and the kinks are read from P's declaration, element
/// by element. JVP dy = ∂ₐφ·da + ∂ᵦφ·db;  VJP ā += Σ ȳ·∂ₐφ, b̄ += Σ ȳ·∂ᵦφ over the axes each is broadcast on;
/// curvature: ā moves by ȳ·(φₐₐ·ȧ + φₐᵦ·ḃ), b̄ by ȳ·(φₐᵦ·ȧ + φᵦᵦ·ḃ).
/// </summary>
internal sealed class ElementwiseBinaryVar<P> : TensorVar where P : IBinaryPrimitive
{
    private readonly Broadcasting loop;
    private double[] da = [], db = [], scratch = [];

    private ElementwiseBinaryVar(TensorVar a, TensorVar b, int[] shape) : base(a.Graph, shape, a, b) => loop = new Broadcasting(shape, a.Shape, b.Shape);

    public static TensorVar Record(TensorVar a, TensorVar b)
    {
        if (a.Graph != b.Graph) throw new ArgumentException($"{P.Name}: the operands were recorded on different array graphs.");
        return a.Graph.Add(new ElementwiseBinaryVar<P>(a, b, ArrayShape.Broadcast(P.Name, a.Shape, b.Shape)));
    }

    public override string Operation => P.Name;

    internal override long Bytes => base.Bytes + 8L * (da.Length + db.Length + scratch.Length);

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        if (differentiable && Differentiable) (da, db, scratch) = (new double[Length], new double[Length], new double[Length]);
    }

    private TensorVar A => Inputs[0];
    private TensorVar B => Inputs[1];

    /// <summary>Calls <paramref name="element"/>(flat index in y, index in a, index in b) for every element.</summary>
    private void Each<TAction>(TAction element) where TAction : struct, IElement
    {
        var (rows, inner) = loop.Extent;
        for (int r = 0; r < rows; r++)
        {
            var (oa, ob, sa, sb) = loop.Row(r);
            for (int j = 0; j < inner; j++) element.At(this, r * inner + j, oa + j * sa, ob + j * sb);
        }
    }

    private interface IElement { void At(ElementwiseBinaryVar<P> node, int y, int a, int b); }

    private readonly struct ValueAndPartials : IElement
    {
        public void At(ElementwiseBinaryVar<P> n, int y, int a, int b)
        {
            double u = n.A.Value[a], w = n.B.Value[b], v = P.Value(u, w);
            n.Value[y] = v;
            if (n.da.Length > 0) (n.da[y], n.db[y]) = P.Partials(u, w, v);
            if (P.IsKink(u, w) && n.KinkCount++ == 0) n.FirstKink = y;
        }
    }

    private readonly struct Tangents : IElement
    {
        public void At(ElementwiseBinaryVar<P> n, int y, int a, int b) =>
            n.Tangent[y] = (n.A.Differentiable ? n.da[y] * n.A.Tangent[a] : 0) + (n.B.Differentiable ? n.db[y] * n.B.Tangent[b] : 0);
    }

    private readonly struct Curvature : IElement
    {
        public void At(ElementwiseBinaryVar<P> n, int y, int a, int b)
        {
            var (daa, dab, dbb) = P.SecondPartials(n.A.Value[a], n.B.Value[b], n.Value[y]);
            double ta = n.A.Differentiable ? n.A.Tangent[a] : 0, tb = n.B.Differentiable ? n.B.Tangent[b] : 0, g = n.Adjoint[y];
            if (n.A.Differentiable) n.A.AdjointTangent[a] += g * (daa * ta + dab * tb);
            if (n.B.Differentiable) n.B.AdjointTangent[b] += g * (dab * ta + dbb * tb);
        }
    }

    internal override void Forward()
    {
        KinkCount = 0;
        Each(new ValueAndPartials());
    }

    internal override (string Convention, double[] Operands) KinkAt(int flat)
    {
        // The operands at a flat index of y: walk the rows again (only when a report is read).
        var (_, inner) = loop.Extent;
        var (oa, ob, sa, sb) = loop.Row(flat / inner);
        int j = flat % inner;
        return (P.KinkConvention, [A.Value[oa + j * sa], B.Value[ob + j * sb]]);
    }

    internal override string NonFiniteCause(int flat)
    {
        var (_, operands) = KinkAt(flat);
        return Causes.Binary<P>(operands[0], operands[1], Value[flat]);
    }

    internal override void Backward()
    {
        if (A.Differentiable)
        {
            TensorPrimitives.Multiply(Adjoint, da, scratch);
            loop.ReduceInto(scratch, sideA: true, 1, A.Adjoint);
        }
        if (B.Differentiable)
        {
            TensorPrimitives.Multiply(Adjoint, db, scratch);
            loop.ReduceInto(scratch, sideA: false, 1, B.Adjoint);
        }
    }

    internal override void ForwardTangent() => Each(new Tangents());

    internal override void BackwardCurvature() => Each(new Curvature());
}
