namespace Tangent.Tests.Compilation;

/// <summary>Where an operand of a loop body comes from at iteration t.</summary>
public abstract record Operand;
/// <summary>The value of body operation <paramref name="Index"/> of the same iteration.</summary>
public sealed record BodyValue(int Index) : Operand;
/// <summary>Carried variable <paramref name="Index"/> as the previous iteration left it.</summary>
public sealed record CarriedValue(int Index) : Operand;
/// <summary>x[(Start + t·Stride) mod n]: a strided input (the modulo wraps, which breaks the affine pattern).</summary>
public sealed record StridedInput(int Start, int Stride) : Operand;
/// <summary>Prologue value <paramref name="Index"/>, computed once before the loops (loop-invariant).</summary>
public sealed record Invariant(int Index) : Operand;
/// <summary>The constant C0 + t·Step (Step = 0: the same at every iteration).</summary>
public sealed record ConstantOperand(double C0, double Step) : Operand;

/// <summary>One operation: a primitive applied to one or two operands.</summary>
public sealed record LoopOp(string Name, Operand A, Operand B);

/// <summary>
/// A loop: Reps iterations of Body, then carried variable j ← Update(j, body value). At iteration
/// BreakAt (−1: never) the first body operation uses another primitive: the run is broken by one node.
/// </summary>
public sealed record Loop(int Reps, LoopOp[] Body, (int Carried, string Op, int Value)[] Updates, int BreakAt);

/// <summary>
/// A function written as C# loops over Vars, the shape a recorded graph gets from user code: a prologue,
/// several loops with carried values (running sums and products), strided inputs, loop-invariant values,
/// constants that are the same or vary per iteration, and an epilogue that combines the carried values.
/// Every value stays bounded (squashing primitives, products with tanh), so the graph is finite everywhere.
/// </summary>
public sealed record LoopProgram(int N, LoopOp[] Prologue, Loop[] Loops, int Carried)
{
    static readonly string[] Binary = ["+", "-", "*", "max", "min", "atan2"];
    static readonly string[] Unary = ["sin", "cos", "tanh", "sigmoid", "atan", "softplus", "abs", "neg"];

    /// <summary>The function on the tape scalar.</summary>
    public Var Run(ReadOnlySpan<Var> x)
    {
        var pro = new List<Var>();
        foreach (var op in Prologue) pro.Add(Apply(op.Name, Value(op.A, x, pro, [], [], 0), Value(op.B, x, pro, [], [], 0)));
        Var result = 0;
        foreach (var loop in Loops)
        {
            var carried = new Var[Carried];
            for (int j = 0; j < Carried; j++) carried[j] = j == 0 ? 0 : pro[j % pro.Count];
            for (int t = 0; t < loop.Reps; t++)
            {
                var body = new List<Var>();
                for (int i = 0; i < loop.Body.Length; i++)
                {
                    var op = loop.Body[i];
                    string name = t == loop.BreakAt && i == 0 ? Other(op.Name) : op.Name;
                    body.Add(Apply(name, Value(op.A, x, pro, body, carried, t), Value(op.B, x, pro, body, carried, t)));
                }
                foreach (var (j, update, v) in loop.Updates)
                    carried[j] = update switch { "+" => carried[j] + body[v], "-" => carried[j] - body[v], _ => carried[j] * Var.Tanh(body[v]) };
            }
            foreach (var c in carried) result += c;
        }
        return result;
    }

    static Var Value(Operand o, ReadOnlySpan<Var> x, List<Var> pro, List<Var> body, Var[] carried, int t) => o switch
    {
        BodyValue b => body[b.Index],
        CarriedValue c => carried[c.Index],
        StridedInput s => x[(int)(((long)s.Start + (long)t * s.Stride) % x.Length + x.Length) % x.Length],
        Invariant i => pro[i.Index],
        ConstantOperand k => k.C0 + t * k.Step,
        _ => throw new ArgumentException(o.ToString()),
    };

    static string Other(string name) => Binary.Contains(name) ? (name == "*" ? "+" : "*") : (name == "sin" ? "cos" : "sin");

    static Var Apply(string name, Var a, Var b) => name switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * Var.Tanh(b), // keeps products of products bounded
        "max" => Var.Max(a, b),
        "min" => Var.Min(a, b),
        "atan2" => Var.Atan2(a, b),
        "sin" => Var.Sin(a),
        "cos" => Var.Cos(a),
        "tanh" => Var.Tanh(a),
        "sigmoid" => Var.Sigmoid(a),
        "atan" => Var.Atan(a),
        "softplus" => Var.Softplus(a),
        "abs" => Var.Abs(a),
        "neg" => -a,
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// A random program from a seed: 1–3 loops of 1–6 body operations and 1–14 iterations, strides −2..3,
    /// a third of the constants varying, sometimes a wrap-around (stride times reps past n) or a broken iteration.
    /// </summary>
    public static LoopProgram Random(int seed)
    {
        var rng = new Random(seed);
        int n = rng.Next(2, 12);
        int carried = rng.Next(1, 3);
        var pro = new LoopOp[rng.Next(1, 4)];
        for (int i = 0; i < pro.Length; i++)
        {
            Operand Pick() => rng.Next(3) switch
            {
                0 when i > 0 => new Invariant(rng.Next(i)),
                1 => new ConstantOperand(Constant(rng), 0),
                _ => new StridedInput(rng.Next(n), 0),
            };
            pro[i] = Op(rng, Pick, Pick);
        }
        var loops = new Loop[rng.Next(1, 4)];
        for (int l = 0; l < loops.Length; l++)
        {
            int reps = rng.Next(1, 15);
            var body = new LoopOp[rng.Next(1, 7)];
            for (int i = 0; i < body.Length; i++)
            {
                Operand Pick() => rng.Next(6) switch
                {
                    0 when i > 0 => new BodyValue(rng.Next(i)),
                    1 => new CarriedValue(rng.Next(carried)),
                    2 => new Invariant(rng.Next(pro.Length)),
                    3 => new ConstantOperand(Constant(rng), rng.Next(3) == 0 ? 0.25 * rng.Next(1, 5) : 0),
                    _ => new StridedInput(rng.Next(n), rng.Next(-2, 4)),
                };
                body[i] = Op(rng, Pick, Pick);
            }
            var updates = new (int, string, int)[rng.Next(1, carried + 1)];
            for (int u = 0; u < updates.Length; u++) updates[u] = (u, rng.Next(3) switch { 0 => "*", 1 => "-", _ => "+" }, rng.Next(body.Length));
            loops[l] = new Loop(reps, body, updates, rng.Next(4) == 0 ? rng.Next(reps) : -1);
        }
        return new LoopProgram(n, pro, loops, carried);
    }

    static double Constant(Random rng) => rng.Next(5) == 0 ? 0.0 : Math.Round(4 * rng.NextDouble() - 2, 2);

    static LoopOp Op(Random rng, Func<Operand> a, Func<Operand> b) => rng.Next(2) == 0
        ? new LoopOp(Binary[rng.Next(Binary.Length)], a(), b())
        : new LoopOp(Unary[rng.Next(Unary.Length)], a(), new ConstantOperand(0, 0));
}
