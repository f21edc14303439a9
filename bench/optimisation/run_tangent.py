#!/usr/bin/env python3
"""Runs `tangent minimize` (default method, no options) on every problem of problems.json (from mgh.py) and prints
one line per problem: status, value, evaluations, seconds. Usage: TANGENT="dotnet …/Tangent.Cli.dll" run_tangent.py [ids…]"""
import concurrent.futures as cf
import json
import os
import shlex
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
prefix = shlex.split(os.environ.get('TANGENT', 'tangent'))


def run(p, extra=()):
    frm = ','.join('%s=%r' % (v, s) for v, s in zip(p['vars'], p['start']))
    t0 = time.time()
    r = subprocess.run(prefix + ['minimize', p['expr'], '--from', frm, '--json', *extra], capture_output=True, text=True, timeout=120)
    dt = time.time() - t0
    if r.returncode != 0:
        return {'error': r.stderr.strip()[:200], 'seconds': dt}
    out = json.loads(r.stdout)
    out['seconds'] = dt
    return out


def main():
    problems = json.load(open(os.path.join(here, 'problems.json')))['problems']
    want = sys.argv[1:]
    if want:
        problems = [p for p in problems if any(w in p['id'] for w in want)]
    with cf.ThreadPoolExecutor(2) as pool:
        for p, o in zip(problems, pool.map(run, problems)):
            if 'error' in o:
                print('%-24s ERROR %s' % (p['id'], o['error']))
                continue
            ev = o['evaluations']
            fstar = p['fstar']
            near = min((abs(o['value'] - f) / max(1, abs(f)) for f in fstar), default=float('nan'))
            print('%-24s %-10s %-14.8g gap %-9.2g it %-4d vg %-5d h %-4d %.1fs  %s' % (
                p['id'], o['status'], o['value'], near, o['iterations'], ev['value'] + ev['gradient'], ev['hessian'], o['seconds'], o['reason'][:90]))


if __name__ == '__main__':
    main()
