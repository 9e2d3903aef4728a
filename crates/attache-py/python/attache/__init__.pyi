"""Type stubs of the attache package (the bindings in src/python.rs)."""

import os
from typing import Any, Iterable, Literal, Optional, Union

import pandas
import pyarrow

__version__: str
SCHEMA: str  # "attache.analysis/1"
TABLES: list[str]  # the tables of `attache export`: articles, quotes, positions, actors, changes

Path = Union[str, "os.PathLike[str]"]
Document = dict[str, Any]  # an attache.analysis/1 document (docs/analysis-format.md)
Row = dict[str, Any]

class AttacheError(Exception):
    """An error of attache; its message is the command line's."""

class Catalogue:
    """An issue catalogue (TOML; docs/catalogues.md)."""

    @staticmethod
    def load(path: Path) -> Catalogue: ...
    @staticmethod
    def parse(toml: str) -> Catalogue: ...
    @property
    def issues(self) -> list[str]: ...
    def __len__(self) -> int: ...

Issues = Union[Catalogue, Path, None]

class ArrowStream:
    """Record batches handed to pyarrow without a copy (`__arrow_c_stream__`)."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def __len__(self) -> int: ...

class Analyzer:
    """The bundled knowledge (plus a folder's: `attache analyze --knowledge DIR`)
    and an optional catalogue, made once for many texts."""

    def __init__(
        self,
        knowledge: Optional[Path] = None,
        issues: Issues = None,
        all_statements: bool = False,
    ) -> None: ...
    def analyze(self, text: str, *, source: Optional[str] = None) -> Document: ...
    def analyze_file(self, path: Path) -> Document: ...
    def analyze_many(self, texts: Iterable[str], *, threads: Optional[int] = None) -> list[Document]: ...
    def corpus_tables(
        self,
        ids: list[int],
        texts: list[str],
        urls: Optional[list[Optional[str]]] = None,
        published: Optional[list[Optional[str]]] = None,
        *,
        threads: Optional[int] = None,
    ) -> tuple[ArrowStream, ArrowStream]:
        """Quotes and positions as Arrow streams (the schema of `attache export`)."""

def analyze(
    text: str,
    issues: Issues = None,
    *,
    source: Optional[str] = None,
    all_statements: bool = False,
) -> Document:
    """One text → its document, as `attache analyze --format json` prints it
    (offsets index `text` in characters: `text[q["start"]:q["end"]] == q["text"]`)."""

def analyze_file(path: Path, issues: Issues = None, *, all_statements: bool = False) -> Document:
    """A file read as `attache analyze FILE` reads it (text, HTML or a JSON record)."""

def analyze_many(
    texts: Iterable[str],
    issues: Issues = None,
    *,
    threads: Optional[int] = None,
    all_statements: bool = False,
) -> list[Document]:
    """Many texts on every core (or `threads`), without the GIL, in order."""

def corpus_to_arrow(
    ids: list[int],
    texts: list[str],
    urls: Optional[list[Optional[str]]] = None,
    published: Optional[list[Optional[str]]] = None,
    issues: Issues = None,
    *,
    threads: Optional[int] = None,
    analyzer: Optional[Analyzer] = None,
) -> dict[str, pyarrow.Table]:
    """`quotes` and `positions` of a corpus as `attache ingest` + `attache export` give them."""

def forecast(
    scenario: Path,
    model: Literal["all", "mean", "median", "nash", "eum", "smp"] = "all",
    *,
    issue: Optional[str] = None,
    draws: int = 0,
    seed: int = 1,
) -> dict[str, Any]:
    """A scenario file's forecast: `attache forecast --format json` (attache.forecast/1)."""

Table = Literal["articles", "quotes", "positions", "actors", "changes"]

class Record:
    """The record (a SQLite file or a postgres:// URL), opened read-only."""

    def __init__(self, db: str = "attache.db") -> None: ...
    @property
    def db(self) -> str: ...
    def actors(self) -> list[Row]: ...
    def quotes(
        self,
        *,
        actor: Optional[str] = None,
        issue: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
    ) -> list[Row]: ...
    def positions(self, *, as_of: Optional[str] = None, by: Literal["actor", "state"] = "actor") -> list[Row]: ...
    def changes(self, *, as_of: Optional[str] = None, min_confidence: float = 0.6) -> list[Row]: ...
    def timeline(self, issue: str) -> list[Row]: ...
    def search(self, words: str, *, limit: int = 20) -> list[Row]: ...
    def article(self, id: int) -> Optional[Row]: ...
    def issues(self) -> list[str]: ...
    def table_ipc(self, table: Table) -> bytes:
        """A table of `attache export` as an Arrow IPC stream."""
    def to_arrow(self, table: Table = "positions") -> pyarrow.Table:
        """A table of `attache export` (schema: docs/export.md)."""
    def to_pandas(self, table: Table = "positions") -> pandas.DataFrame: ...
