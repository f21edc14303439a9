// Networks timings, one thread, float64, medians, beside PyTorch and a hand-written C# backprop:
//   OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_networks.py --csv bench/results/torch_networks.csv
//   dotnet run -c Release --project bench/Networks -- --peer bench/results/torch_networks.csv
// (bench/run.sh runs both.) Options: --only small|mnist, --quick (fewer samples), --csv FILE (this run's rows).
using System.Diagnostics;
using System.Globalization;
using Tangent.Bench.Networks;
using Tangent.Networks;
using Tangent.Optimisation.Stochastic;

var inv = CultureInfo.InvariantCulture;
string? Option(string name) { int i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
string only = Option("--only") ?? "all";
bool quick = args.Contains("--quick");
int reps = quick ? 5 : 1; // divisor of the sample counts
var peer = new Dictionary<string, double>();
if (Option("--peer") is { } peerFile && File.Exists(peerFile))
    foreach (var line in File.ReadLines(peerFile).Skip(1))
    {
        var f = line.Split(',');
        peer[$"{f[0]}|{f[1]}"] = double.Parse(f[2], inv);
    }
var rows = new List<(string Problem, string Tool, double Us, string Note)>();
void Add(string problem, string tool, double us, string note = "")
{
    rows.Add((problem, tool, us, note));
    Console.WriteLine($"{problem,-34} {tool,-34} {us,12:F1} us  {note}");
}
double Median(Action a, int n) { n = Math.Max(5, n / reps); var t = new double[n]; for (int i = 0; i < n; i++) { var s = Stopwatch.GetTimestamp(); a(); t[i] = Stopwatch.GetElapsedTime(s).TotalMicroseconds; } Array.Sort(t); return t[n / 2]; }
var rng = new Random(1);

if (only is "all" or "small")
    foreach (var (i, h, o, m) in new[] { (4, 32, 3, 150), (24, 8, 2, 200) })
    {
        // Small MLPs: value + gradient of the mean cross-entropy on the whole batch.
        string problem = $"mlp {i}-{h}-{o} tanh m={m}";
        var net = new Sequential(new Dense(i, h), Activation.Tanh(h), new Dense(h, o));
        var c = new Classifier(net, net.Initialize(1), m);
        var xs = Enumerable.Range(0, m * i).Select(_ => rng.NextDouble()).ToArray();
        var ys = Enumerable.Range(0, m).Select(k => k % o).ToArray();
        var hand = new HandBackprop(i, h, o, m);
        var th = c.Parameters;
        var gs = new[] { new double[i * h], new double[h], new double[h * o], new double[o] };
        double HandRun() => hand.ValueAndGradient(xs, ys, th[0].Data, th[1].Data, th[2].Data, th[3].Data, gs[0], gs[1], gs[2], gs[3]);
        // Warm for a full second, not a count of calls: on a quiet machine 200 calls end before the JIT's tier-1 code
        // is installed (the tiering waits for a pause in new tier-0 work), and the run then timed tier-0 code (88 µs
        // for 4-32-3 at 18:40, against 26 µs once warm).
        for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;) { c.Gradient(xs, ys); HandRun(); }
        double lossHand = HandRun(), lossOurs = c.Gradient(xs, ys), err = 0;
        for (int q = 0; q < 4; q++)
            for (int r = 0; r < gs[q].Length; r++) err = Math.Max(err, Math.Abs(gs[q][r] - c.Gradients[q].Data[r]));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++) c.Gradient(xs, ys);
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        // Interleaved, so that both see the same load.
        double ours = 0, byHand = 0;
        for (int round = 0; round < 3; round++)
        {
            ours += Median(() => c.Gradient(xs, ys), 2000) / 3;
            byHand += Median(() => HandRun(), 2000) / 3;
        }
        Add(problem, "Tangent Classifier.Gradient", ours, $"{bytes} B/call; |Δloss| {Math.Abs(lossHand - lossOurs):E1}, max |Δgradient| {err:E1} vs hand-written");
        Add(problem, "hand-written C# backprop", byHand);
    }

if (only is "all" or "mnist")
{
    string problem = "mlp 784-128-10 relu b=64";
    var net = new Sequential(new Dense(784, 128, Initializer.HeNormal()), Activation.Relu(), new Dense(128, 10));
    var model = new Classifier(net, net.Initialize(1), 64);
    var x = Enumerable.Range(0, 64 * 784).Select(_ => rng.NextDouble()).ToArray();
    var y = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
    var adam = new Adam(1e-3);
    var st = model.InitOptimiser(adam);
    // Warmed for a second, as the small networks are: after 150 steps (the old warm-up) the step still ran partly
    // tier-0 code, and its median read 0.62 ms against 0.47–0.50 ms once tiered (a scratch profile, 14:30 UTC, loaded).
    for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;) model.Step(adam, st, x, y);
    long before = GC.GetAllocatedBytesForCurrentThread();
    for (int i = 0; i < 100; i++) model.Step(adam, st, x, y);
    long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    Add(problem, "Tangent training step (Adam)", Median(() => model.Step(adam, st, x, y), 300), $"{bytes} B allocated per warm step");
    var ps = new double[64 * net.ParameterCount];
    var norms = new double[64];
    // Warmed for a second too: three calls (the old warm-up) left the first rounds timing tier-0 code of the kernel.
    for (var warm = Stopwatch.StartNew(); warm.ElapsedMilliseconds < 1000;) { model.PerSampleGradients(x, y, ps); WriteFloor.StreamNonzero(ps); }
    // Per-sample gradients and their memory floor are ratios to one gradient: measured in interleaved rounds (one
    // gradient median, then the per-sample and memset medians right after it), so that numerator and denominator see
    // the same load; the ratios are the medians of the rounds' ratios.
    const int rounds = 7;
    double[] gradRounds = new double[rounds], perRounds = new double[rounds], clearRounds = new double[rounds], streamRounds = new double[rounds];
    double[] perRatio = new double[rounds], clearRatio = new double[rounds], streamRatio = new double[rounds];
    for (int r = 0; r < rounds; r++)
    {
        gradRounds[r] = Median(() => model.Gradient(x, y), 100);
        perRounds[r] = Median(() => model.PerSampleGradients(x, y, ps), 15);
        // The floor of an m × p result that is not zero: the same bytes streamed as the kernel streams them.
        streamRounds[r] = Median(() => WriteFloor.StreamNonzero(ps), 15);
        // memset (zeros) of the same bytes: lower still on this machine, which writes lines of zeros faster (see WriteFloor).
        clearRounds[r] = Median(() => ps.AsSpan().Clear(), 15);
        (perRatio[r], clearRatio[r], streamRatio[r]) = (perRounds[r] / gradRounds[r], clearRounds[r] / gradRounds[r], streamRounds[r] / gradRounds[r]);
    }
    double MedianOf(double[] v) { var c = (double[])v.Clone(); Array.Sort(c); return c[c.Length / 2]; }
    double grad = MedianOf(gradRounds), per = MedianOf(perRounds), clear = MedianOf(clearRounds), stream = MedianOf(streamRounds);
    Add(problem, "Tangent gradient", grad);
    Add(problem, "Tangent per-sample gradients", per, $"64 × {net.ParameterCount} written; {MedianOf(perRatio):F2}× one gradient (median of {rounds} interleaved rounds' ratios; rounds {perRatio.Min():F2}–{perRatio.Max():F2}×)");
    Add(problem, "nonzero stream of the same 64 × p doubles", stream, $"{MedianOf(streamRatio):F2}× one gradient: the memory floor of writing a nonzero result (rounds {streamRatio.Min():F2}–{streamRatio.Max():F2}×)");
    Add(problem, "memset of the same 64 × p doubles", clear, $"{MedianOf(clearRatio):F2}× one gradient: zeros, written faster than other data here, so below any nonzero result (rounds {clearRatio.Min():F2}–{clearRatio.Max():F2}×)");
    double pn = Median(() => model.PerSampleGradientNorms(x, y, norms), 300);
    Add(problem, "Tangent per-sample gradient norms", pn, $"{pn / grad:F2}× one gradient");
    var xs = Enumerable.Range(0, 8000 * 784).Select(_ => rng.NextDouble()).ToArray();
    var ys = Enumerable.Range(0, 8000).Select(_ => rng.Next(10)).ToArray();
    var order = Enumerable.Range(0, 8000).ToArray();
    var bx = new double[64 * 784];
    var by = new int[64];
    double epoch = Median(() =>
    {
        rng.Shuffle(order);
        for (int s = 0; s < 125; s++)
        {
            for (int i = 0; i < 64; i++) { int r = order[s * 64 + i]; xs.AsSpan(r * 784, 784).CopyTo(bx.AsSpan(i * 784)); by[i] = ys[r]; }
            model.Step(adam, st, bx, by);
        }
    }, 5 * reps);
    Add("mnist epoch 8000 digits b=64", "Tangent 125 steps with gathering", epoch);
}

// The table: each row beside PyTorch's same problem and tool kind, and the small MLPs beside the hand-written backprop.
Console.WriteLine();
Console.WriteLine("| problem | tool | time | PyTorch | × PyTorch | note |");
Console.WriteLine("|---|---|---:|---:|---:|---|");
foreach (var (problem, tool, us, note) in rows)
{
    string key = $"{problem}|{Kind(tool)}";
    string torch = peer.TryGetValue(key, out double t) ? $"{Time(t)}" : "—";
    string ratio = peer.TryGetValue(key, out t) && !tool.StartsWith("hand") ? $"{us / t:F2}×" : "—";
    string extra = note;
    if (tool.StartsWith("Tangent Classifier") && rows.Find(r => r.Problem == problem && r.Tool.StartsWith("hand")) is { Tool: not null } hand)
        extra = $"{us / hand.Us:F2}× hand-written; " + note;
    Console.WriteLine($"| {problem} | {tool} | {Time(us)} | {torch} | {ratio} | {extra} |");
}
if (Option("--csv") is { } csv)
    File.WriteAllLines(csv, ["problem,tool,us,note", .. rows.Select(r => $"{r.Problem},{r.Tool},{r.Us.ToString("R", inv)},\"{r.Note}\"")]);

static string Kind(string tool) => tool switch
{
    _ when tool.Contains("125 steps") => "epoch",
    _ when tool.Contains("step") => "step",
    _ when tool.Contains("norms") => "norms",
    _ when tool.Contains("per-sample") => "per-sample",
    _ when tool.Contains("memset") => "floor",
    _ when tool.Contains("nonzero stream") => "floor",
    _ => "gradient",
};
static string Time(double us) => us >= 1000 ? $"{us / 1000:F2} ms" : $"{us:F1} µs";
