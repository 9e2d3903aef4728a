"""attache: who said what, who stands where, and where a negotiation is heading.

The analysis (`analyze`, `analyze_file`, `analyze_many`), the record
(`Record`) and the forecasts (`forecast`) of the `attache` command line, as
dicts in the shape of its JSON. Errors raise `AttacheError` with the command
line's message.
"""

from ._attache import (
    SCHEMA,
    TABLES,
    Analyzer,
    ArrowStream,
    AttacheError,
    Catalogue,
    __version__,
    analyze,
    analyze_file,
    analyze_many,
    forecast,
)
from ._attache import Record as _Record

__all__ = [
    "SCHEMA",
    "TABLES",
    "Analyzer",
    "ArrowStream",
    "AttacheError",
    "Catalogue",
    "Record",
    "__version__",
    "analyze",
    "analyze_file",
    "analyze_many",
    "forecast",
    "corpus_to_arrow",
]


def corpus_to_arrow(ids, texts, urls=None, published=None, issues=None, *, threads=None, analyzer=None):
    """A corpus's `quotes` and `positions` as pyarrow Tables with the schema of
    `attache export`: what `attache ingest` then `attache export` would give
    for these articles (ids, texts, and optionally urls and published dates,
    one each), analysed without the GIL. A row's `id` numbers it within its
    article, from 1. `analyzer` (an Analyzer) overrides `issues`."""
    import pyarrow

    if analyzer is None:
        analyzer = Analyzer(issues=issues)
    quotes, positions = analyzer.corpus_tables(ids, texts, urls, published, threads=threads)
    return {"quotes": _table(pyarrow, quotes), "positions": _table(pyarrow, positions)}


def _table(pyarrow, stream):
    """A pyarrow Table of an ArrowStream, its buffers taken over (the Arrow
    PyCapsule interface; pyarrow 15 names it from_stream)."""
    if hasattr(pyarrow.RecordBatchReader, "from_stream"):
        reader = pyarrow.RecordBatchReader.from_stream(stream)
    else:
        reader = pyarrow.RecordBatchReader._import_from_c_capsule(stream.__arrow_c_stream__())
    return reader.read_all()


class Record(_Record):
    """The record (a SQLite file or a postgres:// URL), opened read-only.

    The query methods return lists of dicts, one per row, with the fields of
    `attache QUERY --format json`.
    """

    def to_arrow(self, table="positions"):
        """A table of `attache export` (`articles`, `quotes`, `positions`,
        `actors`, `changes`; schema in docs/export.md) as a pyarrow Table."""
        import pyarrow

        return pyarrow.ipc.open_stream(self.table_ipc(table)).read_all()

    def to_pandas(self, table="positions"):
        """A table of `attache export` as a pandas DataFrame (needs pyarrow and pandas)."""
        return self.to_arrow(table).to_pandas()
