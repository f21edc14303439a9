#!/usr/bin/env python3
"""The Moré–Garbow–Hillstrom unconstrained test problems (ACM TOMS 7, 1981) and a few extras, as formulas of
tangent's language: f = Σ rᵢ² from the standard starting point. `python3 mgh.py > problems.json` writes the set
the optimisation bench runs. Known minimum values are those published (to the digits published); `null` where
the set has several or the value depends on n and is not tabulated."""
import json
import math


def num(v):
    s = repr(float(v)) if not float(v).is_integer() or abs(v) >= 1e15 else str(int(v))
    return '(%s)' % s if v < 0 else s


def ssq(res):
    return ' + '.join('(%s)^2' % r for r in res)


def xs(n):
    return ['x%d' % (i + 1) for i in range(n)]


P = []


def add(id, title, n, res_or_expr, start, fstar, expr=False):
    P.append({'id': id, 'title': title, 'n': n, 'vars': xs(n), 'expr': res_or_expr if expr else ssq(res_or_expr),
              'start': [float(v) for v in start], 'fstar': fstar})


add('rosenbrock', 'Rosenbrock (MGH 1)', 2, ['10*(x2 - x1^2)', '1 - x1'], [-1.2, 1], [0])
add('freudenstein_roth', 'Freudenstein and Roth (MGH 2)', 2,
    ['-13 + x1 + ((5 - x2)*x2 - 2)*x2', '-29 + x1 + ((x2 + 1)*x2 - 14)*x2'], [0.5, -2], [0, 48.9842536792400])
add('powell_badly_scaled', 'Powell badly scaled (MGH 3)', 2, ['10000*x1*x2 - 1', 'exp(-x1) + exp(-x2) - 1.0001'], [0, 1], [0])
add('brown_badly_scaled', 'Brown badly scaled (MGH 4)', 2, ['x1 - 1000000', 'x2 - 0.000002', 'x1*x2 - 2'], [1, 1], [0])
add('beale', 'Beale (MGH 5)', 2, ['%s - x1*(1 - x2^%d)' % (y, i + 1) for i, y in enumerate([1.5, 2.25, 2.625])], [1, 1], [0])
add('jennrich_sampson', 'Jennrich and Sampson (MGH 6), m = 10', 2,
    ['%d - (exp(%d*x1) + exp(%d*x2))' % (2 + 2 * i, i, i) for i in range(1, 11)], [0.3, 0.4], [124.362182355])
add('helical_valley', 'Helical valley (MGH 7)', 3,
    ['10*(x3 - 10*atan2(x2, x1)/(2*pi))', '10*(sqrt(x1^2 + x2^2) - 1)', 'x3'], [-1, 0, 0], [0])
bard_y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
add('bard', 'Bard (MGH 8)', 3, ['%s - (x1 + %d/(%d*x2 + %d*x3))' % (y, i + 1, 15 - i, min(i + 1, 15 - i)) for i, y in enumerate(bard_y)],
    [1, 1, 1], [8.21487730657e-3, 17.4286])
gauss_y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
add('gaussian', 'Gaussian (MGH 9)', 3, ['x1*exp(-x2*(%s - x3)^2/2) - %s' % (num((8 - (i + 1)) / 2), y) for i, y in enumerate(gauss_y)],
    [0.4, 1, 0], [1.12793276961e-8])
meyer_y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
add('meyer', 'Meyer (MGH 10)', 3, ['x1*exp(x2/(%d + x3)) - %d' % (45 + 5 * (i + 1), y) for i, y in enumerate(meyer_y)],
    [0.02, 4000, 250], [87.9458551718])
gulf = []
for i in range(1, 100):
    t = i / 100
    y = 25 + (-50 * math.log(t)) ** (2 / 3)
    gulf.append('exp(-abs(%r - x2)^x3/x1) - %r' % (y, t))
add('gulf', 'Gulf research and development (MGH 11), m = 99', 3, gulf, [5, 2.5, 0.15], [0])
add('box3d', 'Box three-dimensional (MGH 12), m = 10', 3,
    ['exp(-%r*x1) - exp(-%r*x2) - x3*(exp(-%r) - exp(-%r))' % (0.1 * i, 0.1 * i, 0.1 * i, i) for i in range(1, 11)], [0, 10, 20], [0])
add('powell_singular', 'Powell singular (MGH 13)', 4,
    ['x1 + 10*x2', 'sqrt(5)*(x3 - x4)', '(x2 - 2*x3)^2', 'sqrt(10)*(x1 - x4)^2'], [3, -1, 0, 1], [0])
add('wood', 'Wood (MGH 14)', 4, ['10*(x2 - x1^2)', '1 - x1', 'sqrt(90)*(x4 - x3^2)', '1 - x3', 'sqrt(10)*(x2 + x4 - 2)', '(x2 - x4)/sqrt(10)'],
    [-3, -1, -3, -1], [0])
ko_y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
ko_u = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
add('kowalik_osborne', 'Kowalik and Osborne (MGH 15)', 4,
    ['%s - x1*(%r + %r*x2)/(%r + %r*x3 + x4)' % (y, u * u, u, u * u, u) for y, u in zip(ko_y, ko_u)], [0.25, 0.39, 0.415, 0.39],
    [3.07505603849e-4, 1.02734e-3])
add('brown_dennis', 'Brown and Dennis (MGH 16), m = 20', 4,
    ['(x1 + %r*x2 - %r)^2 + (x3 + %r*x4 - %r)^2' % (i / 5, math.exp(i / 5), math.sin(i / 5), math.cos(i / 5)) for i in range(1, 21)],
    [25, 5, -5, -1], [85822.2016263563])
os1_y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603, 0.580,
         0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
add('osborne1', 'Osborne 1 (MGH 17)', 5, ['%s - (x1 + x2*exp(-%d*x4) + x3*exp(-%d*x5))' % (y, 10 * i, 10 * i) for i, y in enumerate(os1_y)],
    [0.5, 1.5, -1, 0.01, 0.02], [5.46489469748e-5])
biggs = []
for i in range(1, 14):
    t = 0.1 * i
    y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
    biggs.append('x3*exp(-%r*x1) - x4*exp(-%r*x2) + x6*exp(-%r*x5) - %r' % (t, t, t, y))
add('biggs_exp6', 'Biggs EXP6 (MGH 18), m = 13', 6, biggs, [1, 2, 1, 1, 1, 1], [5.65565e-3, 0])


def watson(n):
    res = []
    for i in range(1, 30):
        t = i / 29
        s1 = ' + '.join('%d*x%d*%r' % (j - 1, j, t ** (j - 2)) for j in range(2, n + 1))
        s2 = ' + '.join('x%d*%r' % (j, t ** (j - 1)) for j in range(1, n + 1))
        res.append('%s - (%s)^2 - 1' % (s1, s2))
    res += ['x1', 'x2 - x1^2 - 1']
    return res


add('watson6', 'Watson (MGH 20), n = 6', 6, watson(6), [0] * 6, [2.28767005355e-3])
add('watson9', 'Watson (MGH 20), n = 9', 9, watson(9), [0] * 9, [1.39976155e-6])
add('watson12', 'Watson (MGH 20), n = 12', 12, watson(12), [0] * 12, [4.72238e-10])
for n in (10, 50):
    res = []
    for i in range(0, n, 2):
        res += ['10*(x%d - x%d^2)' % (i + 2, i + 1), '1 - x%d' % (i + 1)]
    add('ext_rosenbrock%d' % n, 'Extended Rosenbrock (MGH 21), n = %d' % n, n, res, [-1.2, 1] * (n // 2), [0])
for n in (8, 20):
    res = []
    for i in range(0, n, 4):
        a, b, c, d = ('x%d' % (i + k) for k in range(1, 5))
        res += ['%s + 10*%s' % (a, b), 'sqrt(5)*(%s - %s)' % (c, d), '(%s - 2*%s)^2' % (b, c), 'sqrt(10)*(%s - %s)^2' % (a, d)]
    add('ext_powell%d' % n, 'Extended Powell singular (MGH 22), n = %d' % n, n, res, [3, -1, 0, 1] * (n // 4), [0])


def penalty1(n):
    return ['sqrt(0.00001)*(x%d - 1)' % j for j in range(1, n + 1)] + [' + '.join('x%d^2' % j for j in range(1, n + 1)) + ' - 0.25']


add('penalty1_4', 'Penalty I (MGH 23), n = 4', 4, penalty1(4), range(1, 5), [2.24997899600e-5])
add('penalty1_10', 'Penalty I (MGH 23), n = 10', 10, penalty1(10), range(1, 11), [7.08765146e-5])


def penalty2(n):
    a = 0.00001
    res = ['x1 - 0.2']
    for i in range(2, n + 1):
        y = math.exp(i / 10) + math.exp((i - 1) / 10)
        res.append('sqrt(%r)*(exp(x%d/10) + exp(x%d/10) - %r)' % (a, i, i - 1, y))
    for i in range(n + 1, 2 * n):
        res.append('sqrt(%r)*(exp(x%d/10) - %r)' % (a, i - n + 1, math.exp(-1 / 10)))
    res.append(' + '.join('%d*x%d^2' % (n - j + 1, j) for j in range(1, n + 1)) + ' - 1')
    return res


add('penalty2_4', 'Penalty II (MGH 24), n = 4', 4, penalty2(4), [0.5] * 4, [9.37629300e-6])
add('penalty2_10', 'Penalty II (MGH 24), n = 10', 10, penalty2(10), [0.5] * 10, [2.93660e-4])


def variably(n):
    s = ' + '.join('%d*(x%d - 1)' % (j, j) for j in range(1, n + 1))
    return ['x%d - 1' % j for j in range(1, n + 1)] + [s, '(%s)^2' % s]


add('variably_dimensioned10', 'Variably dimensioned (MGH 25), n = 10', 10, variably(10), [1 - j / 10 for j in range(1, 11)], [0])


def trig(n):
    c = ' + '.join('cos(x%d)' % j for j in range(1, n + 1))
    return ['%d - (%s) + %d*(1 - cos(x%d)) - sin(x%d)' % (n, c, i, i, i) for i in range(1, n + 1)]


add('trigonometric10', 'Trigonometric (MGH 26), n = 10', 10, trig(10), [0.1] * 10, [0, 2.79506e-5])


def brown_al(n):
    s = ' + '.join('x%d' % j for j in range(1, n + 1))
    p = '*'.join('x%d' % j for j in range(1, n + 1))
    return ['x%d + %s - %d' % (i, s, n + 1) for i in range(1, n)] + ['%s - 1' % p]


add('brown_almost_linear10', 'Brown almost-linear (MGH 27), n = 10', 10, brown_al(10), [0.5] * 10, [0, 1])


def dbv(n):
    h = 1 / (n + 1)
    res = []
    for i in range(1, n + 1):
        t = i * h
        left = ' - x%d' % (i - 1) if i > 1 else ''
        right = ' - x%d' % (i + 1) if i < n else ''
        res.append('2*x%d%s%s + %r*(x%d + %r + 1)^3' % (i, left, right, h * h / 2, i, t))
    return res, [i / (n + 1) * (i / (n + 1) - 1) for i in range(1, n + 1)]


r, s0 = dbv(10)
add('discrete_boundary10', 'Discrete boundary value (MGH 28), n = 10', 10, r, s0, [0])


def die(n):
    h = 1 / (n + 1)
    t = [(j + 1) * h for j in range(n)]
    res = []
    for i in range(n):
        a = ' + '.join('%r*(x%d + %r)^3' % (t[j], j + 1, t[j] + 1) for j in range(i + 1))
        b = ' + '.join('%r*(x%d + %r)^3' % (1 - t[j], j + 1, t[j] + 1) for j in range(i + 1, n)) or '0'
        res.append('x%d + %r*(%r*(%s) + %r*(%s))' % (i + 1, h / 2, 1 - t[i], a, t[i], b))
    return res, [tj * (tj - 1) for tj in t]


r, s0 = die(10)
add('discrete_integral10', 'Discrete integral equation (MGH 29), n = 10', 10, r, s0, [0])


def btri(n):
    res = []
    for i in range(1, n + 1):
        left = ' - x%d' % (i - 1) if i > 1 else ''
        right = ' - 2*x%d' % (i + 1) if i < n else ''
        res.append('(3 - 2*x%d)*x%d%s%s + 1' % (i, i, left, right))
    return res


add('broyden_tridiagonal10', 'Broyden tridiagonal (MGH 30), n = 10', 10, btri(10), [-1] * 10, [0])


def bband(n):
    res = []
    for i in range(1, n + 1):
        js = [j for j in range(max(1, i - 5), min(n, i + 1) + 1) if j != i]
        res.append('x%d*(2 + 5*x%d^2) + 1 - (%s)' % (i, i, ' + '.join('x%d*(1 + x%d)' % (j, j) for j in js)))
    return res


add('broyden_banded10', 'Broyden banded (MGH 31), n = 10', 10, bband(10), [-1] * 10, [0])


def linear_full(n, m):
    s = ' + '.join('x%d' % j for j in range(1, n + 1))
    return ['x%d - %r*(%s) - 1' % (i, 2 / m, s) for i in range(1, n + 1)] + ['-%r*(%s) - 1' % (2 / m, s) for _ in range(n + 1, m + 1)]


add('linear_full_rank', 'Linear full rank (MGH 32), n = 10, m = 20', 10, linear_full(10, 20), [1] * 10, [10])


def chebyquad(n):
    res = []
    for i in range(1, n + 1):
        # T_i(2x − 1) by the recurrence, written out as nested polynomials is long; use cos(i·acos(2x − 1)) on [0, 1].
        terms = ' + '.join('cos(%d*acos(2*x%d - 1))' % (i, j) for j in range(1, n + 1))
        exact = 0 if i % 2 else -1 / (i * i - 1)
        res.append('(%s)/%d - %s' % (terms, n, num(exact)))
    return res


add('chebyquad6', 'Chebyquad (MGH 35), n = 6', 6, chebyquad(6), [j / 7 for j in range(1, 7)], [0])
add('chebyquad8', 'Chebyquad (MGH 35), n = 8', 8, chebyquad(8), [j / 9 for j in range(1, 9)], [3.51687372e-3])
# Extras of the acceptance README: ill-conditioned quadratic, Himmelblau, a degenerate quartic.
add('ill_quadratic', 'Ill-conditioned quadratic, condition 1e6', 4, '1000000*x1^2 + 1000*x2^2 + x3^2 + 0.001*x4^2 + x1*x2', [1, 1, 1, 1], [0], expr=True)
add('himmelblau', 'Himmelblau', 2, ['x1^2 + x2 - 11', 'x1 + x2^2 - 7'], [0, 0], [0])
add('quartic', 'Degenerate quartic (x1 - 1)^4 + (x2 + 2)^4', 2, '(x1 - 1)^4 + (x2 + 2)^4', [0, 0], [0], expr=True)

if __name__ == '__main__':
    print(json.dumps({'problems': P}, indent=1))
