namespace Tangent.Tests.Functions;

public class DataArgumentTests
{
    static readonly CompileOptions Now = new() { Background = false };

    /// <summary>Mean logistic loss over the rows, labels ±1: f(w) = (1/m) Σᵢ softplus(−yᵢ ⟨w, xᵢ⟩).</summary>
    static Var Loss(ReadOnlySpan<Var> w, Data data)
    {
        Var sum = 0;
        for (int i = 0; i < data.Rows; i++)
        {
            Var z = 0;
            for (int j = 0; j < data.Columns; j++) z += w[j] * data[i, j];
            sum += Var.Softplus(-data.Label(i) * z);
        }
        return sum / data.Rows;
    }

    /// <summary>The same loss with the data captured as constants.</summary>
    static ScalarFunction Captured(double[] x, int[] y, int columns) => w =>
    {
        Var sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            Var z = 0;
            for (int j = 0; j < columns; j++) z += w[j] * x[i * columns + j];
            sum += Var.Softplus(-(double)y[i] * z);
        }
        return sum / y.Length;
    };

    /// <summary>The analytic gradient: −(1/m) Σᵢ yᵢ σ(−yᵢ zᵢ) xᵢ.</summary>
    static double[] Analytic(double[] w, double[] x, int[] y)
    {
        int k = w.Length;
        var g = new double[k];
        for (int i = 0; i < y.Length; i++)
        {
            double z = 0;
            for (int j = 0; j < k; j++) z += w[j] * x[i * k + j];
            double s = 1 / (1 + Math.Exp(y[i] * z));
            for (int j = 0; j < k; j++) g[j] -= y[i] * s * x[i * k + j] / y.Length;
        }
        return g;
    }

    static (double[] X, int[] Y) Batch(Random r, int m, int k) =>
        ([.. Enumerable.Range(0, m * k).Select(_ => r.NextDouble() * 2 - 1)], [.. Enumerable.Range(0, m).Select(_ => r.Next(2) * 2 - 1)]);

    [Fact]
    public void One_compiled_gradient_serves_every_minibatch()
    {
        var f = Differentiate.Compile(Loss, Now);
        var r = new Random(2);
        const int m = 40, k = 6;
        var g = new double[k];
        for (int batch = 0; batch < 25; batch++)
        {
            var (x, y) = Batch(r, m, k);
            double[] w = [.. Enumerable.Range(0, k).Select(_ => r.NextDouble() - 0.5)];
            double loss = f.Gradient(w, x, y, g);
            var tape = Differentiate.Gradient(Captured(x, y, k), w);
            Assert.Equal(tape.Value, loss);
            Assert.Equal(tape.Gradient, g);
            var analytic = Analytic(w, x, y);
            for (int j = 0; j < k; j++) Assert.Equal(analytic[j], g[j], 1e-14);
        }
        Assert.Equal(1, f.Recordings); // the data changed 25 times; nothing was recorded again
        Assert.True(Assert.Single(f.Variants).Loops >= 1);
    }

    [Fact]
    public void Generated_programs_on_data_equal_the_tape_with_the_data_as_constants()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            var program = BranchProgram.Random(seed, 3, 4);
            var f = Differentiate.Compile((DataFunction)program.Run, seed % 2 == 0 ? Now : CompileOptions.Default);
            var r = new Random(seed);
            var g = new double[3];
            for (int call = 0; call < 25; call++)
            {
                double[] x = [.. Enumerable.Range(0, 3).Select(_ => r.NextDouble() * 4 - 2)];
                double[] data = [.. Enumerable.Range(0, 4).Select(_ => r.NextDouble() * 4 - 2)];
                var tape = Differentiate.Gradient(v => program.Run(v, data), x);
                Assert.Equal(tape.Value, f.Gradient(x, data, g));
                Assert.Equal(tape.Gradient, g);
                Assert.Equal(tape.Value, f.Value(x, data));
            }
        }
    }

    [Fact]
    public void A_label_read_as_an_int_is_a_branch_decision()
    {
        // Softmax cross-entropy of one row over 3 classes: the label picks a logit.
        var f = Differentiate.Compile((w, data) =>
        {
            Var[] z = [w[0] * data[0] + w[1], w[2] * data[0] + w[3], w[4] * data[0] + w[5]];
            Var max = Var.Max(Var.Max(z[0], z[1]), z[2]);
            var lse = max + Var.Log(Var.Exp(z[0] - max) + Var.Exp(z[1] - max) + Var.Exp(z[2] - max));
            return lse - z[data.Class(0)];
        }, Now);
        var g = new double[6];
        double[] w = [0.1, 0.2, -0.3, 0.4, 0.5, -0.6];
        for (int call = 0; call < 30; call++)
        {
            int label = call % 3;
            double x = 0.7;
            f.Gradient(w, [x], [label], g);
            // ∂/∂(w_c, b_c) = (softmax_c − [c = label]) · (x, 1)
            double[] z = [w[0] * x + w[1], w[2] * x + w[3], w[4] * x + w[5]];
            double sum = z.Sum(Math.Exp);
            for (int c = 0; c < 3; c++)
            {
                double d = Math.Exp(z[c]) / sum - (c == label ? 1 : 0);
                Assert.Equal(d * x, g[2 * c], 1e-14);
                Assert.Equal(d, g[2 * c + 1], 1e-14);
            }
        }
        Assert.Equal(3, f.Variants.Count); // one per label value
        Assert.Equal(3, f.Recordings);
    }

    [Fact]
    public void Data_of_the_wrong_length_name_both_lengths()
    {
        var f = Differentiate.Compile(Loss, Now);
        var g = new double[2];
        f.Gradient([0.1, 0.2], [1.0, 2, 3, 4], [1, -1], g);
        var e = Assert.Throws<ArgumentException>(() => f.Gradient([0.1, 0.2], [1.0, 2, 3], [1, -1], g));
        Assert.Contains("data has length 3", e.Message);
        Assert.Contains("length 4", e.Message);
        e = Assert.Throws<ArgumentException>(() => f.Gradient([0.1, 0.2], [1.0, 2, 3, 4], [1, -1, 1], g));
        Assert.Contains("labels has length 3", e.Message);
        Assert.Contains("length 2", e.Message);
        Assert.Throws<ArgumentException>(() => f.Gradient([0.1, 0.2], g)); // a function of data needs its data
        Assert.Throws<ArgumentException>(() => Differentiate.Compile(x => x[0]).Gradient([1.0], [2.0], new double[1]));
    }

    [Fact]
    public void NaN_data_name_the_row_and_the_next_call_works()
    {
        var f = Differentiate.Compile(Loss, Now);
        var r = new Random(4);
        var (x, y) = Batch(r, 10, 3);
        var g = new double[3];
        f.Gradient([0.1, 0.2, 0.3], x, y, g);
        x[7 * 3 + 1] = double.NaN;
        var e = Assert.ThrowsAny<ArgumentException>(() => f.Gradient([0.1, 0.2, 0.3], x, y, g));
        Assert.Contains("row 7", e.Message);
        Assert.Contains("column 1", e.Message);
        Assert.Contains("NaN", e.Message);
        x[7 * 3 + 1] = 0.5;
        f.Gradient([0.1, 0.2, 0.3], x, y, g);
        Assert.Equal(Analytic([0.1, 0.2, 0.3], x, y), g, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    static Var RowLoss(ReadOnlySpan<Var> w, Data data)
    {
        Var z = 0;
        for (int j = 0; j < data.Length; j++) z += w[j] * data[j];
        // a branch per row: hinge-like for confident rows, logistic otherwise
        var margin = data.Label(0) * z;
        return margin > 2 ? 0.01 * (3 - margin) : Var.Softplus(-margin);
    }

    [Fact]
    public void Per_row_gradients_equal_a_loop_of_one_row_gradients_on_any_number_of_threads()
    {
        var r = new Random(9);
        const int m = 300, k = 5;
        var (x, y) = Batch(r, m, k);
        double[] w = [1.5, -2, 0.7, 1.1, -0.4];
        var f = Differentiate.Compile(RowLoss, Now);
        var gradients = new double[m * k];
        var values = new double[m];
        f.Gradient(w, x.AsSpan(0, k), y.AsSpan(0, 1), new double[k]); // fixes the row shape
        f.RowGradients(w, x, y, gradients, values);
        for (int i = 0; i < m; i++)
        {
            int row = i;
            var tape = Differentiate.Gradient(v => RowLoss(v, x[(row * k)..((row + 1) * k)], y[row]), w);
            Assert.Equal(tape.Value, values[i]);
            Assert.Equal(tape.Gradient, gradients[(i * k)..((i + 1) * k)]);
        }
        Assert.Equal(2, f.Variants.Count); // both sides of the branch occur
        var parallel = new double[m * k];
        f.RowGradients(w, x, y, parallel, default, maxDegreeOfParallelism: -1);
        Assert.Equal(gradients, parallel);
        var e = Assert.Throws<ArgumentException>(() => f.RowGradients(w, x.AsSpan(0, m * k - 1), y, gradients));
        Assert.Contains("not a whole number of rows of 5", e.Message);
        x[42 * k + 3] = double.NaN;
        e = Assert.ThrowsAny<ArgumentException>(() => f.RowGradients(w, x, y, gradients, default, maxDegreeOfParallelism: 2));
        Assert.Contains("Row 42", e.Message);
        Assert.Contains("column 3", e.Message);
    }

    [Fact]
    public void Warm_data_calls_and_per_row_gradients_allocate_nothing()
    {
        var r = new Random(11);
        const int m = 50, k = 4;
        var (x, y) = Batch(r, m, k);
        double[] w = [0.3, -0.2, 0.1, 0.5], g = new double[k], gradients = new double[m * k];
        var batch = Differentiate.Compile(Loss, Now);
        var rows = Differentiate.Compile(RowLoss, Now);
        rows.Gradient(w, x.AsSpan(0, k), y.AsSpan(0, 1), g);
        for (int i = 0; i < 3; i++) { batch.Gradient(w, x, y, g); rows.RowGradients(w, x, y, gradients); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) batch.Gradient(w, x, y, g);
        long a1 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) batch.Value(w, x, y);
        long a2 = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) rows.RowGradients(w, x, y, gradients);
        long a3 = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("0 0 0", $"{a1 - before} {a2 - a1} {a3 - a2}");
    }

    static Var RowLoss(ReadOnlySpan<Var> w, double[] row, int label)
    {
        Var z = 0;
        for (int j = 0; j < row.Length; j++) z += w[j] * row[j];
        Var margin = (double)label * z;
        return margin > 2 ? 0.01 * (3 - margin) : Var.Softplus(-margin);
    }
}
