"""The Python package against the command line: same documents, same
rows, same errors. ATTACHE_BIN names the `attache` binary (default: the
workspace's target/release/attache); run from anywhere."""

import glob
import json
import os
import subprocess
import sys
import threading
import time

import pytest

import attache

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.environ.get("ATTACHE_BIN", os.path.join(ROOT, "target", "release", "attache"))
ARTICLES = sorted(glob.glob(os.path.join(ROOT, "examples", "articles", "*")))
CATALOGUE = os.path.join(ROOT, "catalogues", "ukraine-2025.toml")
SCENARIO = os.path.join(ROOT, "examples", "scenarios", "grain-corridor.toml")


def cli(*args, check=True):
    out = subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ROOT)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def cli_error(*args):
    """The command line's message: its first report, from `attache: [error: ]`
    to the next report or the end."""
    out = cli(*args, check=False)
    assert out.returncode != 0
    message = out.stderr[out.stderr.index("attache: ") + len("attache: ") :]
    message = message.split("\nattache: ")[0].rstrip("\n")
    return message[len("error: ") :] if message.startswith("error: ") else message


def dumped(document):
    """A document written as the command line writes JSON."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def made_up_articles(n):
    """Made-up articles, each different."""
    people = ["Marta Kovalenko", "Piet de Vries", "Amara Okafor", "Lukas Brenner"]
    return [
        f"Talks on the harbour resumed on day {i}.\n\n"
        f"“We will not sign a deal that leaves grain in the silos,” {people[i % 4]} said "
        f"on Tuesday. “The corridor must stay open,” the minister added.\n\n"
        f"Officials in Brel said the ceasefire talks would continue for {i % 7 + 2} more days."
        for i in range(n)
    ]


@pytest.fixture(autouse=True)
def in_the_repository(monkeypatch):
    """Paths as the command line is given them (a document's `source`)."""
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("path", ARTICLES, ids=os.path.basename)
def test_analyze_file_is_the_cli_json_byte_for_byte(path):
    rel = os.path.relpath(path, ROOT)
    expected = cli("analyze", "--format", "json", rel).stdout
    assert dumped(attache.analyze_file(rel)) == expected


@pytest.mark.parametrize("path", ARTICLES, ids=os.path.basename)
def test_analyze_file_with_issues_is_the_cli_json(path):
    rel = os.path.relpath(path, ROOT)
    expected = cli("analyze", "--format", "json", "--issues", CATALOGUE, rel).stdout
    got = attache.analyze_file(rel, issues=attache.Catalogue.load(CATALOGUE))
    assert dumped(got) == expected


@pytest.mark.parametrize("path", [p for p in ARTICLES if p.endswith(".txt")], ids=os.path.basename)
def test_analyze_of_a_text_is_the_cli_json_byte_for_byte(path):
    rel = os.path.relpath(path, ROOT)
    expected = cli("analyze", "--format", "json", "--issues", CATALOGUE, rel).stdout
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert dumped(attache.analyze(text, issues=CATALOGUE, source=rel)) == expected
    assert "source" not in attache.analyze(text)


def test_spans_index_the_python_string():
    for doc, text in zip(attache.analyze_many(made_up_articles(20)), made_up_articles(20)):
        assert doc["quotes"], doc
        for q in doc["quotes"]:
            assert text[q["start"] : q["end"]] == q["text"]


def test_analyze_many_is_analyze_of_each_in_order():
    texts = made_up_articles(50)
    one_by_one = [attache.analyze(t) for t in texts]
    assert attache.analyze_many(texts) == one_by_one
    assert attache.analyze_many(iter(texts), threads=1) == one_by_one
    assert attache.analyze_many(texts, threads=3) == one_by_one
    assert attache.analyze_many([]) == []


def thread_cpu_ticks():
    """CPU ticks used so far by each thread of this process (Linux)."""
    ticks = {}
    for task in glob.glob("/proc/self/task/*/stat"):
        try:
            with open(task) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks[task] = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError):
            pass
    return ticks


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores")
def test_analyze_many_works_on_several_cores():
    # long texts: the analysis (threads of the pool) outweighs making dicts (the caller)
    texts = ["\n\n".join(made_up_articles(12)[i % 5 :]) for i in range(3000)]
    attache.analyze_many(texts[:100])  # the thread pool exists before the count
    caller = f"/proc/self/task/{threading.get_native_id()}/stat"
    ticks_before, cpu_before, wall_before = thread_cpu_ticks(), time.process_time(), time.perf_counter()
    docs = attache.analyze_many(texts)
    wall = time.perf_counter() - wall_before
    cpu = time.process_time() - cpu_before
    ticks_after = thread_cpu_ticks()
    # the work of the threads other than the caller (which makes the dicts)
    used = {t: n - ticks_before.get(t, 0) for t, n in ticks_after.items() if t != caller}
    total = sum(used.values())
    working = [t for t, n in used.items() if n > 0 and n >= 0.2 * total]
    print(
        f"\nanalyze_many: {len(docs)} articles in {wall:.2f} s ({len(docs) / wall:.0f} articles/s), "
        f"CPU {cpu:.2f} s = {cpu / wall:.2f} cores busy; threads besides the caller with >=20% of "
        f"their work: {len(working)} of {len(used)} (CPU ticks {sorted(used.values(), reverse=True)[:4]})"
    )
    assert len(docs) == len(texts)
    assert len(working) >= 2, used


def test_analyze_many_releases_the_gil():
    texts = made_up_articles(400) * 10
    counted = [0]
    go, done = threading.Event(), threading.Event()

    def count():
        go.wait()
        while not done.is_set():
            counted[0] += 1
            time.sleep(0)  # lets the GIL go

    counter = threading.Thread(target=count)
    counter.start()
    interval = sys.getswitchinterval()
    # Python would take the GIL from this thread only after 100 s: the
    # counter runs only if analyze_many lets it go
    sys.setswitchinterval(100.0)
    try:
        go.set()
        attache.analyze_many(texts)
        during = counted[0]
    finally:
        sys.setswitchinterval(interval)
        done.set()
        counter.join()
    assert during > 0


def test_errors_raise_with_the_cli_message(tmp_path):
    missing = os.path.join("examples", "articles", "no-such-article.txt")
    with pytest.raises(attache.AttacheError) as e:
        attache.analyze_file(missing)
    assert str(e.value) == cli_error("analyze", missing)
    with pytest.raises(attache.AttacheError) as e:
        attache.Catalogue.load("no-such-catalogue.toml")
    assert str(e.value) == cli_error("analyze", "--issues", "no-such-catalogue.toml", ARTICLES[0])
    bad = tmp_path / "bad.toml"
    bad.write_text("[[issue]]\nid = 3\n")
    with pytest.raises(attache.AttacheError) as e:
        attache.Catalogue.load(str(bad))
    assert str(e.value) == cli_error("analyze", "--issues", str(bad), ARTICLES[0])
    with pytest.raises(attache.AttacheError) as e:
        attache.forecast(SCENARIO, issue="no_such_issue")
    assert str(e.value) == cli_error("forecast", "--issue", "no_such_issue", SCENARIO)
    with pytest.raises(attache.AttacheError) as e:
        attache.forecast(str(tmp_path / "none.toml"))
    assert str(e.value) == cli_error("forecast", str(tmp_path / "none.toml"))
    with pytest.raises(attache.AttacheError) as e:
        attache.Record(str(tmp_path / "none.db"))
    assert str(e.value) == cli_error("actors", "--db", str(tmp_path / "none.db"))
    with pytest.raises(attache.AttacheError) as e:
        attache.forecast(SCENARIO, model="oracle")
    assert "oracle" in str(e.value)


def test_forecast_is_the_cli_json():
    for model in ["all", "eum", "smp"]:
        expected = json.loads(cli("forecast", "--model", model, "--format", "json", "--draws", "100", SCENARIO).stdout)
        assert attache.forecast(SCENARIO, model=model, draws=100) == expected


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("record") / "record.db")
    cli("ingest", "--db", db, "--issues", CATALOGUE, os.path.join(ROOT, "examples", "articles"))
    return db


def test_record_queries_are_the_cli_rows(record):
    r = attache.Record(record)
    rows = lambda *a: json.loads(cli(*a, "--db", record, "--format", "json").stdout)
    assert r.actors() == rows("actors")
    assert r.positions() == rows("positions")
    assert r.positions(by="state") == rows("positions", "--by", "state")
    assert r.changes() == rows("positions", "--changes")
    assert r.quotes() == rows("quotes")
    assert r.quotes(actor="Sybiha") == rows("quotes", "--actor", "Sybiha")
    issue = r.issues()[0]
    assert r.timeline(issue) == rows("timeline", "--issue", issue)
    assert r.search("harbour") == rows("search", "harbour")
    assert r.actors() and r.quotes() and r.positions()
    article = r.article(r.quotes()[0]["article"])
    q = r.quotes()[0]
    assert article["text"][q["start"] : q["end"]] == q["text"]
    assert r.article(10**9) is None
    with pytest.raises(attache.AttacheError) as e:
        r.positions(as_of="last week")
    assert str(e.value) == cli_error("positions", "--db", record, "--as-of", "last week")


def test_record_rows_name_the_actor_by_key_and_name(record):
    r = attache.Record(record)
    sybiha = ("person:andrii-sybiha", "Andrii Sybiha")
    for what, rows in [("actors", r.actors()), ("quotes", r.quotes()), ("positions", r.positions()),
                       ("changes", r.changes()), ("timeline", r.timeline("peace_talks")),
                       ("search", r.search("ports"))]:
        for row in rows:
            assert "key" not in row and "holder" not in row, (what, row)
            if row.get("actor") is not None:
                assert isinstance(row["actor_name"], str), (what, row)
        if what not in ("changes", "timeline"):
            assert any((row.get("actor"), row.get("actor_name")) == sybiha for row in rows), what


EXPORT_SCHEMA = {
    "articles": [("id", "int64"), ("story_id", "int64"), ("published", "date32[day]"),
                 ("date_source", "dictionary<values=string, indices=int32, ordered=0>"),
                 ("outlet", "dictionary<values=string, indices=int32, ordered=0>"), ("title", "string"),
                 ("url", "string"), ("origin", "string"), ("chars", "int64"), ("text", "string")],
    "quotes": [("id", "int64"), ("article_id", "int64"), ("url", "string"), ("published", "date32[day]"),
               ("actor", "string"), ("speaker", "string"), ("text", "string"), ("start", "int64"),
               ("end", "int64"), ("kind", "dictionary<values=string, indices=int32, ordered=0>"),
               ("cue", "string"), ("issues", "list<item: string>")],
    "positions": [("id", "int64"), ("article_id", "int64"), ("url", "string"), ("published", "date32[day]"),
                  ("actor", "string"), ("holder", "string"), ("affiliation", "string"),
                  ("issue", "dictionary<values=string, indices=int32, ordered=0>"),
                  ("stance", "dictionary<values=string, indices=int32, ordered=0>"), ("confidence", "double"),
                  ("evidence", "string"), ("start", "int64"), ("end", "int64")],
    "actors": [("key", "string"), ("name", "string"), ("kind", "dictionary<values=string, indices=int32, ordered=0>"),
               ("role", "string"), ("affiliation", "string"), ("articles", "int64"), ("mentions", "int64"),
               ("quotes", "int64")],
    "changes": [("actor", "string"), ("actor_name", "string"),
                ("issue", "dictionary<values=string, indices=int32, ordered=0>"),
                ("from", "dictionary<values=string, indices=int32, ordered=0>"),
                ("to", "dictionary<values=string, indices=int32, ordered=0>"), ("before", "date32[day]"),
                ("after", "date32[day]"), ("before_article", "int64"), ("before_start", "int64"),
                ("before_end", "int64"), ("after_article", "int64"), ("after_start", "int64"),
                ("after_end", "int64"), ("before_evidence", "string"), ("after_evidence", "string")],
}


def schema_of(table):
    return [(f.name, str(f.type)) for f in table.schema]


def test_export_is_read_by_pyarrow_and_duckdb_with_the_documented_schema(record, tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.feather
    import pyarrow.parquet

    duckdb = pytest.importorskip("duckdb")
    r = attache.Record(record)
    for fmt in ["parquet", "arrow"]:
        cli("export", "--db", record, "--format", fmt, "--out", str(tmp_path / fmt))
    assert sorted(EXPORT_SCHEMA) == sorted(attache.TABLES)
    for name, columns in EXPORT_SCHEMA.items():
        parquet = pyarrow.parquet.read_table(tmp_path / "parquet" / f"{name}.parquet")
        arrow = pyarrow.feather.read_table(tmp_path / "arrow" / f"{name}.arrow")
        assert schema_of(parquet) == columns, name
        assert arrow.equals(parquet), name
        assert r.to_arrow(name).equals(parquet), name
        rows = duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'parquet' / name}.parquet'").fetchall()[0][0]
        assert rows == parquet.num_rows, name
    quotes = pyarrow.parquet.read_table(tmp_path / "parquet" / "quotes.parquet").to_pylist()
    assert len(quotes) == len(r.quotes()) > 0
    for q in quotes:
        assert r.article(q["article_id"])["text"][q["start"] : q["end"]] == q["text"]
    # DuckDB joins them as they are: who said how much
    top = duckdb.sql(
        f"SELECT a.name, count(*) AS n FROM '{tmp_path}/parquet/quotes.parquet' q "
        f"JOIN '{tmp_path}/parquet/actors.parquet' a ON a.key = q.actor GROUP BY a.name ORDER BY n DESC, a.name LIMIT 1"
    ).fetchall()[0]
    assert top[1] >= 1
    assert duckdb.sql(f"SELECT DISTINCT stance FROM '{tmp_path}/parquet/positions.parquet' ORDER BY 1").fetchall()


def test_record_to_arrow_and_pandas(record):
    pa = pytest.importorskip("pyarrow")
    r = attache.Record(record)
    table = r.to_arrow("positions")
    assert isinstance(table, pa.Table)
    assert schema_of(table) == EXPORT_SCHEMA["positions"]
    assert table.num_rows == len([s for i in r.issues() for s in r.timeline(i)])
    with pytest.raises(attache.AttacheError):
        r.to_arrow("stories")
    pytest.importorskip("pandas")
    assert len(r.to_pandas("quotes")) == len(r.quotes())


def test_corpus_to_arrow_has_the_export_schema_on_any_number_of_threads():
    pa = pytest.importorskip("pyarrow")
    texts = made_up_articles(1200)  # more than one batch
    ids = list(range(1, len(texts) + 1))
    urls = [f"https://example.test/{i}" for i in ids]
    dates = ["2025-03-01"] * len(texts)
    one = attache.corpus_to_arrow(ids, texts, urls, dates, issues=CATALOGUE, threads=1)
    two = attache.corpus_to_arrow(ids, texts, urls, dates, issues=CATALOGUE, threads=2)
    for name in ["quotes", "positions"]:
        assert schema_of(one[name]) == EXPORT_SCHEMA[name]
        assert one[name].equals(two[name])
    quotes = one["quotes"]
    assert quotes.num_rows == sum(len(d["quotes"]) for d in attache.analyze_many(texts))
    assert quotes.column("article_id").to_pylist()[0] == 1
    # the Rust side's stream: read by pyarrow, and again
    stream, _ = attache.Analyzer(issues=CATALOGUE).corpus_tables(ids[:3], texts[:3])
    assert len(stream) == 6
    for _ in range(2):
        assert pa.RecordBatchReader.from_stream(stream).read_all().num_rows == 6
    with pytest.raises(attache.AttacheError, match="as long as each other"):
        attache.corpus_to_arrow([1], texts[:2])
