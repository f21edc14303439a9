#!/usr/bin/env python3
"""Tangent's default method against SciPy (trust-exact, BFGS, L-BFGS-B with exact derivatives from SymPy) on the
problems of problems.json, side by side in one run. Writes bench/results/optimisation.csv and prints the markdown
table of docs/optimisation.md. Usage: TANGENT="dotnet …/Tangent.Cli.dll" compare.py   (bench/optimisation/run.sh sets it up)

Pass rule, as the acceptance suite's: |f − f*| ≤ max(1e-10, 1e-8·|f*|), where f* is the published minimum value
refined to the closest value any run reached within 1e-5 of it (published values carry 6–12 digits).
Evaluations are value + gradient evaluations (Hessians counted apart)."""
import csv
import json
import os
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, here)
from run_tangent import run  # noqa: E402

problems = json.load(open(os.path.join(here, 'problems.json')))['problems']
peer = subprocess.run(['/usr/bin/python3', os.path.join(here, 'scipy_peer.py')], capture_output=True, text=True)
scipy = {}
for line in peer.stdout.splitlines():
    r = json.loads(line)
    scipy.setdefault(r['id'], {})[r['method']] = r
methods = ['trust-exact', 'BFGS', 'L-BFGS-B']
rows = []
for p in problems:
    t = run(p)
    runs = [t.get('value')] + [scipy.get(p['id'], {}).get(m, {}).get('value') for m in methods]
    refs = []
    for fs in p['fstar']:
        close = [v for v in runs if v is not None and abs(v - fs) <= 1e-5 * max(abs(fs), 1e-5)]
        refs.append(min(close, key=lambda v: abs(v - fs)) if close and fs != 0 else fs)

    def passes(value, ok=True):
        return ok and value is not None and any(abs(value - f) <= max(1e-10, 1e-8 * abs(f)) for f in refs)

    row = {'id': p['id'], 'n': p['n'], 'tangent_pass': passes(t.get('value'), t.get('converged', False)),
           'tangent_iterations': t.get('iterations'), 'tangent_evaluations': t['evaluations']['value'] + t['evaluations']['gradient'] if 'evaluations' in t else None,
           'tangent_hessians': t['evaluations']['hessian'] if 'evaluations' in t else None, 'tangent_seconds': t.get('seconds'), 'tangent_value': t.get('value')}
    for m in methods:
        s = scipy.get(p['id'], {}).get(m, {})
        row[m + '_pass'] = passes(s.get('value'))
        row[m + '_iterations'] = s.get('nit')
        row[m + '_evaluations'] = (s['nfev'] + s['njev']) if 'nfev' in s else None
        row[m + '_seconds'] = s.get('seconds')
    rows.append(row)

os.makedirs(os.path.join(root, 'bench', 'results'), exist_ok=True)
with open(os.path.join(root, 'bench', 'results', 'optimisation.csv'), 'w', newline='') as fh:
    w = csv.DictWriter(fh, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)


def cell(r, k):
    if r[k + '_evaluations'] is None:
        return '–'
    sec = r[k + '_seconds']
    return '%s %d it, %d ev, %.3f s' % ('✓' if r[k + '_pass'] else '✗', r[k + '_iterations'], r[k + '_evaluations'], sec)


print('| problem | n | tangent (auto: trust-exact) | SciPy trust-exact | SciPy BFGS | SciPy L-BFGS-B |')
print('|---|---|---|---|---|---|')
for r in rows:
    print('| %s | %d | %s | %s | %s | %s |' % (r['id'], r['n'], cell(r, 'tangent'), cell(r, 'trust-exact'), cell(r, 'BFGS'), cell(r, 'L-BFGS-B')))
passes = {k: sum(1 for r in rows if r[k + '_pass']) for k in ['tangent'] + methods}
best = max(methods, key=lambda m: passes[m])
print()
print('passes: tangent %d of %d; SciPy %s' % (passes['tangent'], len(rows), ', '.join('%s %d' % (m, passes[m]) for m in methods)))
ratios = []
for r in rows:
    ok = [r[m + '_evaluations'] for m in methods if r[m + '_pass']]
    if ok and r['tangent_evaluations'] is not None:
        ratios.append(r['tangent_evaluations'] / min(ok))
print('median evaluations: tangent %g, SciPy best single method (%s) %g; median ratio tangent / SciPy\'s best passing method per problem: %.2f (%d problems)' % (
    statistics.median(r['tangent_evaluations'] for r in rows), best,
    statistics.median(r[best + '_evaluations'] for r in rows if r[best + '_evaluations'] is not None), statistics.median(ratios), len(ratios)))
