namespace Tangent.Tests.Support;

/// <summary>Functions several test folders record.</summary>
public static class TestFunctions
{
    /// <summary>Extended Rosenbrock f(x) = Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², written as a C# loop (8 operations per term).</summary>
    public static Var Rosenbrock(ReadOnlySpan<Var> x)
    {
        Var s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            Var t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
            s += 100 * t * t + u * u;
        }
        return s;
    }
}
