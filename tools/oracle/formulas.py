"""Random formulas of the formula language over every primitive, and their values in mpmath at 60 digits: the
oracle's half that knows no Tangent code. ev() raises Near when the point is within 1e-3 of a kink, a jump, a
branch cut or a domain boundary of any operation, so that every case it accepts is smooth around the point."""
import json, random, sys
import mpmath as mp

mp.mp.dps = 60
UN = ['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'exp', 'log', 'sqrt', 'abs',
      'relu', 'sigmoid', 'softplus', 'sign', 'log1p', 'expm1', 'erf', 'erfc', 'cbrt', 'log2', 'log10',
      'exp2', 'floor', 'ceil', 'gelu', 'silu', 'elu', 'leakyrelu']
BIN = ['+', '-', '*', '/', '^', 'atan2', 'max', 'min', 'hypot']


class Near(Exception):
    pass


def kink(d):
    if abs(d) < mp.mpf('1e-3'):
        raise Near()


def un(name, u):
    if name == 'sin': return mp.sin(u)
    if name == 'cos': return mp.cos(u)
    if name == 'tan':
        kink(mp.cos(u)); return mp.tan(u)
    if name in ('asin', 'acos'):
        if abs(u) >= 1 - mp.mpf('1e-3'): raise Near()
        return mp.asin(u) if name == 'asin' else mp.acos(u)
    if name == 'atan': return mp.atan(u)
    if name == 'sinh': return mp.sinh(u)
    if name == 'cosh': return mp.cosh(u)
    if name == 'tanh': return mp.tanh(u)
    if name == 'exp': return mp.exp(u)
    if name in ('log', 'log2', 'log10'):
        if u <= mp.mpf('1e-3'): raise Near()
        return mp.log(u) / {'log': 1, 'log2': mp.log(2), 'log10': mp.log(10)}[name]
    if name == 'sqrt':
        if u <= mp.mpf('1e-3'): raise Near()
        return mp.sqrt(u)
    if name == 'abs': kink(u); return abs(u)
    if name == 'relu': kink(u); return u if u > 0 else mp.mpf(0)
    if name == 'sigmoid': return 1 / (1 + mp.exp(-u))
    if name == 'softplus': return mp.log(1 + mp.exp(u))
    if name == 'sign': kink(u); return mp.sign(u)
    if name == 'log1p':
        if u <= -1 + mp.mpf('1e-3'): raise Near()
        return mp.log(1 + u)
    if name == 'expm1': return mp.exp(u) - 1
    if name == 'erf': return mp.erf(u)
    if name == 'erfc': return mp.erfc(u)
    if name == 'cbrt': kink(u); return mp.sign(u) * mp.cbrt(abs(u))
    if name == 'exp2': return mp.power(2, u)
    if name in ('floor', 'ceil'):
        kink(u - mp.nint(u)); return mp.floor(u) if name == 'floor' else mp.ceil(u)
    if name == 'gelu': return u / 2 * (1 + mp.erf(u / mp.sqrt(2)))
    if name == 'silu': return u / (1 + mp.exp(-u))
    if name == 'elu': kink(u); return u if u > 0 else mp.exp(u) - 1
    if name == 'leakyrelu': kink(u); return u if u > 0 else u / 100
    raise ValueError(name)


def bi(op, a, b, intexp):
    if op == '+': return a + b
    if op == '-': return a - b
    if op == '*': return a * b
    if op == '/': kink(b); return a / b
    if op == '^':
        if intexp is not None: return a ** intexp
        if a <= mp.mpf('1e-3'): raise Near()
        return mp.power(a, b)
    if op == 'atan2':
        if abs(a) < mp.mpf('1e-3') and b < 0: raise Near()
        if a * a + b * b < mp.mpf('1e-6'): raise Near()
        return mp.atan2(a, b)
    if op in ('max', 'min'):
        kink(a - b); return max(a, b) if op == 'max' else min(a, b)
    if op == 'hypot':
        if a * a + b * b < mp.mpf('1e-6'): raise Near()
        return mp.sqrt(a * a + b * b)
    raise ValueError(op)


def gen(rng, depth, vars_):
    if depth == 0 or rng.random() < 0.1:
        if rng.random() < 0.8: return ('var', rng.choice(vars_))
        return ('const', rng.choice(['2', '0.5', '3', '1.5', '0.1', '-1']))
    if rng.random() < 0.5:
        return ('un', rng.choice(UN), gen(rng, depth - 1, vars_))
    op = rng.choice(BIN)
    if op == '^' and rng.random() < 0.6:
        return ('bin', op, gen(rng, depth - 1, vars_), ('const', rng.choice(['2', '3', '-1', '-2'])))
    return ('bin', op, gen(rng, depth - 1, vars_), gen(rng, depth - 1, vars_))


def text(t):
    k = t[0]
    if k == 'var': return t[1]
    if k == 'const': return t[1] if not t[1].startswith('-') else '(' + t[1] + ')'
    if k == 'un': return '%s(%s)' % (t[1], text(t[2]))
    op, a, b = t[1], text(t[2]), text(t[3])
    if op in ('atan2', 'max', 'min', 'hypot'): return '%s(%s, %s)' % (op, a, b)
    return '(%s %s %s)' % (a, op, b) if op != '^' else '(%s)^%s' % (a, b)


def ev(t, env):
    k = t[0]
    if k == 'var': return env[t[1]]
    if k == 'const': return mp.mpf(t[1])
    if k == 'un': return un(t[1], ev(t[2], env))
    intexp = int(t[3][1]) if t[1] == '^' and t[3][0] == 'const' and t[3][1].lstrip('-').isdigit() else None
    return bi(t[1], ev(t[2], env), ev(t[3], env), intexp)


