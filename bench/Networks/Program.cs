// Networks timings, one thread, float64, medians (run beside bench/peers/torch_networks.py):
//   dotnet run -c Release --project bench/Networks && OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_networks.py
using System.Diagnostics;
using Tangent.Networks;
using Tangent.Optimisation.Stochastic;
var net = new Sequential(new Dense(784, 128, Initializer.HeNormal()), Activation.Relu(128), new Dense(128, 10));
var model = new Classifier(net, net.Initialize(1), 64);
var rng = new Random(1);
var x = Enumerable.Range(0, 64 * 784).Select(_ => rng.NextDouble()).ToArray();
var y = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
var adam = new Adam(1e-3); var st = model.InitOptimiser(adam);
double Median(Action a, int n) { var t = new double[n]; for (int i = 0; i < n; i++) { var s = Stopwatch.GetTimestamp(); a(); t[i] = Stopwatch.GetElapsedTime(s).TotalMilliseconds; } Array.Sort(t); return t[n / 2]; }
for (int i = 0; i < 50; i++) model.Step(adam, st, x, y);
long before = GC.GetAllocatedBytesForCurrentThread();
for (int i = 0; i < 100; i++) model.Step(adam, st, x, y);
long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
double step = Median(() => model.Step(adam, st, x, y), 300);
double grad = Median(() => model.Gradient(x, y), 300);
var ps = new double[64 * net.ParameterCount]; var norms = new double[64];
double per = Median(() => model.PerSampleGradients(x, y, ps), 50);
double pn = Median(() => model.PerSampleGradientNorms(x, y, norms), 300);
// Small MLPs: value+gradient on the whole batch
foreach (var (i, h, o, m) in new[] { (4, 32, 3, 150), (24, 8, 2, 200) })
{
    var n2 = new Sequential(new Dense(i, h), Activation.Tanh(h), new Dense(h, o));
    var c = new Classifier(n2, n2.Initialize(1), m);
    var xs = Enumerable.Range(0, m * i).Select(_ => rng.NextDouble()).ToArray(); var ys = Enumerable.Range(0, m).Select(k => k % o).ToArray();
    for (int k = 0; k < 200; k++) c.Gradient(xs, ys);
    Console.WriteLine($"small {i}-{h}-{o} tanh m={m}: value+gradient median {Median(() => c.Gradient(xs, ys), 2000) * 1000:F1} us");
}
Console.WriteLine($"784-128-10 b64: step (gradient+Adam) median {step:F3} ms; gradient {grad:F3} ms; per-sample gradients (64 x {net.ParameterCount}) {per:F3} ms = {per / grad:F1}x gradient; per-sample norms {pn:F3} ms = {pn / grad:F2}x; bytes allocated per warm step {bytes}");
{
    var xs = Enumerable.Range(0, 8000 * 784).Select(_ => rng.NextDouble()).ToArray(); var ys = Enumerable.Range(0, 8000).Select(_ => rng.Next(10)).ToArray();
    var order = Enumerable.Range(0, 8000).ToArray(); var bx = new double[64 * 784]; var by = new int[64];
    double ep = Median(() => { rng.Shuffle(order); for (int s = 0; s < 125; s++) { for (int i = 0; i < 64; i++) { int r = order[s * 64 + i]; xs.AsSpan(r * 784, 784).CopyTo(bx.AsSpan(i * 784)); by[i] = ys[r]; } model.Step(adam, st, bx, by); } }, 5);
    Console.WriteLine($"epoch (125 steps of 64) median {ep * 1e-3:F3} s");
}
