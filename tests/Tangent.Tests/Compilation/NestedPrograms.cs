namespace Tangent.Tests.Compilation;

/// <summary>
/// A loss written as nested C# loops over Vars, the shape that gives nested loops when rolled: for each sample (a row
/// of the data), layers of units, each unit a sum over the previous layer's values of weight · value (a dot product),
/// started from a bias, a constant that differs per unit, or 0 (then the sum's first term is a node of its own, so
/// the first repetition differs from the others), then an activation (smooth, a kink, or a branch on the unit's
/// value); the sample's output units summed into the loss, weighted by the sample's label. Weights may be scaled by
/// a constant that varies per term, and a unit may read the data row once more (a data read in the outer loop).
/// </summary>
/// <param name="Samples">Rows of the data.</param>
/// <param name="Width">Columns of the data: the first layer's inputs.</param>
/// <param name="Layers">Units per layer (1 allowed).</param>
/// <param name="Activation">Per layer: tanh, sin, abs, relu, sigmoid, branch (z &gt; 0 ? z·z : −z, a recorded branch).</param>
/// <param name="Start">How a unit's sum starts: bias (a weight), constant (0.25·k, varying per unit), zero.</param>
/// <param name="Scaled">Each term is weight · value · (1 + 0.125·j): a constant that varies per term.</param>
/// <param name="Reread">Each unit adds data[i, k mod Width] · a weight after its sum: a data read per unit.</param>
public sealed record NestedProgram(int Samples, int Width, int[] Layers, string[] Activation, string Start, bool Scaled, bool Reread)
{
    static readonly string[] Activations = ["tanh", "sin", "abs", "relu", "sigmoid", "branch"];
    static readonly string[] Starts = ["bias", "constant", "zero"];

    /// <summary>The number of weights θ.</summary>
    public int Parameters
    {
        get
        {
            int p = 0, before = Width;
            foreach (int units in Layers)
            {
                p += units * (before + 2); // weights, bias, reread weight
                before = units;
            }
            return p;
        }
    }

    /// <summary>The loss on the tape scalar, the data as a data argument (Width columns, one label per row).</summary>
    public Var Run(ReadOnlySpan<Var> theta, Data data)
    {
        Var loss = 0;
        for (int i = 0; i < Samples; i++)
        {
            var previous = new Var[Width];
            for (int j = 0; j < Width; j++) previous[j] = data[i, j];
            int w = 0;
            for (int l = 0; l < Layers.Length; l++)
            {
                var next = new Var[Layers[l]];
                for (int k = 0; k < next.Length; k++)
                {
                    int row = w + k * (previous.Length + 2);
                    Var z = Start switch { "bias" => theta[row + previous.Length], "constant" => (Var)(0.25 * k), _ => 0 };
                    for (int j = 0; j < previous.Length; j++)
                        z += Scaled ? theta[row + j] * previous[j] * (1 + 0.125 * j) : theta[row + j] * previous[j];
                    if (Reread) z += theta[row + previous.Length + 1] * data[i, k % Width];
                    next[k] = Activate(Activation[l], z);
                }
                w += next.Length * (previous.Length + 2);
                previous = next;
            }
            Var sum = 0;
            foreach (var v in previous) sum += v;
            loss += data.Label(i) * sum;
        }
        return loss;
    }

    static Var Activate(string name, Var z) => name switch
    {
        "tanh" => Var.Tanh(z),
        "sin" => Var.Sin(z),
        "abs" => Var.Abs(z),
        "relu" => Var.Max(z, 0),
        "sigmoid" => Var.Sigmoid(z),
        "branch" => z > 0 ? z * z : -z,
        _ => throw new ArgumentException(name),
    };

    /// <summary>A random program from a seed: 3–7 samples of 1–9 columns, 1–3 layers of 1–6 units.</summary>
    public static NestedProgram Random(int seed)
    {
        var rng = new Random(seed);
        int layers = rng.Next(1, 4);
        return new NestedProgram(rng.Next(3, 8), rng.Next(1, 10),
            [.. Enumerable.Range(0, layers).Select(_ => rng.Next(5) == 0 ? 1 : rng.Next(1, 7))],
            [.. Enumerable.Range(0, layers).Select(_ => Activations[rng.Next(Activations.Length)])],
            Starts[rng.Next(Starts.Length)], rng.Next(3) == 0, rng.Next(3) == 0);
    }

    /// <summary>f recorded at (θ, data, labels) with the data as a data argument (nodes that nothing differentiates).</summary>
    public static Graph Record(Func<ReadOnlySpan<Var>, Data, Var> f, double[] theta, double[] data, double[] labels, int columns)
    {
        var g = Tape.Begin(theta, data, labels, new DifferentiationOptions(), out var inputs);
        try
        {
            var y = f(inputs, new Data(g, inputs.Length + 1, data.Length, labels.Length, columns));
            Tape.CheckOutputs(g, [y]);
            g.SingleOutput[0] = y;
            g.Outputs = g.SingleOutput;
        }
        finally
        {
            Tape.End(g);
        }
        return g;
    }
}
