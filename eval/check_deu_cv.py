#!/usr/bin/env python3
"""Prints `attache backtest deu --folds K --format json` (stdin) as a table and
fails when the ensemble misses the DEU_CV_* bounds in the floors file.

usage: attache backtest deu FILE --folds 10 --format json | check_deu_cv.py eval/floors.env
"""
import json, sys

bounds = {}
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#")[0].strip()
    if line.startswith("DEU_CV_") and "=" in line:
        k, v = line.split("=", 1)
        bounds[k] = float(v)
doc = json.load(sys.stdin)
print(f"DEU, {doc['folds']}-fold cross-validation by proposal")
print(f"{'model':<9} {'MAE':>8} {'CRPS':>8} {'cov50':>6} {'cov80':>6} {'width80':>8} {'n':>5}  PIT (10 bins)")
for name, s in sorted(doc["models"].items(), key=lambda kv: kv[1]["crps"]):
    print(f"{name:<9} {s['mae']:>8.3f} {s['crps']:>8.3f} {s['coverage50']:>6.3f} {s['coverage80']:>6.3f} "
          f"{s['width80']:>8.2f} {s['n']:>5}  {' '.join(map(str, s['pit']))}")
e, mean = doc["models"]["ensemble"], doc["models"]["mean"]
checks = [
    ("ensemble CRPS", e["crps"], None, bounds["DEU_CV_ENSEMBLE_CRPS_MAX"]),
    ("ensemble 80% coverage", e["coverage80"], bounds["DEU_CV_COVERAGE80_MIN"], bounds["DEU_CV_COVERAGE80_MAX"]),
    ("ensemble 50% coverage", e["coverage50"], bounds["DEU_CV_COVERAGE50_MIN"], bounds["DEU_CV_COVERAGE50_MAX"]),
    ("ensemble MAE - mean MAE", e["mae"] - mean["mae"], None, bounds["DEU_CV_MAE_OVER_MEAN_MAX"]),
]
failed = False
for what, v, lo, hi in checks:
    ok = (lo is None or v >= lo) and (hi is None or v <= hi)
    failed |= not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what} {v:.3f} (bounds {lo}–{hi})")
sys.exit(1 if failed else 0)
