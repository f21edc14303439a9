using System.Runtime.CompilerServices;
using Tangent.Primitives;

namespace Tangent.Formulas;

/// <summary>
/// Runs compiled formula code on any scalar type: on <see cref="Var"/> it records the same graph as
/// the equivalent C# code (each operation is the IScalar member C# would call), on <see cref="Real"/>
/// it computes plain values, on <see cref="Dual"/> a directional derivative. No derivative rule lives here: a
/// primitive's instruction carries its registry code and runs through the scalar type's hook (<c>T.Apply&lt;P&gt;</c>).
/// </summary>
internal static class Machine
{
    /// <summary>Runs <paramref name="code"/>; the formula's components are left in <paramref name="stack"/>[0..m).</summary>
    /// <param name="code">The compiled formula.</param>
    /// <param name="values">The point, in the caller's variable order.</param>
    /// <param name="map">map[k] = position in <paramref name="values"/> of the formula's k-th variable.</param>
    /// <param name="stack">Number stack, at least <see cref="Compiled.StackSize"/> long.</param>
    /// <param name="conditions">Condition stack, at least <see cref="Compiled.ConditionStackSize"/> long.</param>
    public static void Run<T>(Instruction[] code, ReadOnlySpan<T> values, ReadOnlySpan<int> map, Span<T> stack, Span<bool> conditions)
        where T : IScalar<T>
    {
        int sp = 0, cp = 0;
        for (int pc = 0; pc < code.Length; pc++)
        {
            var ins = code[pc];
            switch (ins.Op)
            {
                case OpCode.Constant: stack[sp++] = ins.Constant; break;
                case OpCode.Load: stack[sp++] = values[map[ins.Arg]]; break;
                case OpCode.Unary: stack[sp - 1] = Apply(Primitive.ByCode((byte)ins.Arg), stack[sp - 1], stack[sp - 1]); break;
                case OpCode.Binary:
                    sp--;
                    stack[sp - 1] = Apply(Primitive.ByCode((byte)ins.Arg), stack[sp - 1], stack[sp]);
                    break;
                case OpCode.Compare:
                    sp -= 2;
                    conditions[cp++] = Compare((Comparison)ins.Arg, stack[sp], stack[sp + 1]);
                    break;
                case OpCode.Not: conditions[cp - 1] = !conditions[cp - 1]; break;
                case OpCode.JumpIfFalseOrPop:
                    if (!conditions[cp - 1]) pc = ins.Arg - 1; else cp--;
                    break;
                case OpCode.JumpIfTrueOrPop:
                    if (conditions[cp - 1]) pc = ins.Arg - 1; else cp--;
                    break;
                case OpCode.PopJumpIfFalse:
                    if (!conditions[--cp]) pc = ins.Arg - 1;
                    break;
                case OpCode.Jump: pc = ins.Arg - 1; break;
            }
        }
    }

    /// <summary>
    /// φ(a, b) through the scalar type's hook; on <see cref="Real"/> through <see cref="Primitive.ValueOf"/>, a plain
    /// virtual call (the test on T is resolved when the method is compiled for Real, so other types pay nothing).
    /// </summary>
    private static T Apply<T>(Primitive p, T a, T b) where T : IScalar<T>
    {
        if (typeof(T) != typeof(Real)) return p.Apply(a, b);
        var y = new Real(p.ValueOf(Unsafe.As<T, Real>(ref a).Value, Unsafe.As<T, Real>(ref b).Value));
        return Unsafe.As<Real, T>(ref y);
    }

    private static bool Compare<T>(Comparison c, T a, T b) where T : IScalar<T> => c switch
    {
        Comparison.Less => a < b,
        Comparison.LessOrEqual => a <= b,
        Comparison.Greater => a > b,
        Comparison.GreaterOrEqual => a >= b,
        Comparison.Equal => a == b,
        _ => a != b,
    };
}
