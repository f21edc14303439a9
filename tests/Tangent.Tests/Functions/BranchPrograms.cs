namespace Tangent.Tests.Functions;

/// <summary>
/// Random functions of x (and of data) with branches: expression trees over inputs, data values, constants and a few
/// primitives, with conditionals "if a &lt; b then e₁ else e₂" whose outcome flips across the sampled points, and a
/// node that throws (a user exception) when its operand is below a threshold.
/// </summary>
public sealed class BranchProgram
{
    abstract record Expr;
    sealed record Input(int I) : Expr;
    sealed record Datum(int I) : Expr;
    sealed record Constant(double C) : Expr;
    sealed record Unary(string Op, Expr A) : Expr;
    sealed record Binary(string Op, Expr A, Expr B) : Expr;
    sealed record If(Expr A, Expr B, Expr Then, Expr Else) : Expr;
    sealed record Throws(Expr A, double Below) : Expr;

    readonly Expr root;
    public int N { get; }
    public int D { get; }

    BranchProgram(Expr root, int n, int d) => (this.root, N, D) = (root, n, d);

    /// <summary>A random program on n inputs and d data values; <paramref name="throwing"/> adds a node that throws below a threshold.</summary>
    public static BranchProgram Random(int seed, int n, int d, bool throwing = false)
    {
        var r = new Random(seed);
        Expr Leaf() => r.Next(4) switch
        {
            0 when d > 0 => new Datum(r.Next(d)),
            1 => new Constant(Math.Round(r.NextDouble() * 4 - 2, 2)),
            _ => new Input(r.Next(n)),
        };
        Expr Make(int depth)
        {
            if (depth == 0) return Leaf();
            return r.Next(7) switch
            {
                0 => new Unary(new[] { "sin", "tanh", "abs", "sigmoid", "neg" }[r.Next(5)], Make(depth - 1)),
                1 or 2 => new If(Make(depth - 1), Make(depth - 1), Make(depth - 1), Make(depth - 1)),
                _ => new Binary(new[] { "+", "-", "*", "max" }[r.Next(4)], Make(depth - 1), Make(depth - 1)),
            };
        }
        var root = Make(4);
        if (throwing) root = new Binary("+", root, new Throws(new Input(r.Next(n)), -1.2));
        return new BranchProgram(root, n, d);
    }

    /// <summary>f(x, data) with data read through <see cref="Data"/> (never differentiated).</summary>
    public Var Run(ReadOnlySpan<Var> x, Data data) => Eval(root, x, i => data[i]);

    /// <summary>The same function with the data as constants (what a user without data arguments would write).</summary>
    public Var Run(ReadOnlySpan<Var> x, double[] data) => Eval(root, x, i => data[i]);

    /// <summary>The function without data (data leaves read 0.5).</summary>
    public Var Run(ReadOnlySpan<Var> x) => Eval(root, x, _ => 0.5);

    static Var Eval(Expr e, ReadOnlySpan<Var> x, Func<int, Var> datum) => e switch
    {
        Input(var i) => x[i],
        Datum(var i) => datum(i),
        Constant(var c) => c,
        Unary(var op, var a) => Apply(op, Eval(a, x, datum)),
        Binary(var op, var a, var b) => Apply(op, Eval(a, x, datum), Eval(b, x, datum)),
        If(var a, var b, var t, var f) => Eval(a, x, datum) < Eval(b, x, datum) ? Eval(t, x, datum) : Eval(f, x, datum),
        Throws(var a, var below) => Eval(a, x, datum) is var v && v.Value < below ? throw new InvalidOperationException("user code threw") : v * 0.25,
        _ => throw new InvalidOperationException(),
    };

    static Var Apply(string op, Var a) => op switch
    {
        "sin" => Var.Sin(a), "tanh" => Var.Tanh(a), "abs" => Var.Abs(a), "sigmoid" => Var.Sigmoid(a), _ => -a,
    };

    static Var Apply(string op, Var a, Var b) => op switch
    {
        "+" => a + b, "-" => a - b, "*" => a * b, _ => Var.Max(a, b),
    };
}
