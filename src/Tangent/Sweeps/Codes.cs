using Tangent.Primitives;

namespace Tangent;

/// <summary>
/// The primitive codes of <see cref="Primitive.All"/> as constants, so that a sweep can switch over a
/// node's code and call the declaring struct's static members directly (inlined, no virtual call).
/// A test checks each constant against <see cref="OpCode{P}"/>.
/// </summary>
internal static class Codes
{
    public const byte Negate = 1, Sin = 2, Cos = 3, Tan = 4, Asin = 5, Acos = 6, Atan = 7, Sinh = 8, Cosh = 9, Tanh = 10,
        Exp = 11, Log = 12, Sqrt = 13, Abs = 14, Relu = 15, Sigmoid = 16, Softplus = 17, Sign = 18,
        Add = 19, Subtract = 20, Multiply = 21, Divide = 22, Power = 23, Atan2 = 24, Max = 25, Min = 26;
}

/// <summary>The curvature of the primitive declared by <typeparamref name="P"/>, looked up once (a constant to the JIT).</summary>
internal static class CurvatureOf<P>
{
    public static readonly Curvature Value = Curvature.Of(OpCode<P>.Value);
}
