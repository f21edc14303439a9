using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace Tangent.Primitives;

/// <summary>
/// erf and erfc in double precision, after the method of Sun's fdlibm (s_erf.c, 1993; the coefficients are
/// fdlibm's): rational approximations on [0, 0.84375] and [0.84375, 1.25], and for |x| ≥ 1.25
/// erfc(x) = exp(−x² − 0.5625 + R(1/x²)/S(1/x²))/x, with the exponent split so that no digit of x² is lost.
/// erfc keeps full relative accuracy in its tail (erfc(20) ≈ 5.4e−176, erfc(26) ≈ 5.7e−296), where 1 − erf(x)
/// would be 0. Errors are below an ulp or two against 50-digit references (tests/…/NewPrimitiveReferenceTests).
/// The overloads on Vector256 run the same method four lanes at a time (every interval evaluated and the lanes'
/// own selected; the exponentials by Vector256.Exp, within a few ulps), for the lanes forms of erf, erfc and gelu.
/// </summary>
internal static class ErrorFunction
{
    /// <summary>2/√π.</summary>
    public const double TwoOverSqrtPi = 1.1283791670955126;

    // erx: erf(1) rounded to single precision, so that erx + P/Q is exact in its leading part.
    private const double Erx = 8.45062911510467529297e-01, Efx = 1.28379167095512586316e-01;
    private static readonly double[] Pp = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
    private static readonly double[] Qq = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
    private static readonly double[] Pa = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
    private static readonly double[] Qa = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
    private static readonly double[] Ra = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00];
    private static readonly double[] Sa = [1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02];
    private static readonly double[] Rb = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02];
    private static readonly double[] Sb = [1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01];

    /// <summary>c₀ + c₁t + c₂t² + … by Horner's rule.</summary>
    private static double Poly(double[] c, double t)
    {
        double s = c[^1];
        for (int i = c.Length - 2; i >= 0; i--) s = s * t + c[i];
        return s;
    }

    /// <summary>erf(x).</summary>
    public static double Of(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax < 0.84375)
        {
            if (ax < 3.7252902984619141e-09) return x + Efx * x; // below 2⁻²⁸: erf x = (2/√π)x to double precision
            double z = x * x;
            return x + x * (Poly(Pp, z) / Poly(Qq, z));
        }
        if (ax < 1.25)
        {
            double s = ax - 1, pq = Poly(Pa, s) / Poly(Qa, s);
            return x >= 0 ? Erx + pq : -Erx - pq;
        }
        if (ax >= 6) return x >= 0 ? 1 : -1; // 1 − erfc(6) rounds to 1
        double r = Tail(ax);
        return x >= 0 ? 1 - r : r - 1;
    }

    /// <summary>erfc(x) = 1 − erf(x), with full relative accuracy where it is tiny (x ≫ 1).</summary>
    public static double Complement(double x)
    {
        if (double.IsNaN(x)) return x;
        double ax = Math.Abs(x);
        if (ax < 0.84375)
        {
            if (ax < 1.3877787807814457e-17) return 1 - x; // below 2⁻⁵⁶
            double z = x * x, y = Poly(Pp, z) / Poly(Qq, z);
            if (x < 0.25) return 1 - (x + x * y);
            return 0.5 - (x * y + (x - 0.5)); // 1 − x − xy, with 0.5 split off exactly
        }
        if (ax < 1.25)
        {
            double s = ax - 1, pq = Poly(Pa, s) / Poly(Qa, s);
            return x >= 0 ? 1 - Erx - pq : 1 + (Erx + pq);
        }
        if (ax < 28)
        {
            if (x < -6) return 2; // 2 − erfc(6) rounds to 2
            double r = Tail(ax);
            return x > 0 ? r : 2 - r;
        }
        return x > 0 ? 0 : 2; // erfc(28) ≈ 6e−343 underflows
    }

    /// <summary>
    /// erfc(x) for 1.25 ≤ x &lt; 28: exp(−x² − 0.5625 + R/S)/x. x² is split as z² + (z − x)(z + x) with z = x cut to
    /// its top 21 bits, so z² and z² + 0.5625 are exact and the exponent keeps every digit.
    /// </summary>
    private static double Tail(double x)
    {
        double s = 1 / (x * x);
        double rs = x < 1 / 0.35 ? Poly(Ra, s) / Poly(Sa, s) : Poly(Rb, s) / Poly(Sb, s);
        double z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & unchecked((long)0xFFFFFFFF00000000));
        return Math.Exp(-z * z - 0.5625) * Math.Exp((z - x) * (z + x) + rs) / x;
    }

    /// <summary>exp(−x²·k) for k = 1 or ½ without the rounding error of x² (which costs x²·2⁻⁵³ relative): x = z + (x − z) as in <see cref="Tail"/>.</summary>
    public static double ExpMinusSquare(double x, double k = 1)
    {
        if (!double.IsFinite(x)) return double.IsNaN(x) ? x : 0;
        double z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & unchecked((long)0xFFFFFFFF00000000));
        return Math.Exp(-k * (z * z)) * Math.Exp(-k * ((x - z) * (x + z)));
    }

    // ------------------------------------------------------------------ four lanes at a time ----

    private static readonly V Mask = Vector256.Create(unchecked((long)0xFFFFFFFF00000000)).AsDouble();

    /// <summary>c₀ + c₁t + … by Horner's rule, each coefficient cᵢ where <paramref name="first"/> is set, else dᵢ (0 past d's end).</summary>
    private static V Poly(V first, double[] c, double[] d, V t)
    {
        int n = Math.Max(c.Length, d.Length);
        double Ci(double[] a, int i) => i < a.Length ? a[i] : 0;
        var s = Vector256.ConditionalSelect(first, Vector256.Create(Ci(c, n - 1)), Vector256.Create(Ci(d, n - 1)));
        for (int i = n - 2; i >= 0; i--) s = s * t + Vector256.ConditionalSelect(first, Vector256.Create(Ci(c, i)), Vector256.Create(Ci(d, i)));
        return s;
    }

    private static V Poly(double[] c, V t)
    {
        var s = Vector256.Create(c[^1]);
        for (int i = c.Length - 2; i >= 0; i--) s = s * t + Vector256.Create(c[i]);
        return s;
    }

    /// <summary>The pieces both functions read: the lanes below 0.84375 (<c>y</c> = P/Q of x²), below 1.25 (<c>pq</c>), and the tail.</summary>
    private static (V Ax, V Y, V Pq, V Tail) Pieces(V x)
    {
        var ax = Vector256.Abs(x);
        var y = Poly(Pp, x * x) / Poly(Qq, x * x);
        var s = ax - V.One;
        var pq = Poly(Pa, s) / Poly(Qa, s);
        // The tail for 1.25 ≤ |x| < 28 (elsewhere its lanes are not read): R/S on [1.25, 1/0.35) or beyond, as Tail.
        var t = V.One / (ax * ax);
        var near = Vector256.LessThan(ax, Vector256.Create(1 / 0.35));
        var rs = Poly(near, Ra, Rb, t) / Poly(near, Sa, Sb, t);
        var z = ax & Mask;
        var tail = Vector256.Exp(-z * z - Vector256.Create(0.5625)) * Vector256.Exp((z - ax) * (z + ax) + rs) / ax;
        return (ax, y, pq, tail);
    }

    /// <summary>erf(x) in four lanes, as <see cref="Of(double)"/>.</summary>
    public static V Of(V x)
    {
        var (ax, y, pq, tail) = Pieces(x);
        var positive = Vector256.GreaterThanOrEqual(x, V.Zero);
        // Past 6, 1 − erfc rounds to 1 (the declaration's shortcut); past 28 the tail's lanes are not finite.
        var r = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(28.0)), tail, V.Zero);
        var far = Vector256.ConditionalSelect(positive, V.One - r, r - V.One);
        var middle = Vector256.ConditionalSelect(positive, Vector256.Create(Erx) + pq, -Vector256.Create(Erx) - pq);
        var result = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(1.25)), middle, far);
        result = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.84375)), x + x * y, result);
        return Vector256.ConditionalSelect(Vector256.IsNaN(x), x, result);
    }

    /// <summary>erfc(x) in four lanes, as <see cref="Complement(double)"/> (full relative accuracy in the tail).</summary>
    public static V Complement(V x)
    {
        var (ax, y, pq, tail) = Pieces(x);
        var positive = Vector256.GreaterThanOrEqual(x, V.Zero);
        var two = Vector256.Create(2.0);
        var r = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(28.0)), tail, V.Zero);
        var far = Vector256.ConditionalSelect(Vector256.GreaterThan(x, V.Zero), r, two - r);
        var erx = Vector256.Create(Erx);
        var middle = Vector256.ConditionalSelect(positive, V.One - erx - pq, V.One + (erx + pq));
        var half = Vector256.Create(0.5);
        var near = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(0.25)), V.One - (x + x * y), half - (x * y + (x - half)));
        var result = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(1.25)), middle, far);
        result = Vector256.ConditionalSelect(Vector256.LessThan(ax, Vector256.Create(0.84375)), near, result);
        return Vector256.ConditionalSelect(Vector256.IsNaN(x), x, result);
    }

    /// <summary>exp(−x²·k) in four lanes, as <see cref="ExpMinusSquare(double, double)"/>: 0 at ±∞, NaN at NaN.</summary>
    public static V ExpMinusSquare(V x, double k = 1)
    {
        var z = x & Mask;
        var minusK = Vector256.Create(-k);
        var e = Vector256.Exp(minusK * (z * z)) * Vector256.Exp(minusK * ((x - z) * (x + z)));
        return Vector256.ConditionalSelect(Vector256.Equals(Vector256.Abs(x), Vector256.Create(double.PositiveInfinity)), V.Zero, e);
    }
}
