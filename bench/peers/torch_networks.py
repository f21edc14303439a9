# PyTorch peer of bench/Networks (same shapes, float64, one thread, medians):
#   OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_networks.py [--quick] [--only small|mnist] [--csv FILE]
# FILE gets rows "problem,kind,us" that bench/Networks reads with --peer to print the ratios (bench/run.sh does both).
import statistics, sys, time
import torch

args = sys.argv[1:]
def option(name):
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None
only = option("--only") or "all"
reps = 5 if "--quick" in args else 1
torch.set_num_threads(1); torch.manual_seed(0)
rows = []
def add(problem, kind, us):
    rows.append((problem, kind, us))
    print("%-34s torch %-12s %12.1f us" % (problem, kind, us))
def med(f, n):
    t = []
    for _ in range(max(5, n // reps)):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    return statistics.median(t) * 1e6
lossf = torch.nn.CrossEntropyLoss()
if only in ("all", "small"):
    for (i, h, o, m) in ((4, 32, 3, 150), (24, 8, 2, 200)):
        n2 = torch.nn.Sequential(torch.nn.Linear(i, h), torch.nn.Tanh(), torch.nn.Linear(h, o)).double()
        xs = torch.rand(m, i, dtype=torch.float64); ys = torch.arange(m) % o
        def g():
            n2.zero_grad(); l = lossf(n2(xs), ys); l.backward(); return l.item()
        for _ in range(200): g()
        add("mlp %d-%d-%d tanh m=%d" % (i, h, o, m), "gradient", sum(med(g, 2000) for _ in range(3)) / 3)
if only in ("all", "mnist"):
    problem = "mlp 784-128-10 relu b=64"
    net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).double()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(64, 784, dtype=torch.float64); y = torch.arange(64) % 10
    def step():
        opt.zero_grad(); l = lossf(net(x), y); l.backward(); opt.step()
    def grad():
        net.zero_grad(); l = lossf(net(x), y); l.backward()
    for _ in range(50): step()
    add(problem, "step", med(step, 300))
    add(problem, "gradient", med(grad, 300))
    xs = torch.rand(8000, 784, dtype=torch.float64); ys = torch.randint(0, 10, (8000,))
    def epoch():
        perm = torch.randperm(8000)
        for s in range(125):
            idx = perm[s * 64:(s + 1) * 64]; opt.zero_grad(); l = lossf(net(xs[idx]), ys[idx]); l.backward(); opt.step()
    add("mnist epoch 8000 digits b=64", "epoch", med(epoch, 5 * reps))
csv = option("--csv")
if csv:
    with open(csv, "w") as f:
        f.write("problem,kind,us\n")
        for r in rows: f.write("%s,%s,%r\n" % r)
