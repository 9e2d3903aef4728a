"""The Spark example (examples/spark/analyze_corpus.py) in local mode on a
corpus of made-up articles (`attache bench corpus`): its Parquet holds the
rows of `attache ingest` + `attache export` of the same corpus, with the
same columns and types. Needs pyspark and Java; ATTACHE_SPARK_ARTICLES sets
the corpus's size (3,000)."""

import os
import shutil
import subprocess
import sys

import pytest

from test_attache import BIN, CATALOGUE, ROOT, cli

pyspark = pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
import pyarrow.dataset as ds  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

ARTICLES = int(os.environ.get("ATTACHE_SPARK_ARTICLES", "3000"))
QUOTE_COLUMNS = ["url", "published", "actor", "speaker", "text", "start", "end", "kind", "cue", "issues"]
POSITION_COLUMNS = ["url", "published", "actor", "holder", "affiliation", "issue", "stance",
                    "confidence", "evidence", "start", "end"]

pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")


def logical(t):
    """A column type with Arrow's encodings set aside: dictionaries as their values, a list's item name."""
    if pa.types.is_dictionary(t):
        return str(t.value_type)
    if pa.types.is_list(t):
        return f"list<{logical(t.value_type)}>"
    return str(t)


def rows(table, columns):
    out = []
    for r in table.select(columns).to_pylist():
        if "issues" in r:
            r["issues"] = tuple(r["issues"])
        out.append(tuple(r[c] for c in columns))
    return sorted(out, key=repr)


def test_spark_writes_what_ingest_and_export_write(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w") as f:
        subprocess.run([BIN, "bench", "corpus", "--articles", str(ARTICLES)], stdout=f, check=True)
    job = subprocess.run(
        [sys.executable, os.path.join(ROOT, "examples", "spark", "analyze_corpus.py"),
         "--corpus", str(corpus), "--issues", CATALOGUE, "--out", str(tmp_path / "spark"),
         "--master", "local[2]"],
        capture_output=True, text=True,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    print("\n" + [l for l in job.stdout.splitlines() if l.startswith("spark ")][-1])
    db = str(tmp_path / "record.db")
    cli("ingest", "--db", db, "--issues", CATALOGUE, str(corpus))
    cli("export", "--db", db, "--out", str(tmp_path / "export"))
    for name, columns in [("quotes", QUOTE_COLUMNS), ("positions", POSITION_COLUMNS)]:
        exported = pq.read_table(tmp_path / "export" / f"{name}.parquet")
        spark = ds.dataset(tmp_path / "spark" / name, format="parquet", partitioning="hive").to_table()
        # the same columns with the same types (the month is the partition's folder)
        assert [(f.name, logical(f.type)) for f in spark.schema if f.name != "month"] == [
            (f.name, logical(f.type)) for f in exported.schema
        ], name
        assert spark.num_rows == exported.num_rows > ARTICLES // 2, name
        # the same rows: the same spans, texts, actors, stances
        assert rows(spark, columns) == rows(exported, columns), name
    months = {p.name for p in (tmp_path / "spark" / "quotes").iterdir() if p.name.startswith("month=")}
    assert "month=2025-01" in months
