//! The record commands: ingest, actors, quotes, positions, timeline, search, scenario.

use anyhow::{Context, Result, bail};
use attache_core::{Analyzer, Catalogue};
use attache_store::fingerprint::Fingerprint;
use attache_store::group::{self, Done, Ready};
use attache_store::scenario::{ScenarioOptions, build_scenario};
use attache_store::sources::{self, RawArticle};
use attache_store::{Outcome, QuoteFilter, Store};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct DbArg {
    /// The record: a SQLite file (ingest creates it), or postgres://user@host/db.
    #[arg(long, default_value = "attache.db", value_name = "PATH|URL")]
    db: PathBuf,
}

impl DbArg {
    pub fn from_path(db: PathBuf) -> DbArg {
        DbArg { db }
    }

    /// For a person's decisions: a record that is there (never a new
    /// one), opened for writing (its schema brought up to date).
    pub fn open_for_review(&self) -> Result<Store> {
        let spec = self.db.to_string_lossy();
        if !Store::exists(&spec) {
            bail!("no record at {spec}: the file does not exist");
        }
        self.open()
    }

    /// The record's file name or URL, as given.
    pub fn spec(&self) -> &std::path::Path {
        &self.db
    }

    /// For writing: creates the record or brings its schema up to date.
    pub fn open_writing(&self) -> Result<Store> {
        self.open()
    }

    fn open(&self) -> Result<Store> {
        Store::open(&self.db).with_context(|| {
            format!(
                "opening the record {}",
                attache_store::backend::redact(&self.db.to_string_lossy())
            )
        })
    }

    /// For reading: an existing record, opened read-only.
    pub fn open_read_only(&self) -> Result<Store> {
        let spec = self.db.to_string_lossy();
        Store::open_existing(&spec).with_context(|| {
            format!(
                "opening the record {}",
                attache_store::backend::redact(&spec)
            )
        })
    }
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files or folders (recursively): text, HTML pages, JSON records,
    /// JSON Lines (text, url, title, outlet, published), RSS/Atom feeds;
    /// `-` reads standard input (JSON Lines, a feed, HTML, a JSON record or text).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    analysis: AnalysisArgs,
    #[command(flatten)]
    group: GroupArgs,
}

/// When the writer commits (for measuring; the defaults are the back
/// end's, `attache_store::group::Limits`).
#[derive(clap::Args)]
pub(crate) struct GroupArgs {
    /// Articles one commit holds at most.
    #[arg(long, hide = true, value_name = "N")]
    group_articles: Option<usize>,
    /// Milliseconds after its first article a commit comes at the latest.
    #[arg(long, hide = true, value_name = "MS")]
    group_ms: Option<u64>,
}

impl GroupArgs {
    pub(crate) fn limits(&self, store: &Store) -> group::Limits {
        let default = group::Limits::of(store);
        group::Limits {
            articles: self.group_articles.unwrap_or(default.articles).max(1),
            wait: self
                .group_ms
                .map_or(default.wait, std::time::Duration::from_millis),
        }
    }
}

#[derive(clap::Args)]
pub struct ReanalyseArgs {
    #[command(flatten)]
    db: DbArg,
    #[command(flatten)]
    analysis: AnalysisArgs,
}

/// What the record's articles are analysed with.
#[derive(clap::Args)]
pub(crate) struct AnalysisArgs {
    /// Issue catalogue: positions on its issues are recorded too.
    #[arg(long, value_name = "CATALOGUE")]
    issues: Option<PathBuf>,
    /// Extra actor knowledge (*.toml, *.txt), as for `analyze --knowledge`:
    /// new people and organisations, spellings merged with [[person]] variants.
    #[arg(long, value_name = "DIR")]
    knowledge: Option<PathBuf>,
}

impl AnalysisArgs {
    pub(crate) fn load(&self) -> Result<(Option<Catalogue>, Analyzer)> {
        let catalogue = self
            .issues
            .as_deref()
            .map(Catalogue::from_path)
            .transpose()
            .context("reading the issue catalogue")?;
        let analyzer = match &self.knowledge {
            Some(dir) => Analyzer::new(
                attache_core::knowledge::Knowledge::bundled_and_dir(dir)
                    .context("reading knowledge")?,
            ),
            None => Analyzer::default(),
        };
        Ok((catalogue, analyzer))
    }
}

/// How much lower than the writer's the analysis threads' priority is
/// (Linux `nice`, per thread, added to the value they inherit).
#[cfg(target_os = "linux")]
const ANALYSIS_NICE: i32 = 10;

/// A result for `partition_map`: what succeeded left, the errors right.
fn ok_left<T, E>(r: Result<T, E>) -> rayon::iter::Either<T, E> {
    match r {
        Ok(x) => rayon::iter::Either::Left(x),
        Err(e) => rayon::iter::Either::Right(e),
    }
}

/// `work` for one input, a panic in it caught and made that input's error
/// (a bug of attache's that fuzzing has not found yet): the rest of the
/// ingest goes on.
pub(crate) fn caught<T>(origin: &str, work: impl FnOnce() -> T) -> Result<T, sources::SourceError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        sources::SourceError {
            origin: origin.to_string(),
            message: format!("attache failed on it ({why}): a bug, please report this input"),
        }
    })
}

/// A stream of inputs (JSON Lines, standard input) read with each step
/// `caught`: a panic becomes the stream's last item, an error naming it.
fn guarded(
    origin: String,
    mut items: impl Iterator<Item = Result<RawArticle, sources::SourceError>>,
) -> impl Iterator<Item = Result<RawArticle, sources::SourceError>> {
    let mut broken = false;
    std::iter::from_fn(move || {
        if broken {
            return None;
        }
        caught(&origin, || items.next()).unwrap_or_else(|e| {
            broken = true;
            Some(Err(e))
        })
    })
}

/// The threads that analyse an ingest's articles, one a core, each at a
/// lower priority than the one writer: every article waits for the writer,
/// so when they contend for a core the writer runs first (they need less
/// than a core of their own, and take every core the writer leaves).
pub(crate) fn analysis_pool() -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("attache-analysis-{i}"))
        .start_handler(|_| yield_to_the_writer())
        .build()
        .context("starting the analysis threads")
}

#[cfg(target_os = "linux")]
fn yield_to_the_writer() {
    // Linux keeps a nice value per thread: this one's own, by its id, is
    // raised from what it inherited (a failure leaves it as it was)
    unsafe {
        let id = libc::gettid() as libc::id_t;
        // -1 is a nice value too: only errno tells a failure
        *libc::__errno_location() = 0;
        let inherited = libc::getpriority(libc::PRIO_PROCESS, id);
        if inherited == -1 && *libc::__errno_location() != 0 {
            return;
        }
        libc::setpriority(libc::PRIO_PROCESS, id, (inherited + ANALYSIS_NICE).min(19));
    }
}

#[cfg(not(target_os = "linux"))]
fn yield_to_the_writer() {}

pub(crate) fn quote_issues(catalogue: Option<&Catalogue>) -> impl Fn(&str) -> Vec<String> + '_ {
    move |t: &str| {
        let mut v: Vec<String> = catalogue
            .map(|c| {
                c.find(t)
                    .into_iter()
                    .map(|m| c.issues[m.issue].id.clone())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v.dedup();
        v
    }
}

/// Rebuilds the record's actors, quotes and positions with the current knowledge and catalogue.
pub fn reanalyse(args: ReanalyseArgs) -> Result<ExitCode> {
    let (catalogue, analyzer) = args.analysis.load()?;
    let mut store = args.db.open()?;
    let t = std::time::Instant::now();
    let n = store.reanalyse(
        |text| analyzer.analyze_with(text, catalogue.as_ref(), false),
        &quote_issues(catalogue.as_ref()),
    )?;
    eprintln!(
        "reanalysed {n} stories in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct QueryArgs {
    #[command(flatten)]
    db: DbArg,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Only this actor: its key (person:sergei-lavrov), or part of a name
    /// in any case: every quote of each actor whose name, or a spelling
    /// an article quotes it by, holds it ("Zelenskiy" finds Volodymyr
    /// Zelenskyy's quotes under every spelling), and the quotes of
    /// speakers that are no actor ("official").
    #[arg(long)]
    actor: Option<String>,
    /// Only quotes that name this issue.
    #[arg(long)]
    issue: Option<String>,
    /// From this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Up to this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
}

#[derive(clap::Args)]
pub struct PositionsArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// The matrix as it stood on this date.
    #[arg(long)]
    as_of: Option<String>,
    /// List who changed stance on what, when, with both statements.
    #[arg(long)]
    changes: bool,
    /// One row per actor, or per state: a state's institutions, metonyms
    /// and people (the Kremlin, Moscow, Putin) roll up to it, each cell the
    /// latest stance among them, with who spoke.
    #[arg(long, value_enum, default_value_t = By::Actor)]
    by: By,
    /// With --changes: the least confidence of both statements (0.8 a quote,
    /// 0.7 reported speech, 0.6 a stance verb, 0.5 a sentence's subject).
    #[arg(long, requires = "changes", default_value_t = attache_store::db::CHANGE_CONFIDENCE)]
    min_confidence: f64,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Actor,
    State,
}

#[derive(clap::Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    q: QueryArgs,
    #[arg(long)]
    issue: String,
}

#[derive(clap::Args)]
pub struct SearchArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// Words to find, all of them; "an exact phrase", prefix*, a OR b,
    /// NOT c (or -c). The same on SQLite and PostgreSQL.
    words: String,
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

#[derive(clap::Args)]
pub struct ScenarioArgs {
    #[command(flatten)]
    db: DbArg,
    /// Issues to include (catalogue ids).
    #[arg(long, required = true, num_args = 1..)]
    issues: Vec<String>,
    /// Use statements up to this date.
    #[arg(long)]
    as_of: Option<String>,
    #[command(flatten)]
    capabilities: CapabilityArgs,
    /// Write the scenario here (TOML); standard output otherwise.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// An issue id the record has stances on, or an error that lists them.
pub(crate) fn check_issue(store: &mut Store, issue: &str) -> Result<()> {
    let known = store.issues()?;
    if known.iter().any(|i| i == issue) {
        return Ok(());
    }
    if known.is_empty() {
        bail!(
            "no issue {issue:?} in the record: it has no stances yet (ingest with --issues CATALOGUE)"
        );
    }
    bail!(
        "no issue {issue:?} in the record; its issues are: {}",
        known.join(", ")
    )
}

fn check_date(d: &Option<String>, what: &str) -> Result<()> {
    if let Some(d) = d
        && attache_store::dates::parse_date(d).as_deref() != Some(d.as_str())
    {
        bail!("--{what} {d:?} is not a date of the form YYYY-MM-DD");
    }
    Ok(())
}

/// A chunk of input files read and analysed, as the writer reports it once
/// its articles are committed: how many files, how many articles, how many
/// of them stored already (not analysed), what could not be read.
struct ChunkNote {
    files: usize,
    articles: usize,
    known: usize,
    errors: Vec<sources::SourceError>,
}

/// Articles analysed and handed to the writer at a time: with the chunks
/// the channel holds ([`group::CHUNKS_AHEAD`]) and the one being analysed,
/// what an ingest holds does not grow with its files' size.
const CHUNK: usize = 256;

/// An input's articles and what could not be read of it, in chunks of at
/// most [`CHUNK`] articles and [`CHUNK`] errors, one chunk at least: each
/// with the files it completes (`files`, with the last).
fn in_chunks(
    items: impl Iterator<Item = Result<RawArticle, sources::SourceError>>,
    files: usize,
) -> impl Iterator<Item = (Vec<RawArticle>, Vec<sources::SourceError>, usize)> {
    let mut items = items.peekable();
    let mut finished = false;
    std::iter::from_fn(move || {
        if finished {
            return None;
        }
        let (mut part, mut errors) = (Vec::new(), Vec::new());
        while part.len() < CHUNK && errors.len() < CHUNK {
            match items.next() {
                Some(Ok(article)) => part.push(article),
                Some(Err(e)) => errors.push(e),
                None => break,
            }
        }
        finished = items.peek().is_none();
        Some((part, errors, if finished { files } else { 0 }))
    })
}

/// A batch of articles and its errors as [`in_chunks`] takes them (the
/// errors first, so they go with the first chunk).
fn items(
    batch: Vec<RawArticle>,
    errors: Vec<sources::SourceError>,
) -> impl Iterator<Item = Result<RawArticle, sources::SourceError>> {
    errors.into_iter().map(Err).chain(batch.into_iter().map(Ok))
}

pub fn ingest(args: IngestArgs) -> Result<ExitCode> {
    let (catalogue, analyzer) = args.analysis.load()?;
    let mut store = args.db.open()?;
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let (files, mut failures) = sources::expand(&paths);
    let bar = ProgressBar::new((files.len() + usize::from(stdin)) as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files  {msg}  {elapsed}")
            .expect("template"),
    );
    let (mut stored, mut copies, mut dups, mut undated, mut articles) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let started = std::time::Instant::now();
    let spec = args.db.spec().to_string_lossy().into_owned();
    // each quote's issues, worked out beside its analysis
    let issue_of_quote = &quote_issues(catalogue.as_ref());
    std::thread::scope(|scope| -> Result<()> {
        // the next chunks are read and analysed (on every core) while this
        // one is stored; the channel holds a few, so memory stays flat
        let (tx, rx) = group::chunk_channel::<ChunkNote>();
        let (files, analyzer, catalogue) = (&files, &analyzer, catalogue.as_ref());
        let pool = analysis_pool()?;
        scope.spawn(move || {
            // a reader's connection, to skip what is stored before analysing it
            let mut known = Store::open_existing(&spec).ok();
            // a chunk's articles ready to store, and those that failed
            let mut analyse = |batch: Vec<RawArticle>| -> (Vec<Ready>, Vec<sources::SourceError>) {
                // fingerprints on every core, then the stored ones asked
                // for in one statement and not analysed again
                let (fingerprinted, mut failed): (Vec<_>, Vec<_>) = pool.install(|| {
                    batch
                        .into_par_iter()
                        .map(|a| caught(&a.origin, || Fingerprint::of(&a.text)).map(|f| (a, f)))
                        .partition_map(ok_left)
                });
                let keys: Vec<&str> = fingerprinted
                    .iter()
                    .map(|(_, f): &(RawArticle, Fingerprint)| f.content_key.as_str())
                    .collect();
                let stored = known
                    .as_mut()
                    .and_then(|s| s.stored_content_keys(&keys).ok())
                    .unwrap_or_default();
                let (ready, unread): (Vec<Ready>, Vec<_>) = pool.install(|| {
                    fingerprinted
                        .into_par_iter()
                        .filter(|(_, f)| !stored.contains(&f.content_key))
                        .map(|(raw, f)| {
                            // the quotes' issues too: the catalogue's matcher runs there
                            let origin = raw.origin.clone();
                            caught(&origin, move || {
                                let analysis = analyzer.analyze_with(&raw.text, catalogue, false);
                                Ready::with_fingerprint(raw, analysis, f, issue_of_quote)
                            })
                        })
                        .partition_map(ok_left)
                });
                failed.extend(unread);
                (ready, failed)
            };
            // a chunk analysed and handed to the writer; false once the
            // writer has stopped
            let mut send = |part: Vec<RawArticle>,
                            mut errors: Vec<sources::SourceError>,
                            files: usize|
             -> bool {
                let articles = part.len();
                let (ready, failed) = analyse(part);
                let known = articles - ready.len() - failed.len();
                errors.extend(failed);
                let note = ChunkNote {
                    files,
                    articles,
                    known,
                    errors,
                };
                tx.send((note, ready)).is_ok()
            };
            // standard input counts as one file, done with its last chunk;
            // JSON Lines read a line at a time, as from a file
            if stdin {
                let piped = sources::piped(std::io::BufReader::new(std::io::stdin()));
                if !in_chunks(guarded("-".into(), piped), 1).all(|(p, e, f)| send(p, e, f)) {
                    return;
                }
            }
            // files read 64 at a time on every core, in order; a JSON Lines
            // file a line at a time, however large
            let mut pending: Vec<&PathBuf> = Vec::new();
            let read_pending = |pending: &mut Vec<&PathBuf>,
                                send: &mut dyn FnMut(
                Vec<RawArticle>,
                Vec<sources::SourceError>,
                usize,
            ) -> bool| {
                if pending.is_empty() {
                    return true;
                }
                let read: Vec<(Vec<RawArticle>, Vec<sources::SourceError>)> = pool.install(|| {
                    pending
                        .par_iter()
                        .map(|p| {
                            caught(&p.display().to_string(), || sources::read_file(p))
                                .unwrap_or_else(|e| (Vec::new(), vec![e]))
                        })
                        .collect()
                });
                let (mut batch, mut errors) = (Vec::new(), Vec::new());
                for (articles, e) in read {
                    batch.extend(articles);
                    errors.extend(e);
                }
                let files = std::mem::take(pending).len();
                in_chunks(items(batch, errors), files).all(|(p, e, f)| send(p, e, f))
            };
            for path in files {
                if !sources::is_json_lines(path) {
                    pending.push(path);
                    if pending.len() == 64 && !read_pending(&mut pending, &mut send) {
                        return;
                    }
                    continue;
                }
                if !read_pending(&mut pending, &mut send) {
                    return;
                }
                let lines = guarded(path.display().to_string(), sources::json_lines(path));
                if !in_chunks(lines, 1).all(|(p, e, f)| send(p, e, f)) {
                    return;
                }
            }
            read_pending(&mut pending, &mut send);
        });
        // the writer keeps a transaction open across chunks and commits
        // by size and time (attache_store::group); an article that fails is
        // reported and the others kept; nothing counts as stored before
        // its commit
        let limits = args.group.limits(&store);
        group::write_groups(&mut store, rx, limits, |done| {
            match done {
                Done::Article(article, outcome) => {
                    let raw = &article.raw;
                    match outcome {
                        Ok(Outcome::Stored) => stored += 1,
                        Ok(Outcome::Copy) => copies += 1,
                        Ok(Outcome::Duplicate) => dups += 1,
                        Err(e) => failures.push(sources::SourceError {
                            origin: raw.origin.clone(),
                            message: format!("could not be stored: {e}"),
                        }),
                    }
                    if raw.published.is_none() {
                        undated += 1;
                    }
                }
                Done::Chunk(note) => {
                    articles += note.articles;
                    dups += note.known;
                    failures.extend(note.errors);
                    bar.inc(note.files as u64);
                    bar.set_message(format!(
                        "{articles} articles, {:.0}/s",
                        articles as f64 / started.elapsed().as_secs_f64().max(1e-9)
                    ));
                }
                Done::GroupEnd => {}
            }
            Ok(())
        })
        .context("storing a batch of articles")?;
        Ok(())
    })?;
    bar.finish_and_clear();
    // closing the writer checkpoints the WAL into the file (synced) before
    // the summary says what is stored
    drop(store);
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "ingested {articles} articles from {} files in {secs:.1} s ({:.0} articles/s): {stored} stored, {copies} copies of stored stories, {dups} already stored, {undated} without a date, {} failed",
        files.len() + usize::from(stdin),
        articles as f64 / secs.max(1e-9),
        failures.len()
    );
    for f in &failures {
        eprintln!(
            "  failed: {}: {}",
            printable(&f.origin),
            printable(&f.message)
        );
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `s` with control characters escaped (`\n`, `\u{1b}`), for one line of a report.
pub(crate) fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The rows as a table, JSON or CSV on standard output: [`emit_pages`]
/// of one page.
fn emit<T: Serialize>(
    format: Format,
    rows: Vec<T>,
    table: impl Fn(&mut dyn Write, &T) -> std::io::Result<()>,
    header: &str,
    columns: &[crate::csv::Column],
) -> Result<ExitCode> {
    let mut rows = Some(rows);
    let page = |_: Option<&()>, _| Ok((rows.take().unwrap_or_default(), None));
    emit_pages(format, false, page, table, header, columns)
}

/// Rows a CLI list reads at a time: memory stays flat however large the record.
const CLI_PAGE: usize = 10_000;

/// [`emit`] of a list read a page at a time (`page` gives the rows after a
/// cursor and the next cursor), each page written as it comes: the same
/// output as the list read whole. `paged` false reads it in one page (a
/// record whose pages are each made from the whole list).
fn emit_pages<T: Serialize, C>(
    format: Format,
    paged: bool,
    page: impl FnMut(Option<&C>, usize) -> attache_store::backend::Result<(Vec<T>, Option<C>)>,
    table: impl Fn(&mut dyn Write, &T) -> std::io::Result<()>,
    header: &str,
    columns: &[crate::csv::Column],
) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let size = if paged { CLI_PAGE } else { usize::MAX };
    write_pages(&mut w, format, size, page, table, header, columns)?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// [`emit_pages`] into `w`, `size` rows a page.
fn write_pages<T: Serialize, C>(
    w: &mut dyn Write,
    format: Format,
    size: usize,
    mut page: impl FnMut(Option<&C>, usize) -> attache_store::backend::Result<(Vec<T>, Option<C>)>,
    table: impl Fn(&mut dyn Write, &T) -> std::io::Result<()>,
    header: &str,
    columns: &[crate::csv::Column],
) -> Result<()> {
    match format {
        Format::Json => write!(w, "[")?,
        Format::Csv => crate::csv::write_header(w, columns)?,
        Format::Table => writeln!(w, "{header}")?,
    }
    let mut written = 0usize;
    let mut after: Option<C> = None;
    loop {
        let (rows, next) = page(after.as_ref(), size).context("reading the record")?;
        for r in &rows {
            match format {
                // as serde_json writes a whole array: each row indented by two
                Format::Json => {
                    let row = serde_json::to_string_pretty(r)?;
                    writeln!(w, "{}", if written == 0 { "" } else { "," })?;
                    for (k, line) in row.lines().enumerate() {
                        write!(w, "{}  {line}", if k == 0 { "" } else { "\n" })?;
                    }
                }
                Format::Csv => crate::csv::write_value(w, columns, &serde_json::to_value(r)?)?,
                Format::Table => table(w, r)?,
            }
            written += 1;
        }
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    if matches!(format, Format::Json) {
        writeln!(w, "{}]", if written == 0 { "" } else { "\n" })?;
    }
    Ok(())
}

#[cfg(test)]
mod page_tests {
    use super::*;

    /// A list read a page at a time is written as the whole list is, in
    /// every format, for pages of any size and for no rows.
    #[test]
    fn a_list_in_pages_is_written_as_the_whole_list() {
        let rows: Vec<serde_json::Value> = (0..7)
            .map(|k| {
                serde_json::json!({
                    "actor": format!("person:{k}"),
                    "text": format!("line one\nline \"two\", {k}"),
                    "nested": {"list": [k, k + 1], "empty": []},
                    "none": null,
                })
            })
            .collect();
        let columns: &[crate::csv::Column] = &[("actor", "/actor"), ("text", "/text")];
        let table = |w: &mut dyn Write, r: &serde_json::Value| writeln!(w, "{}", r["actor"]);
        for format in [Format::Json, Format::Csv, Format::Table] {
            for n in [0, 1, 7] {
                let whole = &rows[..n];
                let mut expected = Vec::new();
                match format {
                    Format::Json => {
                        serde_json::to_writer_pretty(&mut expected, whole).unwrap();
                        writeln!(expected).unwrap();
                    }
                    Format::Csv => crate::csv::write_rows(&mut expected, columns, whole).unwrap(),
                    Format::Table => {
                        writeln!(expected, "head").unwrap();
                        for r in whole {
                            table(&mut expected, r).unwrap();
                        }
                    }
                }
                for size in [1, 2, 3, 100] {
                    let mut pages = 0;
                    let page = |after: Option<&usize>, limit: usize| {
                        pages += 1;
                        let from = after.copied().unwrap_or(0);
                        let to = (from + limit).min(n);
                        Ok((whole[from..to].to_vec(), (to < n).then_some(to)))
                    };
                    let mut got = Vec::new();
                    write_pages(&mut got, format, size, page, table, "head", columns).unwrap();
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        String::from_utf8(expected.clone()).unwrap(),
                        "{n} rows, pages of {size}"
                    );
                    assert_eq!(pages, n.div_ceil(size).max(1));
                }
            }
        }
    }
}

/// Evidence as one line, whole: a clipped sentence can hide the very
/// clause that holds the stance.
fn whole(s: &str) -> String {
    printable(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

pub(crate) fn clip(s: &str, n: usize) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

pub fn actors(args: QueryArgs) -> Result<ExitCode> {
    let mut store = args.db.open_read_only()?;
    let paged = store.pages_read_their_own_rows()?;
    let all = attache_store::ActorFilter::default();
    emit_pages(
        args.format,
        paged,
        |after, limit| store.actors_page(&all, after, limit),
        |w, r| {
            writeln!(
                w,
                "{:<28} {:<13} {:<18} {:>8} {:>8} {:>6}",
                clip(&r.name, 28),
                r.kind,
                clip(r.affiliation.as_deref().unwrap_or("-"), 18),
                r.articles,
                r.mentions,
                r.quotes
            )
        },
        &format!(
            "{:<28} {:<13} {:<18} {:>8} {:>8} {:>6}",
            "actor", "kind", "affiliation", "articles", "mentions", "quotes"
        ),
        crate::csv::ACTORS,
    )
}

pub fn quotes(args: QuotesArgs) -> Result<ExitCode> {
    check_date(&args.since, "since")?;
    check_date(&args.until, "until")?;
    let f = QuoteFilter {
        actor: args.actor,
        issue: args.issue,
        since: args.since,
        until: args.until,
    };
    let mut store = args.q.db.open_read_only()?;
    if let Some(issue) = &f.issue {
        check_issue(&mut store, issue)?;
    }
    let paged = store.pages_read_their_own_rows()?;
    emit_pages(
        args.q.format,
        paged,
        |after, limit| store.quotes_page(&f, after, limit),
        |w, r| {
            writeln!(
                w,
                "{:<10} {:<22} “{}”",
                r.published.as_deref().unwrap_or("undated"),
                clip(
                    r.actor_name
                        .as_deref()
                        .or(r.speaker.as_deref())
                        .unwrap_or("(unattributed)"),
                    22
                ),
                clip(&r.text, 90)
            )
        },
        &format!("{:<10} {:<22} quote", "date", "speaker"),
        crate::csv::QUOTES,
    )
}

pub fn positions(args: PositionsArgs) -> Result<ExitCode> {
    check_date(&args.as_of, "as-of")?;
    let mut store = args.q.db.open_read_only()?;
    if args.changes {
        let paged = store.changes_pages_read_their_own_rows(args.min_confidence)?;
        let as_of = args.as_of.as_deref();
        return emit_pages(
            args.q.format,
            paged,
            |after, limit| store.changes_page(as_of, args.min_confidence, after, limit),
            |w, r| {
                writeln!(
                    w,
                    "{:<22} {:<26} {} ({}) → {} ({})",
                    clip(&r.actor_name, 22),
                    clip(&r.issue, 26),
                    r.from,
                    r.before.as_deref().unwrap_or("undated"),
                    r.to,
                    r.after.as_deref().unwrap_or("undated")
                )?;
                writeln!(
                    w,
                    "    before: “{}”\n    after:  “{}”",
                    whole(&r.before_evidence),
                    whole(&r.after_evidence)
                )
            },
            "actor                  issue                      change",
            crate::csv::CHANGES,
        );
    }
    let rows = store.positions(args.as_of.as_deref())?;
    if args.by == By::State {
        let states = attache_store::db::by_state(&rows);
        return emit(
            args.q.format,
            states,
            |w, r| {
                let sign = if r.stance == "support" { "+" } else { "−" };
                writeln!(
                    w,
                    "{:<22} {:<26} {sign} {:<10} {:>3}  {}",
                    clip(&r.state, 22),
                    clip(&r.issue, 26),
                    r.published.as_deref().unwrap_or("undated"),
                    r.statements,
                    clip(&r.members.join(", "), 70)
                )
            },
            &format!(
                "{:<22} {:<26} {} {:<10} {:>3}  who spoke",
                "state", "issue", "±", "latest", "n"
            ),
            crate::csv::STATES,
        );
    }
    emit(
        args.q.format,
        rows,
        |w, r| {
            let sign = if r.stance == "support" { "+" } else { "−" };
            writeln!(
                w,
                "{:<22} {:<26} {sign} {:<10} {:>3}  “{}” (article {})",
                clip(&r.holder, 22),
                clip(&r.issue, 26),
                r.published.as_deref().unwrap_or("undated"),
                r.statements,
                whole(&r.evidence),
                r.article
            )
        },
        &format!(
            "{:<22} {:<26} {} {:<10} {:>3}  evidence",
            "actor", "issue", "±", "latest", "n"
        ),
        crate::csv::POSITIONS,
    )
}

pub fn timeline(args: TimelineArgs) -> Result<ExitCode> {
    let mut store = args.q.db.open_read_only()?;
    check_issue(&mut store, &args.issue)?;
    let paged = store.pages_read_their_own_rows()?;
    emit_pages(
        args.q.format,
        paged,
        |after, limit| store.statements_page(Some(&args.issue), None, after, limit),
        |w, r| {
            let sign = if r.stance == "support" { "+" } else { "−" };
            writeln!(
                w,
                "{:<10} {sign} {:<22} “{}”",
                r.published.as_deref().unwrap_or("undated"),
                clip(&r.holder, 22),
                whole(&r.evidence)
            )
        },
        &format!("{:<10} ± {:<22} evidence", "date", "actor"),
        crate::csv::POSITIONS,
    )
}

pub fn search(args: SearchArgs) -> Result<ExitCode> {
    let rows = args
        .q
        .db
        .open_read_only()?
        .search(&args.words, args.limit)
        .context("searching")?;
    emit(
        args.q.format,
        rows,
        |w, r| {
            writeln!(
                w,
                "{:<10} {:>7}  {:<36} {:<20} {}",
                r.published.as_deref().unwrap_or("undated"),
                r.article,
                clip(r.title.as_deref().unwrap_or("(no title)"), 36),
                clip(
                    r.speaker.as_deref().unwrap_or(if r.kind == "quote" {
                        "(unattributed)"
                    } else {
                        ""
                    }),
                    20
                ),
                clip(&r.snippet, 90)
            )
        },
        &format!(
            "{:<10} {:>7}  {:<36} {:<20} match",
            "date", "article", "title", "speaker"
        ),
        crate::csv::HITS,
    )
}

/// Where the capabilities of a scenario's actors come from.
#[derive(clap::Args)]
pub struct CapabilityArgs {
    /// Capabilities: a TOML table of actor name = number, over those of the
    /// knowledge (`capability` of countries and organisations); 1 for others.
    #[arg(long, value_name = "FILE")]
    capabilities: Option<PathBuf>,
    /// Extra actor knowledge (*.toml) with capabilities.
    #[arg(long, value_name = "DIR")]
    knowledge: Option<PathBuf>,
}

impl CapabilityArgs {
    /// Capability by actor name: the knowledge's, then the table's.
    pub fn load(&self) -> Result<std::collections::BTreeMap<String, f64>> {
        let knowledge = match &self.knowledge {
            Some(dir) => attache_core::knowledge::Knowledge::bundled_and_dir(dir)
                .context("reading knowledge")?,
            None => attache_core::knowledge::Knowledge::bundled(),
        };
        let mut capabilities = knowledge.capabilities();
        if let Some(p) = &self.capabilities {
            let text =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let given: std::collections::BTreeMap<String, f64> = toml::from_str(&text)
                .with_context(|| format!("{}: a table of actor = capability", p.display()))?;
            capabilities.extend(given);
        }
        Ok(capabilities)
    }
}

pub fn scenario(args: ScenarioArgs) -> Result<ExitCode> {
    check_date(&args.as_of, "as-of")?;
    let capabilities = args.capabilities.load()?;
    let mut store = args.db.open_read_only()?;
    for issue in &args.issues {
        check_issue(&mut store, issue)?;
    }
    let opts = ScenarioOptions {
        issues: args.issues,
        as_of: args.as_of,
        capabilities,
        default_capability: 1.0,
    };
    let s = build_scenario(&mut store, &opts)?;
    if s.issues.is_empty() {
        bail!(
            "no stances on {} in the record: ingest articles with --issues first",
            opts.issues.join(", ")
        );
    }
    let text = toml::to_string(&s)?;
    match &args.out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ArticleArgs {
    #[command(flatten)]
    q: QueryArgs,
    /// The article's number, as the other commands give it ("article 23").
    id: i64,
}

#[derive(Serialize)]
struct ArticleView {
    article: attache_store::db::ArticleRow,
    quotes: Vec<attache_store::db::QuoteRow>,
    positions: Vec<attache_store::db::PositionRow>,
}

/// One article with its annotations: quotes and speakers, stances, as reviewed.
pub fn article(args: ArticleArgs) -> Result<ExitCode> {
    let mut store = args.q.db.open_read_only()?;
    let Some(article) = store.article(args.id)? else {
        let ids = store.article_ids()?;
        match (ids.first(), ids.last()) {
            (Some(first), Some(last)) => bail!(
                "no article {} in the record: its {} articles are numbered {first}–{last}",
                args.id,
                ids.len()
            ),
            _ => bail!("no article {} in the record: it holds no articles", args.id),
        }
    };
    let quotes: Vec<_> = store
        .quotes(&QuoteFilter::default())?
        .into_iter()
        .filter(|q| q.article == args.id)
        .collect();
    let positions: Vec<_> = store
        .statements(None, None)?
        .into_iter()
        .filter(|s| s.article == args.id)
        .collect();
    let view = ArticleView {
        article,
        quotes,
        positions,
    };
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if let Format::Json = args.q.format {
        serde_json::to_writer_pretty(&mut w, &view)?;
        writeln!(w)?;
        return Ok(ExitCode::SUCCESS);
    }
    let a = &view.article;
    writeln!(
        w,
        "article {}: {}",
        a.id,
        printable(a.title.as_deref().unwrap_or("(no title)"))
    )?;
    let about: Vec<&str> = [
        a.outlet.as_deref(),
        a.published.as_deref().or(Some("undated")),
        a.url.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    writeln!(w, "{} · {}\n", about.join(" · "), printable(&a.origin))?;
    writeln!(w, "{}\n", a.text.trim_end())?;
    writeln!(w, "quotes ({}):", view.quotes.len())?;
    for q in &view.quotes {
        writeln!(
            w,
            "  {:>5}–{:<5} {:<22} “{}”{}",
            q.start,
            q.end,
            clip(
                q.actor_name
                    .as_deref()
                    .or(q.speaker.as_deref())
                    .unwrap_or("(unattributed)"),
                22
            ),
            q.text.split_whitespace().collect::<Vec<_>>().join(" "),
            q.review
                .as_deref()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default()
        )?;
    }
    writeln!(w, "stances ({}):", view.positions.len())?;
    for s in &view.positions {
        let sign = if s.stance == "support" { "+" } else { "−" };
        writeln!(
            w,
            "  {:>5}–{:<5} {sign} {:<22} {:<22} “{}”{}",
            s.start,
            s.end,
            clip(&s.holder, 22),
            clip(&s.issue, 22),
            s.evidence.split_whitespace().collect::<Vec<_>>().join(" "),
            s.review
                .as_deref()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    /// A stream that panics part way (a JSON Lines reader's bug) ends with
    /// an error naming it; what it gave before is kept.
    #[test]
    fn a_stream_that_panics_ends_with_its_error() {
        let mut k = 0;
        let lines = std::iter::from_fn(move || {
            k += 1;
            assert!(k < 3, "line {k} breaks the reader");
            Some(Ok(RawArticle {
                origin: format!("wire.jsonl:{k}"),
                ..RawArticle::default()
            }))
        });
        let got: Vec<_> = super::guarded("wire.jsonl".into(), lines).collect();
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].as_ref().unwrap().origin, "wire.jsonl:2");
        let e = got[2].as_ref().unwrap_err();
        assert_eq!(e.origin, "wire.jsonl");
        assert!(
            e.message.contains("line 3 breaks the reader"),
            "{}",
            e.message
        );
    }

    /// A panic while reading or analysing one input becomes that input's
    /// error, naming it and what failed; what did not panic is returned.
    #[test]
    fn a_panic_on_one_input_is_its_error() {
        assert_eq!(super::caught("a.txt", || 7).unwrap(), 7);
        let at = 13;
        let e = super::caught("wire.jsonl:2", || -> usize {
            panic!("index out of bounds: the len is 12 but the index is {at}")
        })
        .unwrap_err();
        assert_eq!(e.origin, "wire.jsonl:2");
        assert!(e.message.contains("the index is 13"), "{}", e.message);
        assert!(e.message.contains("a bug"), "{}", e.message);
        let e = super::caught("b.html", || -> usize { panic!("deep") }).unwrap_err();
        assert!(e.message.contains("(deep)"), "{}", e.message);
    }

    use super::*;

    /// The nice value of the calling thread.
    #[cfg(target_os = "linux")]
    fn own_nice() -> i32 {
        unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
    }

    #[test]
    fn a_large_batch_is_analysed_a_chunk_at_a_time() {
        let articles = |n: usize| {
            (0..n)
                .map(|i| RawArticle {
                    text: format!("Article {i}."),
                    ..RawArticle::default()
                })
                .collect::<Vec<_>>()
        };
        let error = |name: &str| sources::SourceError {
            origin: name.into(),
            message: "unreadable".into(),
        };
        // one file of 600 articles and two unreadable ones: three chunks
        let chunks: Vec<_> = in_chunks(items(articles(600), vec![error("a"), error("b")]), 3)
            .map(|(part, errors, files)| {
                let first = part.first().map(|a| a.text.clone());
                (part.len(), errors.len(), files, first)
            })
            .collect();
        assert_eq!(
            chunks,
            [
                (CHUNK, 2, 0, Some("Article 0.".to_string())),
                (CHUNK, 0, 0, Some(format!("Article {CHUNK}."))),
                (
                    600 - 2 * CHUNK,
                    0,
                    3,
                    Some(format!("Article {}.", 2 * CHUNK))
                ),
            ]
        );
        // a batch of exactly one chunk, and one with no article: one chunk
        // each, which completes its files and carries its errors
        let sizes = |batch, errors, files| {
            in_chunks(items(batch, errors), files)
                .map(|(p, e, f)| (p.len(), e.len(), f))
                .collect::<Vec<_>>()
        };
        assert_eq!(sizes(articles(CHUNK), vec![], 1), [(CHUNK, 0, 1)]);
        assert_eq!(sizes(Vec::new(), vec![error("c")], 1), [(0, 1, 1)]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_analysis_threads_yield_to_the_writer() {
        let pool = super::analysis_pool().unwrap();
        let writers = own_nice();
        let theirs = pool.broadcast(|_| own_nice());
        assert_eq!(theirs.len(), pool.current_num_threads());
        for nice in theirs {
            assert_eq!(nice, (writers + super::ANALYSIS_NICE).min(19));
        }
        // the caller's own priority is left as it was
        assert_eq!(own_nice(), writers);
    }
}
