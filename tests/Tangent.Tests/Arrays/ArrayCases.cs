using Tangent.Arrays;
using A = Tangent.Arrays.ArrayMath;

namespace Tangent.Tests.Arrays;

/// <summary>
/// One small program per array rule (and some compositions): how to record it on an <see cref="ArrayGraph"/>, and
/// the same function written element by element on the scalar tape <see cref="Var"/>, the independent reference.
/// Parameters are drawn at random (kept away from kinks and domain edges); data are fixed constants.
/// </summary>
public sealed record ArrayCase(string Name, Tensor[] Parameters, Tensor[] Data, Func<ArrayGraph, TensorVar> Build, Func<Var[][], Var[]> Scalar)
{
    public override string ToString() => Name;

    private static Tensor R(int seed, double lo, double hi, params int[] shape)
    {
        var t = new Tensor(shape);
        var rng = new Random(seed);
        for (int i = 0; i < t.Length; i++) t.Data[i] = lo + (hi - lo) * rng.NextDouble();
        return t;
    }

    private static Tensor R(int seed, params int[] shape) => R(seed, -1, 1, shape);

    // A parameter declared with the shape of the case's i-th parameter value.
    private static TensorVar P(ArrayGraph g, Tensor t, string name) => g.Parameter(name, [.. t.Shape]);

    private static Var[] Map(Var[] x, Func<Var, Var> f) => [.. x.Select(f)];

    /// <summary>Σₖ a[i,k]·b[k,j] on the tape, a (m×k) and b (k×n) flat row-major.</summary>
    private static Var[] MatMul(Var[] a, Var[] b, int m, int k, int n)
    {
        var c = new Var[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                Var s = 0.0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                c[i * n + j] = s;
            }
        return c;
    }

    /// <summary>Slice by slice Aₛ·Bₛ (s &lt; batch), an operand that is not batched being the same matrix for every s.</summary>
    private static Var[] Batched(Var[] a, Var[] b, int batch, int m, int k, int n, bool batchA, bool batchB) =>
        [.. Enumerable.Range(0, batch).SelectMany(s => MatMul(batchA ? a[(s * m * k)..((s + 1) * m * k)] : a,
                                                              batchB ? b[(s * k * n)..((s + 1) * k * n)] : b, m, k, n))];

    /// <summary>Elementwise over a broadcast pair of shapes, NumPy's rule.</summary>
    private static Var[] Broadcast(Var[] a, int[] sa, Var[] b, int[] sb, Func<Var, Var, Var> f)
    {
        int rank = Math.Max(sa.Length, sb.Length);
        int D(int[] s, int d) => d - (rank - s.Length) >= 0 ? s[d - (rank - s.Length)] : 1;
        var shape = Enumerable.Range(0, rank).Select(d => Math.Max(D(sa, d), D(sb, d))).ToArray();
        int count = shape.Aggregate(1, (x, y) => x * y);
        var y = new Var[count];
        for (int flat = 0; flat < count; flat++)
        {
            int r = flat, ia = 0, ib = 0, strideA = 1, strideB = 1;
            for (int d = rank - 1; d >= 0; d--)
            {
                int i = r % shape[d];
                r /= shape[d];
                if (D(sa, d) != 1) ia += i * strideA;
                if (D(sb, d) != 1) ib += i * strideB;
                strideA *= D(sa, d);
                strideB *= D(sb, d);
            }
            y[flat] = f(a[ia], b[ib]);
        }
        return y;
    }

    private static Var[] Constant(Tensor t) => [.. t.Data.Select(v => (Var)v)];

    private static Var[] SoftmaxRows(Var[] x, int width, bool log)
    {
        var y = new Var[x.Length];
        for (int r = 0; r < x.Length / width; r++)
        {
            Var s = 0.0;
            for (int j = 0; j < width; j++) s += Var.Exp(x[r * width + j]);
            for (int j = 0; j < width; j++) y[r * width + j] = log ? x[r * width + j] - Var.Log(s) : Var.Exp(x[r * width + j]) / s;
        }
        return y;
    }

    private static Var Sum(IEnumerable<Var> x) => x.Aggregate((Var)0.0, (s, v) => s + v);

    private static ArrayCase Unary(string name, Func<TensorVar, TensorVar> array, Func<Var, Var> scalar, double lo = -2, double hi = 2)
    {
        var x = R(name.Length, lo, hi, 3, 4);
        return new(name, [x], [], g => array(P(g, x, "x")), p => Map(p[0], scalar));
    }

    private static ArrayCase Binary(string name, Func<TensorVar, TensorVar, TensorVar> array, Func<Var, Var, Var> scalar, int[] sa, int[] sb, double lo = -1, double loA = -1)
    {
        var a = R(1, loA, 1, sa);
        var b = R(2, lo, 2, sb);
        return new(name, [a, b], [], g => array(P(g, a, "a"), P(g, b, "b")), p => Broadcast(p[0], sa, p[1], sb, scalar));
    }

    public static IReadOnlyList<ArrayCase> All { get; } = Cases();

    private static List<ArrayCase> Cases()
    {
        var cases = new List<ArrayCase>();
        {
            Tensor a = R(3, 3, 5), b = R(4, 5, 4), v = R(5, 5), u = R(6, 3);
            cases.Add(new("matmul (3×5)·(5×4)", [a, b], [], g => A.MatMul(P(g, a, "a"), P(g, b, "b")), p => MatMul(p[0], p[1], 3, 5, 4)));
            cases.Add(new("matmul (3×5)·(5)", [a, v], [], g => A.MatMul(P(g, a, "a"), P(g, v, "v")), p => MatMul(p[0], p[1], 3, 5, 1)));
            cases.Add(new("matmul (3)·(3×5)", [u, a], [], g => A.MatMul(P(g, u, "u"), P(g, a, "a")), p => MatMul(p[0], p[1], 1, 3, 5)));
            cases.Add(new("matmul (5)·(5)", [v, v.Clone()], [], g => A.MatMul(P(g, v, "v"), P(g, v, "w")), p => MatMul(p[0], p[1], 1, 5, 1)));
            var x = R(7, 3, 5);
            cases.Add(new("matmul of data", [b], [x], g => A.MatMul(g.Data("X", 3, 5), P(g, b, "b")), p => MatMul(Constant(x), p[0], 3, 5, 4)));
        }
        {
            // Batched: slice s of the result is the product of slice s of each operand (a rank-2 operand serves every slice).
            Tensor a3 = R(21, 2, 3, 4), b3 = R(22, 2, 4, 5), b2 = R(23, 4, 5), a2 = R(24, 3, 4);
            cases.Add(new("matmul (2×3×4)·(2×4×5)", [a3, b3], [], g => A.MatMul(P(g, a3, "a"), P(g, b3, "b")),
                p => Batched(p[0], p[1], 2, 3, 4, 5, true, true)));
            cases.Add(new("matmul (2×3×4)·(4×5)", [a3, b2], [], g => A.MatMul(P(g, a3, "a"), P(g, b2, "b")),
                p => Batched(p[0], p[1], 2, 3, 4, 5, true, false)));
            cases.Add(new("matmul (3×4)·(2×4×5)", [a2, b3], [], g => A.MatMul(P(g, a2, "a"), P(g, b3, "b")),
                p => Batched(p[0], p[1], 2, 3, 4, 5, false, true)));
        }
        cases.Add(Binary("add (3×4)+(3×4)", A.Add, (a, b) => a + b, [3, 4], [3, 4]));
        cases.Add(Binary("add (3×4)+(4)", A.Add, (a, b) => a + b, [3, 4], [4]));
        cases.Add(Binary("subtract (3×1)−(1×4)", A.Subtract, (a, b) => a - b, [3, 1], [1, 4]));
        cases.Add(Binary("subtract ()−(2×3)", A.Subtract, (a, b) => a - b, [], [2, 3]));
        cases.Add(Binary("multiply (2×3×4)·(3×1)", A.Multiply, (a, b) => a * b, [2, 3, 4], [3, 1]));
        cases.Add(Binary("multiply (2×3)·()", A.Multiply, (a, b) => a * b, [2, 3], []));
        cases.Add(Binary("multiply ()·(2×3)", A.Multiply, (a, b) => a * b, [], [2, 3]));
        cases.Add(Binary("multiply (1×4)·(4)", A.Multiply, (a, b) => a * b, [1, 4], [4]));
        cases.Add(Binary("multiply (4)·(3×4)", A.Multiply, (a, b) => a * b, [4], [3, 4]));
        cases.Add(Binary("maximum (3×4), (4)", A.Maximum, Var.Max, [3, 4], [4]));
        {
            // Fixed numbers at least 0.2 apart: central differences must not straddle min's kink a = b.
            Tensor a = Tensor.From([-0.5, 0.3, 0.9], 3, 1), b = Tensor.From([0.1, -0.8, 0.6, 1.2], 1, 4);
            cases.Add(new("minimum (3×1), (1×4)", [a, b], [], g => A.Minimum(P(g, a, "a"), P(g, b, "b")),
                p => Broadcast(p[0], [3, 1], p[1], [1, 4], Var.Min)));
        }
        cases.Add(Binary("power (3×4)^(4)", A.Power, Var.Pow, [3, 4], [4], lo: 0.5, loA: 0.2));
        cases.Add(Binary("hypot via Apply<P> (2×3), (3)", A.Apply<Tangent.Primitives.Hypot>, Var.Apply<Tangent.Primitives.Hypot>, [2, 3], [3]));
        cases.Add(Binary("atan2 via Apply<P> (2×3), ()", A.Apply<Tangent.Primitives.Atan2>, Var.Atan2, [2, 3], []));
        cases.Add(Binary("divide (3×4)/(4)", A.Divide, (a, b) => a / b, [3, 4], [4], lo: 0.5));
        cases.Add(Binary("divide (3×1)/(3×4)", A.Divide, (a, b) => a / b, [3, 1], [3, 4], lo: 0.5));
        cases.Add(Binary("divide (2×3)/()", A.Divide, (a, b) => a / b, [2, 3], [], lo: 0.5));
        {
            var x = R(8, 2, 3);
            cases.Add(new("constants 2.5·x − 1/x", [x], [], g => { var v = P(g, x, "x"); return 2.5 * v - 1.0 / v; },
                p => Map(p[0], v => 2.5 * v - 1.0 / v)));
            cases.Add(new("negate", [x], [], g => -P(g, x, "x"), p => Map(p[0], v => -v)));
        }
        cases.Add(Unary("relu", A.Relu, Var.Relu));
        cases.Add(Unary("exp", A.Exp, Var.Exp));
        cases.Add(Unary("log", A.Log, Var.Log, 0.2, 3));
        cases.Add(Unary("sqrt", A.Sqrt, Var.Sqrt, 0.2, 3));
        cases.Add(Unary("abs", A.Abs, Var.Abs));
        cases.Add(Unary("sin", A.Sin, Var.Sin));
        cases.Add(Unary("cos", A.Cos, Var.Cos));
        cases.Add(Unary("tanh", A.Tanh, Var.Tanh));
        cases.Add(Unary("sigmoid", A.Sigmoid, Var.Sigmoid));
        cases.Add(Unary("softplus", A.Softplus, Var.Softplus));
        cases.Add(Unary("atan via Apply<P>", A.Apply<Tangent.Primitives.Atan>, Var.Atan));
        // Primitives declared after the array layer was written run through the same generic node.
        cases.Add(Unary("gelu via Apply<P>", A.Apply<Tangent.Primitives.Gelu>, Var.Apply<Tangent.Primitives.Gelu>));
        cases.Add(Unary("silu via Apply<P>", A.Apply<Tangent.Primitives.Silu>, Var.Apply<Tangent.Primitives.Silu>));
        cases.Add(Unary("elu via Apply<P>", A.Apply<Tangent.Primitives.Elu>, Var.Apply<Tangent.Primitives.Elu>));
        cases.Add(Unary("erf via Apply<P>", A.Apply<Tangent.Primitives.Erf>, Var.Apply<Tangent.Primitives.Erf>));
        {
            var x = R(9, 2, 3, 4);
            Var At(Var[] v, int i, int j, int k) => v[(i * 3 + j) * 4 + k];
            cases.Add(new("sum all", [x], [], g => A.Sum(P(g, x, "x")), p => [Sum(p[0])]));
            cases.Add(new("mean all", [x], [], g => A.Mean(P(g, x, "x")), p => [Sum(p[0]) / 24.0]));
            cases.Add(new("sum axis 1 (2×3×4)", [x], [], g => A.Sum(P(g, x, "x"), 1),
                p => [.. from i in Enumerable.Range(0, 2) from k in Enumerable.Range(0, 4) select Sum(Enumerable.Range(0, 3).Select(j => At(p[0], i, j, k)))]));
            cases.Add(new("sum axis −1 keepDims", [x], [], g => A.Sum(P(g, x, "x"), -1, keepDims: true),
                p => [.. from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 3) select Sum(Enumerable.Range(0, 4).Select(k => At(p[0], i, j, k)))]));
            cases.Add(new("mean axis 0", [x], [], g => A.Mean(P(g, x, "x"), 0),
                p => [.. from j in Enumerable.Range(0, 3) from k in Enumerable.Range(0, 4) select (At(p[0], 0, j, k) + At(p[0], 1, j, k)) / 2.0]));
            cases.Add(new("max axis −1", [x], [], g => A.Max(P(g, x, "x"), -1),
                p => [.. from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 3) select Enumerable.Range(0, 4).Select(k => At(p[0], i, j, k)).Aggregate(Var.Max)]));
            cases.Add(new("max axis 1", [x], [], g => A.Max(P(g, x, "x"), 1),
                p => [.. from i in Enumerable.Range(0, 2) from k in Enumerable.Range(0, 4) select Enumerable.Range(0, 3).Select(j => At(p[0], i, j, k)).Aggregate(Var.Max)]));
            cases.Add(new("slice axis 1", [x], [], g => A.Slice(P(g, x, "x"), 1, 1, 2),
                p => [.. from i in Enumerable.Range(0, 2) from j in Enumerable.Range(1, 2) from k in Enumerable.Range(0, 4) select At(p[0], i, j, k)]));
            var d = R(17, 2, 1, 4);
            cases.Add(new("concatenate axis 1 with data", [x], [d], g =>
            {
                var v = P(g, x, "x");
                return A.Concatenate(1, v, g.Data("d", 2, 1, 4), A.Slice(v, 1, 1, 2));
            },
                p => [.. from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 6) from k in Enumerable.Range(0, 4)
                         select j < 3 ? At(p[0], i, j, k) : j == 3 ? (Var)d.Data[i * 4 + k] : At(p[0], i, j - 3, k)]));
            {
                // Rosenbrock on arrays: Σ 100(x[1:] − x[:−1]²)² + (1 − x[:−1])², through slices.
                var r = R(18, -1.5, 1.5, 9);
                cases.Add(new("rosenbrock via slices", [r], [], g =>
                {
                    var v = P(g, r, "x");
                    var (lo, hi) = (A.Slice(v, 0, 0, 8), A.Slice(v, 0, 1, 8));
                    return A.Sum(100.0 * A.Square(hi - A.Square(lo)) + A.Square(1.0 - lo));
                }, p => [Sum(Enumerable.Range(0, 8).Select(i => 100.0 * (p[0][i + 1] - p[0][i] * p[0][i]) * (p[0][i + 1] - p[0][i] * p[0][i]) + (1.0 - p[0][i]) * (1.0 - p[0][i])))]));
            }
            cases.Add(new("reshape (2×3×4)→(6×−1)", [x], [], g => A.Reshape(P(g, x, "x"), 6, -1) * 1.5, p => Map(p[0], v => v * 1.5)));
        }
        {
            var x = R(10, 3, 5);
            cases.Add(new("transpose", [x], [], g => A.Transpose(P(g, x, "x")),
                p => [.. from j in Enumerable.Range(0, 5) from i in Enumerable.Range(0, 3) select p[0][i * 5 + j]]));
            cases.Add(new("softmax", [x], [], g => A.Softmax(P(g, x, "x")), p => SoftmaxRows(p[0], 5, log: false)));
            cases.Add(new("log-softmax", [x], [], g => A.LogSoftmax(P(g, x, "x")), p => SoftmaxRows(p[0], 5, log: true)));
            var labels = Tensor.From([4.0, 0, 2], 3);
            cases.Add(new("cross-entropy", [x], [labels], g => A.CrossEntropy(P(g, x, "x"), g.Labels("c", 3, 5)),
                p => { var ls = SoftmaxRows(p[0], 5, log: true); return [-(ls[4] + ls[5] + ls[12]) / 3.0]; }));
            var t = R(11, 3, 5);
            cases.Add(new("mse against data", [x], [t], g => A.MeanSquaredError(P(g, x, "x"), g.Data("t", 3, 5)),
                p => [Sum(p[0].Select((v, i) => (v - t.Data[i]) * (v - t.Data[i]))) / 15.0]));
            cases.Add(new("mse of two parameters", [x, t], [], g => A.MeanSquaredError(P(g, x, "x"), P(g, t, "t")),
                p => [Sum(p[0].Select((v, i) => (v - p[1][i]) * (v - p[1][i]))) / 15.0]));
        }
        {
            // A two-layer network: relu(X·W1 + b1)·W2 + b2, cross-entropy against labels.
            Tensor w1 = R(12, 4, 6), b1 = R(13, 6), w2 = R(14, 6, 3), b2 = R(15, 3), x = R(16, 5, 4);
            var labels = Tensor.From([0.0, 2, 1, 1, 0], 5);
            cases.Add(new("mlp 4-6-3, batch 5", [w1, b1, w2, b2], [x, labels], g =>
            {
                var (W1, B1, W2, B2) = (P(g, w1, "W1"), P(g, b1, "b1"), P(g, w2, "W2"), P(g, b2, "b2"));
                var X = g.Data("X", 5, 4);
                var c = g.Labels("c", 5, 3);
                return A.CrossEntropy(A.Relu(X.MatMul(W1) + B1).MatMul(W2) + B2, c);
            }, p =>
            {
                var h = Broadcast(MatMul(Constant(x), p[0], 5, 4, 6), [5, 6], p[1], [6], (u, v) => Var.Relu(u + v));
                var z = Broadcast(MatMul(h, p[2], 5, 6, 3), [5, 3], p[3], [3], (u, v) => u + v);
                var ls = SoftmaxRows(z, 3, log: true);
                return [-(ls[0] + ls[5] + ls[7] + ls[10] + ls[12]) / 5.0];
            }));
        }
        return cases;
    }
}
