#!/usr/bin/env python3
"""Copies predictions without the quotes set in doubled apostrophes (''…'').

PolNeAR's NYT texts mark quotations with doubled apostrophes; attache reads
them as quotes, but polnear_to_gold.py extracts only quotes in “ ” or ", so
each one counts as a false positive. Scoring a copy without them shows what
the rest of the output scores; the headline figure stays the one on all quotes.

usage: drop_doubled_apostrophe_quotes.py PRED_DIR GOLD_DIR OUT_DIR   (the gold files hold the texts)
"""
import json, pathlib, sys

def main(pred_dir, gold_dir, out_dir):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    dropped = 0
    for p in sorted(pathlib.Path(pred_dir).glob("*.json")):
        doc = json.loads(p.read_text(encoding="utf-8"))
        gold = pathlib.Path(gold_dir) / p.name
        text = json.loads(gold.read_text(encoding="utf-8"))["text"] if gold.exists() else ""
        keep = []
        for q in doc.get("quotes") or []:
            s = q.get("start", 0)
            if text[max(0, s - 2):s] == "''":
                dropped += 1
            else:
                keep.append(q)
        doc["quotes"] = keep
        (out / p.name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    print(f"{dropped} quotes in doubled apostrophes left out")

if __name__ == "__main__":
    main(*sys.argv[1:4])
