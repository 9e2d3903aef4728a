#!/usr/bin/env python3
"""Scores the record's actor x issue matrix against the gold positions.

usage: score_record.py SHARED_DIR POSITIONS_JSON

POSITIONS_JSON is `attache positions --format json` over a record of
SHARED_DIR/corpus/news-dev. The gold matrix is the latest annotated stance
of each (holder, issue) across the gold files, by publication date. Cells
are compared as score.py compares positions: (holder, issue, stance) with
holder names matched by score.py's same_name, and (affiliation, issue,
stance).
"""
import json, pathlib, sys

shared = pathlib.Path(sys.argv[1])
sys.path.insert(0, str(shared / "eval"))
from score import same_name, fold, prf  # noqa: E402

gold = {}
for p in sorted((shared / "corpus" / "news-dev").glob("*.json")):
    d = json.load(open(p, encoding="utf-8"))
    date = d.get("published") or ""
    for g in d["positions"]:
        key = (fold(g["holder"]), g["issue"])
        if key not in gold or gold[key][0] <= date:
            gold[key] = (date, g)
gold = [g for _, g in gold.values()]
cells = json.load(open(sys.argv[2], encoding="utf-8"))

def matched(gs, ps, key):
    used, tp = set(), 0
    for g in gs:
        for i, p in enumerate(ps):
            if i not in used and g[1:] == p[1:] and same_name(g[0], p[0]):
                used.add(i); tp += 1
                break
    return tp

g_hold = [(g["holder"], g["issue"], g["stance"]) for g in gold]
p_hold = [(c["actor_name"], c["issue"], c["stance"]) for c in cells]
g_aff = sorted({(fold(g.get("affiliation") or g["holder"]), g["issue"], g["stance"]) for g in gold})
p_aff = sorted({(fold(c.get("affiliation") or c["actor_name"]), c["issue"], c["stance"]) for c in cells})
res = {
    "cells": len(cells), "gold_cells": len(gold),
    "position": prf(matched(g_hold, p_hold, 0), len(p_hold), len(g_hold)),
    "position_aff": prf(matched(g_aff, p_aff, 0), len(p_aff), len(g_aff)),
}
for k in ("position", "position_aff"):
    m = res[k]
    print(f"record {k:13s} P={m['precision']:.3f} R={m['recall']:.3f} F1={m['f1']:.3f}  (tp {m['tp']}, pred {m['pred']}, gold {m['gold']})")
