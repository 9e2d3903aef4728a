#!/usr/bin/env python3
"""Checks the Orlen story's gold against its articles and catalogue.

usage: python3 examples/story/gold/check.py

For every gold file: the schema of ../shared/corpus/GUIDE.md; each quote's
`start`/`end` (Unicode character offsets into `text`, end exclusive) frame
exactly its `text`; evidence is an exact substring; issue ids exist in
catalogues/orlen-2026.toml; stances are support/oppose; one position per
(holder, issue). For a plain-text article, `text` must equal the file's
content (what attache analyses). Every article in ../articles must have a
gold file: `<stem>.json`, or `<stem>-N.json` for the N-th item of a feed.
Exits 1 on any problem.
"""
import json, pathlib, sys, tomllib

HERE = pathlib.Path(__file__).resolve().parent
ARTICLES = HERE.parent / "articles"
CATALOGUE = HERE.parents[2] / "catalogues" / "orlen-2026.toml"

issues = {i["id"] for i in tomllib.load(open(CATALOGUE, "rb"))["issue"]}
problems = []
def bad(f, msg):
    problems.append(f"{f.name}: {msg}")

golds = sorted(HERE.glob("*.json"))
nq = npos = 0
for f in golds:
    d = json.loads(f.read_text(encoding="utf-8"))
    for k in ("id", "url", "outlet", "published", "text", "quotes", "positions"):
        if k not in d:
            bad(f, f"missing {k}")
    t = d.get("text", "")
    if d.get("id") != f.stem:
        bad(f, f"id {d.get('id')!r} is not the file's stem")
    src = ARTICLES / f"{f.stem}.txt"
    if src.exists() and src.read_text(encoding="utf-8") != t:
        bad(f, "text differs from the article file")
    for q in d.get("quotes", []):
        nq += 1
        if "speaker" not in q:
            bad(f, f"quote without speaker: {q.get('text', '')[:50]}")
        if q.get("text") not in t:
            bad(f, f"quote not in text: {q.get('text', '')[:50]}")
        s, e = q.get("start"), q.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and t[s:e] == q.get("text")):
            bad(f, f"quote offsets {s}..{e} do not frame: {q.get('text', '')[:50]}")
    seen = set()
    for p in d.get("positions", []):
        npos += 1
        for k in ("holder", "affiliation", "issue", "stance", "evidence"):
            if k not in p:
                bad(f, f"position without {k}")
        if p.get("issue") not in issues:
            bad(f, f"unknown issue {p.get('issue')}")
        if p.get("stance") not in ("support", "oppose"):
            bad(f, f"bad stance {p.get('stance')}")
        if p.get("evidence") not in t:
            bad(f, f"evidence not in text: {p.get('evidence', '')[:50]}")
        key = (p.get("holder"), p.get("issue"))
        if key in seen:
            bad(f, f"two positions for {key}")
        seen.add(key)

stems = {f.stem for f in golds}
for a in sorted(ARTICLES.iterdir()):
    if a.suffix in (".rss", ".xml", ".atom"):
        if not any(s.startswith(a.stem + "-") for s in stems):
            problems.append(f"{a.name}: no gold for its items")
    elif a.stem not in stems:
        problems.append(f"{a.name}: no gold file")

for p in problems:
    print(p)
print(f"{len(golds)} gold files, {nq} quotes, {npos} positions, {len(problems)} problems")
sys.exit(1 if problems else 0)
