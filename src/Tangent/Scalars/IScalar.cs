using System.Numerics;
using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// A real scalar that a function can be written on once and then run on plain doubles
/// (<see cref="Real"/>), dual numbers (<see cref="Dual"/>) and the recording tape (<see cref="Var"/>).
/// </summary>
/// <remarks>
/// Each primitive is one hook, <see cref="Apply{P}(T)"/>; its named function (sin, exp, …) is a default member of
/// this interface declared in the primitive's own file (src/Tangent/Primitives).
/// Comparisons compare values. On <see cref="Var"/> each comparison is also recorded as a branch
/// decision, so a re-used graph knows when the control flow would change.
/// </remarks>
public partial interface IScalar<T> :
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

    /// <summary>
    /// φ(x) for the unary primitive P: the one hook each scalar type implements. The named functions
    /// (<c>T.Sin(x)</c>, …) are default members that call it, declared beside each primitive's mathematics.
    /// </summary>
    static abstract T Apply<P>(T x) where P : IUnaryPrimitive;

    /// <summary>φ(a, b) for the binary primitive P (the hook behind the operators and every named binary function).</summary>
    static abstract T Apply<P>(T a, T b) where P : IBinaryPrimitive;
}
