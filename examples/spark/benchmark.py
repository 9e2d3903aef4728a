"""Articles per second on one core and on two: the CLI (`attache bench
analyze`, and `attache analyze --format json` end to end), the Python
package (`analyze_many`, `corpus_to_arrow`) and the Spark job
(examples/spark/analyze_corpus.py, local[1] and local[2]), over the same
made-up articles (`attache bench corpus`).

    python examples/spark/benchmark.py --attache target/release/attache --articles 20000 [--no-spark]

The comparison is per CPU second (every thread), each article once, the same
catalogue, the best of --runs runs, against two references:
- `attache bench analyze`: the analysis alone (its own CPU time around it),
  nothing written;
- `attache analyze --format json --issues …` over the articles' files on
  RAYON_NUM_THREADS threads: what a user of the CLI gets, the JSON Lines
  documents written to a file; the child process's CPU time (getrusage),
  start-up and reading the files included.
The Python rows are `time.process_time` around the call: analysis plus the
documents in Python's form (dicts, or Arrow tables).
"""

import argparse
import gc
import json
import marshal
import os
import resource
import subprocess
import sys
import tempfile
import time

import attache
import pyarrow  # noqa: F401 (imported before the timed runs, not in the first)

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

    # The CLI end to end: the documents as JSON Lines in a file
    names = [f"{r['id']}.txt" for r in records]
    out = os.path.join(tmp, "cli.jsonl")

    def cli_json(threads, files, out):
        def run():
            env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            with open(out, "w") as f:
                subprocess.run([args.attache, "analyze", "--format", "json", "--issues", args.issues, *files],
                               stdout=f, cwd=folder, env=env, check=True)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            return len(files) / wall, len(files) / cpu
        return run

    cli_json_per_cpu = {}
    startup_cpu = {}
    for threads in [1, 2]:
        rate, per_cpu = best(args.runs, cli_json(threads, names, out))
        cli_json_per_cpu[threads] = per_cpu
        figures.append(("CLI (attache analyze --format json)", threads, rate, per_cpu))
        # start-up: one article, the least CPU of a few runs
        startup_cpu[threads] = min(1 / cli_json(threads, names[:1], os.devnull)()[1] for _ in range(args.runs))

    analyzer = attache.Analyzer(issues=args.issues)
    # the same documents on both sides (the CLI's names its file)
    with open(out) as f:
        shown = [json.loads(line) for _, line in zip(range(50), f)]
    for doc in shown:
        del doc["source"]
    assert shown == analyzer.analyze_many(texts[:50], threads=1), "the CLI's documents are analyze_many's"
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
    print("per CPU second, against the CLI's analysis alone (attache bench analyze) "
          "and against the CLI end to end (attache analyze --format json):")
    for path in ["analyze_many", "corpus_to_arrow"]:
        for what, cores, rate, per_cpu in figures:
            if path in what and cores in cli_per_cpu:
                e2e = cli_json_per_cpu[cores]
                # the CLI's CPU less its start-up (one article's run)
                warm = len(texts) / (len(texts) / e2e - startup_cpu[cores])
                print(f"  Python {path} on {cores} thread{'s' if cores > 1 else ''}: "
                      f"{per_cpu / cli_per_cpu[cores]:.0%} of bench analyze ({per_cpu:,.0f} vs {cli_per_cpu[cores]:,.0f}); "
                      f"{per_cpu / e2e:.0%} of analyze --format json ({e2e:,.0f}; "
                      f"{per_cpu / warm:.0%} of its {warm:,.0f} without its start-up)")
    print("the CLI's start-up (analyze --format json of one article): "
          + ", ".join(f"{startup_cpu[t] * 1e3:.0f} ms of CPU on {t} thread{'s' if t > 1 else ''}" for t in [1, 2]))
    ceiling = 1 / (1 + dicts_cpu * cli_per_cpu[1] / len(texts))
    print(f"the dicts alone (made by marshal.loads and freed): {dicts_cpu / len(texts) * 1e6:.1f} µs of CPU an article; "
          f"analysis plus them is at most {ceiling:.0%} of bench analyze's articles per CPU second")


if __name__ == "__main__":
    main()
