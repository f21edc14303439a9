namespace Tangent.Primitives;

/// <summary>
/// The registry: every primitive the library knows, one line each. Everything else is derived from this list and
/// the declarations it names: the codes recorded on graph nodes (a primitive's position here, plus one), the
/// second-order dispatch, the formula language's function names, arity and dispatch, the symbolic printer's text
/// and LaTeX, and the lanes forms that batches and arrays use (a line <c>Unary&lt;P, PLanes&gt;()</c> names one). The order carries no meaning: nothing is numbered by hand, so a line may go anywhere.
/// </summary>
internal static class Registry
{
    /// <summary>The declared primitives.</summary>
    public static readonly Primitive[] Declared =
    [
        Unary<Negate, NegateLanes>(),
        Unary<Sin, SinLanes>(),
        Unary<Cos, CosLanes>(),
        Unary<Tan>(),
        Unary<Asin>(),
        Unary<Acos>(),
        Unary<Atan>(),
        Unary<Sinh>(),
        Unary<Cosh>(),
        Unary<Tanh, TanhLanes>(),
        Unary<Exp, ExpLanes>(),
        Unary<Log, LogLanes>(),
        Unary<Sqrt, SqrtLanes>(),
        Unary<Abs, AbsLanes>(),
        Unary<Relu, ReluLanes>(),
        Unary<Sigmoid, SigmoidLanes>(),
        Unary<Softplus, SoftplusLanes>(),
        Unary<Sign, SignLanes>(),
        Unary<Log1p, Log1pLanes>(),
        Unary<Expm1, Expm1Lanes>(),
        Unary<Erf, ErfLanes>(),
        Unary<Erfc, ErfcLanes>(),
        Unary<Cbrt>(),
        Unary<Log2, Log2Lanes>(),
        Unary<Log10, Log10Lanes>(),
        Unary<Exp2, Exp2Lanes>(),
        Unary<Floor, FloorLanes>(),
        Unary<Ceil, CeilLanes>(),
        Unary<Gelu, GeluLanes>(),
        Unary<Silu, SiluLanes>(),
        Unary<Elu, EluLanes>(),
        Unary<LeakyRelu, LeakyReluLanes>(),
        Binary<Add, AddLanes>(),
        Binary<Subtract, SubtractLanes>(),
        Binary<Multiply, MultiplyLanes>(),
        Binary<Divide, DivideLanes>(),
        Binary<Power>(),
        Binary<Atan2>(),
        Binary<Max, MaxLanes>(),
        Binary<Min, MinLanes>(),
        Binary<Hypot>(),
    ];

    private static Primitive Unary<P>() where P : IUnaryPrimitive => new UnaryPrimitive<P>();

    private static Primitive Binary<P>() where P : IBinaryPrimitive => new BinaryPrimitive<P>();

    /// <summary>A unary primitive with its lanes form L (four points per instruction, in P's file), used by batches and arrays.</summary>
    private static Primitive Unary<P, L>() where P : IUnaryPrimitive where L : IUnaryLanes<P> =>
        new UnaryPrimitive<P> { LanesForm = new VectorUnary<P, L>(), LanesType = typeof(L), LanesApproximate = L.Approximate };

    /// <summary>A binary primitive with its lanes form L.</summary>
    private static Primitive Binary<P, L>() where P : IBinaryPrimitive where L : IBinaryLanes<P> =>
        new BinaryPrimitive<P> { LanesForm = new VectorBinary<P, L>(), LanesType = typeof(L), LanesApproximate = L.Approximate };
}
