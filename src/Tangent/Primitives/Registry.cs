namespace Tangent.Primitives;

/// <summary>
/// The registry: every primitive the library knows, one line each. Everything else is derived from this list and
/// the declarations it names: the codes recorded on graph nodes (a primitive's position here, plus one), the
/// second-order dispatch, the formula language's function names, arity and dispatch, the symbolic printer's text
/// and LaTeX. The order carries no meaning: nothing is numbered by hand, so a line may go anywhere.
/// </summary>
internal static class Registry
{
    /// <summary>The declared primitives.</summary>
    public static readonly Primitive[] Declared =
    [
        Unary<Negate>(),
        Unary<Sin>(),
        Unary<Cos>(),
        Unary<Tan>(),
        Unary<Asin>(),
        Unary<Acos>(),
        Unary<Atan>(),
        Unary<Sinh>(),
        Unary<Cosh>(),
        Unary<Tanh>(),
        Unary<Exp>(),
        Unary<Log>(),
        Unary<Sqrt>(),
        Unary<Abs>(),
        Unary<Relu>(),
        Unary<Sigmoid>(),
        Unary<Softplus>(),
        Unary<Sign>(),
        Unary<Log1p>(),
        Unary<Expm1>(),
        Unary<Erf>(),
        Unary<Erfc>(),
        Unary<Cbrt>(),
        Unary<Log2>(),
        Unary<Log10>(),
        Unary<Exp2>(),
        Unary<Floor>(),
        Unary<Ceil>(),
        Unary<Gelu>(),
        Unary<Silu>(),
        Unary<Elu>(),
        Unary<LeakyRelu>(),
        Binary<Add>(),
        Binary<Subtract>(),
        Binary<Multiply>(),
        Binary<Divide>(),
        Binary<Power>(),
        Binary<Atan2>(),
        Binary<Max>(),
        Binary<Min>(),
        Binary<Hypot>(),
    ];

    private static Primitive Unary<P>() where P : IUnaryPrimitive => new UnaryPrimitive<P>();

    private static Primitive Binary<P>() where P : IBinaryPrimitive => new BinaryPrimitive<P>();
}
