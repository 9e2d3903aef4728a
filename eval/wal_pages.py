#!/usr/bin/env python3
"""Which tables and indexes a SQLite record's commits write.

Usage: wal_pages.py RECORD.db

Reads the valid frames of RECORD.db-wal (the commits since the log last
started again), counts the pages each commit wrote, and names the table or
index each page belongs to (SQLite's dbstat, on a copy of the record so
the original's log is left as it is). Copy the record and its log while
its writer is stopped (kill -STOP) for a consistent pair:

    attache bench record --articles 300000 --keep --dir D ...  # then, at ~200k:
    kill -STOP PID; cp D/*/bench.db D/*/bench.db-wal snap/; kill -CONT PID
    python3 eval/wal_pages.py snap/bench.db
"""

import collections
import os
import shutil
import sqlite3
import struct
import sys
import tempfile

WAL_HEADER = 32
FRAME_HEADER = 24


def commits(wal_path):
    """The page numbers each commit of the log wrote, oldest first."""
    with open(wal_path, "rb") as f:
        data = f.read()
    if len(data) < WAL_HEADER:
        return [], 0
    _magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">IIIIII", data[:24])
    done, pages, off = [], [], WAL_HEADER
    while off + FRAME_HEADER + page_size <= len(data):
        page, size_after, s1, s2 = struct.unpack(">IIII", data[off : off + 16])
        if (s1, s2) != (salt1, salt2):
            break  # a frame of the log before it started again
        pages.append(page)
        if size_after:  # the commit's last frame
            done.append(pages)
            pages = []
        off += FRAME_HEADER + page_size
    return done, page_size


def owners(db_path, wal_path):
    """Page number -> table or index, read from a copy of the record."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "record.db")
        shutil.copy(db_path, copy)
        shutil.copy(wal_path, copy + "-wal")
        con = sqlite3.connect(copy)
        found = dict((page, name) for name, page in con.execute("SELECT name, pageno FROM dbstat"))
        con.close()
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db_path = sys.argv[1]
    wal_path = db_path + "-wal"
    done, page_size = commits(wal_path)
    if not done:
        sys.exit(f"{wal_path}: no committed frames")
    owner = owners(db_path, wal_path)
    per_object = collections.Counter()
    for pages in done:
        for page in set(pages):
            per_object[owner.get(page, "(free or new)")] += 1
    total = sum(per_object.values())
    print(f"{len(done)} commits in the log, {total / len(done):.0f} pages each ({page_size} bytes)")
    print(f"{'table or index':40} {'pages a commit':>15} {'share':>7}")
    for name, n in per_object.most_common():
        print(f"{name:40} {n / len(done):15.1f} {100 * n / total:6.1f}%")


if __name__ == "__main__":
    main()
