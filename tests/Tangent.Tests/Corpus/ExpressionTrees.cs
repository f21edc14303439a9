using CsCheck;

namespace Tangent.Tests.Corpus;

/// <summary>
/// A random composition of primitives over inputs x₀..xₙ₋₁, evaluable on any scalar type. Operands that
/// could leave a primitive's domain are guarded (log(1 + a²), asin(0.9·tanh a), a/(1 + b²), (1 + a²)^tanh b,
/// atan2(a, 1.5 + tanh b), exp(3·tanh a)), so every generated tree is finite at every point.
/// </summary>
public abstract record Expr
{
    /// <summary>The value on the scalar type T.</summary>
    public abstract T Eval<T>(ReadOnlySpan<T> x) where T : IScalar<T>;

    /// <summary>The number of primitive applications in the tree.</summary>
    public abstract int Size { get; }
}

/// <summary>The input xᵢ.</summary>
public sealed record Input(int Index) : Expr
{
    /// <inheritdoc/>
    public override T Eval<T>(ReadOnlySpan<T> x) => x[Index];
    /// <inheritdoc/>
    public override int Size => 0;
    /// <inheritdoc/>
    public override string ToString() => $"x{Index}";
}

/// <summary>A constant.</summary>
public sealed record Constant(double Value) : Expr
{
    /// <inheritdoc/>
    public override T Eval<T>(ReadOnlySpan<T> x) => Value;
    /// <inheritdoc/>
    public override int Size => 0;
    /// <inheritdoc/>
    public override string ToString() => Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A unary primitive applied to a guarded operand.</summary>
public sealed record UnaryExpr(string Name, Expr Operand) : Expr
{
    /// <inheritdoc/>
    public override T Eval<T>(ReadOnlySpan<T> x)
    {
        T a = Operand.Eval(x);
        T guarded = Name switch
        {
            "log" or "sqrt" or "log2" or "log10" or "cbrt" => 1 + a * a,
            "log1p" => a * a,
            "asin" or "acos" => T.Tanh(a) * 0.9,
            "tan" => T.Tanh(a),
            "exp" or "sinh" or "cosh" or "exp2" or "expm1" => T.Tanh(a) * 3,
            _ => a,
        };
        return Primitives.PrimitiveTable.Apply(Name, guarded, guarded);
    }
    /// <inheritdoc/>
    public override int Size => 1 + Operand.Size;
    /// <inheritdoc/>
    public override string ToString() => $"{Name}({Operand})";
}

/// <summary>A binary primitive applied to guarded operands.</summary>
public sealed record BinaryExpr(string Name, Expr Left, Expr Right) : Expr
{
    /// <inheritdoc/>
    public override T Eval<T>(ReadOnlySpan<T> x)
    {
        T a = Left.Eval(x), b = Right.Eval(x);
        return Name switch
        {
            "/" => a / (1 + b * b),
            "^" => T.Pow(1 + a * a, T.Tanh(b)),
            "atan2" => T.Atan2(a, 1.5 + T.Tanh(b)),
            // Away from the origin, where the second partials grow like 1/r: hypot(t, t) = √2|t| has a zero Hessian that
            // the chain rule forms as the difference of two terms of size 1/|t|, so that at t = 1e−78 rounding is all that is left.
            "hypot" => T.Hypot(a, 1 + b * b),
            "*" => T.Tanh(a) * b, // keeps deep products bounded
            _ => Primitives.PrimitiveTable.Apply(Name, a, b),
        };
    }
    /// <inheritdoc/>
    public override int Size => 1 + Left.Size + Right.Size;
    /// <inheritdoc/>
    public override string ToString() => $"{Name}({Left}, {Right})";
}

/// <summary>CsCheck generators of random compositions and maps F: Rⁿ → Rᵐ built from them.</summary>
public static class ExpressionTrees
{
    private static readonly string[] Nonsmooth = ["abs", "relu", "sign", "max", "min", "floor", "ceil", "leakyrelu", "hypot", "elu"];

    private static string[] Names(int arity, bool smooth) => Tangent.Primitives.Primitive.All
        .Where(p => p.Arity == arity && Primitives.PrimitiveTable.Cases.ContainsKey(p.Name) && !(smooth && Nonsmooth.Contains(p.Name)))
        .Select(p => p.Name).ToArray();

    /// <summary>
    /// Trees over n inputs, at most <paramref name="depth"/> deep, over every primitive of the library, or
    /// only the smooth ones (no abs, relu, sign, max, min), whose difference quotients never straddle a kink.
    /// </summary>
    public static Gen<Expr> Tree(int n, int depth, bool smooth = false)
    {
        string[] UnaryNames = Names(1, smooth), BinaryNames = Names(2, smooth);
        Gen<Expr> leaf = Gen.Frequency<Expr>(
            (4, Gen.Int[0, n - 1].Select(i => (Expr)new Input(i))),
            (1, Gen.Double[-2, 2].Select(c => (Expr)new Constant(c))));
        if (depth == 0) return leaf;
        var sub = Tree(n, depth - 1, smooth);
        return Gen.Frequency<Expr>(
            (1, leaf),
            (2, Gen.Select(Gen.Int[0, UnaryNames.Length - 1], sub, (k, e) => (Expr)new UnaryExpr(UnaryNames[k], e))),
            (3, Gen.Select(Gen.Int[0, BinaryNames.Length - 1], sub, sub, (k, l, r) => (Expr)new BinaryExpr(BinaryNames[k], l, r))));
    }

    /// <summary>A map F: Rⁿ → Rᵐ of m random trees with 1 ≤ n, m ≤ 5, and a point in [−2, 2]ⁿ.</summary>
    public static Gen<(Expr[] Outputs, double[] Point)> Map(int depth = 4, bool smooth = false) =>
        from n in Gen.Int[1, 5]
        from m in Gen.Int[1, 5]
        from outputs in Tree(n, depth, smooth).Array[m]
        from point in Gen.Double[-2, 2].Array[n]
        select (outputs, point);

    /// <summary>The map as a tape function.</summary>
    public static VectorFunction AsVectorFunction(Expr[] outputs) => x =>
    {
        var y = new Var[outputs.Length];
        for (int i = 0; i < y.Length; i++) y[i] = outputs[i].Eval(x);
        return y;
    };

    /// <summary>A tree as a generic scalar function, to run on Real, Dual and Var.</summary>
    public readonly struct AsScalarFunction(Expr tree) : IScalarFunction
    {
        /// <inheritdoc/>
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IScalar<T> => tree.Eval(x);
    }
}
