using Tangent.Arrays;
using Tangent.Tests.Support;

namespace Tangent.Tests.Arrays;

/// <summary>The four-rows-per-vector softmax cross-entropy against the row-at-a-time softmax, on every width it takes and every tail of rows.</summary>
public class NarrowSoftmaxTests
{
    [Fact]
    public void EqualsTheRowAtATimeSoftmaxToRounding()
    {
        var rng = new Random(4);
        for (int classes = 1; classes <= NarrowSoftmax.MaxClasses; classes++)
            for (int rows = 1; rows <= 11; rows++)
            {
                var x = Enumerable.Range(0, rows * classes).Select(_ => 40 * rng.NextDouble() - 20).ToArray();
                if (rows > 2) x[2 * classes] = 700; // a logit whose exponential alone would overflow
                var labels = Enumerable.Range(0, rows).Select(_ => (double)rng.Next(classes)).ToArray();
                var p = new double[x.Length];
                var expected = new double[x.Length];
                double total = NarrowSoftmax.CrossEntropy(x, labels, p, rows, classes), reference = 0;
                for (int r = 0; r < rows; r++)
                    reference += Rows.Softmax(x.AsSpan(r * classes, classes), expected.AsSpan(r * classes, classes)) - x[r * classes + (int)labels[r]];
                Approx.Equal(reference, total, 1e-14, 1e-13, $"{rows}×{classes}: loss");
                Approx.Equal(expected, p, 1e-14, 1e-300, $"{rows}×{classes}: probabilities");
            }
    }

    [Fact]
    public void ARowOfMinusInfinityGivesNaNProbabilitiesAndAnInfiniteLoss()
    {
        double ninf = double.NegativeInfinity;
        var x = new[] { 1.0, 2, ninf, ninf, 0, 0, 3, 1 }; // four rows of two; row 1 all −∞
        var p = new double[8];
        double total = NarrowSoftmax.CrossEntropy(x, [1.0, 0, 0, 1], p, 4, 2);
        Assert.True(double.IsNaN(p[2]) && double.IsNaN(p[3]), "row 1's probabilities");
        Assert.True(double.IsNaN(total) || double.IsInfinity(total), $"loss {total}");
        Assert.Equal(Math.Exp(-1) / (1 + Math.Exp(-1)), p[0], 1e-15);
    }
}
