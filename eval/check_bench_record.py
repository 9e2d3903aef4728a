#!/usr/bin/env python3
"""Checks `attache bench record` output (stdin) against eval/floors.env.

usage: attache bench record ... | check_bench_record.py eval/floors.env

Prints the output as it is, then fails (exit 1) when the peak ingest memory
passes RECORD_PEAK_MB_MAX or any first page (every query but the one that
reads all changes at once), on the record as ingested or with the bench's
decisions, or the slowest of the decisions taken passes
RECORD_FIRST_PAGE_MS_MAX.
"""
import re
import sys


def floors(path):
    out = {}
    for line in open(path):
        line = line.split("#")[0].strip()
        if line.startswith("RECORD_") and "=" in line:
            k, v = line.split("=", 1)
            out[k] = float(v)
    return out


def main():
    bounds = floors(sys.argv[1])
    text = sys.stdin.read()
    sys.stdout.write(text)
    failed = []
    peak = re.search(r"peak memory (\d+) MB", text)
    if not peak:
        failed.append("no peak memory in the output")
    elif float(peak.group(1)) > bounds["RECORD_PEAK_MB_MAX"]:
        failed.append(f"peak ingest memory {peak.group(1)} MB > {bounds['RECORD_PEAK_MB_MAX']:.0f} MB")
    lines = re.findall(r"^queries( with \d+ decisions)? \(median of 5\): (.*)$", text, re.M)
    if len(lines) < 2:
        failed.append("no query times, without and with decisions, in the output")
    for reviewed, listed in lines:
        for name, ms in re.findall(r"([^,]+?) ([\d.]+) ms", listed):
            name = name.strip() + (reviewed and " (reviewed)")
            if name != "changes (all)" and float(ms) > bounds["RECORD_FIRST_PAGE_MS_MAX"]:
                failed.append(f"{name}: {ms} ms > {bounds['RECORD_FIRST_PAGE_MS_MAX']:.0f} ms")
    took = re.search(r"^a decision taken \(median of \d+\): [\d.]+ ms, at most ([\d.]+) ms", text, re.M)
    if not took:
        failed.append("no time of a decision taken in the output")
    elif float(took.group(1)) > bounds["RECORD_FIRST_PAGE_MS_MAX"]:
        failed.append(f"a decision taken: {took.group(1)} ms > {bounds['RECORD_FIRST_PAGE_MS_MAX']:.0f} ms")
    for f in failed:
        print(f"bench record: {f}")
    if not failed:
        print(f"bench record: peak memory and first pages within the bounds "
              f"({bounds['RECORD_PEAK_MB_MAX']:.0f} MB, {bounds['RECORD_FIRST_PAGE_MS_MAX']:.0f} ms)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
