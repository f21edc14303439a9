"""PyTorch peer (CPU, 1 thread): the same problems and inputs as bench/Tangent.Benchmarks; CSV rows on stdout.

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 torch_peer.py [--quick]   (bench/run.sh does this)
"""
import math
import statistics
import sys
import time

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


for n in (10, 1000, 1000000):
    rosenbrock(n)
logistic()
print(f"(sink {sink})", file=sys.stderr)
