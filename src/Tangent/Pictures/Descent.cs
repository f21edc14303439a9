using MathNet.Numerics.LinearAlgebra;
using Tangent.Optimisation.Stochastic;

namespace Tangent.Pictures;

/// <summary>
/// Gradient descent x_{k+1} = x_k − η∇f(x_k) from a point, with the step bound of the local quadratic model: on
/// q(x) = ½xᵀHx the iteration multiplies the component along an eigenvector of H with eigenvalue λ by (1 − ηλ), so it
/// converges when 0 &lt; η &lt; 2/λmax and grows without bound when η &gt; 2/λmax.
/// </summary>
/// <param name="Start">x₀.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Iterates">x₀, x₁, … (up to the first non-finite one, excluded).</param>
/// <param name="Values">f at each iterate.</param>
/// <param name="LargestEigenvalue">λmax of ∇²f(x₀) (NaN when the Hessian is not finite).</param>
/// <param name="Exploded">True when the iterates left every bound: |x_k − x₀| above 10⁶·(1 + |x₀|), or a non-finite value or gradient.</param>
public sealed record DescentPath(double[] Start, double LearningRate, IReadOnlyList<double[]> Iterates, IReadOnlyList<double> Values, double LargestEigenvalue, bool Exploded)
{
    /// <summary>2/λmax: the largest stable learning rate of the quadratic model at x₀ (NaN when λmax ≤ 0: no bound from curvature).</summary>
    public double StableBound => LargestEigenvalue > 0 ? 2 / LargestEigenvalue : double.NaN;
}

/// <summary>Computes gradient-descent paths.</summary>
public static class Descent
{
    /// <summary>
    /// At most <paramref name="steps"/> (0 … 10 000) steps of gradient descent with learning rate η &gt; 0 from x₀, or of
    /// another optimiser of the optimisation library (momentum, Adam, … built with the same η) on the full gradient.
    /// </summary>
    /// <exception cref="ArgumentException">η is not positive and finite, or steps is out of range.</exception>
    public static DescentPath Path(ScalarFunction f, double[] start, double learningRate, int steps = 30, CancellationToken cancel = default, IStochasticOptimiser? optimiser = null)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentException($"The learning rate is {learningRate}: it must be positive and finite.");
        if (steps < 0 || steps > 10_000) throw new ArgumentException($"The number of steps is {steps}: use 0 to 10000.");
        var h = Differentiate.Hessian(f, start);
        double lambda = LargestEigenvalue(h.Hessian);
        double bound = 1e6 * (1 + Differentiate.Norm(start));
        var iterates = new List<double[]> { (double[])start.Clone() };
        var values = new List<double> { h.Value };
        var x = (double[])start.Clone();
        var g = h.Gradient;
        // The step is the optimisation library's: SGD at a constant rate (u = −η∇f) unless another is given; x ← x + u.
        var sgd = optimiser ?? new Sgd(learningRate);
        var state = sgd.Init(x.Length);
        var update = new double[x.Length];
        bool exploded = !double.IsFinite(h.Value);
        for (int k = 0; k < steps && !exploded; k++)
        {
            cancel.ThrowIfCancellationRequested();
            sgd.Update(g, state, x, update);
            var next = new double[x.Length];
            for (int i = 0; i < x.Length; i++) next[i] = x[i] + update[i];
            var r = Differentiate.Gradient(f, next);
            double distance = 0;
            for (int i = 0; i < x.Length; i++) distance += (next[i] - start[i]) * (next[i] - start[i]);
            if (!double.IsFinite(r.Value) || !next.All(double.IsFinite)) { exploded = true; break; }
            iterates.Add(next);
            values.Add(r.Value);
            if (Math.Sqrt(distance) > bound || !r.Gradient.All(double.IsFinite)) exploded = true;
            (x, g) = (next, r.Gradient);
        }
        return new DescentPath((double[])start.Clone(), learningRate, iterates, values, lambda, exploded);
    }

    /// <summary>λmax of a symmetric matrix (NaN when an entry is not finite).</summary>
    public static double LargestEigenvalue(double[,] symmetric)
    {
        foreach (double e in symmetric) if (!double.IsFinite(e)) return double.NaN;
        return Matrix<double>.Build.DenseOfArray(symmetric).Evd(Symmetricity.Symmetric).EigenValues.Max(c => c.Real);
    }
}
