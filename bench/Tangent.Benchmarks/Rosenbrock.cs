namespace Tangent.Benchmarks;

/// <summary>Extended Rosenbrock f(x) = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 0..n−2, in every form benchmarked.</summary>
public static class Rosenbrock
{
    /// <summary>Plain C# on doubles: the baseline.</summary>
    public static double F(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            s += 100 * t * t + u * u;
        }
        return s;
    }

    /// <summary>
    /// The hand-written adjoint: f and ∇f in one pass. ∂/∂xᵢ: −400 tᵢ xᵢ − 2 uᵢ; ∂/∂xᵢ₊₁: 200 tᵢ.
    /// </summary>
    public static double Adjoint(ReadOnlySpan<double> x, Span<double> g)
    {
        double s = 0;
        g.Clear();
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double xi = x[i], t = x[i + 1] - xi * xi, u = 1 - xi;
            s += 100 * t * t + u * u;
            g[i] += -400 * t * xi - 2 * u;
            g[i + 1] += 200 * t;
        }
        return s;
    }

    /// <summary>
    /// The hand-written Hessian-vector product, ∇²f·v in one pass: each term 100 tᵢ² + uᵢ² contributes
    /// 200 ṫᵢ ∇tᵢ + 200 tᵢ ∇²tᵢ·v + 2 u̇ᵢ ∇uᵢ, with tᵢ = xᵢ₊₁ − xᵢ², ṫᵢ = vᵢ₊₁ − 2xᵢvᵢ, u̇ᵢ = −vᵢ.
    /// </summary>
    public static void Hvp(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        hv.Clear();
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double xi = x[i], vi = v[i], t = x[i + 1] - xi * xi, dt = v[i + 1] - 2 * xi * vi;
            hv[i] += -400 * (dt * xi + t * vi) + 2 * vi;
            hv[i + 1] += 200 * dt;
        }
    }

    /// <summary>The same code on the tape scalar: 8 recorded operations per term.</summary>
    public static Var OnVar(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Var t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            s += 100 * t * t + u * u;
        }
        return s;
    }

    /// <summary>Written once with generic math (runs on double, Dual, Var).</summary>
    public readonly struct Generic : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>
        {
            T s = 0;
            for (int i = 0; i + 1 < x.Length; i++)
            {
                T t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
                s += 100 * t * t + u * u;
            }
            return s;
        }
    }
}
