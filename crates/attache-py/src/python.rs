//! The bindings: module `attache._attache`, re-exported by the package
//! `attache` (python/attache/__init__.py). Documents are dicts in the
//! order of the command line's JSON; errors raise `AttacheError` with the
//! command line's message. Long work runs without the GIL.

use crate::Ask;
use attache_core::analysis::{ActorKind, Position, QuoteKind, Span, StanceKind};
use attache_core::{Analysis, Analyzer, Catalogue};
use attache_store::{QuoteFilter, Store};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyCapsule, PyDict, PyList};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

create_exception!(
    attache,
    AttacheError,
    PyException,
    "An error of attache; its message is the command line's."
);

fn fail(message: String) -> PyErr {
    AttacheError::new_err(message)
}

/// A value as Python objects: structs become dicts in field order.
fn to_py<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// An analysis as a dict, its keys in the JSON's order (byte for byte
/// the CLI's JSON when dumped with indent=2): made directly, every key an
/// interned string, which is several times cheaper than through serde.
fn analysis_dict<'py>(py: Python<'py>, a: &Analysis) -> PyResult<Bound<'py, PyDict>> {
    let span = |s: &Span| -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "start"), s.start)?;
        d.set_item(intern!(py, "end"), s.end)?;
        Ok(d)
    };
    let d = PyDict::new(py);
    d.set_item(intern!(py, "schema"), &a.schema)?;
    if let Some(source) = &a.source {
        d.set_item(intern!(py, "source"), source)?;
    }
    d.set_item(intern!(py, "chars"), a.chars)?;
    let actors = PyList::empty(py);
    for x in &a.actors {
        let o = PyDict::new(py);
        o.set_item(intern!(py, "id"), &x.id)?;
        o.set_item(intern!(py, "key"), &x.key)?;
        o.set_item(intern!(py, "name"), &x.name)?;
        let kind = match x.kind {
            ActorKind::Person => intern!(py, "person"),
            ActorKind::Country => intern!(py, "country"),
            ActorKind::Organisation => intern!(py, "organisation"),
            ActorKind::Institution => intern!(py, "institution"),
            ActorKind::Media => intern!(py, "media"),
            ActorKind::Group => intern!(py, "group"),
        };
        o.set_item(intern!(py, "kind"), kind)?;
        o.set_item(intern!(py, "role"), &x.role)?;
        o.set_item(intern!(py, "affiliation"), &x.affiliation)?;
        let mentions = PyList::empty(py);
        for m in &x.mentions {
            mentions.append(span(m)?)?;
        }
        o.set_item(intern!(py, "mentions"), mentions)?;
        actors.append(o)?;
    }
    d.set_item(intern!(py, "actors"), actors)?;
    let quotes = PyList::empty(py);
    for q in &a.quotes {
        let o = PyDict::new(py);
        o.set_item(intern!(py, "text"), &q.text)?;
        o.set_item(intern!(py, "start"), q.start)?;
        o.set_item(intern!(py, "end"), q.end)?;
        let kind = match q.kind {
            QuoteKind::Direct => intern!(py, "direct"),
            QuoteKind::Partial => intern!(py, "partial"),
        };
        o.set_item(intern!(py, "kind"), kind)?;
        let cue = match &q.cue {
            Some(c) => {
                let cd = PyDict::new(py);
                cd.set_item(intern!(py, "text"), &c.text)?;
                cd.set_item(intern!(py, "start"), c.start)?;
                cd.set_item(intern!(py, "end"), c.end)?;
                Some(cd)
            }
            None => None,
        };
        o.set_item(intern!(py, "cue"), cue)?;
        let speaker = match &q.speaker {
            Some(sp) => {
                let sd = PyDict::new(py);
                sd.set_item(intern!(py, "name"), &sp.name)?;
                sd.set_item(intern!(py, "actor"), &sp.actor)?;
                sd.set_item(intern!(py, "mention"), span(&sp.mention)?)?;
                Some(sd)
            }
            None => None,
        };
        o.set_item(intern!(py, "speaker"), speaker)?;
        quotes.append(o)?;
    }
    d.set_item(intern!(py, "quotes"), quotes)?;
    let stances = |list: &[Position]| -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for p in list {
            let o = PyDict::new(py);
            let holder = PyDict::new(py);
            holder.set_item(intern!(py, "name"), &p.holder.name)?;
            holder.set_item(intern!(py, "actor"), &p.holder.actor)?;
            o.set_item(intern!(py, "holder"), holder)?;
            o.set_item(intern!(py, "affiliation"), &p.affiliation)?;
            o.set_item(intern!(py, "issue"), &p.issue)?;
            let stance = match p.stance {
                StanceKind::Support => intern!(py, "support"),
                StanceKind::Oppose => intern!(py, "oppose"),
            };
            o.set_item(intern!(py, "stance"), stance)?;
            o.set_item(intern!(py, "confidence"), p.confidence)?;
            let evidence = PyDict::new(py);
            evidence.set_item(intern!(py, "start"), p.evidence.start)?;
            evidence.set_item(intern!(py, "end"), p.evidence.end)?;
            evidence.set_item(intern!(py, "text"), &p.evidence.text)?;
            o.set_item(intern!(py, "evidence"), evidence)?;
            out.append(o)?;
        }
        Ok(out)
    };
    if let Some(p) = &a.positions {
        d.set_item(intern!(py, "positions"), stances(p)?)?;
    }
    if let Some(p) = &a.statements {
        d.set_item(intern!(py, "statements"), stances(p)?)?;
    }
    Ok(d)
}

/// Record batches for pyarrow through the Arrow PyCapsule interface
/// (`pyarrow.RecordBatchReader.from_stream`): the buffers are handed over,
/// not copied.
#[pyclass(frozen, name = "ArrowStream", module = "attache")]
pub struct ArrowStream {
    table: &'static str,
    batches: Vec<arrow_array::RecordBatch>,
}

#[pymethods]
impl ArrowStream {
    /// The batches as an `ArrowArrayStream` capsule (may be read again).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // the schema is fixed; a consumer asking for another casts itself
        let _ = requested_schema;
        let reader = arrow_array::RecordBatchIterator::new(
            self.batches.clone().into_iter().map(Ok),
            attache_export::schema(self.table).expect("a table of TABLES"),
        );
        let stream = arrow_array::ffi_stream::FFI_ArrowArrayStream::new(Box::new(reader));
        // dropped with the capsule: released unless pyarrow took it
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// Rows in all batches.
    fn __len__(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }
}

/// The analyser with the bundled knowledge, made once.
fn bundled() -> Arc<Analyzer> {
    static ANALYZER: OnceLock<Arc<Analyzer>> = OnceLock::new();
    ANALYZER
        .get_or_init(|| Arc::new(Analyzer::default()))
        .clone()
}

/// An issue catalogue: the issues whose positions an analysis reads.
#[pyclass(frozen, name = "Catalogue", module = "attache")]
pub struct PyCatalogue {
    inner: Arc<Catalogue>,
}

#[pymethods]
impl PyCatalogue {
    /// Reads a catalogue file (TOML; docs/catalogues.md).
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<PyCatalogue> {
        let inner = py.detach(|| crate::catalogue(&path)).map_err(fail)?;
        Ok(PyCatalogue {
            inner: Arc::new(inner),
        })
    }

    /// A catalogue from its TOML text.
    #[staticmethod]
    fn parse(toml: &str) -> PyResult<PyCatalogue> {
        let inner = Catalogue::parse(toml)
            .map_err(|e| fail(format!("reading the issue catalogue: {e}")))?;
        Ok(PyCatalogue {
            inner: Arc::new(inner),
        })
    }

    /// The issues' ids, in the catalogue's order.
    #[getter]
    fn issues(&self) -> Vec<String> {
        self.inner.issues.iter().map(|i| i.id.clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.inner.issues.len()
    }

    fn __repr__(&self) -> String {
        format!("<attache.Catalogue of {} issues>", self.inner.issues.len())
    }
}

/// `issues=`: a Catalogue or the path of one.
#[derive(FromPyObject)]
enum IssuesArg {
    Catalogue(Py<PyCatalogue>),
    Path(PathBuf),
}

fn catalogue_of(py: Python<'_>, issues: Option<IssuesArg>) -> PyResult<Option<Arc<Catalogue>>> {
    Ok(match issues {
        None => None,
        Some(IssuesArg::Catalogue(c)) => Some(c.get().inner.clone()),
        Some(IssuesArg::Path(p)) => Some(PyCatalogue::load(py, p)?.inner),
    })
}

/// Every item of an iterable of str.
fn strings(texts: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    texts.try_iter()?.map(|t| t?.extract::<String>()).collect()
}

/// Python's cyclic garbage collector switched off while many documents
/// are made (each new dict would otherwise make it walk all the earlier
/// ones), and on again after if it was on.
struct GcPaused<'py> {
    gc: Bound<'py, PyModule>,
    was_on: bool,
}

impl<'py> GcPaused<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPaused<'py>> {
        let gc = py.import("gc")?;
        let was_on = gc.call_method0("isenabled")?.extract()?;
        gc.call_method0("disable")?;
        Ok(GcPaused { gc, was_on })
    }
}

impl Drop for GcPaused<'_> {
    fn drop(&mut self) {
        if self.was_on {
            let _ = self.gc.call_method0("enable");
        }
    }
}

/// An analyser: the bundled knowledge (and a folder's), an optional
/// catalogue, made once and used for many texts.
#[pyclass(frozen, name = "Analyzer", module = "attache")]
pub struct PyAnalyzer {
    analyzer: Arc<Analyzer>,
    catalogue: Option<Arc<Catalogue>>,
    all_statements: bool,
}

impl PyAnalyzer {
    fn ask(&self) -> Ask<'_> {
        Ask {
            catalogue: self.catalogue.as_deref(),
            all_statements: self.all_statements,
        }
    }
}

#[pymethods]
impl PyAnalyzer {
    #[new]
    #[pyo3(signature = (knowledge=None, issues=None, all_statements=false))]
    fn new(
        py: Python<'_>,
        knowledge: Option<PathBuf>,
        issues: Option<IssuesArg>,
        all_statements: bool,
    ) -> PyResult<PyAnalyzer> {
        let analyzer = match knowledge {
            Some(dir) => Arc::new(py.detach(|| crate::analyzer(Some(&dir))).map_err(fail)?),
            None => bundled(),
        };
        Ok(PyAnalyzer {
            analyzer,
            catalogue: catalogue_of(py, issues)?,
            all_statements,
        })
    }

    /// One text → an `attache.analysis/1` dict.
    #[pyo3(signature = (text, *, source=None))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        source: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let a = crate::analyze(&self.analyzer, text, self.ask(), source);
        Ok(analysis_dict(py, &a)?.into_any())
    }

    /// A file read as `attache analyze FILE` reads it (text, HTML, JSON record).
    fn analyze_file<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyAny>> {
        let a = py
            .detach(|| crate::analyze_file(&self.analyzer, &path, self.ask()))
            .map_err(fail)?;
        Ok(analysis_dict(py, &a)?.into_any())
    }

    /// Many texts, in parallel on `threads` threads (every core by default),
    /// without the GIL → a list of dicts in the texts' order. The dicts of
    /// one chunk are made while the next chunks are analysed.
    #[pyo3(signature = (texts, *, threads=None))]
    fn analyze_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = strings(texts)?;
        let list: Py<PyList> = PyList::empty(py).unbind();
        let mut failed: Option<PyErr> = None;
        // the collector would walk every new dict many times over
        let _gc = GcPaused::new(py)?;
        py.detach(|| {
            crate::analyze_in_chunks(&self.analyzer, &texts, self.ask(), threads, 256, |done| {
                Python::attach(|py| {
                    let list = list.bind(py);
                    let added = done
                        .iter()
                        .try_for_each(|a| list.append(analysis_dict(py, a)?));
                    added.map_err(|e| failed = Some(e)).is_ok()
                })
            })
        })
        .map_err(fail)?;
        match failed {
            Some(e) => Err(e),
            None => Ok(list.into_bound(py)),
        }
    }

    /// A corpus's quotes and positions as two Arrow streams with the schema
    /// of `attache export` (what ingest and export would give for these
    /// articles), analysed without the GIL on `threads` threads.
    #[pyo3(signature = (ids, texts, urls=None, published=None, *, threads=None))]
    fn corpus_tables<'py>(
        &self,
        py: Python<'py>,
        ids: Vec<i64>,
        texts: Vec<PyBackedStr>,
        urls: Option<Vec<Option<String>>>,
        published: Option<Vec<Option<String>>>,
        threads: Option<usize>,
    ) -> PyResult<(ArrowStream, ArrowStream)> {
        let n = texts.len();
        let urls = urls.unwrap_or_else(|| vec![None; n]);
        let published = published.unwrap_or_else(|| vec![None; n]);
        if ids.len() != n || urls.len() != n || published.len() != n {
            return Err(fail(format!(
                "ids, texts, urls and published must be as long as each other ({}, {n}, {}, {})",
                ids.len(),
                urls.len(),
                published.len()
            )));
        }
        let articles: Vec<crate::CorpusArticle> = (0..n)
            .map(|k| crate::CorpusArticle {
                id: ids[k],
                text: &texts[k],
                url: urls[k].as_deref(),
                published: published[k].as_deref(),
            })
            .collect();
        let (quotes, positions) = py
            .detach(|| {
                crate::corpus_batches(
                    &self.analyzer,
                    &articles,
                    self.catalogue.as_deref(),
                    threads,
                )
            })
            .map_err(fail)?;
        let stream = |table, batches| ArrowStream { table, batches };
        Ok((stream("quotes", quotes), stream("positions", positions)))
    }

    fn __repr__(&self) -> String {
        match &self.catalogue {
            Some(c) => format!("<attache.Analyzer with {} issues>", c.issues.len()),
            None => "<attache.Analyzer>".into(),
        }
    }
}

fn analyzer_for(
    py: Python<'_>,
    issues: Option<IssuesArg>,
    all_statements: bool,
) -> PyResult<PyAnalyzer> {
    PyAnalyzer::new(py, None, issues, all_statements)
}

/// One text → an `attache.analysis/1` dict (what `attache analyze --format
/// json` prints for it; `source` fills the document's `source`).
#[pyfunction]
#[pyo3(signature = (text, issues=None, *, source=None, all_statements=false))]
fn analyze<'py>(
    py: Python<'py>,
    text: &str,
    issues: Option<IssuesArg>,
    source: Option<&str>,
    all_statements: bool,
) -> PyResult<Bound<'py, PyAny>> {
    analyzer_for(py, issues, all_statements)?.analyze(py, text, source)
}

/// A file as `attache analyze FILE` reads it → its dict.
#[pyfunction]
#[pyo3(signature = (path, issues=None, *, all_statements=false))]
fn analyze_file<'py>(
    py: Python<'py>,
    path: PathBuf,
    issues: Option<IssuesArg>,
    all_statements: bool,
) -> PyResult<Bound<'py, PyAny>> {
    analyzer_for(py, issues, all_statements)?.analyze_file(py, path)
}

/// Many texts in parallel, without the GIL → a list of dicts.
#[pyfunction]
#[pyo3(signature = (texts, issues=None, *, threads=None, all_statements=false))]
fn analyze_many<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    issues: Option<IssuesArg>,
    threads: Option<usize>,
    all_statements: bool,
) -> PyResult<Bound<'py, PyList>> {
    analyzer_for(py, issues, all_statements)?.analyze_many(py, texts, threads)
}

/// A scenario file's forecast → the `attache.forecast/1` dict.
#[pyfunction]
#[pyo3(signature = (scenario, model="all", *, issue=None, draws=0, seed=1))]
fn forecast<'py>(
    py: Python<'py>,
    scenario: PathBuf,
    model: &str,
    issue: Option<String>,
    draws: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let doc = py
        .detach(|| crate::forecast(&scenario, model, issue, draws, seed))
        .map_err(fail)?;
    to_py(py, &doc)
}

/// The record (a SQLite file or a postgres:// URL), opened read-only.
#[pyclass(frozen, subclass, name = "Record", module = "attache")]
pub struct PyRecord {
    store: Mutex<Store>,
    spec: String,
}

impl PyRecord {
    /// Runs `question` on the store without the GIL; its rows as dicts.
    fn ask<'py, T: Serialize + Send>(
        &self,
        py: Python<'py>,
        question: impl FnOnce(&mut Store) -> Result<T, String> + Send,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = py
            .detach(|| {
                let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
                question(&mut store)
            })
            .map_err(fail)?;
        to_py(py, &answer)
    }
}

fn db(e: attache_store::backend::DbError) -> String {
    e.to_string()
}

#[pymethods]
impl PyRecord {
    #[new]
    #[pyo3(signature = (db="attache.db"))]
    fn new(py: Python<'_>, db: &str) -> PyResult<PyRecord> {
        let store = py.detach(|| crate::open_record(db)).map_err(fail)?;
        Ok(PyRecord {
            store: Mutex::new(store),
            spec: db.to_string(),
        })
    }

    /// One row per actor (`attache actors`).
    fn actors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ask(py, |s| s.actors().map_err(db))
    }

    /// Quotes by actor (key or part of a name), issue and dates (`attache quotes`).
    #[pyo3(signature = (*, actor=None, issue=None, since=None, until=None))]
    fn quotes<'py>(
        &self,
        py: Python<'py>,
        actor: Option<String>,
        issue: Option<String>,
        since: Option<String>,
        until: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::check_date(since.as_deref(), "since").map_err(fail)?;
        crate::check_date(until.as_deref(), "until").map_err(fail)?;
        let f = QuoteFilter {
            actor,
            issue,
            since,
            until,
        };
        self.ask(py, move |s| s.quotes(&f).map_err(db))
    }

    /// The actor × issue matrix as of a date (`attache positions`); `by="state"`
    /// rolls actors up to the state they speak for.
    #[pyo3(signature = (*, as_of=None, by="actor"))]
    fn positions<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<String>,
        by: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::check_date(as_of.as_deref(), "as-of").map_err(fail)?;
        match by {
            "actor" => self.ask(py, |s| s.positions(as_of.as_deref()).map_err(db)),
            "state" => self.ask(py, |s| {
                let rows = s.positions(as_of.as_deref()).map_err(db)?;
                Ok(attache_store::db::by_state(&rows))
            }),
            other => Err(fail(format!(
                "invalid value '{other}' for '--by <BY>': one of actor, state"
            ))),
        }
    }

    /// Who changed stance on what, when (`attache positions --changes`).
    #[pyo3(signature = (*, as_of=None, min_confidence=attache_store::db::CHANGE_CONFIDENCE))]
    fn changes<'py>(
        &self,
        py: Python<'py>,
        as_of: Option<String>,
        min_confidence: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::check_date(as_of.as_deref(), "as-of").map_err(fail)?;
        self.ask(py, |s| {
            s.changes_with(as_of.as_deref(), min_confidence).map_err(db)
        })
    }

    /// Every statement on one issue in date order (`attache timeline`).
    fn timeline<'py>(&self, py: Python<'py>, issue: &str) -> PyResult<Bound<'py, PyAny>> {
        self.ask(py, |s| s.statements(Some(issue), None).map_err(db))
    }

    /// Full-text search over articles and quotes (`attache search`).
    #[pyo3(signature = (words, *, limit=20))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        words: &str,
        limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.ask(py, |s| {
            s.search(words, limit)
                .map_err(|e| format!("searching: {e}"))
        })
    }

    /// One article with its text, or None.
    fn article<'py>(&self, py: Python<'py>, id: i64) -> PyResult<Bound<'py, PyAny>> {
        self.ask(py, |s| s.article(id).map_err(db))
    }

    /// The issues with at least one stance.
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.ask(py, |s| s.issues().map_err(db))
    }

    /// A table of `attache export` (articles, quotes, positions, actors,
    /// changes) as an Arrow IPC stream; `Record.to_arrow` reads it.
    fn table_ipc<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py
            .detach(|| {
                let mut store = self.store.lock().unwrap_or_else(|p| p.into_inner());
                attache_export::table_ipc(&mut store, table).map_err(|e| e.to_string())
            })
            .map_err(fail)?;
        Ok(PyBytes::new(py, &bytes))
    }

    #[getter]
    fn db(&self) -> &str {
        &self.spec
    }

    fn __repr__(&self) -> String {
        format!("<attache.Record {}>", self.spec)
    }
}

#[pymodule]
fn _attache(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("AttacheError", m.py().get_type::<AttacheError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA", attache_core::analysis::SCHEMA)?;
    m.add("TABLES", attache_export::TABLES.to_vec())?;
    m.add_class::<PyCatalogue>()?;
    m.add_class::<PyAnalyzer>()?;
    m.add_class::<PyRecord>()?;
    m.add_class::<ArrowStream>()?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_file, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    Ok(())
}
