#!/usr/bin/env python3
"""Tries simple variations on the compromise model on DEU with 5-fold
cross-validation (each fold's parameter tuned on the other four), to see
whether any beats the weighted mean on issues it was not tuned on.

usage: deu_experiments.py DEU_TSV
"""
import csv, random, statistics, sys

rows = list(csv.reader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
h = [c.strip('"') for c in rows[0]]
caps = rows[1]
skip = {"prnrnmc", "prnr", "prname", "proc", "proccde"}
actors = [c[1:] for c in h if c.startswith("p") and c not in skip and ("s" + c[1:]) in h]
cap = {a: float(caps[h.index("p" + a)].strip('"') or 0) for a in actors}
issues = []
for r in rows[2:]:
    def g(c):
        i = h.index(c)
        return r[i].strip('"') if i < len(r) else ""
    out, rp = g("out"), g("rp")
    if out in ("", "NA"):
        continue
    xs = [(cap[a], float(g("p" + a)), float(g("s" + a))) for a in actors if g("p" + a) not in ("", "NA") and g("s" + a) not in ("", "NA")]
    if xs:
        issues.append((xs, float(out), None if rp in ("", "NA") else float(rp)))

def mean(xs, gamma=1.0):
    w = sum(c * s ** gamma for c, p, s in xs)
    return sum(c * s ** gamma * p for c, p, s in xs) / w if w else statistics.mean(p for _, p, _ in xs)

def median(xs):
    ps = sorted((p, c * s) for c, p, s in xs)
    half, cum = sum(w for _, w in ps) / 2, 0.0
    for p, w in ps:
        cum += w
        if cum >= half:
            return p

def mae(f, idx):
    return statistics.mean(abs(f(issues[i]) - issues[i][1]) for i in idx)

def cv(make, grid, k=5, seed=1):
    idx = list(range(len(issues)))
    random.Random(seed).shuffle(idx)
    folds = [idx[i::k] for i in range(k)]
    errs = []
    for f in range(k):
        train = [i for j in range(k) if j != f for i in folds[j]]
        best = min(grid, key=lambda a: mae(make(a), train))
        errs += [abs(make(best)(issues[i]) - issues[i][1]) for i in folds[f]]
    return statistics.mean(errs)

grid = [i / 20 for i in range(21)]
print(f"{len(issues)} issues with an outcome")
print(f"weighted mean (no tuning)           MAE {mae(lambda t: mean(t[0]), range(len(issues))):.3f}")
print(f"mean blended with reference point   CV MAE {cv(lambda a: (lambda t: a * mean(t[0]) + (1 - a) * (t[2] if t[2] is not None else mean(t[0]))), grid):.3f}")
print(f"mean blended with weighted median   CV MAE {cv(lambda a: (lambda t: a * mean(t[0]) + (1 - a) * median(t[0])), grid):.3f}")
print(f"mean with salience to a power       CV MAE {cv(lambda g: (lambda t: mean(t[0], g)), [0.5, 1, 1.5, 2, 3, 4]):.3f}")
print(f"mean shrunk toward the scale middle CV MAE {cv(lambda a: (lambda t: a * mean(t[0]) + (1 - a) * 50), grid):.3f}")
