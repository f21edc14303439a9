#!/usr/bin/python3
"""SciPy's minimisers on the problems of problems.json, with exact derivatives from SymPy (Debian python3-scipy and
python3-sympy; run with /usr/bin/python3). Prints one JSON object per line:
{"id", "method", "value", "nfev", "njev", "nhev", "nit", "success", "seconds"}.
Usage: scipy_peer.py [--methods trust-exact,BFGS,L-BFGS-B] [ids…]"""
import json
import os
import sys
import time
import warnings

import numpy as np
import sympy
from scipy.optimize import minimize

warnings.filterwarnings('ignore')
here = os.path.dirname(os.path.abspath(__file__))


def compile_problem(p, real=False):
    syms = sympy.symbols(p['vars'], real=real)
    env = dict(zip(p['vars'], syms))
    env.update({'abs': sympy.Abs, 'atan2': sympy.atan2, 'acos': sympy.acos, 'pi': sympy.pi, 'e': sympy.E})
    f = sympy.sympify(p['expr'].replace('^', '**'), locals=env)
    g = [sympy.diff(f, s) for s in syms]
    if not real and any(d.has(sympy.Derivative) for d in g):
        # abs(u) of a complex symbol differentiates to an unevaluated Derivative (of re/im parts), which lambdify
        # cannot evaluate: on real symbols it is sign(u)·u'. Only such problems (gulf) are redone, so no other changes.
        return compile_problem(p, real=True)
    h = sympy.hessian(f, syms)
    ff = sympy.lambdify([syms], f, 'numpy')
    gg = sympy.lambdify([syms], g, 'numpy')
    hh = sympy.lambdify([syms], h, 'numpy')
    return (lambda x: float(ff(x))), (lambda x: np.array(gg(x), dtype=float)), (lambda x: np.array(hh(x), dtype=float))


def main():
    args = sys.argv[1:]
    methods = ['trust-exact', 'BFGS', 'L-BFGS-B']
    if args and args[0] == '--methods':
        methods, args = args[1].split(','), args[2:]
    problems = json.load(open(os.path.join(here, 'problems.json')))['problems']
    if args:
        problems = [p for p in problems if any(a in p['id'] for a in args)]
    for p in problems:
        f, g, h = compile_problem(p)
        for m in methods:
            t0 = time.perf_counter()
            try:
                r = minimize(f, np.array(p['start'], dtype=float), method=m, jac=g, hess=h if m == 'trust-exact' else None)
                out = {'id': p['id'], 'method': m, 'value': float(r.fun), 'nfev': int(r.nfev), 'njev': int(getattr(r, 'njev', 0) or 0),
                       'nhev': int(getattr(r, 'nhev', 0) or 0), 'nit': int(r.nit), 'success': bool(r.success),
                       'gradient_norm': float(np.linalg.norm(g(r.x))), 'seconds': time.perf_counter() - t0}
            except Exception as exc:  # a failure of the peer is a row, not a crash
                out = {'id': p['id'], 'method': m, 'error': str(exc)[:200]}
            print(json.dumps(out), flush=True)


if __name__ == '__main__':
    main()
