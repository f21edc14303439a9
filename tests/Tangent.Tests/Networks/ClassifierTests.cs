using Tangent.Networks;
using Tangent.Optimisation.Stochastic;
using Tangent.Tests.Support;
using Dense = Tangent.Networks.Dense;
using Vec = Tangent.Tests.Support.Dense;

namespace Tangent.Tests.Networks;

/// <summary>
/// Training a network as a classifier: per-sample gradients from one sweep equal a loop of one-sample
/// gradients, their norms equal the rows' norms; a small separable problem is learnt to 100%; NaN during
/// training is located (step, layer, operation) and the last good parameters are kept; bad labels are refused.
/// </summary>
public class ClassifierTests
{
    private static Sequential Net(int inputs, int classes) =>
        new(new Dense(inputs, 16, Initializer.HeNormal()), Activation.Relu(16), new Dense(16, 8), Activation.Tanh(8), new Dense(8, classes));

    private static (double[] X, int[] Labels) Blobs(int perClass, int classes, int dims, int seed)
    {
        // Class c sits around 3·e_c: linearly separable with a wide margin.
        var rng = new Random(seed);
        var x = new double[perClass * classes * dims];
        var labels = new int[perClass * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = i % classes;
            for (int d = 0; d < dims; d++) x[i * dims + d] = (d == labels[i] ? 3 : 0) + (rng.NextDouble() - 0.5);
        }
        return (x, labels);
    }

    [Fact]
    public void PerSampleGradientsEqualALoopOfOneSampleGradients()
    {
        int m = 6, classes = 3, dims = 4;
        var net = Net(dims, classes);
        var theta = net.Initialize(seed: 5);
        var (x, labels) = Blobs(2, classes, dims, seed: 1);
        var batch = new Classifier(net, theta, m);
        var one = new Classifier(net, theta, 1);
        int p = net.ParameterCount;
        var rows = new double[m * p];
        batch.PerSampleGradients(x, labels, rows);
        var norms = new double[m];
        batch.PerSampleGradientNorms(x, labels, norms);
        var mean = new double[p];
        for (int i = 0; i < m; i++)
        {
            one.Gradient(x.AsSpan(i * dims, dims), labels.AsSpan(i, 1));
            var expected = one.Gradients.SelectMany(t => t.Data).ToArray();
            Approx.Equal(expected, rows.AsSpan(i * p, p).ToArray(), rel: 1e-12, abs: 1e-14, what: $"sample {i}");
            Approx.Equal(Vec.Norm(expected), norms[i], rel: 1e-12, what: $"‖g_{i}‖");
            for (int j = 0; j < p; j++) mean[j] += expected[j] / m;
        }
        // Their mean is the batch gradient.
        batch.Gradient(x, labels);
        Approx.Equal(mean, batch.Gradients.SelectMany(t => t.Data).ToArray(), rel: 1e-12, abs: 1e-14, what: "mean of per-sample gradients");
    }

    [Fact]
    public void ASmallSeparableProblemIsLearntToOneHundredPercent()
    {
        int classes = 3, dims = 4;
        var net = Net(dims, classes);
        var (x, labels) = Blobs(20, classes, dims, seed: 2);
        var model = new Classifier(net, net.Initialize(seed: 3), batchSize: 12);
        var adam = new Adam(0.01);
        var states = model.InitOptimiser(adam);
        Assert.True(model.Accuracy(x, labels) < 1, "the untrained network is not already perfect");
        double first = double.NaN, last = double.NaN;
        for (int epoch = 0; epoch < 40; epoch++)
            for (int b = 0; b + 12 <= labels.Length; b += 12)
            {
                var r = model.Step(adam, states, x.AsSpan(b * dims, 12 * dims), labels.AsSpan(b, 12));
                Assert.Null(r.Failure);
                if (double.IsNaN(first)) first = r.Loss;
                last = r.Loss;
            }
        Assert.Equal(1.0, model.Accuracy(x, labels));
        Assert.True(last < first / 10, $"loss {first} → {last}");
        Assert.Equal(40 * 5, model.Steps);
    }

    [Fact]
    public void NaNDuringTrainingNamesStepLayerAndOperationAndKeepsTheLastGoodParameters()
    {
        int classes = 3, dims = 4;
        var net = new Sequential(new Dense(dims, 16, Initializer.HeNormal(gain: 100)), Activation.Relu(16), new Dense(16, 16), Activation.Relu(16), new Dense(16, classes));
        var (x, labels) = Blobs(4, classes, dims, seed: 7);
        var model = new Classifier(net, net.Initialize(seed: 1), batchSize: 12);
        var adam = new Adam(0.01);
        var states = model.InitOptimiser(adam);
        for (int step = 0; step < 3; step++) Assert.Null(model.Step(adam, states, x, labels).Failure);
        var before = model.Parameters.Select(t => (double[])t.Data.Clone()).ToArray();
        // A batch of finite but huge inputs (a corrupted record, say): the products overflow to ±∞ and ∞ − ∞ is NaN.
        // (Weights of gain 100 make x·W overflow at once; the finite data pass the engine's checks.)
        double scale = 1.7e308 / x.Max(Math.Abs);
        var huge = x.Select(v => v * scale).ToArray();
        var failure = model.Step(adam, states, huge, labels).Failure;
        Assert.NotNull(failure);
        Assert.Equal(4, failure!.Step);
        Assert.Equal(3, model.Steps);
        Assert.StartsWith("step 4: ", failure.Message);
        Assert.Contains($"operation {failure.Operation}", failure.Message);
        Assert.EndsWith("the parameters of step 3 are kept.", failure.Message);
        Assert.InRange(failure.Layer, 0, net.Layers.Count - 1);
        Assert.Contains($"layer {failure.Layer} ({net.Layers[failure.Layer].Name})", failure.Message);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], model.Parameters[i].Data);
        // Training goes on from the kept parameters with good data.
        Assert.Null(model.Step(adam, states, x, labels).Failure);
        Assert.Equal(4, model.Steps);
    }

    /// <summary>Adam seen only through the interface, so that a step takes the general path: Update, then θ + u.</summary>
    private sealed class Plain(IStochasticOptimiser inner) : IStochasticOptimiser
    {
        public OptimiserState Init(int length) => inner.Init(length);
        public void Update(ReadOnlySpan<double> gradient, OptimiserState state, ReadOnlySpan<double> parameters, Span<double> updates)
            => inner.Update(gradient, state, parameters, updates);
    }

    [Theory, InlineData(false), InlineData(true)]
    public void AStepInOnePassGivesTheSameBitsAsUpdateThenApply(bool decoupledDecay)
    {
        int classes = 3, dims = 5;
        var (x, labels) = Blobs(3, classes, dims, seed: 3);
        IStochasticOptimiser Make() => decoupledDecay ? new AdamW(0.02, weightDecay: 0.1) : new Adam(0.02);
        var net = Net(dims, classes);
        var (fused, plain) = (new Classifier(net, net.Initialize(seed: 2), 9), new Classifier(net, net.Initialize(seed: 2), 9));
        var (a, b) = (Make(), new Plain(Make()));
        var (sa, sb) = (fused.InitOptimiser(a), plain.InitOptimiser(b));
        for (int step = 0; step < 7; step++)
        {
            Assert.Equal(plain.Step(b, sb, x, labels).Loss, fused.Step(a, sa, x, labels).Loss);
            for (int i = 0; i < fused.Parameters.Length; i++) Assert.Equal(plain.Parameters[i].Data, fused.Parameters[i].Data);
        }
    }

    [Fact]
    public void AnUpdateThatOverflowsAParameterIsNotAppliedToAnyTensor()
    {
        // Hidden unit 0 is dead (zero weights in, bias −1: relu(−1) = 0 with slope 0), so its outgoing weight
        // W2[0, 0] = 1.7e308 leaves the loss finite and gets a zero gradient. At step 4 the schedule turns the rate
        // to −1 (an ascent step): AdamW's decay term then gives u = −η·λθ = 0.85e308 there, finite, but θ + u
        // overflows. The tensors W1 and b1 before it were already updated in the same step and must be put back.
        var net = new Sequential(new Dense(4, 6, Initializer.HeNormal()), Activation.Relu(6), new Dense(6, 3));
        var theta = net.Initialize(seed: 4);
        for (int i = 0; i < 4; i++) theta[0].Data[i * 6] = 0;
        theta[1].Data[0] = -1;
        theta[2].Data[0] = 1.7e308;
        var (x, labels) = Blobs(4, 3, 4, seed: 5);
        var model = new Classifier(net, theta, batchSize: 12);
        var adamW = new AdamW(t => t < 3 ? 0.01 : -1, weightDecay: 0.5);
        var states = model.InitOptimiser(adamW);
        theta[2].Data[0] = 0; // three ordinary steps first, then the huge weight
        for (int step = 0; step < 3; step++) Assert.Null(model.Step(adamW, states, x, labels).Failure);
        theta[2].Data[0] = 1.7e308;
        var before = model.Parameters.Select(t => (double[])t.Data.Clone()).ToArray();
        var failure = model.Step(adamW, states, x, labels).Failure;
        Assert.NotNull(failure);
        Assert.Equal(("optimiser", "update", -1), (failure!.LayerName, failure.Operation, failure.Layer));
        Assert.StartsWith("step 4: the optimiser's update of ", failure.Message);
        Assert.Contains($"is 8.5E+307 at element 0, which takes it from 1.7E+308 to {double.PositiveInfinity} (the gradient was finite)", failure.Message);
        Assert.EndsWith("the parameters of step 3 are kept.", failure.Message);
        Assert.Equal(3, model.Steps);
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], model.Parameters[i].Data);
    }

    [Fact]
    public void ReluKinksAreCountedWithTheirConvention()
    {
        // All-zero rows and zero biases put every hidden pre-activation exactly on relu's kink.
        var net = new Sequential(new Dense(4, 5), Activation.Relu(5), new Dense(5, 3));
        var model = new Classifier(net, net.Initialize(seed: 1), batchSize: 2);
        model.Gradient(new double[8], [0, 1]);
        Assert.Equal(2 * 5, model.ReluKinks);
        Assert.Contains("relu'(0) = 0", Classifier.ReluConvention);
        Assert.Contains(model.Kinks, k => k.Operation == "relu" && k.Count == 10);
        model.Gradient([1, 2, 3, 4, -1, 0.5, 2, 1], [0, 1]);
        Assert.Equal(0, model.ReluKinks);
    }

    [Fact]
    public void ALabelOutsideTheClassesIsRefusedBeforeAnythingIsComputed()
    {
        var net = Net(4, 3);
        var model = new Classifier(net, net.Initialize(seed: 1), batchSize: 2);
        var e = Assert.Throws<ArgumentException>(() => model.Gradient(new double[8], [0, 3]));
        Assert.Contains("label 3", e.Message);
        Assert.Contains("0..2", e.Message);
        Assert.Throws<ArgumentException>(() => model.Gradient(new double[7], [0, 1]));
    }
}
