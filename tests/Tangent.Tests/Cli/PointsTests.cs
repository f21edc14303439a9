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
            Assert.Equal("x,y,f,df/dx,df/dy,kinks,notes", lines[0]);
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
                Assert.Equal(expected[i], lines[i + 1].Split(',')[..5].Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
            // Recorded at row 1, re-used at row 2, recorded at row 3 (x ≤ 0), re-used at row 4; row 5 (x > 0 again) is
            // served by the first recording, kept as a variant.
            Assert.Contains("graph recorded 2 times", r.Error);
            Assert.Contains("points/s", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void AGraphWithABranchStaysInterpretedSoThatEveryRowOnItsBoundaryReportsTheKink()
    {
        // 100 rows with x > 0, then 100 with x ≤ 0 (every 10th exactly 0), then 100 with x > 0 again; f = if(x > 0, x²y, −x y).
        // ∇f = (2xy, x²) for x > 0 and (−y, −x) for x ≤ 0. Compiled code would not see x = 0 sitting on the boundary.
        var rows = Enumerable.Range(0, 300).Select(i => (x: i / 100 == 1 ? (i % 10 == 0 ? 0 : -(0.5 + i % 7 * 0.25)) : 0.5 + i % 7 * 0.25, y: 0.1 * (i % 11) - 0.4)).ToArray();
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
                var cells = lines[i + 1].Split(',');
                Assert.Equal(expected, cells[..5].Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
                Assert.EndsWith(x == 0 ? ",\"if(0, 0)\"," : ",,", lines[i + 1]); // the kinks cell (quoted: it holds a comma), then no notes
            }
            Assert.Contains("graph recorded 2 times", r.Error); // x > 0 and x ≤ 0; the third run of rows re-uses the first
            Assert.Contains("compiled to IL 0 times", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void ASmoothGraphReusedManyTimesIsCompiledWithTheSameNumbers()
    {
        // f = x²y + sin y: ∇f = (2xy, x² + cos y); 200 rows, compiled after the first few dozen.
        var rows = Enumerable.Range(0, 200).Select(i => (x: 0.5 + i % 7 * 0.25, y: 0.1 * (i % 11) - 0.4)).ToArray();
        string csv = WriteCsv("x,y\n" + string.Concat(rows.Select(r => FormattableString.Invariant($"{r.x:R},{r.y:R}\n"))));
        try
        {
            var r = CliRunner.Run("grad", "x^2*y + sin(y)", "--points", csv);
            Assert.Equal(0, r.ExitCode);
            var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < rows.Length; i++)
            {
                var (x, y) = rows[i];
                var cells = lines[i + 1].Split(',');
                double[] got = [.. cells[..5].Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture))];
                Assert.Equal(x * x * y + Math.Sin(y), got[2], 1e-14);
                Assert.Equal(2 * x * y, got[3], 1e-14);
                Assert.Equal(x * x + Math.Cos(y), got[4], 1e-14);
                Assert.Equal(",", lines[i + 1][^1..]); // no kinks, no notes: two empty cells
            }
            Assert.Contains("compiled to IL 1 time", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void BadRowsAnywhereWriteNothingAndNameTheFirstBadLineAndTheCount()
    {
        // 5 000 good rows, then three bad ones: nothing may be written before the error.
        string csv = WriteCsv("x,y\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i},1\n")) + "1,abc\n2\n3,4\n1e999,2\n");
        try
        {
            var r = CliRunner.Run("grad", "x*y", "--points", csv);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("", r.Out);
            Assert.Single(r.ErrorLines);
            Assert.Contains("line 5002", r.Error);
            Assert.Contains("'abc'", r.Error);
            Assert.Contains("3 bad lines", r.Error);
            Assert.Contains("nothing was written", r.Error);
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void JsonGivesOneObjectPerLineInTheShapeOfGradJson()
    {
        string csv = WriteCsv("x,y\n1,2\n0,3\n-1,0\n");
        try
        {
            var r = CliRunner.Run("grad", "relu(x)*y + log(y)", "--points", csv, "--json");
            Assert.Equal(0, r.ExitCode);
            var objects = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToArray();
            Assert.Equal(3, objects.Length);
            Assert.All(objects, o => Assert.Equal(["x", "y"], o.GetProperty("variables").Strings()));
            // (1, 2): f = 2 + log 2, ∇f = (y, x + 1/y) = (2, 1.5), no kink.
            Assert.Equal([1, 2], objects[0].GetProperty("point").Doubles());
            Assert.Equal(2 + Math.Log(2), objects[0].GetProperty("value").GetDouble(), 1e-15);
            Assert.Equal([2, 1.5], objects[0].GetProperty("gradient").Doubles());
            Assert.False(objects[0].TryGetProperty("kinks", out _));
            // (0, 3): relu(0) is a kink, reported on that line.
            Assert.Equal("relu(0)", objects[1].GetProperty("kinks")[0].GetProperty("where").GetString());
            // (−1, 0): log(0) = −∞, explained.
            Assert.Equal(double.NegativeInfinity, objects[2].GetProperty("value").Number());
            Assert.Contains("log(0)", objects[2].GetProperty("diagnostics")[0].GetString());
        }
        finally { File.Delete(csv); }
    }

    [Fact]
    public void AtWithPointsIsAUsageError()
    {
        string csv = WriteCsv("x\n1\n");
        try
        {
            var r = CliRunner.Run("grad", "x^2", "--points", csv, "--at", "x=1");
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("", r.Out);
            Assert.Contains("--at and --points", r.Error);
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
