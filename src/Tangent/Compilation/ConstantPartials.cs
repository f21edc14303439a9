namespace Tangent;

/// <summary>
/// Nodes whose used partials are one finite nonzero constant whatever the operands (a + b, a − b, −a,
/// c·a, a/c with c a recorded constant): for them the reverse code needs no zero-adjoint test, and takes
/// the partials as literals (evaluated once, by the declaration), so that it needs no operand values.
/// </summary>
/// <remarks>
/// The test skips ā += (∂φ/∂a)·ȳ when ȳ = 0, so that 0·∞ and 0·NaN never reach an adjoint. With a finite
/// constant ∂φ/∂a, the skipped term is ±0, and adding ±0 leaves every adjoint unchanged: adjoints start at
/// +0 (or the seed) and a sum that starts at +0 is never −0 under round-to-nearest, and x + (±0) = x for
/// any other x. So dropping the test keeps the results bit for bit. A partial is taken to be constant when
/// the primitive's own declaration returns the same bits at every probe point below (non-finite, signed
/// zero, tiny, huge, both signs; the recorded constant in a constant operand's slot): a rule that depends
/// on its operands shows it there.
/// </remarks>
internal static class ConstantPartials
{
    static readonly double[] Probes = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1.0, -2.5, 0.5, 3.7e300, -1e-300, 7.25, -123.0];

    /// <summary>The constant partials of position p (by its declaration), or null when they depend on the operands.</summary>
    public static (double Da, double Db)? Of(Segment s, int p)
    {
        s.ConstantPartials ??= new (double, double)?[s.Period];
        s.Probed ??= new bool[s.Period];
        if (s.Probed[p]) return s.ConstantPartials[p];
        s.Probed[p] = true;
        if (!Probe(s, p)) return null;
        Ref a = s.A[p], b = s.B[p];
        s.Prims[p].Evaluate(a.Kind == RefKind.Constant ? a.Constant : 1.0, b.Kind == RefKind.Constant ? b.Constant : 1.0, out double da, out double db);
        return s.ConstantPartials[p] = (da, db);
    }

    /// <summary>True when position p's used partials are one finite nonzero constant.</summary>
    public static bool Hold(Segment s, int p) => Of(s, p) is not null;

    static bool Probe(Segment s, int p)
    {
        var prim = s.Prims[p];
        Ref a = s.A[p], b = s.Binary(p) ? s.B[p] : new Ref(RefKind.Constant, 0, 0, 0);
        ReadOnlySpan<double> fixedA = a.Kind == RefKind.Constant ? [a.Constant] : Probes;
        ReadOnlySpan<double> fixedB = b.Kind == RefKind.Constant ? [b.Constant] : Probes;
        long? da = null, db = null;
        foreach (double x in fixedA)
            foreach (double y in fixedB)
            {
                prim.Evaluate(x, y, out double pa, out double pb);
                if (a.IsVariable && !Same(ref da, pa)) return false;
                if (b.IsVariable && !Same(ref db, pb)) return false;
            }
        return true;
    }

    static bool Same(ref long? bits, double partial)
    {
        if (!double.IsFinite(partial) || partial == 0) return false;
        long now = BitConverter.DoubleToInt64Bits(partial);
        bits ??= now;
        return bits == now;
    }
}
