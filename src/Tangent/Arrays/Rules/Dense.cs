using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Arrays;

/// <summary>
/// A dense layer as one operation: Y = φ(Z), Z = X·W + b, for X (m×k), W (k×n), b (n) broadcast over the rows,
/// φ elementwise (see <see cref="IDenseActivation"/>; none for the affine layer). The slope S = φ′(Z) is kept
/// from the forward sweep (computed from Z and Y in the same pass).
/// JVP: Ż = Ẋ·W + X·Ẇ + ḃ, Ẏ = S ⊙ Ż.
/// VJP: Z̄ = Ȳ ⊙ S;  X̄ += Z̄·Wᵀ,  W̄ += Xᵀ·Z̄,  b̄ += Σᵢ Z̄[i, :].
/// Curvature (the VJP's change along the tangents, Ȳ fixed): δZ̄ = Ȳ ⊙ φ″(Z) ⊙ Ż;
/// X̄ moves by δZ̄·Wᵀ + Z̄·Ẇᵀ, W̄ by Ẋᵀ·Z̄ + Xᵀ·δZ̄, b̄ by Σᵢ δZ̄[i, :].
/// </summary>
/// <remarks>
/// Why one node, not matmul + add + φ: in a small network (widths of a few to a few dozen, a few hundred rows)
/// each of those is a few thousand multiply-adds, and a packed matrix kernel, the bias broadcast and a separate
/// pass per operation cost more than the arithmetic. Below <see cref="SmallWork"/> multiply-adds the products run
/// in <see cref="SmallProducts"/>, choosing per product the loop order whose lanes run along the longer dimension;
/// above it they are the packed <see cref="Gemm"/>.
/// </remarks>
internal abstract class DenseVar : TensorVar
{
    /// <summary>m·k·n at or below which the products run in <see cref="SmallProducts"/>.</summary>
    internal const long SmallWork = 1 << 16;

    private protected DenseVar(TensorVar x, TensorVar w, TensorVar b, int[] shape) : base(x.Graph, shape, x, w, b) { }

    /// <summary>
    /// When set, reverse sweeps pass adjoints on to X but leave W̄ and b̄ alone: per-sample gradients need only Z̄
    /// (their outer products with X replace Xᵀ·Z̄), which saves the largest product of the reverse sweep.
    /// </summary>
    internal bool SkipParameterAdjoints { get; set; }

    /// <summary>Z̄ = ∂output/∂Z, the adjoint of the pre-activation (valid after a reverse sweep): row i is what sample i's loss sends back to this layer's affine map.</summary>
    internal abstract double[] AffineAdjoint { get; }

    /// <summary>Checks X (m×k), W (k×n) and b (n) and returns (m, k, n).</summary>
    private protected static (int M, int K, int N) Check(string name, TensorVar x, TensorVar w, TensorVar b)
    {
        if (x.Rank != 2 || w.Rank != 2 || b.Rank != 1 || x.Shape[1] != w.Shape[0] || b.Shape[0] != w.Shape[1])
            throw new ArgumentException(
                $"{name}: X {ArrayShape.Format(x.Shape)}, W {ArrayShape.Format(w.Shape)}, b {ArrayShape.Format(b.Shape)}: needs X (m×k), W (k×n) and b (n).");
        return (x.Shape[0], x.Shape[1], w.Shape[1]);
    }
}

/// <inheritdoc cref="DenseVar"/>
internal sealed class DenseVar<A> : DenseVar where A : IDenseActivation
{
    private readonly int m, k, n;
    private readonly bool small;
    private double[] slope = [], zBar = [], wT = [], wBarT = [], zDot = [];

    private DenseVar(TensorVar x, TensorVar w, TensorVar b, int m, int k, int n, bool small) : base(x, w, b, [m, n])
        => (this.m, this.k, this.n, this.small) = (m, k, n, small);

    /// <summary>Records φ(X·W + b); <paramref name="small"/> chooses the products (tests run both on the same shapes), by default by size.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit (all three are named).</exception>
    public static DenseVar<A> Record(TensorVar x, TensorVar w, TensorVar b, bool? small = null)
    {
        var (m, k, n) = Check(A.Name, x, w, b);
        return x.Graph.Add(new DenseVar<A>(x, w, b, m, k, n, small ?? (long)m * k * n <= SmallWork));
    }

    public override string Operation => A.Name;

    internal override double[] AffineAdjoint => A.Identity ? Adjoint : zBar;

    internal override long Bytes =>
        base.Bytes + 8L * (slope.Length + zBar.Length + wT.Length + wBarT.Length + zDot.Length);

    // The forward dot-product order reads Wᵀ (n×k); the reverse sweep reads X and Z̄ along their rows (W̄ needs no transpose).
    private bool ForwardByDots => small && n < 8 && n < k;

    internal override void Allocate(bool differentiable)
    {
        base.Allocate(differentiable);
        if (small) wT = new double[k * n];
        if (!differentiable || !Differentiable) return;
        if (!A.Identity) (slope, zBar) = (new double[Length], new double[Length]);
        if (small && n < 4) wBarT = new double[n * k];
    }

    internal override void Forward()
    {
        double[] x = Inputs[0].Value, w = Inputs[1].Value, b = Inputs[2].Value;
        if (ForwardByDots)
        {
            SmallProducts.Transpose(w, wT, k, n);
            SmallProducts.DotRows(x, wT, Value, m, k, n, b, accumulate: false);
        }
        else if (small) SmallProducts.AxpyRows(x, w, Value, m, k, n, b, accumulate: false);
        else
        {
            Gemm.Multiply(x, false, w, false, Value, m, n, k, accumulate: false);
            for (int i = 0; i < m; i++) TensorPrimitives.Add(Value.AsSpan(i * n, n), b, Value.AsSpan(i * n, n));
        }
        if (!A.Identity) Activate(Value, slope);
    }

    /// <summary>y = φ(z) in place and, when <paramref name="s"/> is not empty, s = φ′(z), four lanes at a time.</summary>
    private static void Activate(Span<double> y, Span<double> s)
    {
        bool slopes = !s.IsEmpty;
        int i = 0;
        for (; i + V.Count <= y.Length; i += V.Count)
        {
            var z = Vector256.Create(y.Slice(i, V.Count));
            if (slopes)
            {
                var (v, d) = A.ValueAndSlope(z);
                v.CopyTo(y.Slice(i, V.Count));
                d.CopyTo(s.Slice(i, V.Count));
            }
            else A.Value(z).CopyTo(y.Slice(i, V.Count));
        }
        for (; i < y.Length; i++)
        {
            double z = y[i], v = A.Value(z);
            y[i] = v;
            if (slopes) s[i] = A.Slope(z, v);
        }
    }

    internal override void Backward()
    {
        TensorVar x = Inputs[0], w = Inputs[1], b = Inputs[2];
        double[] zb = Adjoint;
        if (!A.Identity)
        {
            TensorPrimitives.Multiply(Adjoint, slope, zBar);
            zb = zBar;
        }
        // b̄ += onesᵀ·Z̄, the column sums
        if (b.Differentiable && !SkipParameterAdjoints) SmallProducts.AddColumnSums(zb, b.Adjoint, m, n);
        if (w.Differentiable && !SkipParameterAdjoints)
        {
            if (!small) Gemm.Multiply(x.Value, true, zb, false, w.Adjoint, k, n, m, accumulate: true);
            else if (n >= 4) SmallProducts.TransposedAxpyRows(x.Value, zb, w.Adjoint, m, k, n); // W̄ += Xᵀ·Z̄, lanes along W̄'s rows of n
            else
            {
                // W̄ᵀ = Z̄ᵀ·X, lanes along rows of k (n is narrower than a vector), then added transposed
                Array.Clear(wBarT);
                SmallProducts.TransposedAxpyRows(zb, x.Value, wBarT, m, n, k);
                SmallProducts.AddTransposed(wBarT, w.Adjoint, n, k);
            }
        }
        if (x.Differentiable)
        {
            if (!small) Gemm.Multiply(zb, false, w.Value, true, x.Adjoint, m, k, n, accumulate: true);
            else if (k >= n)
            {
                // X̄ += Z̄·(Wᵀ): lanes along X̄'s rows of k
                SmallProducts.Transpose(w.Value, wT, k, n);
                SmallProducts.AxpyRows(zb, wT, x.Adjoint, m, n, k, default, accumulate: true);
            }
            else SmallProducts.DotRows(zb, w.Value, x.Adjoint, m, n, k, default, accumulate: true); // X̄[i, p] += ⟨Z̄[i, :], W[p, :]⟩
        }
    }

    internal override void AllocateTangent()
    {
        base.AllocateTangent();
        if (!A.Identity && zDot.Length != Length) zDot = new double[Length];
    }

    // Ż = Ẋ·W + X·Ẇ + ḃ (kept for the curvature), Ẏ = S ⊙ Ż: general products, this is not the training path.
    internal override void ForwardTangent()
    {
        TensorVar x = Inputs[0], w = Inputs[1], b = Inputs[2];
        double[] zd = A.Identity ? Tangent : zDot;
        bool any = false;
        if (x.Differentiable) { Gemm.Multiply(x.Tangent, false, w.Value, false, zd, m, n, k, accumulate: false); any = true; }
        if (w.Differentiable) { Gemm.Multiply(x.Value, false, w.Tangent, false, zd, m, n, k, accumulate: any); any = true; }
        if (!any) Array.Clear(zd);
        if (b.Differentiable)
            for (int i = 0; i < m; i++) TensorPrimitives.Add(zd.AsSpan(i * n, n), b.Tangent, zd.AsSpan(i * n, n));
        if (!A.Identity) TensorPrimitives.Multiply(slope, zDot, Tangent);
    }

    internal override void BackwardCurvature()
    {
        TensorVar x = Inputs[0], w = Inputs[1], b = Inputs[2];
        // Allocates its two m×n scratch arrays per call: Hessian-vector products are not the training path.
        var zb = A.Identity ? Adjoint : new double[Length];
        if (!A.Identity) TensorPrimitives.Multiply(Adjoint, slope, zb);
        // Z̄·Ẇᵀ into X̄'s tangent and Ẋᵀ·Z̄ into W̄'s: the bilinear part, present with or without φ.
        if (x.Differentiable && w.Differentiable)
        {
            Gemm.Multiply(zb, false, w.Tangent, true, x.AdjointTangent, m, k, n, accumulate: true);
            Gemm.Multiply(x.Tangent, true, zb, false, w.AdjointTangent, k, n, m, accumulate: true);
        }
        if (A.Identity) return;
        // δZ̄ = Ȳ ⊙ φ″(Z) ⊙ Ż, Z recomputed (the forward sweep keeps only Y and S).
        var dz = new double[Length];
        Gemm.Multiply(x.Value, false, w.Value, false, dz, m, n, k, accumulate: false);
        for (int i = 0; i < Length; i++) dz[i] = Adjoint[i] * A.Curvature(dz[i] + b.Value[i % n], Value[i]) * zDot[i];
        if (x.Differentiable) Gemm.Multiply(dz, false, w.Value, true, x.AdjointTangent, m, k, n, accumulate: true);
        if (w.Differentiable) Gemm.Multiply(x.Value, true, dz, false, w.AdjointTangent, k, n, m, accumulate: true);
        if (b.Differentiable)
            for (int i = 0; i < m; i++) TensorPrimitives.Add(b.AdjointTangent, dz.AsSpan(i * n, n), b.AdjointTangent);
    }
}
