using Tangent.Arrays;
using Tangent.Optimisation.Stochastic;

namespace Tangent.Networks;

/// <summary>
/// A network trained as a classifier on minibatches of a fixed size: the loss is the mean softmax cross-entropy
/// L = (1/m) Σᵢ ℓᵢ of its outputs (logits) against integer labels, recorded once as an array program and run
/// for every minibatch. A step takes the gradient (one reverse sweep: the layers' local derivatives multiplied
/// from the loss backwards) and lets a stochastic optimiser update the parameters in place; once warm it
/// allocates nothing. NaN or infinity during a step is located (step, layer, operation) and the step is not
/// applied, so the parameters stay those of the last good step.
/// </summary>
public sealed partial class Classifier
{
    private readonly ArrayProgram program;
    private readonly Tensor inputs, labels;
    private readonly DenseNodes[] dense;
    private readonly int[] layerEnds;
    private readonly TensorVar[] nodes;
    private readonly TensorVar[] kinked;
    private readonly double[][] updates;

    /// <summary>A classifier for <paramref name="network"/>, whose output width is the number of classes, at <paramref name="parameters"/> (updated in place by <see cref="Step"/>).</summary>
    /// <exception cref="ArgumentException">The parameters do not fit the network, or the batch size is not positive.</exception>
    public Classifier(Sequential network, Tensor[] parameters, int batchSize)
    {
        LayerProgram.CheckParameters(network, parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        (Network, Parameters, BatchSize) = (network, parameters, batchSize);
        var g = new ArrayGraph();
        var x = g.Data("X", batchSize, network.InputWidth);
        var y = g.Labels("labels", batchSize, network.OutputWidth);
        var p = network.Parameters.Select(s => g.Parameter(s.Name, s.Shape)).ToArray();
        var denseNodes = new List<DenseNodes>();
        layerEnds = new int[network.Layers.Count];
        var logits = network.RecordLayers(x, p, denseNodes, layerEnds);
        program = new ArrayProgram(ArrayMath.CrossEntropy(logits, y));
        nodes = [.. g.Nodes];
        kinked = [.. nodes.Where(n => n.Operation == ArrayMath.ReluDeclaration.Name)];
        dense = [.. denseNodes];
        inputs = new Tensor(batchSize, network.InputWidth);
        labels = new Tensor(batchSize);
        Gradients = [.. parameters.Select(t => new Tensor([.. t.Shape]))];
        updates = [.. parameters.Select(t => new double[t.Length])];
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }
    /// <summary>The parameters, updated in place by each step.</summary>
    public Tensor[] Parameters { get; }
    /// <summary>The gradient of the last <see cref="Gradient"/> or <see cref="Step"/>, one tensor per parameter.</summary>
    public Tensor[] Gradients { get; }
    /// <summary>m, the rows of every minibatch.</summary>
    public int BatchSize { get; }
    /// <summary>Steps applied so far.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// The number of relu elements evaluated exactly at their kink 0 in the last run, where the derivative
    /// used is the convention relu'(0) = 0 (a subgradient: the one-sided slopes are 0 and 1).
    /// </summary>
    public int ReluKinks
    {
        get
        {
            int count = 0;
            foreach (var node in kinked) count += node.KinkCount;
            return count;
        }
    }

    /// <summary>The kink convention of relu, as declared by its scalar primitive.</summary>
    public static string ReluConvention => ArrayMath.ReluDeclaration.KinkConvention;

    /// <summary>The kinks of the last run, per operation.</summary>
    public IReadOnlyList<ArrayKink> Kinks => program.Kinks;

    /// <summary>The loss L and its gradient (into <see cref="Gradients"/>) on one minibatch of m rows.</summary>
    /// <exception cref="ArgumentException">The batch does not have m rows of the input width, a label is not a class, or an input is not finite.</exception>
    public double Gradient(ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels)
    {
        Bind(batchInputs, batchLabels);
        return program.Gradient(Parameters, [inputs, labels], Gradients);
    }

    /// <summary>
    /// One training step on a minibatch: the gradient, then θ ← θ + u with u from <paramref name="optimiser"/>
    /// (one state per parameter tensor, from <see cref="InitOptimiser"/>). When the loss, the gradient or an
    /// update (or, with Adam and AdamW, a parameter plus its update) is not finite, no parameter is changed and the
    /// result names the step, the layer and the operation; the optimiser's states are untouched when the loss or the
    /// gradient was at fault, and those of the tensors up to the failing one have advanced when an update was.
    /// </summary>
    public StepResult Step(IStochasticOptimiser optimiser, OptimiserState[] states, ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels)
    {
        double loss = Gradient(batchInputs, batchLabels);
        long step = Steps + 1;
        if (!double.IsFinite(loss) || Array.Exists(Gradients, t => Finite.FirstNonFinite(t.Data) >= 0))
            return new StepResult(loss, ReluKinks, Locate(step, loss));
        if (optimiser is IInPlaceOptimiser inPlace)
        {
            // One pass per tensor computes the update and adds it (Adam: moments, u, θ + u and the finiteness
            // check), keeping the old θ in `updates`, which puts every tensor back if a new θ is not finite.
            for (int i = 0; i < Parameters.Length; i++)
            {
                int bad = inPlace.Apply(Gradients[i].Data, states[i], Parameters[i].Data, updates[i], out double u);
                if (bad < 0) continue;
                for (int j = 0; j < i; j++) updates[j].CopyTo(Parameters[j].Data, 0);
                return UpdateFailure(loss, step, i, bad, u);
            }
        }
        else
        {
            for (int i = 0; i < Parameters.Length; i++)
            {
                optimiser.Update(Gradients[i].Data, states[i], Parameters[i].Data, updates[i]);
                int bad = Finite.FirstNonFinite(updates[i]);
                if (bad >= 0) return UpdateFailure(loss, step, i, bad, updates[i][bad]);
            }
            for (int i = 0; i < Parameters.Length; i++) StochasticOptimiser.ApplyUpdates(Parameters[i].Data, updates[i]);
        }
        Steps = step;
        return new StepResult(loss, ReluKinks, null);
    }

    private StepResult UpdateFailure(double loss, long step, int tensor, int bad, double u)
    {
        double theta = Parameters[tensor].Data[bad];
        string what = double.IsFinite(u) ? $"is {u} at element {bad}, which takes it from {theta} to {theta + u}" : $"is {u} at element {bad}";
        return new StepResult(loss, ReluKinks, new TrainingFailure(step, -1, "optimiser", "update",
            $"step {step}: the optimiser's update of {Network.Parameters[tensor].Name} {what} (the gradient was finite); nothing was applied, the parameters of step {step - 1} are kept."));
    }

    /// <summary>One optimiser state per parameter tensor.</summary>
    public OptimiserState[] InitOptimiser(IStochasticOptimiser optimiser) => [.. Parameters.Select(p => optimiser.Init(p.Length))];

    private void Bind(ReadOnlySpan<double> batchInputs, ReadOnlySpan<int> batchLabels)
    {
        if (batchInputs.Length != inputs.Length)
            throw new ArgumentException($"The minibatch has {batchInputs.Length} numbers, but {BatchSize} rows of width {Network.InputWidth} need {inputs.Length}.", nameof(batchInputs));
        if (batchLabels.Length != BatchSize)
            throw new ArgumentException($"The minibatch has {batchLabels.Length} labels, but {BatchSize} rows.", nameof(batchLabels));
        batchInputs.CopyTo(inputs.Data);
        for (int i = 0; i < BatchSize; i++) labels.Data[i] = batchLabels[i];
    }

    /// <summary>The first non-finite value of the last run: forward, layer by layer; else backward, from the loss down.</summary>
    private TrainingFailure Locate(long step, double loss)
    {
        string kept = $"nothing was applied, the parameters of step {step - 1} are kept";
        int start = 0;
        for (int k = 0; k <= layerEnds.Length; k++)
        {
            int end = k < layerEnds.Length ? layerEnds[k] : nodes.Length;
            for (int n = start; n < end; n++)
            {
                var node = nodes[n];
                int bad = node.Value.Length > 0 ? Finite.FirstNonFinite(node.Value) : -1;
                if (bad < 0) continue;
                string layer = k < layerEnds.Length ? $"layer {k} ({Network.Layers[k].Name})" : "the loss";
                return new TrainingFailure(step, k < layerEnds.Length ? k : -1, k < layerEnds.Length ? Network.Layers[k].Name : "loss", node.Operation,
                    $"step {step}: {layer}, operation {node.Operation}: element {ArrayShape.FormatIndex(node.Shape, bad)} is {node.Value[bad]} in the forward pass; {kept}.");
            }
            start = end;
        }
        for (int k = layerEnds.Length - 1; k >= 0; k--)
            for (int n = layerEnds[k] - 1; n >= (k > 0 ? layerEnds[k - 1] : 0); n--)
            {
                var node = nodes[n];
                int bad = node.Adjoint.Length > 0 ? Finite.FirstNonFinite(node.Adjoint) : -1;
                if (bad >= 0)
                    return new TrainingFailure(step, k, Network.Layers[k].Name, node.Operation,
                        $"step {step}: layer {k} ({Network.Layers[k].Name}), operation {node.Operation}: its adjoint is {node.Adjoint[bad]} at element {ArrayShape.FormatIndex(node.Shape, bad)} in the reverse pass (the loss was {loss}); {kept}.");
            }
        return new TrainingFailure(step, -1, "loss", "cross-entropy", $"step {step}: the loss is {loss}; {kept}.");
    }
}

/// <summary>The outcome of one training step.</summary>
/// <param name="Loss">The minibatch loss before the update.</param>
/// <param name="ReluKinks">The relu elements evaluated exactly at 0 in this step's forward pass.</param>
/// <param name="Failure">Null when the step was applied; else where the first NaN or infinity appeared (then nothing was applied).</param>
public readonly record struct StepResult(double Loss, int ReluKinks, TrainingFailure? Failure);

/// <summary>Where a training step met NaN or infinity.</summary>
/// <param name="Step">The step (1 for the first).</param>
/// <param name="Layer">The layer's index, or −1 for the loss or the optimiser.</param>
/// <param name="LayerName">The layer's name ("dense 128→10"), "loss" or "optimiser".</param>
/// <param name="Operation">The array operation that produced it ("matmul", "relu", "cross-entropy", ...).</param>
/// <param name="Message">All of it in one sentence, ending with what was kept.</param>
public sealed record TrainingFailure(long Step, int Layer, string LayerName, string Operation, string Message);
