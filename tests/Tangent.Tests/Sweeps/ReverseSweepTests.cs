namespace Tangent.Tests.Sweeps;

/// <summary>
/// The reverse sweep passes the contribution to the immediately preceding node in a register; these
/// graphs make that node an operand once, twice (p·p) and not at all, where every adjoint is an
/// exact small integer, so any lost or doubled contribution shows as a wrong gradient.
/// </summary>
public class ReverseSweepTests
{
    [Fact]
    public void A_product_of_the_previous_result_with_itself_sends_both_contributions_back()
    {
        // f = (x₀x₁)² + x₁ = 38 at (3, 2); ∂f/∂x₀ = 2x₀x₁², ∂f/∂x₁ = 2x₀²x₁ + 1; at (3, 2): (24, 37).
        var r = Differentiate.Gradient(x => { var p = x[0] * x[1]; return p * p + x[1]; }, [3.0, 2.0]);
        Assert.Equal(38.0, r.Value);
        Assert.Equal([24.0, 37.0], r.Gradient);
    }

    [Fact]
    public void A_chain_through_previous_results_and_skipped_nodes_gives_the_analytic_gradient()
    {
        // f = ((x₀ + 1)·x₁ − x₀)·3, with an unused node in between: ∂f/∂x₀ = 3(x₁ − 1), ∂f/∂x₁ = 3(x₀ + 1).
        var g = new double[2];
        double y = Differentiate.Gradient(x =>
        {
            var a = x[0] + 1;
            var unused = Var.Sin(x[1]);
            var b = a * x[1];
            return (b - x[0]) * 3;
        }, [2.0, 5.0], g);
        Assert.Equal(39.0, y);
        Assert.Equal([12.0, 9.0], g);
    }
}
