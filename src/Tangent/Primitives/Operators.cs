namespace Tangent.Primitives;

/// <summary>
/// The primitives that infix syntax stands for — a + b, a − b, a·b, a/b, −a and aᵇ — looked up once in the registry.
/// The code that treats an operator by its algebra rather than as a function (the symbolic simplifier, printer and
/// term order, the formula parser, the dependence analysis, the checks, the lanes' small integer powers) reads them
/// here, so that a declaration's type is named only in its own file, the registry and this table.
/// </summary>
internal static class Operators
{
    /// <summary>The codes recorded on graph nodes for a + b, a − b, a·b, a/b, −a and aᵇ.</summary>
    public static readonly byte AddCode = OpCode<Primitives.Add>.Value, SubtractCode = OpCode<Primitives.Subtract>.Value,
        MultiplyCode = OpCode<Primitives.Multiply>.Value, DivideCode = OpCode<Primitives.Divide>.Value,
        NegateCode = OpCode<Primitives.Negate>.Value, PowerCode = OpCode<Primitives.Power>.Value;

    /// <summary>a + b.</summary>
    public static readonly Primitive Add = Primitive.ByCode(AddCode);

    /// <summary>a − b.</summary>
    public static readonly Primitive Subtract = Primitive.ByCode(SubtractCode);

    /// <summary>a·b.</summary>
    public static readonly Primitive Multiply = Primitive.ByCode(MultiplyCode);

    /// <summary>a/b.</summary>
    public static readonly Primitive Divide = Primitive.ByCode(DivideCode);

    /// <summary>−a.</summary>
    public static readonly Primitive Negate = Primitive.ByCode(NegateCode);

    /// <summary>aᵇ.</summary>
    public static readonly Primitive Power = Primitive.ByCode(PowerCode);
}
