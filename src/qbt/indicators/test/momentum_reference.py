#!/usr/bin/env python3
"""Reference values for qbt's momentum-indicator unit tests, computed straight from the published
(backtrader) definitions on data/backtrader/2006-day-001.txt with naive windows and math.fsum.

Run from the repository root: python3 src/qbt/indicators/test/momentum_reference.py
Each block prints `name index value` lines (repr, i.e. shortest round-trip doubles)."""

import csv
import math
import sys

NAN = float("nan")


def isnan(v):
    return v != v


def load(path="data/backtrader/2006-day-001.txt"):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return ([float(r["High"]) for r in rows], [float(r["Low"]) for r in rows],
            [float(r["Close"]) for r in rows])


def sma(x, p):
    out = [NAN] * len(x)
    for i in range(p - 1, len(x)):
        w = x[i - p + 1:i + 1]
        if not any(isnan(v) for v in w):
            out[i] = math.fsum(w) / p
    return out


def smoothing(x, p, alpha):
    """Seed: mean of the first p defined values (from the first non-NaN); then
    y = y_prev * (1 - alpha) + x * alpha."""
    out = [NAN] * len(x)
    start = next((i for i, v in enumerate(x) if not isnan(v)), None)
    if start is None or start + p > len(x):
        return out
    seed_at = start + p - 1
    out[seed_at] = math.fsum(x[start:seed_at + 1]) / p
    prev = out[seed_at]
    for i in range(seed_at + 1, len(x)):
        prev = prev * (1.0 - alpha) + x[i] * alpha
        out[i] = prev
    return out


def ema(x, p):
    return smoothing(x, p, 2.0 / (1.0 + p))


def smma(x, p):
    return smoothing(x, p, 1.0 / p)


def shift(x, k):
    return [x[i - k] if i >= k else NAN for i in range(len(x))]


def highest(x, p):
    return [max(x[i - p + 1:i + 1]) if i >= p - 1 else NAN for i in range(len(x))]


def lowest(x, p):
    return [min(x[i - p + 1:i + 1]) if i >= p - 1 else NAN for i in range(len(x))]


def rsi_from(up, down, average, p):
    up_avg, down_avg = average(up, p), average(down, p)
    out = []
    for u, d in zip(up_avg, down_avg):
        out.append(NAN if isnan(u) or isnan(d) else 100.0 - 100.0 / (1.0 + u / d))
    return out


def rsi(c, p, average=smma, lookback=1):
    prev = shift(c, lookback)
    up = [NAN if isnan(b) else max(a - b, 0.0) for a, b in zip(c, prev)]
    down = [NAN if isnan(b) else max(b - a, 0.0) for a, b in zip(c, prev)]
    return rsi_from(up, down, average, p)


def laguerre_rsi(c, gamma, period):
    out = [NAN] * len(c)
    l0 = l1 = l2 = l3 = 0.0
    for i in range(period - 1, len(c)):
        n0 = (1.0 - gamma) * c[i] + gamma * l0
        n1 = -gamma * n0 + l0 + gamma * l1
        n2 = -gamma * n1 + l1 + gamma * l2
        n3 = -gamma * n2 + l2 + gamma * l3
        l0, l1, l2, l3 = n0, n1, n2, n3
        cu = cd = 0.0
        for a, b in ((l0, l1), (l1, l2), (l2, l3)):
            if a >= b:
                cu += a - b
            else:
                cd += b - a
        out[i] = 1.0 if cu + cd == 0 else cu / (cu + cd)
    return out


def raw_k(h, l, c, p):
    hh, ll = highest(h, p), lowest(l, p)
    return [100.0 * ((c[i] - ll[i]) / (hh[i] - ll[i])) if not isnan(hh[i]) else NAN
            for i in range(len(c))]


def williams_ad(h, l, c):
    out = [NAN] * len(c)
    total = 0.0
    for i in range(1, len(c)):
        if c[i] > c[i - 1]:
            total += c[i] - min(l[i], c[i - 1])
        elif c[i] < c[i - 1]:
            total += c[i] - max(h[i], c[i - 1])
        out[i] = total
    return out


def sub(a, b):
    return [x - y for x, y in zip(a, b)]


def kst(c):
    parts = []
    for rp, rma in ((10, 10), (15, 10), (20, 10), (30, 10)):
        roc100 = [100.0 * ((x - y) / y) if not isnan(y) else NAN for x, y in zip(c, shift(c, rp))]
        parts.append(sma(roc100, rma))
    line = [1.0 * a + 2.0 * b + 3.0 * d + 4.0 * e for a, b, d, e in zip(*parts)]
    return line, sma(line, 9)


def true_range(h, l, c):
    return [NAN] + [max(h[i], c[i - 1]) - min(l[i], c[i - 1]) for i in range(1, len(c))]


def main():
    h, l, c = load()
    n = len(c)
    series = {}
    series["MomentumOscillator(12)"] = [100.0 * (x / y) if not isnan(y) else NAN
                                        for x, y in zip(c, shift(c, 12))]
    series["ROC100(12)"] = [100.0 * ((x - y) / y) if not isnan(y) else NAN
                            for x, y in zip(c, shift(c, 12))]
    series["ROC100(5)"] = [100.0 * ((x - y) / y) if not isnan(y) else NAN
                           for x, y in zip(c, shift(c, 5))]
    series["RSI_SMA(14)"] = rsi(c, 14, sma)
    series["RSI_EMA(14)"] = rsi(c, 14, ema)
    series["RMI(20,5)"] = rsi(c, 20, smma, 5)
    series["LRSI(0.5,6)"] = laguerre_rsi(c, 0.5, 6)
    k = raw_k(h, l, c, 14)
    series["StochasticFast.percK"] = k
    series["StochasticFast.percD"] = sma(k, 3)
    series["StochasticFull.percDSlow"] = sma(sma(k, 3), 3)
    series["WilliamsAD"] = williams_ad(h, l, c)
    e12, e26 = ema(c, 12), ema(c, 26)
    macd = sub(e12, e26)
    series["MACD.macd"] = macd
    series["MACD.signal"] = ema(macd, 9)
    series["PriceOscillator(12,26)"] = macd
    ppo = [100.0 * (a - b) / b for a, b in zip(e12, e26)]
    series["PPO.ppo"] = ppo
    series["PPO.signal"] = ema(ppo, 9)
    series["PPO.histo"] = sub(ppo, ema(ppo, 9))
    ppo_short = [100.0 * (a - b) / a for a, b in zip(e12, e26)]
    series["PPOShort.ppo"] = ppo_short
    series["PPOShort.signal"] = ema(ppo_short, 9)
    e3 = ema(ema(ema(c, 15), 15), 15)
    trix = [100.0 * (a / b - 1.0) for a, b in zip(e3, shift(e3, 1))]
    series["TrixSignal.trix"] = trix
    series["TrixSignal.signal"] = ema(trix, 9)
    pc = sub(c, shift(c, 1))
    tsi_num = ema(ema(pc, 25), 13)
    tsi_den = ema(ema([abs(v) for v in pc], 25), 13)
    series["TSI(25,13)"] = [100.0 * (a / b) for a, b in zip(tsi_num, tsi_den)]
    series["KST.kst"], series["KST.signal"] = kst(c)
    median = [(a + b) / 2.0 for a, b in zip(h, l)]
    ao = sub(sma(median, 5), sma(median, 34))
    series["AO(5,34)"] = ao
    series["AccDeOsc(5)"] = sub(ao, sma(ao, 5))
    lag = -((-20) // 2 + 1)  # backtrader: ma(-period // 2 + 1)
    series["DPO(20)"] = sub(c, shift(sma(c, 20), lag))
    atr = smma(true_range(h, l, c), 14)
    series["PGO(14)"] = [(x - m) / a for x, m, a in zip(c, sma(c, 14), atr)]
    tp = [(a + b + d) / 3.0 for a, b, d in zip(h, l, c)]
    tp_mean = sma(tp, 20)
    dev = sub(tp, tp_mean)
    mean_dev = sma([abs(v) for v in dev], 20)
    series["CCI(20,0.015)"] = [d / (0.015 * m) for d, m in zip(dev, mean_dev)]
    chl = [x / ((a + b) / 2.0) for x, a, b in zip(c, h, l)]
    dvu = sma(chl, 2)
    dv2 = [NAN] * n
    for i in range(252, n):
        window = dvu[i - 251:i + 1]
        dv2[i] = math.fsum(1.0 for x in window if x < window[-1]) / 252 * 100
    series["DV2(252,2)"] = dv2
    dv2_short = [NAN] * n
    for i in range(10, n):
        window = dvu[i - 9:i + 1]
        dv2_short[i] = math.fsum(1.0 for x in window if x < window[-1]) / 10 * 100
    series["DV2(10,2)"] = dv2_short

    wanted = sys.argv[1:]
    for name, values in series.items():
        if wanted and name not in wanted:
            continue
        first = next(i for i, v in enumerate(values) if not isnan(v))
        for i in sorted({first, first + 1, 100, 200, n - 1}):
            print(f"{name} {i} {values[i]!r}")


if __name__ == "__main__":
    main()
