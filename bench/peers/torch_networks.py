# PyTorch peer of bench/Networks (same shapes, float64, one thread, medians):
#   /usr/bin/python3 bench/peers/torch_networks.py [--quick] [--only small|mnist] [--csv FILE] [--default-malloc]
# It runs with OMP_NUM_THREADS=1 and glibc's MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_ raised (see below);
# --default-malloc keeps the environment as given (the old, page-faulting figures).
# FILE gets rows "problem,kind,us" that bench/Networks reads with --peer to print the ratios (bench/run.sh does both).
import os, statistics, sys, time

# glibc's malloc settings, fixed before torch is loaded (the script re-executes itself with them when absent).
# Measured (13:58 UTC 4 Dec, 784-128-10 relu b=64 Adam step, load average 13): with glibc's defaults each step
# hands the freed temporaries back to the kernel (the heap top is trimmed by brk once 128 KB is free there, blocks
# above the mmap threshold are mmap'ed and munmap'ed), and the next step faults the same pages in again: 253 minor
# page faults per step and 9.5-10 ms, against 1 fault and 1.4-1.9 ms with both thresholds raised (either one alone
# still faults 450-590 times a step). On a quiet machine the same change took the step from 4.25 to 0.99-1.06 ms
# and the epoch from 502 to 144-163 ms. A fair peer is PyTorch configured as its users would tune it, so both
# thresholds are raised here: 64 MB for mmap, 256 MB for trimming.
MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456", "OMP_NUM_THREADS": "1"}
if any(os.environ.get(k) != v for k, v in MALLOC.items()) and "--default-malloc" not in sys.argv:
    os.environ.update(MALLOC)
    os.execv(sys.executable, [sys.executable] + sys.argv)
import torch

args = sys.argv[1:]
def option(name):
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None
only = option("--only") or "all"
reps = 5 if "--quick" in args else 1
torch.set_num_threads(1); torch.manual_seed(0)
rows = []
print("# PyTorch %s, 1 thread, float64; malloc: %s" % (torch.__version__, ", ".join(
    "%s=%s" % (k, os.environ.get(k, "default")) for k in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"))))
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
