"""PyTorch peer (CPU, 1 thread): the same problems and inputs as bench/Tangent.Benchmarks; CSV rows on stdout.

Usage: /usr/bin/python3 torch_peer.py [--quick] [--only rosenbrock,logreg,mlp,gemm] [--default-malloc]   (bench/run.sh runs all)
It runs with OMP_NUM_THREADS=1 and glibc's mmap and trim thresholds raised (see FAIR_MALLOC below).
"""
import math
import os
import statistics
import sys
import time

# glibc's malloc settings, fixed before torch is loaded (the script re-executes itself with them when absent; pass
# --default-malloc to keep the environment as given). With glibc's defaults PyTorch hands freed temporaries back to the
# kernel (the heap top trimmed once 128 KB is free, blocks above the mmap threshold mapped and unmapped) and faults
# the same pages in again on the next call: measured 4 Dec 2026 (load average 8), the Rosenbrock n = 10^6 gradient
# took 169 ms with the defaults against 20 ms with both thresholds raised, and f alone 140-200 ms against 2.7-3.1 ms;
# the logistic-regression and MLP rows did not move. bench/peers/torch_networks.py does the same for the networks.
FAIR_MALLOC = {"MALLOC_MMAP_THRESHOLD_": "67108864", "MALLOC_TRIM_THRESHOLD_": "268435456", "OMP_NUM_THREADS": "1"}
if any(os.environ.get(k) != v for k, v in FAIR_MALLOC.items()) and "--default-malloc" not in sys.argv:
    os.environ.update(FAIR_MALLOC)
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch

QUICK = "--quick" in sys.argv
torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)
sink = 0.0


def measure(call):
    """Median time of one call in ns: warm-up, batches of ~1 ms (0.2 ms quick), median of batches."""
    global sink
    t0 = time.perf_counter_ns()
    warm = 0
    while warm < 3 or (time.perf_counter_ns() - t0 < (0.05e9 if QUICK else 0.2e9) and warm < 1000):
        sink += float(call())
        warm += 1
    per = (time.perf_counter_ns() - t0) / warm
    batch = max(1, int((2e5 if QUICK else 1e6) / per))
    samples = int(min(max((6e8 if QUICK else 4e9) / (per * batch), 5), 15 if QUICK else 41))
    times = []
    for _ in range(samples):
        a = time.perf_counter_ns()
        for _ in range(batch):
            sink += float(call())
        times.append((time.perf_counter_ns() - a) / batch)
    return statistics.median(times)


def relerr(a, b):
    e = max(abs(x - y) for x, y in zip(a, b))
    s = max(abs(y) for y in b)
    return e / max(s, 1e-300)


def row(problem, n, tool, f, g, err, note=""):
    print(f'{problem},{n},{tool},{f!r},{g!r},{g / f!r},{err!r},0,"{note}"', flush=True)


def rosen_adjoint(x):
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        t = x[i + 1] - x[i] * x[i]
        u = 1 - x[i]
        g[i] += -400 * t * x[i] - 2 * u
        g[i + 1] += 200 * t
    return g


def rosenbrock(n):
    xs = [-1.2 + 0.1 * math.sin(i) for i in range(n)]
    ref = rosen_adjoint(xs) if n <= 1000 else None
    x0 = torch.tensor(xs)

    def f_plain():
        with torch.no_grad():
            return (100 * (x0[1:] - x0[:-1] ** 2) ** 2 + (1 - x0[:-1]) ** 2).sum()

    def grad_vec():
        x = x0.clone().requires_grad_(True)
        f = (100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2).sum()
        f.backward()
        grad_vec.g = x.grad
        return f.detach()

    fv = measure(f_plain)
    row("rosenbrock", n, "PyTorch f vectorized (no grad)", fv, fv, float("nan"))
    gv = measure(grad_vec)
    g = grad_vec.g.tolist()
    if ref is None:  # n = 10^6: the check in numpy-free Python would dominate; compare a sample
        idx = range(0, n, 997)
        full = [0.0] * n
        for i in idx:
            if i + 1 < n:
                t = xs[i + 1] - xs[i] ** 2
                full[i] += -400 * t * xs[i] - 2 * (1 - xs[i])
            if i > 0:
                full[i] += 200 * (xs[i] - xs[i - 1] ** 2)
        err = relerr([g[i] for i in idx], [full[i] for i in idx])
    else:
        err = relerr(g, ref)
    row("rosenbrock", n, "PyTorch vectorized (1 thread)", fv, gv, err)
    if n == 10:
        def grad_scalar():
            x = [torch.tensor(v, requires_grad=True) for v in xs]
            s = torch.tensor(0.0)
            for i in range(n - 1):
                t = x[i + 1] - x[i] * x[i]
                u = 1 - x[i]
                s = s + 100 * t * t + u * u
            s.backward()
            grad_scalar.g = [v.grad.item() for v in x]
            return s.detach()
        gs = measure(grad_scalar)
        row("rosenbrock", n, "PyTorch scalar code (1 thread)", fv, gs, relerr(grad_scalar.g, ref))


def logistic():
    m, d = 10000, 100
    A = torch.tensor([[math.sin(0.001 * (i * d + j) + 0.5 * j) for j in range(d)] for i in range(m)])
    y = torch.tensor([1.0 if i % 3 == 0 else -1.0 for i in range(m)])
    w0 = torch.tensor([0.01 * math.cos(j) for j in range(d)])
    # reference: the hand-written adjoint, in torch ops without autograd
    with torch.no_grad():
        t = -y * (A @ w0)
        ref = ((torch.sigmoid(t) * -y / m) @ A).tolist()

    def f_plain():
        with torch.no_grad():
            return torch.nn.functional.softplus(-y * (A @ w0)).mean()

    def grad():
        w = w0.clone().requires_grad_(True)
        loss = torch.nn.functional.softplus(-y * (A @ w)).mean()
        loss.backward()
        grad.g = w.grad
        return loss.detach()

    fv = measure(f_plain)
    row("logreg", m * d, "PyTorch f vectorized (no grad)", fv, fv, float("nan"), "10000x100")
    gv = measure(grad)
    row("logreg", m * d, "PyTorch vectorized (1 thread)", fv, gv, relerr(grad.g.tolist(), ref), "10000x100")


def mlp():
    """The 784-128-10 MLP loss at batch 64 (ReLU, cross-entropy), inputs as bench/Tangent.Benchmarks/Mlp.cs."""
    b, i_, h_, o_ = 64, 784, 128, 10
    W1 = torch.tensor([0.05 * math.sin(0.37 * k + 0.1) for k in range(i_ * h_)]).reshape(i_, h_)
    b1 = torch.tensor([0.01 * math.cos(j) for j in range(h_)])
    W2 = torch.tensor([0.1 * math.cos(0.23 * k) for k in range(h_ * o_)]).reshape(h_, o_)
    b2 = torch.zeros(o_)
    X = torch.tensor([0.5 + 0.5 * math.sin(0.011 * k) for k in range(b * i_)]).reshape(b, i_)
    c = torch.tensor([7 * r % 10 for r in range(b)])
    params = [p.clone().requires_grad_(True) for p in (W1, b1, W2, b2)]

    def loss(w1, c1, w2, c2):
        return torch.nn.functional.cross_entropy(torch.relu(X @ w1 + c1) @ w2 + c2, c)

    def f_plain():
        with torch.no_grad():
            return loss(W1, b1, W2, b2)

    def grad():
        for p in params:
            p.grad = None
        l = loss(*params)
        l.backward()
        return l.detach()

    fv = measure(f_plain)
    n = i_ * h_ + h_ + h_ * o_ + o_
    row("mlp 784-128-10 b64", n, "PyTorch f (no grad)", fv, fv, float("nan"))
    gv = measure(grad)
    row("mlp 784-128-10 b64", n, "PyTorch gradient (1 thread)", fv, gv, float("nan"), "relative error: see the C# rows (same inputs)")


def gemm():
    """torch.mm at the shapes of the C# GEMM rows (its BLAS, one thread)."""
    for name, m, n, k in (("gemm 512x512x512", 512, 512, 512), ("gemm mlp X·W1", 64, 128, 784)):
        a = torch.sin(0.37 * torch.arange(m * k, dtype=torch.float64) + 0.1).reshape(m, k)
        bb = torch.sin(0.37 * torch.arange(k * n, dtype=torch.float64) + 0.2).reshape(k, n)
        t = measure(lambda: torch.mm(a, bb)[0, 0])
        row(name, m * n * k, "PyTorch torch.mm (1 thread)", t, t, float("nan"), f"{2.0 * m * n * k / t:.1f} GFLOP/s")


ONLY = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else None
if ONLY is None or "rosenbrock" in ONLY:
    for n in (10, 1000, 1000000):
        rosenbrock(n)
if ONLY is None or "logreg" in ONLY:
    logistic()
if ONLY is None or "mlp" in ONLY:
    mlp()
if ONLY is None or "gemm" in ONLY:
    gemm()
print(f"(sink {sink})", file=sys.stderr)
