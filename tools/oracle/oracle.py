#!/usr/bin/env python3
"""A hunt for wrong derivatives and wrong verdicts: generated formulas, an independent oracle, the `tangent` CLI.

    TANGENT="dotnet src/Tangent.Cli/bin/Release/net10.0/Tangent.Cli.dll" python3 tools/oracle/oracle.py \
        [--seed 1] [--count 100] [--depths 2,3,4] [--only grad,hessian,jacobian,smooth,kinks] [--jobs 2]

The oracle knows no Tangent code: values by mpmath at 60 digits, derivatives by mpmath.diff (finite differences
with extrapolation at that precision), differentiability labels by construction (a kink of a linear form that is
exactly 0 at the point, times a smooth factor that is not 0 there, and traps where the kink cancels or is smoothed).
Cases whose gradient moves by more than 1e-11 under a relative change of 1e-14 in the point are dropped, since no
double-precision tool could meet the tolerance there. Scoring is the acceptance suite's: |got − exp| ≤ max(1e-12,
rtol·max(|got|, |exp|)), rtol 1e-9 (value, gradient, Jacobian) and 1e-7 (Hessian). The last line is
"N passed, N failed"; exit status 1 when any failed. Needs python3 and python3-mpmath; not run by the tests.
"""
import argparse, concurrent.futures as cf, json, os, random, shlex, subprocess, sys
import mpmath as mp
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import formulas as fm  # noqa: E402

POINTS = ['0.3', '-0.7', '1.2', '0.55', '-1.3', '2.1', '0.05', '-0.25', '1.75', '1e-5', '-3.7', '12.5', '150', '0.0025']


def derivatives(t, vars_, pt):
    """f(p), ∇f(p), ∇²f(p) in mpmath, or None when p is near a kink or f is not finite and well-conditioned there."""
    env0 = {v: mp.mpf(p) for v, p in zip(vars_, pt)}
    nv = len(vars_)
    try:
        v0 = fm.ev(t, env0)
        if isinstance(v0, mp.mpc) or not mp.isfinite(v0) or abs(v0) > 1e30: return None
        for v in vars_:  # a kink within 1e-4 of the point raises Near
            for d in (mp.mpf('1e-4'), -mp.mpf('1e-4')):
                e2 = dict(env0); e2[v] += d; fm.ev(t, e2)

        def f(*xs): return fm.ev(t, dict(zip(vars_, xs)))
        x0 = [env0[v] for v in vars_]

        def grad(at): return [mp.diff(f, at, tuple(1 if j == i else 0 for j in range(nv))) for i in range(nv)]
        g = grad(x0)
        H = [[None] * nv for _ in range(nv)]
        for i in range(nv):
            for j in range(i, nv):
                o = [0] * nv; o[i] += 1; o[j] += 1
                H[i][j] = H[j][i] = mp.diff(f, x0, tuple(o))
        g1 = grad([xi * (1 + mp.mpf('1e-14') * (1 if k % 2 else -1)) for k, xi in enumerate(x0)])
    except (fm.Near, ZeroDivisionError, ValueError, OverflowError):
        return None
    every = [v0] + g + [h for r in H for h in r]
    if any(isinstance(z, mp.mpc) or not mp.isfinite(z) or abs(z) > 1e25 for z in every): return None
    if any(abs(a - b) > mp.mpf('1e-11') * max(abs(a), 1) for a, b in zip(g, g1)): return None
    return v0, g, H


def smooth_cases(rng, count, depths):
    out = []
    while len(out) < count:
        vars_ = ['x', 'y', 'z'][:rng.choice([1, 2, 3])]
        t = fm.gen(rng, rng.choice(depths), vars_)
        pt = [rng.choice(POINTS) for _ in vars_]
        if not any(v in fm.text(t) for v in vars_): continue
        d = derivatives(t, vars_, pt)
        if d: out.append((t, vars_, pt, d))
    return out


SMOOTH_UN = ['sin', 'cos', 'atan', 'tanh', 'exp', 'sigmoid', 'softplus', 'erf', 'gelu', 'silu']


def smooth_factor(rng, depth, vars_):
    if depth == 0 or rng.random() < 0.2:
        return ('var', rng.choice(vars_)) if rng.random() < 0.8 else ('const', rng.choice(['2', '0.5', '1.5']))
    if rng.random() < 0.5: return ('un', rng.choice(SMOOTH_UN), smooth_factor(rng, depth - 1, vars_))
    return ('bin', rng.choice(['+', '-', '*']), smooth_factor(rng, depth - 1, vars_), smooth_factor(rng, depth - 1, vars_))


def kink_cases(rng, count):
    """(expr, vars, point, differentiable?) with L, M linear forms exactly 0 at the point (independent when n ≥ 2)."""
    out = []
    while len(out) < count:
        nv = rng.choice([1, 2, 3])
        vars_ = ['x', 'y', 'z'][:nv]
        pt = [rng.choice(['0.3', '-0.7', '1.2', '0.55', '-1.25', '2', '0']) for _ in vars_]
        coef = [rng.choice(['1', '2', '-3', '0.5']) for _ in vars_]
        L = '(' + ' + '.join('%s*(%s - (%s))' % (c, v, p) for c, v, p in zip(coef, vars_, pt)) + ')'
        # M: slope 1 in y (L's x-slope is never 0, so L, M are independent); with one variable, slope −2 (never L's).
        M = '(%s - (%s))' % (vars_[1], pt[1]) if nv >= 2 else '(-2*(%s - (%s)))' % (vars_[0], pt[0])
        s1 = smooth_factor(rng, rng.choice([1, 2, 3]), vars_)
        if abs(fm.ev(s1, {v: mp.mpf(p) for v, p in zip(vars_, pt)})) < 1e-3: continue
        S1, S2 = fm.text(s1), fm.text(smooth_factor(rng, rng.choice([1, 2, 3]), vars_))
        table = {  # the form and whether it is differentiable at the point (S1 ≠ 0 there)
            'abs': ('abs(L)*S', False), 'relu': ('relu(L)*S', False), 'leakyrelu': ('leakyrelu(L)*S', False),
            'sign': ('sign(L)*S', False), 'floor': ('floor(L)*S', False), 'ceil': ('ceil(L)*S', False),
            'cbrt': ('cbrt(L)*S', False), 'max': ('max(L, M)*S', False), 'min': ('min(L, M)*S', False),
            'hypot': ('hypot(L, M)*S', False), 'relu^2': ('relu(L)^2*S', True), 'abs^3': ('abs(L)^3*S', True),
            'elu': ('elu(L)*S', True), 'cbrt^4': ('cbrt(L)^4*S', True), 'hypot^2': ('hypot(L, M)^2*S', True),
            'L|L|': ('abs(L)*L*S', True), 'max(L,2L)': ('max(L, 2*L)*S', False), 'floor·L²': ('floor(L)*L^2*S', True),
            'relu-relu': ('(relu(L) - relu(-L))*S', True), 'max+min': ('(max(L, M) + min(L, M))*S', True),
            '|L|+relu(-L)': ('(abs(L) + relu(-L))*S', False), 'exp|L|': ('exp(abs(L))*S', False),
            'cos|L|': ('cos(abs(L))*S', True), 'sin|L|': ('sin(abs(L))*S', False), '|L|sinL': ('abs(L)*sin(L)*S', True),
            'floor+ceil': ('(floor(L) + ceil(-L))*S', True), 'cbrt(L³)': ('cbrt(L^3)*S', True),
            'hypot(L,L)': ('hypot(L, L)*S', False), 'leaky-0.01L': ('(leakyrelu(L) - 0.01*L)*S', False),
            'elu-relu': ('(elu(L) - relu(L))*S', False), 'sign·L²': ('sign(L)*L^2*S', True),
            'sqrt(L²)': ('sqrt(L^2)*S', False), '|L|^1.01': ('abs(L)^1.01*S', True),
            'gelu|L|': ('gelu(abs(L))*S', False),
        }
        if nv >= 2: table['cbrt(L³+M³)'] = ('cbrt(L^3 + M^3)*S', False)
        kind = rng.choice(sorted(table))
        form, diff = table[kind]
        expr = form.replace('L', L).replace('M', M).replace('S', '(' + S1 + ')') + ' + ' + S2
        out.append((expr, vars_, pt, diff, kind))
    return out


def close(got, exp, rtol):
    return isinstance(got, (int, float)) and abs(got - exp) <= max(1e-12, rtol * max(abs(got), abs(exp), 1e-300))


def run(prefix, args):
    p = subprocess.run(prefix + args, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    if p.returncode != 0: raise RuntimeError('exit %d: %s' % (p.returncode, p.stderr.strip()[:200]))
    return json.loads(p.stdout)


def score(job, prefix):
    kind, expr, at, expect = job
    try:
        if kind in ('grad', 'hessian'):
            out = run(prefix, [kind, expr, '--at', at, '--json'])
            v0, g, H = expect
            if not close(out.get('value'), float(v0), 1e-9): return 'value %r, expected %s' % (out.get('value'), mp.nstr(v0, 17))
            for i, e in enumerate(g):
                if not close(out['gradient'][i], float(e), 1e-9): return 'gradient[%d] %r, expected %s' % (i, out['gradient'][i], mp.nstr(e, 17))
            if kind == 'hessian':
                for i, row in enumerate(H):
                    for j, e in enumerate(row):
                        if not close(out['hessian'][i][j], float(e), 1e-7): return 'hessian[%d][%d] %r, expected %s' % (i, j, out['hessian'][i][j], mp.nstr(e, 17))
        elif kind == 'jacobian':
            out = run(prefix, ['jacobian', expr, '--at', at, '--json'])
            for i, (v0, g) in enumerate(expect):
                if not close(out['value'][i], float(v0), 1e-9): return 'value[%d] %r, expected %s' % (i, out['value'][i], mp.nstr(v0, 17))
                for j, e in enumerate(g):
                    if not close(out['jacobian'][i][j], float(e), 1e-9): return 'jacobian[%d][%d] %r, expected %s' % (i, j, out['jacobian'][i][j], mp.nstr(e, 17))
        else:
            out = run(prefix, ['check', expr, '--at', at, '--json'])
            if out.get('verdict') != expect: return 'verdict %s, expected %s' % (out.get('verdict'), expect)
    except Exception as e:  # a crash, a non-zero exit or bad JSON is a failure of the case
        return str(e)[:300]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=100, help='cases per kind')
    ap.add_argument('--depths', default='2,3,4')
    ap.add_argument('--only', default='grad,hessian,jacobian,smooth,kinks')
    ap.add_argument('--jobs', type=int, default=2)
    a = ap.parse_args()
    prefix = shlex.split(os.environ.get('TANGENT', 'tangent'))
    rng, depths, only = random.Random(a.seed), [int(d) for d in a.depths.split(',')], a.only.split(',')
    jobs = []
    cases = smooth_cases(rng, a.count, depths)
    for t, vars_, pt, d in cases:
        at = ','.join('%s=%s' % (v, p) for v, p in zip(vars_, pt))
        if 'grad' in only: jobs.append(('grad', fm.text(t), at, d))
        if 'hessian' in only: jobs.append(('hessian', fm.text(t), at, d))
        if 'smooth' in only: jobs.append(('smooth', fm.text(t), at, 'differentiable'))
    if 'jacobian' in only:
        # three cases as the components of one map, at the point of the one with the most variables
        for k in range(0, len(cases) - 2, 3):
            group = cases[k:k + 3]
            vars_, pt = max(((c[1], c[2]) for c in group), key=lambda vp: len(vp[0]))
            expect = [derivatives(c[0], vars_, pt) for c in group]
            if all(expect):
                jobs.append(('jacobian', '[' + ', '.join(fm.text(c[0]) for c in group) + ']',
                             ','.join('%s=%s' % (v, p) for v, p in zip(vars_, pt)), [(e[0], e[1]) for e in expect]))
    if 'kinks' in only:
        for expr, vars_, pt, diff, kind in kink_cases(rng, a.count):
            jobs.append(('kinks', expr, ','.join('%s=%s' % (v, p) for v, p in zip(vars_, pt)),
                         'differentiable' if diff else 'not-differentiable'))
    with cf.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(lambda j: score(j, prefix), jobs))
    tally = {}
    for job, r in zip(jobs, results):
        t = tally.setdefault(job[0], [0, 0]); t[0 if r is None else 1] += 1
    for k, (p, f) in sorted(tally.items()): print('  %-10s %4d/%d' % (k, p, p + f))
    failed = [(j, r) for j, r in zip(jobs, results) if r is not None]
    for j, r in failed[:20]:
        print('- %s: %s\n    $ %s' % (j[0], r, ' '.join(shlex.quote(x) for x in prefix + [j[0] if j[0] in ('grad', 'hessian', 'jacobian') else 'check', j[1], '--at', j[2], '--json'])))
    print('%d passed, %d failed' % (len(jobs) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
