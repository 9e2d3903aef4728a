"""Articles per second on one core and on two: the CLI (`attache bench
analyze`), the Python package (`analyze_many`, `corpus_to_arrow`) and the
Spark job (examples/spark/analyze_corpus.py, local[1] and local[2]), over the
same made-up articles (`attache bench corpus`).

    python examples/spark/benchmark.py --attache target/release/attache --articles 20000 [--no-spark]

The comparison is per CPU second, measured the same way on both sides: the
process's CPU time (every thread) around the analysis only, without start-up
or reading files (`attache bench analyze` reports its own; Python's
`time.process_time`), each article once, the same catalogue, the best of
--runs runs.
"""

import argparse
import gc
import json
import marshal
import os
import subprocess
import sys
import tempfile
import time

import attache

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def best(runs, work):
    """The best of a few runs (the host may be shared): (articles per second
    of wall time, articles per second of CPU time), each the best."""
    rates = [work() for _ in range(runs)]
    return max(r[0] for r in rates), max(r[1] for r in rates)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--attache", default=os.path.join(ROOT, "target", "release", "attache"))
    p.add_argument("--articles", type=int, default=20000)
    p.add_argument("--spark-articles", type=int, default=0, help="default: --articles")
    p.add_argument("--issues", default=os.path.join(ROOT, "catalogues", "ukraine-2025.toml"))
    p.add_argument("--no-spark", action="store_true")
    p.add_argument("--runs", type=int, default=3, help="best of this many runs of each (default 3)")
    args = p.parse_args()

    tmp = tempfile.mkdtemp(prefix="attache-bench-")
    corpus = os.path.join(tmp, "corpus.jsonl")
    with open(corpus, "w") as f:
        subprocess.run([args.attache, "bench", "corpus", "--articles", str(args.articles)], stdout=f, check=True)
    with open(corpus) as f:
        records = [json.loads(line) for line in f]
    texts = [r["text"] for r in records]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    folder = os.path.join(tmp, "texts")
    os.mkdir(folder)
    for r in records:
        with open(os.path.join(folder, f"{r['id']}.txt"), "w") as f:
            f.write(r["text"])

    figures = []  # (what, cores, articles/s of wall time, articles per CPU second)
    cli_runs = []
    for _ in range(args.runs):
        # --megabytes 0: every article once, as the Python rows below
        cli_runs.append(json.loads(
            subprocess.run(
                [args.attache, "bench", "analyze", "--issues", args.issues, "--json", "--megabytes", "0", folder],
                capture_output=True, text=True, check=True,
            ).stdout
        ))
    assert cli_runs[0]["articles"] == len(texts), "the CLI analyses every article once"
    cli_per_cpu = {}
    for phase in ["one_core", "all_cores"]:
        cores = cli_runs[0][phase].get("threads", 1)
        rate = max(run[phase]["articles_per_s"] for run in cli_runs)
        cli_per_cpu[cores] = max(run["articles"] / run[phase]["cpu_seconds"] for run in cli_runs)
        figures.append(("CLI (attache bench analyze)", cores, rate, cli_per_cpu[cores]))

    analyzer = attache.Analyzer(issues=args.issues)
    ids = [int(r["id"]) for r in records]
    urls = [r.get("url") for r in records]
    published = [r.get("published") for r in records]
    for threads in [1, 2]:
        def timed(work):
            def run():
                started, cpu = time.perf_counter(), time.process_time()
                work()
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                return len(texts) / wall, len(texts) / cpu
            return run

        many = timed(lambda: analyzer.analyze_many(texts, threads=threads))
        arrow = timed(lambda: attache.corpus_to_arrow(ids, texts, urls, published, threads=threads, analyzer=analyzer))
        figures.append(("Python analyze_many → dicts", threads, *best(args.runs, many)))
        figures.append(("Python corpus_to_arrow → Arrow", threads, *best(args.runs, arrow)))

    # What the dicts alone cost: the same documents made by marshal.loads,
    # CPython's quickest maker of dicts from a ready buffer, and freed (as
    # the timed runs above free theirs; the collector paused, as
    # analyze_many pauses it)
    documents = marshal.dumps(analyzer.analyze_many(texts, threads=1))
    def made_and_freed():
        gc.disable()
        cpu = time.process_time()
        marshal.loads(documents)
        cpu = time.process_time() - cpu
        gc.enable()
        return cpu
    dicts_cpu = min(made_and_freed() for _ in range(args.runs))

    if not args.no_spark:
        n = args.spark_articles or args.articles
        spark_corpus = corpus
        if n != args.articles:
            spark_corpus = os.path.join(tmp, "spark.jsonl")
            with open(spark_corpus, "w") as f:
                subprocess.run([args.attache, "bench", "corpus", "--articles", str(n)], stdout=f, check=True)
        for cores in [1, 2]:
            job = subprocess.run(
                [sys.executable, os.path.join(HERE, "analyze_corpus.py"), "--corpus", spark_corpus,
                 "--issues", args.issues, "--out", os.path.join(tmp, f"spark{cores}"), "--master", f"local[{cores}]"],
                capture_output=True, text=True, check=True,
            )
            line = [l for l in job.stdout.splitlines() if l.startswith("spark ")][-1]
            rate = float(line.split(": ")[-1].split(" articles/s")[0])
            figures.append((f"Spark job, {n} articles (start-up included)", cores, rate, None))

    print(f"{args.articles} made-up articles ({megabytes:.1f} MB), positions on {os.path.basename(args.issues)}")
    print(f"{'':44} {'cores':>5} {'articles/s':>11} {'per core':>9} {'per CPU s':>10}")
    for what, cores, rate, per_cpu in figures:
        cpu = f"{per_cpu:>10,.0f}" if per_cpu else f"{'':>10}"
        print(f"{what:44} {cores:>5} {rate:>11,.0f} {rate / cores:>9,.0f} {cpu}")
    for path in ["analyze_many", "corpus_to_arrow"]:
        for what, cores, rate, per_cpu in figures:
            if path in what and cores in cli_per_cpu:
                print(f"Python {path} on {cores} thread{'s' if cores > 1 else ''}: "
                      f"{per_cpu / cli_per_cpu[cores]:.0%} of the CLI's articles per CPU second "
                      f"({per_cpu:,.0f} vs {cli_per_cpu[cores]:,.0f})")
    ceiling = 1 / (1 + dicts_cpu * cli_per_cpu[1] / len(texts))
    print(f"the dicts alone (made by marshal.loads and freed): {dicts_cpu / len(texts) * 1e6:.1f} µs of CPU an article; "
          f"analysis plus them is at most {ceiling:.0%} of the CLI's articles per CPU second")


if __name__ == "__main__":
    main()
