using System.Runtime.CompilerServices;

namespace Tangent.Primitives;

/// <summary>
/// The logistic function σ(x) = 1/(1 + e⁻ˣ) and its slope σ′(x) = σ(x)σ(−x), in the forms that keep full relative
/// accuracy over the whole range: the mathematics of the sigmoid primitive, which softplus (softplus′ = σ) and silu
/// (x·σ(x)) share rather than naming that primitive.
/// </summary>
internal static class Logistic
{
    /// <summary>σ(x), in the form that never overflows: 1/(1 + e⁻ˣ) for x ≥ 0, eˣ/(1 + eˣ) for x &lt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // σ is on the hot paths of the sweeps, batches and compiled code
    public static double Of(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>
    /// σ′(x) = σ(x)σ(−x) = e/(1 + e)² with e = e^{−|x|}: the form y(1 − y) loses every digit for large x, where y rounds
    /// to 1 (σ′(40) ≈ 4.2e−18 would come out 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Slope(double x)
    {
        double e = Math.Exp(-Math.Abs(x)), q = 1 + e;
        return e / (q * q);
    }
}
