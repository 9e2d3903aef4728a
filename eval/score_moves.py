#!/usr/bin/env python3
"""The written moves of a story against the record's changes of stance.

usage: score_moves.py MOVES_TSV CHANGES_JSON

MOVES_TSV lists actor key, name, issue, from, to (examples/story/moves.tsv);
CHANGES_JSON is `attache positions --changes --format json`. Prints how many
written moves were found and every change reported that is not one of them.
"""
import json, sys

written = set()
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#") or line.startswith("actor\t") or not line.strip():
        continue
    key, _name, issue, was, now = line.rstrip("\n").split("\t")[:5]
    written.add((key, issue, was, now))
reported = {(c["actor"], c["issue"], c["from"], c["to"]) for c in json.load(open(sys.argv[2]))}
found = written & reported
print(f"written moves found {len(found)}/{len(written)}, other changes reported {len(reported - written)}")
for m in sorted(written - reported):
    print("  missed:", *m)
for m in sorted(reported - written):
    print("  other: ", *m)
