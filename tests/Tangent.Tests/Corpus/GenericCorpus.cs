namespace Tangent.Tests.Corpus;

/// <summary>Extended Rosenbrock Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², written once with generic math.</summary>
public readonly struct ExtendedRosenbrock : IScalarFunction
{
    /// <inheritdoc/>
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>
    {
        T s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            T d = x[i + 1] - x[i] * x[i], e = 1 - x[i];
            s += 100 * d * d + e * e;
        }
        return s;
    }

    /// <summary>∂f/∂xⱼ = −400xⱼ(xⱼ₊₁ − xⱼ²) − 2(1 − xⱼ) + 200(xⱼ − xⱼ₋₁²), each term where its index exists.</summary>
    public static double[] Gradient(double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double d = x[i + 1] - x[i] * x[i];
            g[i] += -400 * x[i] * d - 2 * (1 - x[i]);
            g[i + 1] += 200 * d;
        }
        return g;
    }

    /// <summary>The tridiagonal Hessian: diagonal 1200xᵢ² − 400xᵢ₊₁ + 2 (+200 from the previous term), off-diagonal −400xᵢ.</summary>
    public static double[,] Hessian(double[] x)
    {
        int n = x.Length;
        var h = new double[n, n];
        for (int i = 0; i + 1 < n; i++)
        {
            h[i, i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
            h[i + 1, i + 1] += 200;
            h[i, i + 1] += -400 * x[i];
            h[i + 1, i] += -400 * x[i];
        }
        return h;
    }
}

/// <summary>
/// A smooth mix of nearly every smooth primitive in R³, written once with generic math (sin, exp, log, sqrt,
/// cos, atan2, tanh, sigmoid, softplus, cosh, asin, acos, pow, sinh, tan, atan). Its derivatives are checked
/// against central differences and across scalar types; no closed form is kept.
/// </summary>
public readonly struct SmoothMix : IScalarFunction
{
    /// <inheritdoc/>
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>
    {
        T a = x[0], b = x[1], c = x[2];
        return T.Sin(a * b) * T.Exp(c * 0.5)
             + T.Log(1 + a * a) * T.Sqrt(2 + T.Cos(c))
             - T.Atan2(b, 2 + a * a) * T.Tanh(c)
             + T.Sigmoid(a - b) * T.Softplus(c)
             + T.Cosh(b / 3) / (1 + c * c)
             + T.Asin(T.Tanh(a) * 0.5) * T.Acos(T.Tanh(b) * 0.5)
             + T.Pow(1.5 + T.Sinh(a) * T.Sinh(a), b * 0.25) + T.Tan(T.Atan(c) * 0.5);
    }
}

/// <summary>
/// A piecewise function with control flow and nonsmooth primitives, generic: comparisons decide the
/// branch on every scalar type (on Var they are recorded). Smooth away from x = y, |z| = 0 and x = 1.
/// </summary>
public readonly struct Piecewise : IScalarFunction
{
    /// <inheritdoc/>
    public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>
    {
        T s = x[0] > x[1] ? x[0] * x[0] - x[1] : x[1] * T.Sin(x[0]);
        s += T.Max(x[0], 1) * T.Abs(x[2]) + T.Relu(x[1] - x[2]) + T.Min(x[0] * x[1], x[2]);
        return s;
    }
}
