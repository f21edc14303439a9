using Tangent.Primitives;

namespace Tangent.Tests.GraphTests;

/// <summary>
/// A node's two 8-byte slots mean one of three things by the kind of node (a partial, a constant operand, an input's
/// value); the named accessors read the meaning the node has, checked here against numbers worked out by hand.
/// </summary>
public class NodeSlotTests
{
    [Fact]
    public void AnInputNodeHoldsItsValueAndAnOperationItsPartialOrItsConstantOperand()
    {
        // y₁ = 6 / x₀ at x₀ = 2: ∂y₁/∂b = −6/b² = −1.5, the constant a = 6. y₂ = x₁ − 10 at x₁ = 4: ∂y₂/∂a = 1, b = 10.
        var g = Differentiate.Record((VectorFunction)(x => [6 / x[0], x[1] - 10]), [2.0, 4.0]);
        Assert.Equal(2.0, g.Nodes[1].InputValue);
        Assert.Equal(4.0, g.Nodes[2].InputValue);

        ref Node quotient = ref g.Nodes[3];
        Assert.Equal(OpCode<Divide>.Value, quotient.Op);
        Assert.Equal((0, 1), (quotient.A, quotient.B));
        Assert.Equal(6.0, quotient.ConstantA);
        Assert.Equal(-1.5, quotient.PartialB);
        Assert.Equal(0.0, quotient.PartialAOrZero);
        Assert.Equal(-1.5, quotient.PartialBOrZero);

        ref Node difference = ref g.Nodes[4];
        Assert.Equal(OpCode<Subtract>.Value, difference.Op);
        Assert.Equal((2, 0), (difference.A, difference.B));
        Assert.Equal(1.0, difference.PartialA);
        Assert.Equal(10.0, difference.ConstantB);
        Assert.Equal(0.0, difference.PartialBOrZero);

        double[] values = [0, 2, 4, 3, -6];
        Assert.Equal((6.0, 2.0), (quotient.OperandA(values), quotient.OperandB(values)));
        Assert.Equal((4.0, 10.0), (difference.OperandA(values), difference.OperandB(values)));
    }

    [Fact]
    public void AUnaryNodeHasNoSecondOperand()
    {
        var g = Differentiate.Record(x => Var.Sin(x[0]), [0.5]);
        ref Node sine = ref g.Nodes[2];
        Assert.Equal((1, 0), (sine.A, sine.B));
        Assert.Equal(Math.Cos(0.5), sine.PartialA);
        Assert.Equal(0.0, sine.PartialBOrZero);
        Assert.Equal(0.0, sine.OperandB([0, 0.5, Math.Sin(0.5)]));
    }
}
