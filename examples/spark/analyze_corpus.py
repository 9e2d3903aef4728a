"""Analyse a JSON Lines corpus on Spark with the attache wheel, and write its
quotes and positions as Parquet partitioned by month, with the columns and
types of `attache export` (docs/scale.md).

    python examples/spark/analyze_corpus.py --corpus corpus.jsonl \
        --issues catalogues/ukraine-2025.toml --out tables/ --master 'local[2]'

The corpus has one JSON object a line: `id` (a whole number, "17" or 17), `text`, and
optionally `url` and `published`, as `attache ingest` reads JSON Lines.
Each executor analyses its partitions with `attache.corpus_to_arrow` inside
`mapInArrow` (the GIL released, one thread per Spark core); the catalogue
goes to the executors once, as a broadcast. Output: OUT/quotes and
OUT/positions, each `month=YYYY-MM/part-*.parquet` (undated articles under
`month=__HIVE_DEFAULT_PARTITION__`).
"""

import argparse
import os
import sys
import time

import pyarrow as pa
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# the tables of `attache export` as Spark sees them: Spark has no dictionary
# type, so dictionary-encoded columns are strings here (Parquet still
# dictionary-encodes them in its pages)
QUOTES = (
    "id LONG, article_id LONG, url STRING, published DATE, actor STRING, speaker STRING, "
    "text STRING, start LONG, `end` LONG, kind STRING, cue STRING, issues ARRAY<STRING>"
)
POSITIONS = (
    "id LONG, article_id LONG, url STRING, published DATE, actor STRING, holder STRING, "
    "affiliation STRING, issue STRING, stance STRING, confidence DOUBLE, evidence STRING, "
    "start LONG, `end` LONG"
)
CORPUS = "id STRING, url STRING, published STRING, text STRING"


def plain(table):
    """Dictionary columns decoded into strings, for Spark."""
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def analyse(catalogue):
    """The function each Spark task runs on its batches of articles."""

    def run(batches):
        import attache

        analyzer = attache.Analyzer(
            issues=attache.Catalogue.parse(catalogue.value) if catalogue.value else None
        )
        for batch in batches:
            tables = attache.corpus_to_arrow(
                [int(i) for i in batch.column("id").to_pylist()],
                batch.column("text").to_pylist(),
                batch.column("url").to_pylist(),
                batch.column("published").to_pylist(),
                threads=1,  # Spark gives each task a core
                analyzer=analyzer,
            )
            # one row per article: its quotes and positions as Arrow IPC bytes
            for name in ["quotes", "positions"]:
                sink = pa.BufferOutputStream()
                with pa.ipc.new_stream(sink, tables[name].schema) as writer:
                    writer.write_table(tables[name])
                tables[name] = sink.getvalue().to_pybytes()
            yield pa.RecordBatch.from_pydict(
                {"quotes": [tables["quotes"]], "positions": [tables["positions"]]}
            )

    return run


def unpack(name):
    def run(batches):
        for batch in batches:
            for ipc in batch.column(name).to_pylist():
                for b in plain(pa.ipc.open_stream(ipc).read_all()).to_batches():
                    yield b

    return run


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", required=True, help="JSON Lines: id, text, url, published")
    p.add_argument("--issues", help="an issue catalogue (TOML)")
    p.add_argument("--out", required=True, help="folder for quotes/ and positions/")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--partitions", type=int, default=0, help="0: twice the cores")
    args = p.parse_args()

    if args.master.startswith("local"):
        # local workers run this Python (and its attache, pyarrow), not the first python3 on PATH
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("attache analyze_corpus")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    catalogue = spark.sparkContext.broadcast(open(args.issues).read() if args.issues else None)
    started = time.perf_counter()
    corpus = spark.read.schema(CORPUS).json(args.corpus)
    partitions = args.partitions or 2 * spark.sparkContext.defaultParallelism
    analysed = (
        corpus.repartition(partitions)
        .mapInArrow(analyse(catalogue), "quotes BINARY, positions BINARY")
        .persist()
    )
    articles = corpus.count()
    for name, schema in [("quotes", QUOTES), ("positions", POSITIONS)]:
        (
            analysed.select(name)
            .mapInArrow(unpack(name), schema)
            .withColumn("month", F.date_format("published", "yyyy-MM"))
            .write.mode("overwrite")
            .partitionBy("month")
            .parquet(f"{args.out}/{name}")
        )
    seconds = time.perf_counter() - started
    cores = spark.sparkContext.defaultParallelism
    print(
        f"spark {args.master}: {articles} articles in {seconds:.1f} s: "
        f"{articles / seconds:.0f} articles/s, {articles / seconds / cores:.0f} per core"
    )
    spark.stop()


if __name__ == "__main__":
    main()
