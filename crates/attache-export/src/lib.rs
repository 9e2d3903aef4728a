//! attache-export: the record as columns. Five tables — `articles`,
//! `quotes`, `positions`, `actors`, `changes` — written as Parquet or Arrow
//! IPC files with one fixed schema each (docs/export.md): spans as
//! character offsets (`start`, `end`), dates as `Date32`, stances and other
//! small vocabularies dictionary-encoded. The rows of quotes and positions
//! can also be made from analyses directly ([`rows_of_analysis`],
//! [`append_analysis`]), so that
//! work done elsewhere (Spark) gives the same tables.

use arrow_array::ArrayRef;
pub use arrow_array::RecordBatch;
use arrow_array::builder::{
    Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    StringDictionaryBuilder,
};
use arrow_array::types::Int32Type;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use attache_core::{Analysis, Catalogue};
use attache_store::Store;
use attache_store::db::{ActorExport, ArticleExport, ChangeRow, PositionExport, QuoteExport};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The tables, in the order they are written.
pub const TABLES: [&str; 5] = ["articles", "quotes", "positions", "actors", "changes"];

/// Rows per record batch (and Parquet row group at most).
const BATCH: usize = 8_192;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Parquet,
    /// Arrow IPC files (Feather v2).
    Arrow,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Arrow => "arrow",
        }
    }
}

#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

macro_rules! from_error {
    ($($t:ty),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error(e.to_string())
            }
        }
    )*};
}
from_error!(
    arrow_schema::ArrowError,
    parquet::errors::ParquetError,
    attache_store::backend::DbError,
    std::io::Error
);

pub type Result<T> = std::result::Result<T, Error>;

fn text(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, false)
}

fn date(name: &str) -> Field {
    Field::new(name, DataType::Date32, true)
}

/// A string column of few distinct values, dictionary-encoded.
fn dict(name: &str, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        nullable,
    )
}

/// The schema of a table of [`TABLES`].
pub fn schema(table: &str) -> Option<SchemaRef> {
    let fields = match table {
        "articles" => vec![
            int("id"),
            int("story_id"),
            date("published"),
            dict("date_source", true),
            dict("outlet", true),
            text("title", true),
            text("url", true),
            text("origin", false),
            int("chars"),
            text("text", false),
        ],
        "quotes" => vec![
            int("id"),
            int("article_id"),
            text("url", true),
            date("published"),
            text("actor", true),
            text("speaker", true),
            text("text", false),
            int("start"),
            int("end"),
            dict("kind", false),
            text("cue", true),
            Field::new(
                "issues",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
        ],
        "positions" => vec![
            int("id"),
            int("article_id"),
            text("url", true),
            date("published"),
            text("actor", true),
            text("holder", false),
            text("affiliation", true),
            dict("issue", false),
            dict("stance", false),
            Field::new("confidence", DataType::Float64, false),
            text("evidence", false),
            int("start"),
            int("end"),
        ],
        "actors" => vec![
            text("key", false),
            text("name", false),
            dict("kind", false),
            text("role", true),
            text("affiliation", true),
            int("articles"),
            int("mentions"),
            int("quotes"),
        ],
        "changes" => vec![
            text("actor", false),
            text("actor_name", false),
            dict("issue", false),
            dict("from", false),
            dict("to", false),
            date("before"),
            date("after"),
            int("before_article"),
            int("before_start"),
            int("before_end"),
            int("after_article"),
            int("after_start"),
            int("after_end"),
            text("before_evidence", false),
            text("after_evidence", false),
        ],
        _ => return None,
    };
    Some(Arc::new(Schema::new(fields)))
}

/// Days since 1970-01-01 of a date written YYYY-MM-DD (the record's form).
pub fn date32(date: &str) -> Option<i32> {
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // days from the civil calendar (Howard Hinnant's algorithm)
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

fn dates<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = Date32Builder::new();
    for v in values {
        b.append_option(v.and_then(date32));
    }
    Arc::new(b.finish())
}

fn texts<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn dicts<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringDictionaryBuilder::<Int32Type>::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn ints(values: impl Iterator<Item = i64>) -> ArrayRef {
    let mut b = Int64Builder::new();
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

fn batch(table: &str, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    let schema = schema(table).expect("a table of TABLES");
    Ok(RecordBatch::try_new(schema, columns)?)
}

pub fn articles_batch(rows: &[ArticleExport]) -> Result<RecordBatch> {
    batch(
        "articles",
        vec![
            ints(rows.iter().map(|r| r.id)),
            ints(rows.iter().map(|r| r.story_id)),
            dates(rows.iter().map(|r| r.published.as_deref())),
            dicts(rows.iter().map(|r| r.date_source.as_deref())),
            dicts(rows.iter().map(|r| r.outlet.as_deref())),
            texts(rows.iter().map(|r| r.title.as_deref())),
            texts(rows.iter().map(|r| r.url.as_deref())),
            texts(rows.iter().map(|r| Some(r.origin.as_str()))),
            ints(rows.iter().map(|r| r.text.chars().count() as i64)),
            texts(rows.iter().map(|r| Some(r.text.as_str()))),
        ],
    )
}

pub fn quotes_batch(rows: &[QuoteExport]) -> Result<RecordBatch> {
    let mut b = QuotesBuilder::default();
    for r in rows {
        let row = QuoteRow {
            id: r.id,
            article_id: r.article_id,
            url: r.url.as_deref(),
            published: r.published.as_deref().and_then(date32),
            actor: r.actor.as_deref(),
            speaker: r.speaker.as_deref(),
            text: &r.text,
            start: r.start,
            end: r.end,
            kind: &r.kind,
            cue: r.cue.as_deref(),
        };
        b.append(&row, r.issues.iter().map(String::as_str));
    }
    b.finish()
}

pub fn positions_batch(rows: &[PositionExport]) -> Result<RecordBatch> {
    let mut b = PositionsBuilder::default();
    for r in rows {
        b.append(&PositionRow {
            id: r.id,
            article_id: r.article_id,
            url: r.url.as_deref(),
            published: r.published.as_deref().and_then(date32),
            actor: r.actor.as_deref(),
            holder: &r.holder,
            affiliation: r.affiliation.as_deref(),
            issue: &r.issue,
            stance: &r.stance,
            confidence: r.confidence,
            evidence: &r.evidence,
            start: r.start,
            end: r.end,
        });
    }
    b.finish()
}

/// A row of `quotes`, borrowed (`published` as [`date32`] reads it); its
/// issues are given beside it.
pub struct QuoteRow<'a> {
    pub id: i64,
    pub article_id: i64,
    pub url: Option<&'a str>,
    pub published: Option<i32>,
    pub actor: Option<&'a str>,
    pub speaker: Option<&'a str>,
    pub text: &'a str,
    pub start: i64,
    pub end: i64,
    pub kind: &'a str,
    pub cue: Option<&'a str>,
}

/// A row of `positions`, borrowed.
pub struct PositionRow<'a> {
    pub id: i64,
    pub article_id: i64,
    pub url: Option<&'a str>,
    pub published: Option<i32>,
    pub actor: Option<&'a str>,
    pub holder: &'a str,
    pub affiliation: Option<&'a str>,
    pub issue: &'a str,
    pub stance: &'a str,
    pub confidence: f64,
    pub evidence: &'a str,
    pub start: i64,
    pub end: i64,
}

/// The `quotes` table made a row at a time, straight into Arrow arrays.
#[derive(Default)]
pub struct QuotesBuilder {
    id: Int64Builder,
    article_id: Int64Builder,
    url: StringBuilder,
    published: Date32Builder,
    actor: StringBuilder,
    speaker: StringBuilder,
    text: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
    kind: StringDictionaryBuilder<Int32Type>,
    cue: StringBuilder,
    issues: ListBuilder<StringBuilder>,
}

impl QuotesBuilder {
    pub fn append<'a>(&mut self, r: &QuoteRow<'_>, issues: impl IntoIterator<Item = &'a str>) {
        self.id.append_value(r.id);
        self.article_id.append_value(r.article_id);
        self.url.append_option(r.url);
        self.published.append_option(r.published);
        self.actor.append_option(r.actor);
        self.speaker.append_option(r.speaker);
        self.text.append_value(r.text);
        self.start.append_value(r.start);
        self.end.append_value(r.end);
        self.kind.append_value(r.kind);
        self.cue.append_option(r.cue);
        for i in issues {
            self.issues.values().append_value(i);
        }
        self.issues.append(true);
    }

    /// The rows so far as a batch; the builder is empty after.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        batch(
            "quotes",
            vec![
                Arc::new(self.id.finish()),
                Arc::new(self.article_id.finish()),
                Arc::new(self.url.finish()),
                Arc::new(self.published.finish()),
                Arc::new(self.actor.finish()),
                Arc::new(self.speaker.finish()),
                Arc::new(self.text.finish()),
                Arc::new(self.start.finish()),
                Arc::new(self.end.finish()),
                Arc::new(self.kind.finish()),
                Arc::new(self.cue.finish()),
                Arc::new(self.issues.finish()),
            ],
        )
    }
}

/// The `positions` table made a row at a time.
#[derive(Default)]
pub struct PositionsBuilder {
    id: Int64Builder,
    article_id: Int64Builder,
    url: StringBuilder,
    published: Date32Builder,
    actor: StringBuilder,
    holder: StringBuilder,
    affiliation: StringBuilder,
    issue: StringDictionaryBuilder<Int32Type>,
    stance: StringDictionaryBuilder<Int32Type>,
    confidence: Float64Builder,
    evidence: StringBuilder,
    start: Int64Builder,
    end: Int64Builder,
}

impl PositionsBuilder {
    pub fn append(&mut self, r: &PositionRow<'_>) {
        self.id.append_value(r.id);
        self.article_id.append_value(r.article_id);
        self.url.append_option(r.url);
        self.published.append_option(r.published);
        self.actor.append_option(r.actor);
        self.holder.append_value(r.holder);
        self.affiliation.append_option(r.affiliation);
        self.issue.append_value(r.issue);
        self.stance.append_value(r.stance);
        self.confidence.append_value(r.confidence);
        self.evidence.append_value(r.evidence);
        self.start.append_value(r.start);
        self.end.append_value(r.end);
    }

    /// The rows so far as a batch; the builder is empty after.
    pub fn finish(&mut self) -> Result<RecordBatch> {
        batch(
            "positions",
            vec![
                Arc::new(self.id.finish()),
                Arc::new(self.article_id.finish()),
                Arc::new(self.url.finish()),
                Arc::new(self.published.finish()),
                Arc::new(self.actor.finish()),
                Arc::new(self.holder.finish()),
                Arc::new(self.affiliation.finish()),
                Arc::new(self.issue.finish()),
                Arc::new(self.stance.finish()),
                Arc::new(self.confidence.finish()),
                Arc::new(self.evidence.finish()),
                Arc::new(self.start.finish()),
                Arc::new(self.end.finish()),
            ],
        )
    }
}

pub fn actors_batch(rows: &[ActorExport]) -> Result<RecordBatch> {
    batch(
        "actors",
        vec![
            texts(rows.iter().map(|r| Some(r.key.as_str()))),
            texts(rows.iter().map(|r| Some(r.name.as_str()))),
            dicts(rows.iter().map(|r| Some(r.kind.as_str()))),
            texts(rows.iter().map(|r| r.role.as_deref())),
            texts(rows.iter().map(|r| r.affiliation.as_deref())),
            ints(rows.iter().map(|r| r.articles)),
            ints(rows.iter().map(|r| r.mentions)),
            ints(rows.iter().map(|r| r.quotes)),
        ],
    )
}

pub fn changes_batch(rows: &[ChangeRow]) -> Result<RecordBatch> {
    batch(
        "changes",
        vec![
            texts(rows.iter().map(|r| Some(r.actor_key.as_str()))),
            texts(rows.iter().map(|r| Some(r.actor_name.as_str()))),
            dicts(rows.iter().map(|r| Some(r.issue.as_str()))),
            dicts(rows.iter().map(|r| Some(r.from.as_str()))),
            dicts(rows.iter().map(|r| Some(r.to.as_str()))),
            dates(rows.iter().map(|r| r.before.as_deref())),
            dates(rows.iter().map(|r| r.after.as_deref())),
            ints(rows.iter().map(|r| r.before_span.article)),
            ints(rows.iter().map(|r| r.before_span.start)),
            ints(rows.iter().map(|r| r.before_span.end)),
            ints(rows.iter().map(|r| r.after_span.article)),
            ints(rows.iter().map(|r| r.after_span.start)),
            ints(rows.iter().map(|r| r.after_span.end)),
            texts(rows.iter().map(|r| Some(r.before_evidence.as_str()))),
            texts(rows.iter().map(|r| Some(r.after_evidence.as_str()))),
        ],
    )
}

/// Where batches of one table go: a Parquet or an Arrow IPC file, or an
/// Arrow IPC stream in memory.
enum Sink<W: std::io::Write + Send> {
    Parquet(parquet::arrow::ArrowWriter<W>),
    Arrow(arrow_ipc::writer::FileWriter<W>),
    Stream(arrow_ipc::writer::StreamWriter<W>),
}

impl<W: std::io::Write + Send> Sink<W> {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match self {
            Sink::Parquet(w) => w.write(batch)?,
            Sink::Arrow(w) => w.write(batch)?,
            Sink::Stream(w) => w.write(batch)?,
        }
        Ok(())
    }

    fn finish(self) -> Result<W> {
        Ok(match self {
            Sink::Parquet(w) => w.into_inner()?,
            Sink::Arrow(mut w) => {
                w.finish()?;
                w.into_inner()?
            }
            Sink::Stream(mut w) => {
                w.finish()?;
                w.into_inner()?
            }
        })
    }
}

fn parquet_writer<W: std::io::Write + Send>(w: W, schema: SchemaRef) -> Result<Sink<W>> {
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .set_max_row_group_row_count(Some(128 * 1024))
        .build();
    Ok(Sink::Parquet(parquet::arrow::ArrowWriter::try_new(
        w,
        schema,
        Some(props),
    )?))
}

/// Feeds `sink` every row of `table` in the record, a batch at a time;
/// returns the rows written.
fn pour<W: std::io::Write + Send>(
    store: &mut Store,
    table: &str,
    sink: &mut Sink<W>,
) -> Result<usize> {
    let mut rows = 0;
    match table {
        "articles" => {
            let mut after = 0;
            loop {
                let page = store.articles_after(after, BATCH)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                rows += page.len();
                sink.write(&articles_batch(&page)?)?;
            }
        }
        "quotes" => {
            let mut after = 0;
            loop {
                let page = store.quotes_after(after, BATCH)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                rows += page.len();
                sink.write(&quotes_batch(&page)?)?;
            }
        }
        "positions" => {
            let mut after = 0;
            loop {
                let page = store.positions_after(after, BATCH)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                rows += page.len();
                sink.write(&positions_batch(&page)?)?;
            }
        }
        "actors" => {
            let all = store.actors_export()?;
            for part in all.chunks(BATCH) {
                sink.write(&actors_batch(part)?)?;
            }
            rows = all.len();
        }
        "changes" => {
            let all = store.changes(None)?;
            for part in all.chunks(BATCH) {
                sink.write(&changes_batch(part)?)?;
            }
            rows = all.len();
        }
        other => return Err(Error(format!("no table {other:?}"))),
    }
    Ok(rows)
}

/// Writes every table of the record to `dir/<table>.<parquet|arrow>`
/// (creating `dir`); returns each file and its rows.
pub fn export(store: &mut Store, format: Format, dir: &Path) -> Result<Vec<(PathBuf, usize)>> {
    std::fs::create_dir_all(dir).map_err(|e| Error(format!("creating {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for table in TABLES {
        let path = dir.join(format!("{table}.{}", format.extension()));
        let file = std::fs::File::create(&path)
            .map_err(|e| Error(format!("writing {}: {e}", path.display())))?;
        let file = std::io::BufWriter::new(file);
        let schema = schema(table).expect("a table of TABLES");
        let mut sink = match format {
            Format::Parquet => parquet_writer(file, schema)?,
            Format::Arrow => Sink::Arrow(arrow_ipc::writer::FileWriter::try_new(file, &schema)?),
        };
        let rows = pour(store, table, &mut sink)?;
        let mut file = sink.finish()?;
        std::io::Write::flush(&mut file)?;
        written.push((path, rows));
    }
    Ok(written)
}

/// One table of the record as an Arrow IPC stream (for pyarrow).
pub fn table_ipc(store: &mut Store, table: &str) -> Result<Vec<u8>> {
    let schema = schema(table)
        .ok_or_else(|| Error(format!("no table {table:?}: one of {}", TABLES.join(", "))))?;
    let mut sink = Sink::Stream(arrow_ipc::writer::StreamWriter::try_new(
        Vec::new(),
        &schema,
    )?);
    pour(store, table, &mut sink)?;
    sink.finish()
}

/// Batches as an Arrow IPC stream.
pub fn batches_ipc(table: &str, batches: &[RecordBatch]) -> Result<Vec<u8>> {
    let schema = schema(table).ok_or_else(|| Error(format!("no table {table:?}")))?;
    let mut sink = Sink::Stream(arrow_ipc::writer::StreamWriter::try_new(
        Vec::new(),
        &schema,
    )?);
    for b in batches {
        sink.write(b)?;
    }
    sink.finish()
}

/// The article an analysis is of, as the record would store it.
#[derive(Clone, Debug, Default)]
pub struct ArticleRef {
    pub id: i64,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// The issues of `catalogue` a quote's text names, by id, sorted, once
/// each (what ingest stores for it).
pub fn quote_issues(catalogue: Option<&Catalogue>, text: &str) -> Vec<String> {
    quote_issue_ids(catalogue, text)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// [`quote_issues`], borrowed from the catalogue.
fn quote_issue_ids<'c>(catalogue: Option<&'c Catalogue>, text: &str) -> Vec<&'c str> {
    let mut v: Vec<&str> = catalogue
        .map(|c| {
            c.find(text)
                .into_iter()
                .map(|m| c.issues[m.issue].id.as_str())
                .collect()
        })
        .unwrap_or_default();
    v.sort_unstable();
    v.dedup();
    v
}

/// Hands each quotes and positions row of one analysed article, borrowed,
/// to `quote` (with its issues) and `position`.
fn each_row_of_analysis(
    article: &ArticleRef,
    analysis: &Analysis,
    catalogue: Option<&Catalogue>,
    first_ids: (i64, i64),
    mut quote: impl FnMut(&QuoteRow<'_>, Vec<&str>),
    mut position: impl FnMut(&PositionRow<'_>),
) {
    let key_of = |id: Option<&str>| {
        id.and_then(|id| analysis.actors.iter().find(|a| a.id == id))
            .map(|a| a.key.as_str())
    };
    let published = article.published.as_deref().and_then(date32);
    for (k, q) in analysis.quotes.iter().enumerate() {
        let row = QuoteRow {
            id: first_ids.0 + k as i64,
            article_id: article.id,
            url: article.url.as_deref(),
            published,
            actor: key_of(q.speaker.as_ref().and_then(|s| s.actor.as_deref())),
            speaker: q.speaker.as_ref().and_then(|s| s.name.as_deref()),
            text: &q.text,
            start: q.start as i64,
            end: q.end as i64,
            kind: match q.kind {
                attache_core::analysis::QuoteKind::Direct => "direct",
                attache_core::analysis::QuoteKind::Partial => "partial",
            },
            cue: q.cue.as_ref().map(|c| c.text.as_str()),
        };
        quote(&row, quote_issue_ids(catalogue, &q.text));
    }
    for (k, p) in analysis.positions.iter().flatten().enumerate() {
        position(&PositionRow {
            id: first_ids.1 + k as i64,
            article_id: article.id,
            url: article.url.as_deref(),
            published,
            actor: key_of(p.holder.actor.as_deref()),
            holder: &p.holder.name,
            affiliation: p.affiliation.as_deref(),
            issue: &p.issue,
            stance: match p.stance {
                attache_core::analysis::StanceKind::Support => "support",
                attache_core::analysis::StanceKind::Oppose => "oppose",
            },
            confidence: p.confidence,
            evidence: &p.evidence.text,
            start: p.evidence.start as i64,
            end: p.evidence.end as i64,
        });
    }
}

/// The quotes and positions rows of one analysed article, as `attache
/// export` gives them once the article is in a record. Row ids count from
/// `first_ids` (quotes, positions).
pub fn rows_of_analysis(
    article: &ArticleRef,
    analysis: &Analysis,
    catalogue: Option<&Catalogue>,
    first_ids: (i64, i64),
) -> (Vec<QuoteExport>, Vec<PositionExport>) {
    let (mut quotes, mut positions) = (Vec::new(), Vec::new());
    let owned = |s: Option<&str>| s.map(str::to_string);
    each_row_of_analysis(
        article,
        analysis,
        catalogue,
        first_ids,
        |r, issues| {
            quotes.push(QuoteExport {
                id: r.id,
                article_id: r.article_id,
                url: article.url.clone(),
                published: article.published.clone(),
                actor: owned(r.actor),
                speaker: owned(r.speaker),
                text: r.text.into(),
                start: r.start,
                end: r.end,
                kind: r.kind.into(),
                cue: owned(r.cue),
                issues: issues.into_iter().map(str::to_string).collect(),
            })
        },
        |r| {
            positions.push(PositionExport {
                id: r.id,
                article_id: r.article_id,
                url: article.url.clone(),
                published: article.published.clone(),
                actor: owned(r.actor),
                holder: r.holder.into(),
                affiliation: owned(r.affiliation),
                issue: r.issue.into(),
                stance: r.stance.into(),
                confidence: r.confidence,
                evidence: r.evidence.into(),
                start: r.start,
                end: r.end,
            })
        },
    );
    (quotes, positions)
}

/// The same rows appended straight to Arrow builders (no row structs).
pub fn append_analysis(
    quotes: &mut QuotesBuilder,
    positions: &mut PositionsBuilder,
    article: &ArticleRef,
    analysis: &Analysis,
    catalogue: Option<&Catalogue>,
    first_ids: (i64, i64),
) {
    each_row_of_analysis(
        article,
        analysis,
        catalogue,
        first_ids,
        |r, issues| quotes.append(r, issues),
        |r| positions.append(r),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(date32("1970-01-01"), Some(0));
        assert_eq!(date32("1970-01-02"), Some(1));
        assert_eq!(date32("1969-12-31"), Some(-1));
        assert_eq!(date32("2000-03-01"), Some(11_017));
        assert_eq!(date32("2025-02-12"), Some(20_131));
        assert_eq!(date32("2025-13-01"), None);
        assert_eq!(date32("soon"), None);
    }

    #[test]
    fn every_table_has_a_schema_and_its_batches_fit_it() {
        for t in TABLES {
            assert!(schema(t).is_some(), "{t}");
        }
        assert!(schema("stories").is_none());
        assert_eq!(articles_batch(&[]).unwrap().num_rows(), 0);
        assert_eq!(changes_batch(&[]).unwrap().num_columns(), 15);
    }
}
