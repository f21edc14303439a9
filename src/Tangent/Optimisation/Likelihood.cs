namespace Tangent.Optimisation;

/// <summary>
/// A negative log-likelihood ℓ(z) of a model's outputs z (logits) given the labels, averaged over the samples, with
/// what the natural gradient needs: ℓ, ∇ℓ and the Fisher information in output space F_z = E[∇log p ∇log pᵀ], which for
/// these exponential families equals ∇²ℓ (so the Fisher of the parameters Jᵀ F_z J is also the Gauss–Newton matrix).
/// </summary>
public abstract class Likelihood
{
    /// <summary>The number of outputs z the model must give.</summary>
    public abstract int Outputs { get; }

    /// <summary>ℓ(z), with ∇ℓ(z) written to <paramref name="gradient"/>.</summary>
    public abstract double ValueAndGradient(ReadOnlySpan<double> z, Span<double> gradient);

    /// <summary>F_z·v, the output-space Fisher at z times v.</summary>
    public abstract void FisherVector(ReadOnlySpan<double> z, ReadOnlySpan<double> v, Span<double> fv);

    /// <summary>
    /// Bernoulli labels yᵢ ∈ {0, 1} with logits zᵢ: ℓ = (1/N)Σ log(1 + e^{zᵢ}) − yᵢzᵢ (the logistic loss),
    /// ∇ℓᵢ = (σ(zᵢ) − yᵢ)/N, F_z = diag(σ(zᵢ)(1 − σ(zᵢ)))/N.
    /// </summary>
    /// <exception cref="ArgumentException">A label is not 0 or 1, or there are none.</exception>
    public static Likelihood Bernoulli(ReadOnlySpan<double> labels) => new BernoulliLogits(labels.ToArray());

    /// <summary>
    /// Categorical labels in 0 … K − 1 with K logits per sample (row-major, N×K): ℓ = (1/N)Σ logsumexp(zᵢ) − zᵢ[yᵢ]
    /// (softmax cross-entropy), ∇ℓᵢ = (softmax(zᵢ) − e_{yᵢ})/N, F_z = blockdiag(diag(pᵢ) − pᵢpᵢᵀ)/N.
    /// </summary>
    /// <exception cref="ArgumentException">A label is outside 0 … K − 1, K &lt; 2, or there are no labels.</exception>
    public static Likelihood Categorical(ReadOnlySpan<int> labels, int classes) => new CategoricalLogits(labels.ToArray(), classes);
}

internal sealed class BernoulliLogits : Likelihood
{
    private readonly double[] y;

    public BernoulliLogits(double[] labels)
    {
        Shape.NonEmpty(labels.Length, "The labels");
        int bad = Array.FindIndex(labels, v => v != 0 && v != 1);
        if (bad >= 0) throw new ArgumentException($"Label {bad} is {labels[bad]}: Bernoulli labels are 0 or 1.", nameof(labels));
        y = labels;
    }

    public override int Outputs => y.Length;

    public override double ValueAndGradient(ReadOnlySpan<double> z, Span<double> gradient)
    {
        double sum = 0, n = y.Length;
        for (int i = 0; i < y.Length; i++)
        {
            // log(1 + eᶻ) = max(z, 0) + log1p(e^{−|z|}), exact for large |z|.
            sum += Math.Max(z[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(z[i]))) - y[i] * z[i];
            gradient[i] = (Sigmoid(z[i]) - y[i]) / n;
        }
        return sum / n;
    }

    public override void FisherVector(ReadOnlySpan<double> z, ReadOnlySpan<double> v, Span<double> fv)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double p = Sigmoid(z[i]);
            fv[i] = p * (1 - p) * v[i] / y.Length;
        }
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

internal sealed class CategoricalLogits : Likelihood
{
    private readonly int[] y;
    private readonly int k;

    public CategoricalLogits(int[] labels, int classes)
    {
        Shape.NonEmpty(labels.Length, "The labels");
        if (classes < 2) throw new ArgumentException($"A categorical likelihood needs at least 2 classes, not {classes}.", nameof(classes));
        int bad = Array.FindIndex(labels, v => v < 0 || v >= classes);
        if (bad >= 0) throw new ArgumentException($"Label {bad} is {labels[bad]}: labels lie in 0 … {classes - 1}.", nameof(labels));
        (y, k) = (labels, classes);
    }

    public override int Outputs => y.Length * k;

    public override double ValueAndGradient(ReadOnlySpan<double> z, Span<double> gradient)
    {
        double sum = 0, n = y.Length;
        Span<double> p = stackalloc double[k];
        for (int i = 0; i < y.Length; i++)
        {
            var zi = z.Slice(i * k, k);
            double lse = Softmax(zi, p);
            sum += lse - zi[y[i]];
            for (int c = 0; c < k; c++) gradient[i * k + c] = (p[c] - (c == y[i] ? 1 : 0)) / n;
        }
        return sum / n;
    }

    public override void FisherVector(ReadOnlySpan<double> z, ReadOnlySpan<double> v, Span<double> fv)
    {
        Span<double> p = stackalloc double[k];
        for (int i = 0; i < y.Length; i++)
        {
            Softmax(z.Slice(i * k, k), p);
            var vi = v.Slice(i * k, k);
            double pv = 0;
            for (int c = 0; c < k; c++) pv += p[c] * vi[c];
            for (int c = 0; c < k; c++) fv[i * k + c] = p[c] * (vi[c] - pv) / y.Length;
        }
    }

    /// <summary>p = softmax(z) and returns logsumexp(z), shifted by max z so no exponential overflows.</summary>
    private static double Softmax(ReadOnlySpan<double> z, Span<double> p)
    {
        double m = double.NegativeInfinity, s = 0;
        foreach (var t in z) m = Math.Max(m, t);
        for (int c = 0; c < z.Length; c++) s += p[c] = Math.Exp(z[c] - m);
        for (int c = 0; c < z.Length; c++) p[c] /= s;
        return m + Math.Log(s);
    }
}
