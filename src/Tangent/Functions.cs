namespace Tangent;

/// <summary>A function f: Rⁿ → R written on the tape scalar: <c>x =&gt; x[0] * Var.Sin(x[1])</c>.</summary>
public delegate Var ScalarFunction(ReadOnlySpan<Var> x);

/// <summary>A function F: Rⁿ → Rᵐ written on the tape scalar, returning its m components.</summary>
public delegate Var[] VectorFunction(ReadOnlySpan<Var> x);

/// <summary>
/// A function f: Rⁿ → R written once with generic math, so that it runs on plain doubles
/// (<see cref="Real"/>), dual numbers (<see cref="Dual"/>) and the tape (<see cref="Var"/>).
/// </summary>
/// <example>
/// <code>
/// readonly struct Rosenbrock : IScalarFunction
/// {
///     public T Invoke&lt;T&gt;(ReadOnlySpan&lt;T&gt; x) where T : IScalar&lt;T&gt;
///         =&gt; 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0]);
/// }
/// </code>
/// </example>
public interface IScalarFunction
{
    /// <summary>f(x) on the scalar type T.</summary>
    T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T>;
}

/// <summary>Shape checks whose messages name both shapes.</summary>
internal static class Shape
{
    public static void Require(int actual, int expected, string what, string against)
    {
        if (actual != expected)
            throw new ArgumentException($"{what} has length {actual}, but {against} has length {expected}: the shapes must match.");
    }

    public static void NonEmpty(int length, string what)
    {
        if (length == 0) throw new ArgumentException($"{what} is empty: a function of no variables has no derivative.");
    }
}
