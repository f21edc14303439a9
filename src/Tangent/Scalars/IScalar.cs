using System.Numerics;

namespace Tangent;

/// <summary>
/// A real scalar that a function can be written on once and then run on plain doubles
/// (<see cref="Real"/>), dual numbers (<see cref="Dual"/>) and the recording tape (<see cref="Var"/>).
/// </summary>
/// <remarks>
/// Comparisons compare values. On <see cref="Var"/> each comparison is also recorded as a branch
/// decision, so a re-used graph knows when the control flow would change.
/// </remarks>
public interface IScalar<T> :
    IAdditionOperators<T, T, T>, ISubtractionOperators<T, T, T>, IMultiplyOperators<T, T, T>,
    IDivisionOperators<T, T, T>, IUnaryNegationOperators<T, T>, IUnaryPlusOperators<T, T>,
    IComparisonOperators<T, T, bool>
    where T : IScalar<T>
{
    /// <summary>The value at the point.</summary>
    double Value { get; }

    /// <summary>A constant: its derivative with respect to every input is 0.</summary>
    static abstract implicit operator T(double constant);

    /// <summary>a + c.</summary>
    static abstract T operator +(T a, double c);
    /// <summary>c + a.</summary>
    static abstract T operator +(double c, T a);
    /// <summary>a − c.</summary>
    static abstract T operator -(T a, double c);
    /// <summary>c − a.</summary>
    static abstract T operator -(double c, T a);
    /// <summary>a·c.</summary>
    static abstract T operator *(T a, double c);
    /// <summary>c·a.</summary>
    static abstract T operator *(double c, T a);
    /// <summary>a/c.</summary>
    static abstract T operator /(T a, double c);
    /// <summary>c/a.</summary>
    static abstract T operator /(double c, T a);

    /// <summary>sin x.</summary>
    static abstract T Sin(T x);
    /// <summary>cos x.</summary>
    static abstract T Cos(T x);
    /// <summary>tan x.</summary>
    static abstract T Tan(T x);
    /// <summary>asin x.</summary>
    static abstract T Asin(T x);
    /// <summary>acos x.</summary>
    static abstract T Acos(T x);
    /// <summary>atan x.</summary>
    static abstract T Atan(T x);
    /// <summary>atan2(y, x), the angle of (x, y) in (−π, π].</summary>
    static abstract T Atan2(T y, T x);
    /// <summary>sinh x.</summary>
    static abstract T Sinh(T x);
    /// <summary>cosh x.</summary>
    static abstract T Cosh(T x);
    /// <summary>tanh x.</summary>
    static abstract T Tanh(T x);
    /// <summary>eˣ.</summary>
    static abstract T Exp(T x);
    /// <summary>ln x.</summary>
    static abstract T Log(T x);
    /// <summary>√x.</summary>
    static abstract T Sqrt(T x);
    /// <summary>|x|.</summary>
    static abstract T Abs(T x);
    /// <summary>max(x, 0).</summary>
    static abstract T Relu(T x);
    /// <summary>1/(1 + e⁻ˣ).</summary>
    static abstract T Sigmoid(T x);
    /// <summary>ln(1 + eˣ).</summary>
    static abstract T Softplus(T x);
    /// <summary>sign x ∈ {−1, 0, 1}.</summary>
    static abstract T Sign(T x);
    /// <summary>max(a, b).</summary>
    static abstract T Max(T a, T b);
    /// <summary>min(a, b).</summary>
    static abstract T Min(T a, T b);
    /// <summary>aᵇ.</summary>
    static abstract T Pow(T a, T b);
}
