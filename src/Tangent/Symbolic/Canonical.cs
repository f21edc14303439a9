using Tangent.Primitives;

namespace Tangent.Symbolic;

/// <summary>
/// The simplifier: builds every <see cref="Expr"/> node in a canonical form, so that equal things
/// look equal and the printed formulas carry no x·1, x + 0, 0·x, x¹, x⁰, −(−x) or x/1.
/// </summary>
/// <remarks>
/// A sum is read as c₀ + Σ cᵢ·mᵢ (numbers cᵢ, monomials mᵢ without a numeric factor): like
/// monomials are collected and the terms are ordered by <see cref="ExprOrder"/>. A product is read
/// as c·Π bⱼ^eⱼ (number c, bases bⱼ, numeric exponents eⱼ): powers of one base are collected,
/// the number comes first and negative exponents go into one denominator. Both are rebuilt from the
/// binary primitives (+, −, ·, /, ^, neg), so the symbolic differentiator meets only primitives.
/// </remarks>
internal static class Canonical
{
    private static readonly Primitive AddOp = Operators.Add, SubtractOp = Operators.Subtract, MultiplyOp = Operators.Multiply,
        DivideOp = Operators.Divide, NegateOp = Operators.Negate, PowerOp = Operators.Power;

    /// <summary>φ(a, b) in canonical form.</summary>
    internal static Expr Apply(Primitive op, Expr a, Expr? b)
    {
        if (ReferenceEquals(op, AddOp)) return Sum([(a, 1), (b!, 1)]);
        if (ReferenceEquals(op, SubtractOp)) return Sum([(a, 1), (b!, -1)]);
        if (ReferenceEquals(op, NegateOp)) return IsSum(a) ? Sum([(a, -1)]) : Product([(a, 1)], -1);
        if (ReferenceEquals(op, MultiplyOp)) return Product([(a, 1), (b!, 1)], 1);
        if (ReferenceEquals(op, DivideOp)) return Product([(a, 1), (b!, -1)], 1);
        if (ReferenceEquals(op, PowerOp)) return Power(a, b!);
        if (a.Kind == ExprKind.Constant && (b is null || b.Kind == ExprKind.Constant))
        {
            double y = op.Evaluate(a.Number, b?.Number ?? 0, out _, out _);
            if (double.IsFinite(y)) return Expr.Constant(y);
        }
        return Expr.Raw(op, a, b);
    }

    private static bool IsSum(Expr e) => ReferenceEquals(e.Primitive, AddOp) || ReferenceEquals(e.Primitive, SubtractOp);

    private static bool IsInteger(double k) => double.IsFinite(k) && k == Math.Floor(k);

    // --------------------------------------------------------------------- power ----

    private static Expr Power(Expr a, Expr b)
    {
        if (b.Is(0)) return Expr.Constant(1);   // x⁰ = 1 (0⁰ = 1 as Math.Pow has it)
        if (b.Is(1)) return a;
        if (a.Is(1)) return Expr.Constant(1);   // 1ˣ = 1
        if (a.Kind == ExprKind.Constant && b.Kind == ExprKind.Constant)
        {
            double y = Math.Pow(a.Number, b.Number);
            if (double.IsFinite(y)) return Expr.Constant(y);
            return Expr.Raw(PowerOp, a, b);
        }
        if (b.Kind != ExprKind.Constant) return Expr.Raw(PowerOp, a, b);
        double k = b.Number;
        // (Π bⱼ^eⱼ)^k = Π bⱼ^(k·eⱼ) holds for integer k only; a non-integer power of a single base
        // becomes that base's exponent, and of anything else stays whole.
        if (IsInteger(k) || IsBase(a)) return Product([(a, k)], 1);
        return Expr.Raw(PowerOp, a, b);
    }

    /// <summary>A leaf of a product: not a number, not itself a product, quotient, negation or numeric power.</summary>
    private static bool IsBase(Expr e) =>
        e.Kind == ExprKind.Variable || (e.Kind == ExprKind.Apply && !ReferenceEquals(e.Primitive, MultiplyOp)
            && !ReferenceEquals(e.Primitive, DivideOp) && !ReferenceEquals(e.Primitive, NegateOp)
            && !(ReferenceEquals(e.Primitive, PowerOp) && e.B!.Kind == ExprKind.Constant));

    // ----------------------------------------------------------------------- sum ----

    /// <summary>Σ terms, in canonical form (one flattening for all of them).</summary>
    internal static Expr Sum(IReadOnlyList<Expr> terms) => terms.Count == 1 ? terms[0] : Sum(terms.Select(t => (t, 1.0)).ToArray());

    private static Expr Sum((Expr Term, double Scale)[] parts)
    {
        var terms = new List<(Expr Monomial, double Coefficient)>();
        var index = new Dictionary<Expr, int>();
        double constant = 0;
        foreach (var (e, s) in parts) CollectTerms(e, s, terms, index, ref constant);
        return BuildSum(terms, constant);
    }

    private static void CollectTerms(Expr e, double s, List<(Expr, double)> terms, Dictionary<Expr, int> index, ref double constant)
    {
        ExprTable.Current.Step();
        if (e.Kind == ExprKind.Constant) { constant += s * e.Number; return; }
        if (ReferenceEquals(e.Primitive, AddOp))
        {
            CollectTerms(e.A!, s, terms, index, ref constant);
            CollectTerms(e.B!, s, terms, index, ref constant);
            return;
        }
        if (ReferenceEquals(e.Primitive, SubtractOp))
        {
            CollectTerms(e.A!, s, terms, index, ref constant);
            CollectTerms(e.B!, -s, terms, index, ref constant);
            return;
        }
        if (ReferenceEquals(e.Primitive, NegateOp)) { CollectTerms(e.A!, -s, terms, index, ref constant); return; }
        var (c, monomial) = SplitCoefficient(e);
        if (IsSum(monomial)) { CollectTerms(monomial, s * c, terms, index, ref constant); return; }
        if (index.TryGetValue(monomial, out int i)) terms[i] = (monomial, terms[i].Item2 + s * c);
        else
        {
            index.Add(monomial, terms.Count);
            terms.Add((monomial, s * c));
        }
    }

    /// <summary>e = c·m with c a number and m a product without a numeric factor.</summary>
    private static (double Coefficient, Expr Monomial) SplitCoefficient(Expr e)
    {
        if (!ReferenceEquals(e.Primitive, MultiplyOp) && !ReferenceEquals(e.Primitive, DivideOp) && !ReferenceEquals(e.Primitive, NegateOp))
            return (1, e);
        var factors = new List<(Expr Base, double Exponent)>();
        var index = new Dictionary<Expr, int>();
        double c = 1;
        CollectFactors(e, 1, factors, index, ref c);
        return (c, BuildProduct(factors, 1));
    }

    private static Expr BuildSum(List<(Expr Monomial, double Coefficient)> terms, double constant)
    {
        terms.RemoveAll(t => t.Coefficient == 0);
        if (terms.Count == 0) return Expr.Constant(constant);
        var keys = terms.Select(t => ExprOrder.Factors(t.Monomial)).ToArray();
        var order = Enumerable.Range(0, terms.Count).ToArray();
        Array.Sort(order, (i, j) => ExprOrder.CompareFactorLists(keys[i], keys[j]));

        // 1 − x² reads better than −x² + 1: a positive number leads when the first term is negative.
        bool constantFirst = constant > 0 && terms[order[0]].Coefficient < 0;
        Expr? sum = constantFirst ? Expr.Constant(constant) : null;
        foreach (int i in order)
        {
            ExprTable.Current.Step();
            var (m, c) = terms[i];
            if (sum is null) sum = Scale(c, m);
            else sum = Expr.Raw(c > 0 ? AddOp : SubtractOp, sum, Scale(Math.Abs(c), m));
        }
        if (!constantFirst && constant != 0)
            sum = Expr.Raw(constant > 0 ? AddOp : SubtractOp, sum!, Expr.Constant(Math.Abs(constant)));
        return sum!;
    }

    private static Expr Scale(double c, Expr monomial) => c == 1 ? monomial : Product([(monomial, 1)], c);

    // ------------------------------------------------------------------- product ----

    private static Expr Product((Expr Factor, double Exponent)[] parts, double coefficient)
    {
        var factors = new List<(Expr Base, double Exponent)>();
        var index = new Dictionary<Expr, int>();
        double c = coefficient;
        foreach (var (e, k) in parts) CollectFactors(e, k, factors, index, ref c);
        if (c == 0) return Expr.Constant(0); // 0·x = 0 (the algebra convention; see Expr's remarks)
        // A number times a single sum is distributed, so that like terms meet: 2(x + y) = 2x + 2y.
        if (c != 1 && factors.Count == 1 && factors[0].Exponent == 1 && IsSum(factors[0].Base))
            return Sum([(factors[0].Base, c)]);
        return BuildProduct(factors, c);
    }

    /// <summary>Multiplies e^s into c·Π bⱼ^eⱼ; s is an integer except at a single base.</summary>
    private static void CollectFactors(Expr e, double s, List<(Expr Base, double Exponent)> factors, Dictionary<Expr, int> index, ref double c)
    {
        ExprTable.Current.Step();
        if (e.Kind == ExprKind.Constant)
        {
            c *= s == 1 ? e.Number : s == -1 ? 1 / e.Number : Math.Pow(e.Number, s);
            return;
        }
        bool integer = IsInteger(s);
        if (integer && ReferenceEquals(e.Primitive, MultiplyOp))
        {
            CollectFactors(e.A!, s, factors, index, ref c);
            CollectFactors(e.B!, s, factors, index, ref c);
            return;
        }
        if (integer && ReferenceEquals(e.Primitive, DivideOp))
        {
            CollectFactors(e.A!, s, factors, index, ref c);
            CollectFactors(e.B!, -s, factors, index, ref c);
            return;
        }
        if (integer && ReferenceEquals(e.Primitive, NegateOp))
        {
            if (Math.Abs(s % 2) == 1) c = -c;
            CollectFactors(e.A!, s, factors, index, ref c);
            return;
        }
        if (integer && ReferenceEquals(e.Primitive, PowerOp) && e.B!.Kind == ExprKind.Constant)
        {
            double k = e.B.Number;
            if (IsInteger(k)) { CollectFactors(e.A!, s * k, factors, index, ref c); return; }
            if (IsBase(e.A!)) { AddFactor(e.A!, s * k, factors, index); return; }
        }
        if (integer && IsSum(e))
        {
            var (content, primitive) = Content(e);
            c *= Math.Pow(content, s);
            e = primitive;
        }
        AddFactor(e, s, factors, index);
    }

    /// <summary>
    /// A sum as g·S: g the common numeric factor of its coefficients (when each is an integer multiple
    /// of the leading one), signed so that S's leading term is positive: −200x² + 200y = −200·(x² − y).
    /// A sum led by a positive number (1 − x) is left as it is. Then g·S and S meet as one factor.
    /// </summary>
    private static (double Content, Expr Primitive) Content(Expr sum) => sum.ContentMemo ??= ComputeContent(sum);

    private static (double Content, Expr Primitive) ComputeContent(Expr sum)
    {
        var terms = new List<(Expr Monomial, double Coefficient)>();
        double constant = 0;
        CollectTerms(sum, 1, terms, new Dictionary<Expr, int>(), ref constant);
        if (terms.Count == 0) return (1, sum);
        terms.RemoveAll(t => t.Coefficient == 0);
        if (terms.Count == 0) return (1, sum);
        var lead = terms[0];
        var leadFactors = ExprOrder.Factors(lead.Monomial);
        foreach (var t in terms.Skip(1))
        {
            var f = ExprOrder.Factors(t.Monomial);
            if (ExprOrder.CompareFactorLists(f, leadFactors) < 0) (lead, leadFactors) = (t, f);
        }
        if (constant > 0 && lead.Coefficient < 0) return (1, sum); // printed as 1 − …: already led by a positive number
        double g = Math.Abs(lead.Coefficient);
        bool multiples = double.IsFinite(g) && g != 0 && IsInteger(constant / g) && terms.All(t => IsInteger(t.Coefficient / g));
        if (!multiples) g = 1;
        if (lead.Coefficient < 0) g = -g;
        if (g == 1) return (1, sum);
        return (g, BuildSum(terms.Select(t => (t.Monomial, t.Coefficient / g)).ToList(), constant / g));
    }

    private static void AddFactor(Expr b, double k, List<(Expr Base, double Exponent)> factors, Dictionary<Expr, int> index)
    {
        if (index.TryGetValue(b, out int i)) factors[i] = (b, factors[i].Exponent + k);
        else
        {
            index.Add(b, factors.Count);
            factors.Add((b, k));
        }
    }

    private static Expr BuildProduct(List<(Expr Base, double Exponent)> factors, double c)
    {
        factors.RemoveAll(f => f.Exponent == 0); // x/x = x⁰ = 1
        if (c == 0) return Expr.Constant(0);
        if (factors.Count == 0) return Expr.Constant(c);
        factors.Sort((p, q) => ExprOrder.Compare(p.Base, q.Base));
        Expr? numerator = Math.Abs(c) == 1 ? null : Expr.Constant(Math.Abs(c));
        Expr? denominator = null;
        foreach (var (b, k) in factors)
        {
            ExprTable.Current.Step();
            Expr f = Math.Abs(k) == 1 ? b : Expr.Raw(PowerOp, b, Expr.Constant(Math.Abs(k)));
            if (k > 0) numerator = numerator is null ? f : Expr.Raw(MultiplyOp, numerator, f);
            else denominator = denominator is null ? f : Expr.Raw(MultiplyOp, denominator, f);
        }
        numerator ??= Expr.Constant(1);
        Expr product = denominator is null ? numerator : Expr.Raw(DivideOp, numerator, denominator);
        return c < 0 ? Expr.Raw(NegateOp, product) : product;
    }
}
