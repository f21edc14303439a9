namespace Tangent.Checks;

/// <summary>
/// The variables a differentiability check works on, out of all of f's: the used ones move, the others stay at their
/// value at x. A check on the used variables alone answers for f (its partials in the others are 0 near x), and its
/// evidence is expanded back to every variable, so that unused variables cost nothing.
/// </summary>
internal sealed class Embedding(double[] x, int[] used)
{
    /// <summary>The point of all variables: x with the used coordinates replaced by <paramref name="y"/>.</summary>
    public double[] Full(ReadOnlySpan<double> y)
    {
        var p = (double[])x.Clone();
        for (int k = 0; k < used.Length; k++) p[used[k]] = y[k];
        return p;
    }

    /// <summary>The full argument of f on any scalar type: constants at x, the used coordinates from <paramref name="y"/>.</summary>
    public T[] Full<T>(ReadOnlySpan<T> y) where T : IScalar<T>
    {
        var p = new T[x.Length];
        for (int i = 0; i < p.Length; i++) p[i] = x[i];
        for (int k = 0; k < used.Length; k++) p[used[k]] = y[k];
        return p;
    }

    /// <summary>The Vars of the full argument (see <see cref="Full{T}"/>).</summary>
    public Var[] Vars(ReadOnlySpan<Var> y) => Full(y);

    /// <summary>The used coordinates of a full point.</summary>
    public double[] Reduce(double[] full) => [.. used.Select(i => full[i])];

    /// <summary>The names of the used variables.</summary>
    public string[] Names(IReadOnlyList<string> names) => [.. used.Select(i => names[i])];

    /// <summary>A vector over the used variables expanded to all of them, <paramref name="fill"/> elsewhere.</summary>
    private double[] Expand(double[] v, double fill)
    {
        var e = new double[x.Length];
        Array.Fill(e, fill);
        for (int k = 0; k < used.Length; k++) e[used[k]] = v[k];
        return e;
    }

    /// <summary>
    /// The result of the check on the used variables as the result for all of them: the unused ones have partials 0
    /// (exactly, automatic and numeric) and one-sided partials 0 from both sides.
    /// </summary>
    public DifferentiabilityResult Expand(DifferentiabilityResult r, IReadOnlyList<string> names)
    {
        var e = r.Evidence;
        var oneSided = new OneSidedPartial[x.Length];
        for (int i = 0; i < x.Length; i++) oneSided[i] = new OneSidedPartial(names[i], 0, 0, true);
        for (int k = 0; k < used.Length && k < e.OneSidedPartials.Count; k++) oneSided[used[k]] = e.OneSidedPartials[k];
        var evidence = e with
        {
            AutomaticGradient = Expand(e.AutomaticGradient, 0),
            NumericGradient = Expand(e.NumericGradient, 0),
            OneSidedPartials = e.OneSidedPartials.Count == 0 ? [] : oneSided,
        };
        return r with
        {
            Point = x,
            Derivative = r.Derivative is null ? null : Expand(r.Derivative, 0),
            Evidence = evidence,
        };
    }
}

/// <summary>A generic function restricted to the used variables of an <see cref="Embedding"/>.</summary>
internal readonly struct Embedded<TFunction>(TFunction f, Embedding embedding) : IScalarFunction where TFunction : IScalarFunction
{
    public T Invoke<T>(ReadOnlySpan<T> y) where T : IScalar<T> => f.Invoke<T>(embedding.Full(y));
}
