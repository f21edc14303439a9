namespace Tangent.Tests.Cli;

/// <summary><c>tangent grad --points</c>: value and gradient per row, re-using the recorded graph while branches hold.</summary>
public class PointsTests
{
    private static string WriteCsv(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"tangent-points-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void EachRowGetsItsValueAndGradientAndABranchChangeReRecords()
    {
        // f = if(x > 0, x²y, −x y): ∇f = (2xy, x²) for x > 0 and (−y, −x) for x ≤ 0.
        string csv = WriteCsv("x,y\n1,2\n3,-1\n-2,5\n-1,1\n2,2\n");
        try
        {
            var r = CliRunner.Run("grad", "if(x > 0, x^2*y, -x*y)", "--points", csv);
            Assert.Equal(0, r.ExitCode);
            var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("x,y,f,df/dx,df/dy", lines[0]);
            double[][] expected =
            [
                [1, 2, 2, 4, 1],
                [3, -1, -9, -6, 9],
                [-2, 5, 10, -5, 2],
                [-1, 1, 1, -1, 1],
                [2, 2, 8, 8, 4],
            ];
            Assert.Equal(expected.Length + 1, lines.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.Equal(expected[i], lines[i + 1].Split(',').Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
            // Recorded at row 1, re-used at row 2, re-recorded at row 3 (x ≤ 0), re-used at row 4, re-recorded at row 5.
            Assert.Contains("graph recorded 3 times", r.Error);
            Assert.Contains("points/s", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void AGraphReusedManyTimesIsCompiledAndStillNoticesABranchChange()
    {
        // 100 rows with x > 0, then 100 with x < 0, then 100 with x > 0 again; f = if(x > 0, x²y, −x y).
        // ∇f = (2xy, x²) for x > 0 and (−y, −x) for x ≤ 0: the compiled program must hand over at each change.
        var rows = Enumerable.Range(0, 300).Select(i => (x: (i / 100 == 1 ? -1 : 1) * (0.5 + i % 7 * 0.25), y: 0.1 * (i % 11) - 0.4)).ToArray();
        string csv = WriteCsv("x,y\n" + string.Concat(rows.Select(r => FormattableString.Invariant($"{r.x:R},{r.y:R}\n"))));
        try
        {
            var r = CliRunner.Run("grad", "if(x > 0, x^2*y, -x*y)", "--points", csv);
            Assert.Equal(0, r.ExitCode);
            var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(rows.Length + 1, lines.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                var (x, y) = rows[i];
                double[] expected = x > 0 ? [x, y, x * x * y, 2 * x * y, x * x] : [x, y, -x * y, -y, -x];
                Assert.Equal(expected, lines[i + 1].Split(',').Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
            }
            Assert.Contains("graph recorded 3 times", r.Error);
            Assert.Contains("compiled to IL 3 times", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void AHeaderWithoutAVariableOfTheFormulaIsAnError()
    {
        string csv = WriteCsv("x\n1\n");
        try
        {
            var r = CliRunner.Run("grad", "x*y", "--points", csv);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("does not name it", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void ARowWithTheWrongNumberOfValuesNamesItsLine()
    {
        string csv = WriteCsv("x,y\n1,2\n3\n");
        try
        {
            var r = CliRunner.Run("grad", "x*y", "--points", csv);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("line 3", r.Error);
        }
        finally { File.Delete(csv); }
    }
}
