//! The SQLite store: schema and migrations, one transaction per article,
//! and the queries.

use crate::backend::{Backend, DbError, Val, is_url, redact};
use crate::copy_rows::{
    ARTICLE_ACTORS, COPY_BOUND, IdBlocks, POSITIONS, PendingRows, QUOTE_ISSUES, QUOTES,
};
use crate::fingerprint::{
    Fingerprint, SAME_STORY, Signature, band_keys, content_band, from_bytes, similarity, sketch,
    sketch_similarity,
};
use crate::pending_bands::PendingBands;
use crate::sources::RawArticle;
use attache_core::analysis::{Analysis, StanceKind};
use serde::Serialize;
use std::collections::HashMap;

pub use crate::backend::Result;

/// Schema migrations per backend, applied in order; SQLite records how many
/// ran in `PRAGMA user_version`, PostgreSQL in `schema_migrations`.
const SQLITE_MIGRATIONS: &[&str] = &[
    // 1: articles grouped into stories, actors across articles, quotes, positions, search
    r#"
    CREATE TABLE stories (id INTEGER PRIMARY KEY, minhash BLOB NOT NULL, first_article INTEGER);
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY, content_key TEXT NOT NULL UNIQUE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        url TEXT, title TEXT, outlet TEXT, published TEXT, date_source TEXT,
        origin TEXT NOT NULL, text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE actors (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT, affiliation TEXT);
    CREATE TABLE article_actors (
        article_id INTEGER NOT NULL REFERENCES articles(id), actor_id INTEGER NOT NULL REFERENCES actors(id),
        mentions INTEGER NOT NULL, PRIMARY KEY (article_id, actor_id)
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), actor_id INTEGER REFERENCES actors(id),
        speaker TEXT, text TEXT NOT NULL, q_start INTEGER NOT NULL, q_end INTEGER NOT NULL, kind TEXT NOT NULL, cue TEXT
    );
    CREATE INDEX quotes_actor ON quotes(actor_id);
    CREATE TABLE quote_issues (quote_id INTEGER NOT NULL REFERENCES quotes(id), issue TEXT NOT NULL);
    CREATE INDEX quote_issues_issue ON quote_issues(issue);
    CREATE TABLE positions (
        id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id), actor_id INTEGER REFERENCES actors(id),
        holder TEXT NOT NULL, affiliation TEXT, issue TEXT NOT NULL, stance INTEGER NOT NULL, confidence REAL NOT NULL,
        evidence TEXT NOT NULL, ev_start INTEGER NOT NULL, ev_end INTEGER NOT NULL
    );
    CREATE INDEX positions_issue ON positions(issue, actor_id);
    CREATE VIRTUAL TABLE search USING fts5(text, kind UNINDEXED, ref UNINDEXED);
    "#,
    // 2: the story index in the record, shared by every writer
    r#"
    CREATE TABLE story_bands (band INTEGER NOT NULL, story_id INTEGER NOT NULL REFERENCES stories(id));
    CREATE INDEX story_bands_band ON story_bands(band);
    "#,
    // 3: a person's review decisions, beside the machine's reading
    r#"
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY, target TEXT NOT NULL, action TEXT NOT NULL, decision TEXT NOT NULL,
        reviewer TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE INDEX reviews_target ON reviews(target);
    "#,
    // 4: the latest statement per actor and issue, kept at ingest; the band
    // index holds the story ids, so a look-up reads it alone; quotes and
    // statements carry their article's date (`sort_date`, '' for none), so
    // a page of them is read in order from an index
    r#"
    CREATE TABLE latest_positions (
        actor TEXT NOT NULL, issue TEXT NOT NULL, statements INTEGER NOT NULL,
        dated INTEGER NOT NULL, published TEXT NOT NULL, article_id INTEGER NOT NULL,
        ev_start INTEGER NOT NULL, position_id INTEGER NOT NULL,
        PRIMARY KEY (actor, issue)
    );
    CREATE INDEX story_bands_band_story ON story_bands(band, story_id);
    DROP INDEX story_bands_band;
    ALTER TABLE positions ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
    ALTER TABLE quotes ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
    UPDATE positions SET sort_date = coalesce((SELECT ar.published FROM articles ar WHERE ar.id = positions.article_id), '');
    UPDATE quotes SET sort_date = coalesce((SELECT ar.published FROM articles ar WHERE ar.id = quotes.article_id), '');
    CREATE INDEX positions_timeline ON positions(issue, sort_date, article_id, ev_start, id);
    CREATE INDEX quotes_order ON quotes(sort_date, article_id, q_start, id);
    "#,
    // 5: what the other growing queries read, kept at ingest: each actor's
    // counts of articles, mentions and quotes; the statements read at least
    // CHANGE_CONFIDENCE in each actor's and issue's order (`stance_sequence`),
    // and the changes between consecutive ones (`stance_changes`), in the
    // order of a page
    r#"
    ALTER TABLE actors ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN mentions INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN quotes INTEGER NOT NULL DEFAULT 0;
    UPDATE actors SET articles = c.n, mentions = c.m
      FROM (SELECT actor_id, count(*) AS n, sum(mentions) AS m FROM article_actors GROUP BY actor_id) AS c
      WHERE c.actor_id = actors.id;
    UPDATE actors SET quotes = c.n
      FROM (SELECT actor_id, count(*) AS n FROM quotes WHERE actor_id IS NOT NULL GROUP BY actor_id) AS c
      WHERE c.actor_id = actors.id;
    CREATE TABLE stance_sequence (
        actor TEXT NOT NULL, issue TEXT NOT NULL, sort_date TEXT NOT NULL, article_id INTEGER NOT NULL,
        ev_start INTEGER NOT NULL, position_id INTEGER NOT NULL, stance INTEGER NOT NULL,
        PRIMARY KEY (actor, issue, sort_date, article_id, ev_start, position_id)
    ) WITHOUT ROWID;
    CREATE TABLE stance_changes (
        sort_date TEXT NOT NULL, article_id INTEGER NOT NULL, ev_start INTEGER NOT NULL, after_id INTEGER NOT NULL,
        before_id INTEGER NOT NULL, before_dated INTEGER NOT NULL,
        PRIMARY KEY (sort_date, article_id, ev_start, after_id)
    ) WITHOUT ROWID;
    "#,
    // 6: the band index in levels (see `BAND_LEVELS`): a new story's bands
    // go to a small table, merged in order into larger ones; each level a
    // B-tree of (band, story) alone
    r#"
    CREATE TABLE story_bands_recent (band INTEGER NOT NULL, story_id INTEGER NOT NULL, PRIMARY KEY (band, story_id)) WITHOUT ROWID;
    CREATE TABLE story_bands_mid (band INTEGER NOT NULL, story_id INTEGER NOT NULL, PRIMARY KEY (band, story_id)) WITHOUT ROWID;
    CREATE TABLE story_bands_rest (band INTEGER NOT NULL, story_id INTEGER NOT NULL, PRIMARY KEY (band, story_id)) WITHOUT ROWID;
    INSERT OR FAIL INTO story_bands_rest (band, story_id) SELECT DISTINCT band, story_id FROM story_bands ORDER BY band, story_id;
    DROP TABLE story_bands;
    "#,
    // 7: search in two FTS5 tables over the articles' and the quotes' own
    // text (external content: no copy of it), the rowid the row's id; a
    // query of one kind reads no row of the other
    r#"
    CREATE VIRTUAL TABLE search_articles USING fts5(text, content='articles', content_rowid='id');
    CREATE VIRTUAL TABLE search_quotes USING fts5(text, content='quotes', content_rowid='id');
    INSERT INTO search_articles(search_articles) VALUES ('rebuild');
    INSERT INTO search_quotes(search_quotes) VALUES ('rebuild');
    DROP TABLE search;
    "#,
    // 8: each story's sketch (see `fingerprint::sketch`), which the story
    // look-up reads in place of the signature: an eighth of its size
    r#"
    CREATE TABLE story_sketches (story_id INTEGER PRIMARY KEY, sketch BLOB NOT NULL);
    "#,
    // 9: no index of statements by issue and actor: `positions_timeline`
    // (issue first) serves every look-up by issue, and no query seeks an
    // actor's statements by their id; its random pages were an eighth of
    // the bytes an ingest wrote
    "DROP INDEX IF EXISTS positions_issue;",
    // 10: the search tables written in fewer, larger segments, merged
    // less often: a group's terms held in memory up to `SEARCH_HASH_BYTES`
    // and flushed once at its commit (not once a mebibyte), and segments
    // merged eight at a time (not four): half the merging, for at most
    // twice the segments a search reads
    r#"
    INSERT INTO search_articles(search_articles, rank) VALUES ('hashsize', 8388608);
    INSERT INTO search_quotes(search_quotes, rank) VALUES ('hashsize', 8388608);
    INSERT INTO search_articles(search_articles, rank) VALUES ('automerge', 8);
    INSERT INTO search_quotes(search_quotes, rank) VALUES ('automerge', 8);
    "#,
    // 11: each article's actors in one B-tree (its key), not a table and
    // an index of that key beside it
    r#"
    CREATE TABLE article_actors_by_key (
        article_id INTEGER NOT NULL REFERENCES articles(id), actor_id INTEGER NOT NULL REFERENCES actors(id),
        mentions INTEGER NOT NULL, PRIMARY KEY (article_id, actor_id)
    ) WITHOUT ROWID;
    INSERT INTO article_actors_by_key (article_id, actor_id, mentions)
      SELECT article_id, actor_id, mentions FROM article_actors ORDER BY article_id, actor_id;
    DROP TABLE article_actors;
    ALTER TABLE article_actors_by_key RENAME TO article_actors;
    "#,
    // 12: exact copies found through the band index (each article's
    // content band, see `fingerprint::content_band`), not through a unique
    // index of the content keys, whose random pages a commit wrote one an
    // article; the keys indexed within their story instead (the table is
    // copied: SQLite drops no constraint in place, and `migrate` turns the
    // foreign keys off around it)
    r#"
    CREATE TABLE articles_unkeyed (
        id INTEGER PRIMARY KEY, content_key TEXT NOT NULL,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        url TEXT, title TEXT, outlet TEXT, published TEXT, date_source TEXT,
        origin TEXT NOT NULL, text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    INSERT INTO articles_unkeyed (id, content_key, story_id, url, title, outlet, published, date_source, origin, text, ingested_at)
      SELECT id, content_key, story_id, url, title, outlet, published, date_source, origin, text, ingested_at FROM articles ORDER BY id;
    DROP TABLE articles;
    ALTER TABLE articles_unkeyed RENAME TO articles;
    CREATE INDEX articles_story_key ON articles(story_id, content_key);
    CREATE INDEX articles_published ON articles(published);
    "#,
    // 13: quotes under an issue in the order of their pages: each (quote,
    // issue) keyed by the issue and the quote's place (date, article,
    // start), so a page of an issue's quotes is a walk of the key however
    // few quotes name it, and found by quote through an index of its own
    // (an export's pages); was a row per pair with an index by issue alone
    r#"
    CREATE TABLE quote_issues_ordered (
        issue TEXT NOT NULL, sort_date TEXT NOT NULL, article_id INTEGER NOT NULL, q_start INTEGER NOT NULL,
        quote_id INTEGER NOT NULL REFERENCES quotes(id),
        PRIMARY KEY (issue, sort_date, article_id, q_start, quote_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO quote_issues_ordered (issue, sort_date, article_id, q_start, quote_id)
      SELECT qi.issue, coalesce(q.sort_date, ''), q.article_id, q.q_start, qi.quote_id
      FROM quote_issues qi JOIN quotes q ON q.id = qi.quote_id;
    DROP TABLE quote_issues;
    ALTER TABLE quote_issues_ordered RENAME TO quote_issues;
    CREATE INDEX quote_issues_quote ON quote_issues(quote_id);
    "#,
    // 14: the actors in the order of their pages (most mentioned first)
    "CREATE INDEX actors_by_mentions ON actors(mentions DESC, name, key);",
    // 15: an actor's quotes in the order of their pages
    "DROP INDEX quotes_actor; CREATE INDEX quotes_actor ON quotes(actor_id, sort_date, article_id, q_start, id);",
    // 16: an actor's statements (the matrix's cells a decision touches)
    "CREATE INDEX positions_actor ON positions(actor_id, issue);",
    // 17: the speakers' spellings and the quotes of no actor (`SPEAKERS`)
    SPEAKERS,
    // 18: each cell's dated statements a day (`CELL_DAYS`)
    CELL_DAYS,
    // 19: each change found by either statement (`CHANGE_SIDES`)
    CHANGE_SIDES,
    // 20: `CHANGE_SIDES_COVERED`
    CHANGE_SIDES_COVERED,
    // 21: `CHANGE_SIDES_COVERED_BEFORE`
    CHANGE_SIDES_COVERED_BEFORE,
    // 22: the record's counts (`RECORD_COUNTS`)
    RECORD_COUNTS,
    // 23: each holder's statements in the lists' order (`HOLDER_ORDER`)
    HOLDER_ORDER,
];

/// Migration 23 on either back end: each holder's statements on an issue
/// in the lists' order, an actor's in `positions_actor` (which held them
/// by actor and issue alone) and a holder's that is no actor in
/// `positions_unresolved`, so the changes at another confidence than the
/// kept ones find each statement's previous one by a seek
/// ([`crate::changes_at`]).
const HOLDER_ORDER: &str = "DROP INDEX positions_actor;
    CREATE INDEX positions_actor ON positions(actor_id, issue, sort_date, article_id, ev_start, id);
    CREATE INDEX positions_unresolved ON positions(holder, issue, sort_date, article_id, ev_start, id) WHERE actor_id IS NULL;";

/// Migration 22 on either back end: the counts of articles, stories,
/// quotes and statements, kept by each transaction that adds to them, so
/// the page's summary reads one row (counting them took 14-17 ms at
/// 100,000 articles, and grew with the record); and `writes`, the
/// transactions that stored statements, and `redone`, the reanalyses, by
/// which a server knows what it keeps of the decisions still holds
/// ([`crate::DecisionsCache`]).
const RECORD_COUNTS: &str = r#"
    CREATE TABLE record_counts (
        articles {int} NOT NULL, stories {int} NOT NULL, quotes {int} NOT NULL, positions {int} NOT NULL,
        writes {int} NOT NULL, redone {int} NOT NULL
    );
    INSERT INTO record_counts (articles, stories, quotes, positions, writes, redone)
      SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories),
             (SELECT count(*) FROM quotes), (SELECT count(*) FROM positions), 0, 0;
"#;

/// Migration 17 on either back end: the spellings a quote names its
/// speaker by, each once with its actor (0: none), so a name finds every
/// actor quoted under it; and the quotes of no actor by speaker, in the
/// order of their pages.
const SPEAKERS: &str = r#"
    CREATE TABLE speakers (speaker TEXT NOT NULL, actor_id {int} NOT NULL, PRIMARY KEY (speaker, actor_id)){without_rowid};
    INSERT INTO speakers (speaker, actor_id)
      SELECT DISTINCT speaker, coalesce(actor_id, 0) FROM quotes WHERE speaker IS NOT NULL;
    CREATE INDEX quotes_unresolved ON quotes(speaker, sort_date, article_id, q_start, id) WHERE actor_id IS NULL;
"#;

/// Migration 18 on either back end: the matrix as of a date in bounded
/// reads: each cell's dated statements a day (how many, and the latest),
/// kept at ingest, so the count up to a date sums its days and the latest
/// is its last day's.
const CELL_DAYS: &str = r#"
    CREATE TABLE cell_days (
        actor_id {int} NOT NULL, issue TEXT NOT NULL, day TEXT NOT NULL, statements {int} NOT NULL,
        article_id {int} NOT NULL, ev_start {int} NOT NULL, position_id {int} NOT NULL,
        PRIMARY KEY (actor_id, issue, day)
    ){without_rowid};
    INSERT INTO cell_days (actor_id, issue, day, statements, article_id, ev_start, position_id)
      SELECT actor_id, issue, sort_date, n, article_id, ev_start, id FROM (
        SELECT actor_id, issue, sort_date, article_id, ev_start, id,
          count(*) OVER (PARTITION BY actor_id, issue, sort_date) AS n,
          row_number() OVER (PARTITION BY actor_id, issue, sort_date ORDER BY article_id DESC, ev_start DESC, id DESC) AS k
        FROM positions WHERE actor_id IS NOT NULL AND sort_date > ''
      ) AS t WHERE k = 1;
"#;

/// Migration 19 on either back end: each kept change found by the id of
/// either of its statements, so the review queue finds the changes of the
/// statements stored last without reading those of every date after the
/// earliest of them (an archive stored in no order of date).
const CHANGE_SIDES: &str = "CREATE INDEX stance_changes_after ON stance_changes(after_id);
    CREATE INDEX stance_changes_before ON stance_changes(before_id);";

/// Migration 20 on either back end: the index of the later statement holds
/// the earlier too, so the review queue reads both sides of its window's
/// changes from the indexes alone.
const CHANGE_SIDES_COVERED: &str = "DROP INDEX stance_changes_after;
    CREATE INDEX stance_changes_after ON stance_changes(after_id, before_id);";

/// Migration 21 on either back end: the index of the earlier statement
/// holds the later too. On SQLite it already did (the table's key rides in
/// its indexes), so its entries do not grow; on PostgreSQL the review
/// queue no longer goes to the table for them.
const CHANGE_SIDES_COVERED_BEFORE: &str = "DROP INDEX stance_changes_before;
    CREATE INDEX stance_changes_before ON stance_changes(before_id, after_id);";

/// The most a search table's pending terms hold in memory before they are
/// flushed (migration 10; FTS5's own default is a mebibyte).
pub const SEARCH_HASH_BYTES: usize = 8 << 20;

/// The schema version a writer migrates a record to (on either back end).
pub const SCHEMA_VERSION: usize = 23;
const _: () = assert!(
    SQLITE_MIGRATIONS.len() == SCHEMA_VERSION && POSTGRES_MIGRATIONS.len() == SCHEMA_VERSION
);

/// SQL written once for both back ends (a migration, or what undoes one)
/// in the words of one: `{int}` its 64-bit integer type, `{without_rowid}`
/// SQLite's table without a rowid (a plain table on PostgreSQL).
pub(crate) fn in_dialect(sql: &str, postgres: bool) -> String {
    let (int, without_rowid) = if postgres {
        ("BIGINT", "")
    } else {
        ("INTEGER", " WITHOUT ROWID")
    };
    sql.replace("{int}", int)
        .replace("{without_rowid}", without_rowid)
}

/// A record of a schema this attache does not know (written by a newer
/// one) is not written to: its writes might not keep what that schema
/// keeps (such as migration 12's content bands).
fn newer_schema(version: usize) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(DbError(format!(
            "the record was made by a newer attache (schema {version}; this one knows {SCHEMA_VERSION}): upgrade attache to write to it"
        )));
    }
    Ok(())
}

/// The migration that adds `story_bands`, filled from the stored signatures.
const STORY_BANDS_MIGRATION: usize = 2;
/// The migration that adds `reviews`.
const REVIEWS_MIGRATION: usize = 3;
/// The migration that adds `latest_positions`, filled from the statements.
const LATEST_MIGRATION: usize = 4;
/// The migration that adds the actors' counts and the stance changes kept
/// at ingest, filled from the record.
const KEPT_MIGRATION: usize = 5;
/// The migration that splits SQLite's search by kind, over the rows' own text.
const SEARCH_TABLES_MIGRATION: usize = 7;
/// The migration that adds `story_sketches`.
pub(crate) const SKETCHES_MIGRATION: usize = 8;
/// The migration after which SQLite finds exact copies by their content
/// bands (filled from the articles), with no unique index of the keys.
pub(crate) const CONTENT_BANDS_MIGRATION: usize = 12;
/// The migration that keys each quote's issues by the issue and the
/// quote's place in the pages.
const ORDERED_QUOTE_ISSUES_MIGRATION: usize = 13;
/// The migration that indexes the statements by actor.
const ACTOR_STATEMENTS_MIGRATION: usize = 16;
/// The migration that adds `speakers` and `quotes_unresolved`.
const SPEAKERS_MIGRATION: usize = 17;
/// The migration that adds `cell_days`.
const DATED_CELLS_MIGRATION: usize = 18;
/// The migration that indexes each kept change by both its statements.
const CHANGE_SIDES_MIGRATION: usize = 19;
/// The migration that adds `record_counts`.
const COUNTS_MIGRATION: usize = 22;
/// The migration that keeps each holder's statements in the lists' order.
const HOLDER_ORDER_MIGRATION: usize = 23;

const POSTGRES_MIGRATIONS: &[&str] = &[
    r#"
    CREATE TABLE stories (id BIGSERIAL PRIMARY KEY, minhash BYTEA NOT NULL, first_article BIGINT);
    CREATE TABLE articles (
        id BIGSERIAL PRIMARY KEY, content_key TEXT NOT NULL UNIQUE,
        story_id BIGINT NOT NULL REFERENCES stories(id),
        url TEXT, title TEXT, outlet TEXT, published TEXT, date_source TEXT,
        origin TEXT NOT NULL, text TEXT NOT NULL,
        ingested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_tsv ON articles USING GIN (tsv);
    CREATE TABLE actors (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT, affiliation TEXT);
    CREATE TABLE article_actors (
        article_id BIGINT NOT NULL REFERENCES articles(id), actor_id BIGINT NOT NULL REFERENCES actors(id),
        mentions BIGINT NOT NULL, PRIMARY KEY (article_id, actor_id)
    );
    CREATE TABLE quotes (
        id BIGSERIAL PRIMARY KEY, article_id BIGINT NOT NULL REFERENCES articles(id), actor_id BIGINT REFERENCES actors(id),
        speaker TEXT, text TEXT NOT NULL, q_start BIGINT NOT NULL, q_end BIGINT NOT NULL, kind TEXT NOT NULL, cue TEXT,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
    );
    CREATE INDEX quotes_actor ON quotes(actor_id);
    CREATE INDEX quotes_tsv ON quotes USING GIN (tsv);
    CREATE TABLE quote_issues (quote_id BIGINT NOT NULL REFERENCES quotes(id), issue TEXT NOT NULL);
    CREATE INDEX quote_issues_issue ON quote_issues(issue);
    CREATE TABLE positions (
        id BIGSERIAL PRIMARY KEY, article_id BIGINT NOT NULL REFERENCES articles(id), actor_id BIGINT REFERENCES actors(id),
        holder TEXT NOT NULL, affiliation TEXT, issue TEXT NOT NULL, stance BIGINT NOT NULL, confidence DOUBLE PRECISION NOT NULL,
        evidence TEXT NOT NULL, ev_start BIGINT NOT NULL, ev_end BIGINT NOT NULL
    );
    CREATE INDEX positions_issue ON positions(issue, actor_id);
    "#,
    r#"
    CREATE TABLE story_bands (band BIGINT NOT NULL, story_id BIGINT NOT NULL REFERENCES stories(id));
    CREATE INDEX story_bands_band ON story_bands(band);
    "#,
    r#"
    CREATE TABLE reviews (
        id BIGSERIAL PRIMARY KEY, target TEXT NOT NULL, action TEXT NOT NULL, decision TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
    );
    CREATE INDEX reviews_target ON reviews(target);
    "#,
    r#"
    CREATE TABLE latest_positions (
        actor TEXT NOT NULL, issue TEXT NOT NULL, statements BIGINT NOT NULL,
        dated BIGINT NOT NULL, published TEXT NOT NULL, article_id BIGINT NOT NULL,
        ev_start BIGINT NOT NULL, position_id BIGINT NOT NULL,
        PRIMARY KEY (actor, issue)
    );
    CREATE INDEX story_bands_band_story ON story_bands(band, story_id);
    DROP INDEX story_bands_band;
    ALTER TABLE positions ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
    ALTER TABLE quotes ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
    UPDATE positions SET sort_date = coalesce((SELECT ar.published FROM articles ar WHERE ar.id = positions.article_id), '');
    UPDATE quotes SET sort_date = coalesce((SELECT ar.published FROM articles ar WHERE ar.id = quotes.article_id), '');
    CREATE INDEX positions_timeline ON positions(issue, sort_date, article_id, ev_start, id);
    CREATE INDEX quotes_order ON quotes(sort_date, article_id, q_start, id);
    "#,
    r#"
    ALTER TABLE actors ADD COLUMN articles BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN mentions BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN quotes BIGINT NOT NULL DEFAULT 0;
    UPDATE actors SET articles = c.n, mentions = c.m
      FROM (SELECT actor_id, count(*) AS n, sum(mentions) AS m FROM article_actors GROUP BY actor_id) AS c
      WHERE c.actor_id = actors.id;
    UPDATE actors SET quotes = c.n
      FROM (SELECT actor_id, count(*) AS n FROM quotes WHERE actor_id IS NOT NULL GROUP BY actor_id) AS c
      WHERE c.actor_id = actors.id;
    CREATE TABLE stance_sequence (
        actor TEXT NOT NULL, issue TEXT NOT NULL, sort_date TEXT NOT NULL, article_id BIGINT NOT NULL,
        ev_start BIGINT NOT NULL, position_id BIGINT NOT NULL, stance BIGINT NOT NULL,
        PRIMARY KEY (actor, issue, sort_date, article_id, ev_start, position_id)
    );
    CREATE TABLE stance_changes (
        sort_date TEXT NOT NULL, article_id BIGINT NOT NULL, ev_start BIGINT NOT NULL, after_id BIGINT NOT NULL,
        before_id BIGINT NOT NULL, before_dated BIGINT NOT NULL,
        PRIMARY KEY (sort_date, article_id, ev_start, after_id)
    );
    "#,
    r#"
    CREATE TABLE story_bands_recent (band BIGINT NOT NULL, story_id BIGINT NOT NULL, PRIMARY KEY (band, story_id));
    CREATE TABLE story_bands_mid (band BIGINT NOT NULL, story_id BIGINT NOT NULL, PRIMARY KEY (band, story_id));
    CREATE TABLE story_bands_rest (band BIGINT NOT NULL, story_id BIGINT NOT NULL, PRIMARY KEY (band, story_id));
    INSERT INTO story_bands_rest (band, story_id) SELECT DISTINCT band, story_id FROM story_bands ORDER BY band, story_id;
    DROP TABLE story_bands;
    "#,
    // 7: nothing here (SQLite's search tables; PostgreSQL searches the
    // articles' and quotes' own `tsv` columns)
    "",
    // 8: each story's sketch
    r#"
    CREATE TABLE story_sketches (story_id BIGINT PRIMARY KEY REFERENCES stories(id), sketch BYTEA NOT NULL);
    "#,
    // 9: no index of statements by issue and actor
    "DROP INDEX IF EXISTS positions_issue;",
    // 10: nothing here (SQLite's search tables' settings)
    "",
    // 11: nothing here (SQLite's article actors without a rowid)
    "",
    // 12: nothing here (SQLite's content bands: PostgreSQL's writers keep
    // the unique index, which settles two of them storing one text at once)
    "",
    // 13: quotes under an issue in the order of their pages (as SQLite's)
    r#"
    CREATE TABLE quote_issues_ordered (
        issue TEXT NOT NULL, sort_date TEXT NOT NULL, article_id BIGINT NOT NULL, q_start BIGINT NOT NULL,
        quote_id BIGINT NOT NULL REFERENCES quotes(id),
        PRIMARY KEY (issue, sort_date, article_id, q_start, quote_id)
    );
    INSERT INTO quote_issues_ordered (issue, sort_date, article_id, q_start, quote_id)
      SELECT DISTINCT qi.issue, coalesce(q.sort_date, ''), q.article_id, q.q_start, qi.quote_id
      FROM quote_issues qi JOIN quotes q ON q.id = qi.quote_id;
    DROP TABLE quote_issues;
    ALTER TABLE quote_issues_ordered RENAME TO quote_issues;
    CREATE INDEX quote_issues_quote ON quote_issues(quote_id);
    "#,
    // 14: the actors in the order of their pages (as SQLite's)
    "CREATE INDEX actors_by_mentions ON actors(mentions DESC, name, key);",
    // 15: an actor's quotes in the order of their pages (as SQLite's)
    "DROP INDEX quotes_actor; CREATE INDEX quotes_actor ON quotes(actor_id, sort_date, article_id, q_start, id);",
    // 16: an actor's statements (as SQLite's)
    "CREATE INDEX positions_actor ON positions(actor_id, issue);",
    // 17 to 23: as SQLite's
    SPEAKERS,
    CELL_DAYS,
    CHANGE_SIDES,
    CHANGE_SIDES_COVERED,
    CHANGE_SIDES_COVERED_BEFORE,
    RECORD_COUNTS,
    HOLDER_ORDER,
];

/// Above this many issues, a page of the statements on every issue is
/// read in one sorted query, not merged from each issue's walk.
const MERGED_ISSUES: usize = 64;

/// Above this many actors and spellings that a name finds, a page of
/// their quotes is one walk of all quotes, not merged from each one's.
const MERGED_WALKS: usize = 64;

/// Stories a band key holds at most. A band that many different stories
/// share is boilerplate (a sign-off, a stock phrase), no sign of a copy:
/// it is no longer a candidate and takes no more stories, so finding a
/// story reads a bounded number of rows however large the record grows.
/// Copies are found by their other bands.
const FULL_BAND: usize = 32;

/// Sequences whose latest statement a writer keeps in memory at most
/// (`Store::sequence_last`); past it, it forgets them all and reads again.
const SEQUENCES_KNOWN: usize = 1 << 18;

/// The band index's levels, newest first, each with the rows at which it
/// is merged into the next (the last holds the rest). A new story's band
/// keys are random, so each commit rewrites nearly every page of the table
/// they go to that it touches: into one table of every band (16 rows a
/// story, and an article's content band) that is a page or more per
/// article once the record is large.
/// Into a small table it is a fraction of one, and a merge writes its rows
/// into the next in key order, each page of it once; every level is read
/// at a look-up. With tables of 65,536 and 1,048,576 rows (4,096 and
/// 65,536 stories), a story's bands cost about one page in each merge at
/// a million articles (docs/record.md).
pub(crate) const BAND_LEVELS: [&str; 3] =
    ["story_bands_recent", "story_bands_mid", "story_bands_rest"];
const BAND_LEVEL_ROWS: [usize; 2] = [1 << 16, 1 << 20];

/// Advisory lock keys on PostgreSQL: the migrator's (band keys lock stories).
const MIGRATION_LOCK: i64 = 7406375;
/// The band index's merger's (one writer merges at a time).
const MERGE_LOCK: i64 = 7406377;

pub struct Store {
    pub(crate) db: Backend,
    /// Search rows (text, kind, ref) of this transaction, written at its
    /// end: FTS5 writes its pending terms to disk at every savepoint, so
    /// rows inserted inside the per-article savepoints cost a segment each.
    pending_search: Vec<(String, SearchKind, i64)>,
    /// New stories' band keys, written at the commit.
    pending_bands: PendingBands,
    /// Whether the schema has the `reviews` table (a read-only open of an
    /// older record has none, and cannot add it).
    pub(crate) has_reviews: bool,
    /// Whether the schema has migration 4 (`latest_positions`, the sort
    /// dates), as `has_reviews`.
    pub(crate) has_latest: bool,
    /// Whether the schema has migration 5 (the actors' counts, the stance
    /// changes), as `has_reviews`.
    pub(crate) has_kept: bool,
    /// Whether the schema has migration 7 (SQLite's search tables by
    /// kind), as `has_reviews`.
    pub(crate) has_search_tables: bool,
    /// Whether the record has `story_sketches` (migration 8).
    has_sketches: bool,
    /// Whether exact copies are found by their content bands (SQLite's
    /// migration 12), not by a unique index of the content keys.
    has_content_bands: bool,
    /// Whether `quote_issues` is keyed by the issue and the quote's place
    /// (migration 13).
    has_ordered_quote_issues: bool,
    /// Counts of this transaction's articles per actor (id, articles,
    /// mentions, quotes), added to `actors` at its end as the search rows
    /// are written (an article rolled back to its savepoint drops its own).
    pending_counts: Vec<(i64, i64, i64, i64)>,
    /// This transaction's statements, written to `latest_positions` at its
    /// end, one row per cell (an article rolled back to its savepoint drops
    /// its own).
    pending_latest: Vec<LatestCell>,
    /// This transaction's statements for `stance_sequence`, by sequence
    /// (actor key, issue) and order (stance), and as rows to write.
    sequence_pending:
        std::collections::HashMap<(String, String), std::collections::BTreeMap<Order, i64>>,
    sequence_rows: Vec<SequenceRow>,
    /// The latest committed statement (order, stance) of each sequence
    /// this writer has read or written, `None` for one with none (SQLite
    /// only, forgotten when another connection commits): a statement
    /// after it needs no look-up, as most are when articles come in order
    /// of date.
    sequence_last: std::collections::HashMap<(String, String), Option<(Order, i64)>>,
    /// The latest (order, stance) this transaction writes to each
    /// sequence, known once it commits.
    sequence_written: Vec<((String, String), (Order, i64))>,
    /// Whether this transaction stores each article in a savepoint: its
    /// sequences are written article by article, so a look-up reads this
    /// transaction's rows too, and `sequence_last` (emptied when such a
    /// transaction begins) is not filled.
    careful_transaction: bool,
    /// This transaction's changes by their later statement: set (before id,
    /// whether it is dated) or gone.
    change_ops: std::collections::BTreeMap<Order, Option<(i64, i64)>>,
    /// Whether statements join their sequences as they are stored (not
    /// while `reanalyse` rebuilds them whole).
    sequences_on: bool,
    /// Actors upserted in this transaction: key → (id, name length, role
    /// and affiliation known), so a batch writes each actor once.
    actor_ids: std::collections::HashMap<String, (i64, usize, bool, bool)>,
    /// Advisory locks this transaction holds (PostgreSQL): band keys, and
    /// (space, key) pairs of sequences and actors, so a group's later
    /// articles take only new ones.
    held_bands: std::collections::HashSet<i64>,
    held_pairs: std::collections::HashSet<(i64, i32)>,
    /// Whether a group's transaction is open (see [`crate::group`]).
    group_open: bool,
    /// Whether the statements are indexed by actor (migration 16).
    pub(crate) has_actor_statements: bool,
    /// Whether the record has `speakers` and `quotes_unresolved` (migration 17).
    pub(crate) has_speakers: bool,
    /// Whether `cell_days` keeps each cell's statements a day (migration 18).
    pub(crate) has_dated_cells: bool,
    /// Whether `stance_changes` is indexed by both statements (migration 19).
    pub(crate) has_change_sides: bool,
    /// Whether `record_counts` keeps the record's counts (migration 22).
    pub(crate) has_counts: bool,
    /// Whether each holder's statements are indexed in the lists' order
    /// (migration 23).
    pub(crate) has_holder_order: bool,
    /// The transaction's articles, stories, quotes and statements, added
    /// to `record_counts` at its end.
    pending_totals: [i64; 4],
    /// Each stored dated statement of an actor: (actor, issue, day, and
    /// its place: article, start, id), into `cell_days` at the
    /// transaction's end.
    pending_days: Vec<CellDay>,
    /// Each stored quote's spelling of its speaker and its actor (0: none),
    /// written to `speakers` at the transaction's end.
    pending_speakers: Vec<(String, i64)>,
    /// Rows at which each level of the band index but the last is merged
    /// into the next ([`BAND_LEVEL_ROWS`]; smaller in tests).
    band_level_rows: [usize; 2],
    /// The thread that checkpoints the write-ahead log while an ingest
    /// writes (see [`Store::checkpoint_in_background`]).
    checkpoints: Option<crate::checkpoint::Checkpoints>,
    /// The writer's filter of the band index's keys (SQLite only).
    band_filter: BandFilterState,
    /// Look-ups before a filter is built ([`BAND_FILTER_AFTER`]; 0 in tests).
    band_filter_after: usize,
    /// `PRAGMA data_version` at the start of this writer's last
    /// transaction: it changes when another connection commits.
    data_version_seen: Option<i64>,
    /// PostgreSQL: this transaction's article actors, quotes, their
    /// issues and statements not written yet (see [`crate::copy_rows`]).
    copy_rows: PendingRows,
    /// Bytes of `copy_rows` past which they are written at once
    /// ([`COPY_BOUND`]; smaller in tests).
    copy_bound: usize,
    /// Holders no decision touches that walk their sequences for the
    /// changes as reviewed, if no more are left
    /// ([`crate::review::WALKED_AS_LEFT`]; 0 in tests of the other way).
    pub(crate) walked_as_left: usize,
    /// The decisions and their edits shared with other stores of the
    /// record ([`crate::DecisionsCache`]; a server's).
    pub(crate) decisions_cache: Option<crate::DecisionsCache>,
    /// PostgreSQL: quote and statement ids drawn for this transaction.
    ids: IdBlocks,
}

/// Where a writer's [`crate::band_filter`] stands.
enum BandFilterState {
    /// Not built yet: the look-ups made without it.
    Counting(usize),
    /// Built, and true (every key of every level is in it).
    Built(crate::band_filter::BandFilter),
    /// Another connection has written (it may have added keys the writer
    /// never saw): every look-up reads every level from then on.
    Off,
}

/// Story look-ups a writer makes before it builds a [`crate::band_filter`]:
/// the build reads every key of the index (about 2 s at a million
/// articles), worth it for an ingest of a thousand articles or more.
const BAND_FILTER_AFTER: usize = 1024;

/// Statements of one actor on one issue, for its cell of
/// `latest_positions`: how many, and the latest of them.
struct LatestCell {
    actor: String,
    issue: String,
    statements: i64,
    published: Option<String>,
    article: i64,
    ev_start: i64,
    position: i64,
}

impl LatestCell {
    /// Where its latest statement falls in the record's order: undated
    /// first, then by date, article and place.
    fn order(&self) -> (bool, &str, i64, i64) {
        let date = self.published.as_deref();
        (
            date.is_some(),
            date.unwrap_or(""),
            self.article,
            self.ev_start,
        )
    }
}

/// Which of SQLite's search tables a row goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SearchKind {
    Article,
    Quote,
}

impl SearchKind {
    const ALL: [SearchKind; 2] = [SearchKind::Article, SearchKind::Quote];

    /// Its FTS5 table (migration 7).
    fn table(self) -> &'static str {
        match self {
            SearchKind::Article => "search_articles",
            SearchKind::Quote => "search_quotes",
        }
    }
}

/// A statement of an actor on an issue, read at least [`CHANGE_CONFIDENCE`],
/// as it joins its sequence.
struct SequenceRow {
    position: i64,
    actor: String,
    issue: String,
    sort_date: String,
    article: i64,
    ev_start: i64,
    stance: i64,
}

/// What decisions on single statements change in one sequence (a holder's
/// as reviewed, on an issue): statements taken out, stances corrected,
/// and the statements that join it, (order, stance) in order.
#[derive(Clone, Copy)]
pub(crate) struct SequenceEdit<'a> {
    pub(crate) out: &'a std::collections::HashSet<i64>,
    pub(crate) restanced: &'a HashMap<i64, i64>,
    pub(crate) joining: &'a [(Order, i64)],
}

impl SequenceEdit<'_> {
    /// A stored statement (order, stance) as edited: none if taken out.
    fn kept(&self, (at, stance): (Order, i64)) -> Option<(Order, i64)> {
        if self.out.contains(&at.3) {
            return None;
        }
        let stance = self.restanced.get(&at.3).copied().unwrap_or(stance);
        Some((at, stance))
    }
}

/// A place in a sequence of statements, and of a change (by its later
/// statement): date ('' for none), article, offset, statement id.
pub(crate) type Order = (String, i64, i64, i64);

impl SequenceRow {
    fn order(&self) -> Order {
        (
            self.sort_date.clone(),
            self.article,
            self.ev_start,
            self.position,
        )
    }
}

/// An article ready to store: as read, its analysis, and its fingerprint
/// (worked out beside the analysis).
pub struct Analysed<'a> {
    pub raw: &'a RawArticle,
    pub analysis: &'a Analysis,
    pub fingerprint: &'a Fingerprint,
    /// The catalogue's issues of each of the analysis's quotes, in order.
    pub quote_issues: &'a [Vec<String>],
}

/// What writing articles into a group's open transaction did.
pub(crate) enum GroupStep {
    /// Written, each with its outcome (stored once the group commits).
    Written(Vec<Result<Outcome>>),
    /// Nothing written: a lock they need is another writer's.
    Busy,
    /// Nothing written, the group rolled back: an article failed.
    Failed,
}

/// What ingesting one article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new story.
    Stored,
    /// Another copy of a stored story (syndicated or lightly edited).
    Copy,
    /// Exactly this text is stored already.
    Duplicate,
}

impl Store {
    /// Opens a record: a SQLite file path, or a `postgres://` URL; creates
    /// or migrates its schema (safe for several processes at once).
    pub fn open(spec: impl AsRef<std::path::Path>) -> Result<Store> {
        let spec = spec.as_ref().to_string_lossy().to_string();
        let mut store = Store::on(Backend::open(&spec)?, true);
        store.migrate()?;
        Ok(store)
    }

    /// A store on `db`, nothing pending. `tables_known`: the tables of
    /// the latest schema may be assumed (a writer migrates to it); a reader
    /// finds out which the record has.
    fn on(db: Backend, tables_known: bool) -> Store {
        let has_content_bands = tables_known && !db.is_postgres();
        Store {
            db,
            pending_search: Vec::new(),
            pending_bands: PendingBands::default(),
            has_reviews: tables_known,
            has_latest: tables_known,
            has_kept: tables_known,
            has_search_tables: tables_known,
            has_sketches: tables_known,
            has_content_bands,
            has_ordered_quote_issues: tables_known,
            pending_counts: Vec::new(),
            pending_latest: Vec::new(),
            sequence_pending: std::collections::HashMap::new(),
            sequence_rows: Vec::new(),
            sequence_last: std::collections::HashMap::new(),
            sequence_written: Vec::new(),
            careful_transaction: false,
            change_ops: std::collections::BTreeMap::new(),
            sequences_on: true,
            actor_ids: std::collections::HashMap::new(),
            held_bands: std::collections::HashSet::new(),
            held_pairs: std::collections::HashSet::new(),
            group_open: false,
            has_actor_statements: tables_known,
            has_speakers: tables_known,
            has_dated_cells: tables_known,
            has_change_sides: tables_known,
            has_counts: tables_known,
            has_holder_order: tables_known,
            pending_totals: [0; 4],
            pending_days: Vec::new(),
            pending_speakers: Vec::new(),
            band_level_rows: BAND_LEVEL_ROWS,
            checkpoints: None,
            band_filter: BandFilterState::Counting(0),
            band_filter_after: BAND_FILTER_AFTER,
            data_version_seen: None,
            copy_rows: PendingRows::default(),
            copy_bound: COPY_BOUND,
            walked_as_left: crate::review::WALKED_AS_LEFT,
            decisions_cache: None,
            ids: IdBlocks::default(),
        }
    }

    /// Sets the rows at which the band index's first two levels are
    /// merged into the next (for tests: the levels' work on a small record).
    #[doc(hidden)]
    pub fn set_band_level_rows(&mut self, rows: [usize; 2]) {
        self.band_level_rows = rows;
    }

    /// Sets the bytes of rows held for `COPY` past which they are written
    /// at once (PostgreSQL; for tests: a batch's rows in several parts).
    #[doc(hidden)]
    pub fn set_copy_bound(&mut self, bytes: usize) {
        self.copy_bound = bytes;
    }

    /// Sets how many holders no decision touches may walk their sequences
    /// for the changes as reviewed (for tests: 0, none, reads the kept
    /// changes of the others).
    #[doc(hidden)]
    pub fn set_walked_as_left(&mut self, holders: usize) {
        self.walked_as_left = holders;
    }

    /// The rows held for `COPY` written (PostgreSQL; none held on SQLite).
    fn write_copy_rows(&mut self) -> Result<()> {
        self.copy_rows.write(&mut self.db)
    }

    /// From now on, until [`Store::checkpoint_in_foreground`], the
    /// write-ahead log of a SQLite record is checkpointed by a thread of its
    /// own after each commit, not by the writer (see [`crate::checkpoint`]).
    /// Nothing changes on PostgreSQL or in memory.
    /// If the thread cannot start, the writer goes on checkpointing itself.
    pub fn checkpoint_in_background(&mut self) {
        let Some(file) = self.db.sqlite_file() else {
            return;
        };
        if self.checkpoints.is_none()
            && let Ok(thread) = crate::checkpoint::Checkpoints::start(&file)
            && self.db.set_autocheckpoint(0).is_ok()
        {
            self.checkpoints = Some(thread);
        }
    }

    /// The writer checkpoints again, once the thread has finished the
    /// checkpoint it was told of.
    pub fn checkpoint_in_foreground(&mut self) {
        if self.checkpoints.take().is_some() {
            // failing, the log is checkpointed when the record is closed
            let _ = self
                .db
                .set_autocheckpoint(crate::backend::AUTOCHECKPOINT_PAGES);
        }
    }

    /// Begins a transaction that stores articles: a long log is
    /// checkpointed first, so the transaction starts it again (see
    /// [`crate::checkpoint`]), and the band filter is checked under the
    /// write lock before any look-up.
    fn begin_writing(&mut self) -> Result<()> {
        if let Some(c) = &self.checkpoints {
            c.settle();
        }
        self.db.begin()?;
        self.careful_transaction = false;
        self.check_other_writers();
        Ok(())
    }

    /// After a commit: tells the checkpoint thread, if there is one (and
    /// checkpoints in the writer again if it has ended). Never an error:
    /// what was committed is reported as committed.
    fn committed(&mut self) {
        if self.checkpoints.as_ref().is_some_and(|c| !c.notice()) {
            self.checkpoint_in_foreground();
        }
    }

    /// Builds the band filter after `lookups` story look-ups (for tests:
    /// 0, at once).
    #[doc(hidden)]
    pub fn set_band_filter_after(&mut self, lookups: usize) {
        self.band_filter_after = lookups;
    }

    /// Whether story look-ups go through a band filter now (for tests).
    #[doc(hidden)]
    pub fn band_filter_keys(&self) -> Option<usize> {
        match &self.band_filter {
            BandFilterState::Built(f) => Some(f.keys()),
            _ => None,
        }
    }

    /// After a SQLite transaction began (holding the write lock): if
    /// another connection has committed since this writer's last
    /// transaction began, it may have added keys a filter lacks, so the
    /// filter is off for good (as it is if the version cannot be read),
    /// and it may have added statements to sequences, so the latest known
    /// of each is forgotten.
    fn check_other_writers(&mut self) {
        if self.db.is_postgres() {
            return;
        }
        let version = self
            .db
            .query_one("PRAGMA data_version", &[])
            .ok()
            .flatten()
            .map(|r| r[0].int());
        let alone = version.is_some_and(|v| self.data_version_seen.is_none_or(|seen| seen == v));
        self.data_version_seen = version;
        if !alone {
            self.band_filter = BandFilterState::Off;
            self.sequence_last.clear();
        }
    }

    /// The band filter over every key of every level, as this
    /// transaction sees them, sized for as many again: a full filter is
    /// rebuilt from the record, so each doubling of the keys costs one
    /// read of them (a quarter more cost five reads, and evicted the pages
    /// the writer was using as many times).
    fn build_band_filter(&mut self) -> Result<crate::band_filter::BandFilter> {
        let mut keys = 0usize;
        for table in BAND_LEVELS {
            keys += self.rows_in(table)? as usize;
        }
        keys += self.pending_bands.mark();
        let mut filter = crate::band_filter::BandFilter::with_capacity(keys * 2);
        for table in BAND_LEVELS {
            self.db
                .for_each_int(&format!("SELECT band FROM {table}"), |k| filter.insert(k))?;
        }
        self.pending_bands.bands().for_each(|k| filter.insert(k));
        Ok(filter)
    }

    /// The filter to look up through: built once enough look-ups were
    /// made without one (SQLite only, not once another writer wrote).
    fn band_filter_for_lookup(&mut self) -> Result<Option<&crate::band_filter::BandFilter>> {
        if self.db.is_postgres() {
            return Ok(None);
        }
        if let BandFilterState::Counting(lookups) = &mut self.band_filter {
            *lookups += 1;
            if *lookups > self.band_filter_after {
                self.band_filter = BandFilterState::Built(self.build_band_filter()?);
            }
        }
        Ok(match &self.band_filter {
            BandFilterState::Built(filter) => Some(filter),
            _ => None,
        })
    }

    /// Rows in each level of the band index, newest first (for tests).
    #[doc(hidden)]
    pub fn band_level_counts(&mut self) -> Result<Vec<i64>> {
        BAND_LEVELS.iter().map(|t| self.rows_in(t)).collect()
    }

    /// Rows in a table of the record.
    fn rows_in(&mut self, table: &str) -> Result<i64> {
        let sql = format!("SELECT count(*) FROM {table}");
        Ok(self.db.query_one(&sql, &[])?.map_or(0, |r| r[0].int()))
    }

    /// Whether `spec` names a record that can be opened without creating
    /// one: a URL (the server decides), or a file that is there.
    pub fn exists(spec: &str) -> bool {
        is_url(spec) || std::path::Path::new(spec).exists()
    }

    /// Opens a record that is already there, for reading only: never
    /// creates a file or a schema, never changes the journal mode, and
    /// refuses to write (SQLite read-only, PostgreSQL read-only transactions).
    pub fn open_existing(spec: &str) -> Result<Store> {
        if !Store::exists(spec) {
            return Err(DbError(format!(
                "no record at {}: the file does not exist (put articles in with `attache ingest`)",
                redact(spec)
            )));
        }
        let mut store = Store::on(Backend::open_read_only(spec)?, false);
        let version = if store.db.is_postgres() {
            let exists = store
                .db
                .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])?
                .is_some_and(|r| r[0].int() != 0);
            if exists { store.schema_version()? } else { 0 }
        } else {
            store.schema_version()?
        };
        if version == 0 {
            return Err(DbError(format!(
                "{} holds no record yet (no schema): put articles in with `attache ingest`",
                redact(spec)
            )));
        }
        store.has_reviews = version >= REVIEWS_MIGRATION;
        store.has_latest = version >= LATEST_MIGRATION;
        store.has_kept = version >= KEPT_MIGRATION;
        store.has_search_tables = version >= SEARCH_TABLES_MIGRATION;
        store.has_sketches = version >= SKETCHES_MIGRATION;
        store.has_content_bands = !store.db.is_postgres() && version >= CONTENT_BANDS_MIGRATION;
        store.has_ordered_quote_issues = version >= ORDERED_QUOTE_ISSUES_MIGRATION;
        store.has_actor_statements = version >= ACTOR_STATEMENTS_MIGRATION;
        store.has_speakers = version >= SPEAKERS_MIGRATION;
        store.has_dated_cells = version >= DATED_CELLS_MIGRATION;
        store.has_change_sides = version >= CHANGE_SIDES_MIGRATION;
        store.has_counts = version >= COUNTS_MIGRATION;
        store.has_holder_order = version >= HOLDER_ORDER_MIGRATION;
        Ok(store)
    }

    fn migrations(&self) -> &'static [&'static str] {
        if self.db.is_postgres() {
            POSTGRES_MIGRATIONS
        } else {
            SQLITE_MIGRATIONS
        }
    }

    /// Applies the missing migrations in one transaction that holds the
    /// write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), the
    /// version read inside it: two processes never both create the schema.
    fn migrate(&mut self) -> Result<()> {
        // SQLite copies `articles`, which other tables refer to, into a
        // new table (migration 12): their foreign keys off meanwhile, as
        // SQLite's own procedure for such a change has it (outside the
        // transaction, where the setting can change)
        let copies_articles = !self.db.is_postgres() && {
            let version = self.schema_version()?;
            if version >= SQLITE_MIGRATIONS.len() {
                return newer_schema(version);
            }
            version < CONTENT_BANDS_MIGRATION
        };
        if copies_articles {
            self.db.batch("PRAGMA foreign_keys = OFF")?;
        }
        // the foreign keys back on whatever fails (a busy record, a step)
        let done = match self.db.begin() {
            Ok(()) => match self.migrate_in_transaction() {
                Ok(()) => self.db.commit(),
                Err(e) => {
                    let _ = self.db.rollback();
                    Err(e)
                }
            },
            Err(e) => Err(e),
        };
        if copies_articles {
            self.db.batch("PRAGMA foreign_keys = ON")?;
        }
        done
    }

    fn migrate_in_transaction(&mut self) -> Result<()> {
        if self.db.is_postgres() {
            self.db.query(
                "SELECT pg_advisory_xact_lock(?1)",
                &[Val::Int(MIGRATION_LOCK)],
            )?;
            self.db
                .batch("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT NOT NULL)")?;
        }
        let version = self.schema_version()?;
        newer_schema(version)?;
        for (k, sql) in self.migrations().iter().enumerate().skip(version) {
            self.db.batch(&in_dialect(sql, self.db.is_postgres()))?;
            if k + 1 == STORY_BANDS_MIGRATION {
                self.fill_story_bands()?;
            }
            if k + 1 == LATEST_MIGRATION {
                self.fill_latest_positions()?;
            }
            if k + 1 == KEPT_MIGRATION {
                self.fill_stance_changes()?;
            }
            if k + 1 == SKETCHES_MIGRATION {
                self.fill_story_sketches()?;
            }
            if k + 1 == CONTENT_BANDS_MIGRATION && !self.db.is_postgres() {
                self.fill_content_bands()?;
            }
            if self.db.is_postgres() {
                self.db.execute(
                    "INSERT INTO schema_migrations (version) VALUES (?1)",
                    &[Val::Int(k as i64 + 1)],
                )?;
            } else {
                self.db.batch(&format!("PRAGMA user_version = {}", k + 1))?;
            }
        }
        Ok(())
    }

    /// The sketch of every stored story (a record from before
    /// `story_sketches`), a page of stories at a time.
    fn fill_story_sketches(&mut self) -> Result<()> {
        let mut after = 0;
        loop {
            let rows = self.db.query(
                "SELECT id, minhash FROM stories WHERE id > ?1 ORDER BY id LIMIT 4096",
                &[after.into()],
            )?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            after = last[0].int();
            for row in rows {
                if let Some(sig) = row[1].blob().and_then(from_bytes) {
                    self.db.execute(
                        "INSERT INTO story_sketches (story_id, sketch) VALUES (?1, ?2)",
                        &[row[0].int().into(), Val::Blob(sketch(&sig))],
                    )?;
                }
            }
        }
    }

    /// The content band of every stored article (a record from before
    /// them), into the band index's last level in key order.
    fn fill_content_bands(&mut self) -> Result<()> {
        let (mut rows, mut after) = (Vec::new(), 0);
        while let Some((last, page)) = self.content_bands_after(after, 4096)? {
            rows.extend(page);
            after = last;
        }
        rows.sort_unstable();
        rows.dedup();
        self.write_band_rows(BAND_LEVELS[BAND_LEVELS.len() - 1], &rows)
    }

    /// The band keys of every stored story (a record from before `story_bands`).
    fn fill_story_bands(&mut self) -> Result<()> {
        for row in self.db.query("SELECT id, minhash FROM stories", &[])? {
            if let Some(sig) = row[1].blob().and_then(from_bytes) {
                let rows = distinct(&band_keys(&sig)).map(|band| (band, row[0].int()));
                self.write_band_rows("story_bands", &rows.collect::<Vec<_>>())?;
            }
        }
        Ok(())
    }

    /// A new story's band keys (each once): into the writer's filter (a
    /// key of a transaction undone stays in it: a filter may pass a key the
    /// index lacks, never the reverse), and into the newest level at the
    /// commit (see [`crate::pending_bands`]).
    fn add_story_bands(&mut self, story: i64, bands: &[i64]) {
        for band in distinct(bands) {
            if let BandFilterState::Built(filter) = &mut self.band_filter {
                filter.insert(band);
            }
            self.pending_bands.add(band, story);
        }
        if let BandFilterState::Built(filter) = &self.band_filter
            && filter.is_full()
        {
            // built larger at the next look-up
            self.band_filter = BandFilterState::Counting(self.band_filter_after);
        }
    }

    /// (band, story) rows into a level of the band index (or the table
    /// before the levels), 500 to a statement; a row held already is kept
    /// once (SQLite's OR IGNORE keeps no statement journal, as `or_fail`).
    fn write_band_rows(&mut self, table: &str, rows: &[(i64, i64)]) -> Result<()> {
        let (or_ignore, on_conflict) = if self.db.is_postgres() {
            ("", " ON CONFLICT DO NOTHING")
        } else {
            (" OR IGNORE", "")
        };
        for part in rows.chunks(500) {
            let params: Vec<Val> = part
                .iter()
                .flat_map(|&(band, story)| [Val::Int(band), Val::Int(story)])
                .collect();
            self.db.execute(
                &format!(
                    "INSERT{or_ignore} INTO {table} (band, story_id) VALUES {}{on_conflict}",
                    row_placeholders(part.len(), 2)
                ),
                &params,
            )?;
        }
        Ok(())
    }

    /// The latest statement of every actor and issue (a record from before
    /// `latest_positions`), as the statements' own transactions would have
    /// kept them, in the order they were stored.
    fn fill_latest_positions(&mut self) -> Result<()> {
        let rows = self.db.query(
            "SELECT coalesce(a.key, 'name:' || p.holder), p.issue, ar.published, ar.id, p.ev_start, p.id
             FROM positions p JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id
             ORDER BY p.id",
            &[],
        )?;
        self.pending_latest
            .extend(rows.into_iter().map(|r| LatestCell {
                actor: r[0].string(),
                issue: r[1].string(),
                statements: 1,
                published: r[2].text(),
                article: r[3].int(),
                ev_start: r[4].int(),
                position: r[5].int(),
            }));
        self.write_latest()
    }

    /// The statements read at least [`CHANGE_CONFIDENCE`] in each actor's
    /// and issue's order, and the changes between consecutive ones (a
    /// record from before `stance_changes`).
    fn fill_stance_changes(&mut self) -> Result<()> {
        self.db.execute(
            "INSERT INTO stance_sequence (actor, issue, sort_date, article_id, ev_start, position_id, stance)
             SELECT coalesce(a.key, 'name:' || p.holder), p.issue, p.sort_date, p.article_id, p.ev_start, p.id, p.stance
             FROM positions p LEFT JOIN actors a ON a.id = p.actor_id WHERE p.confidence >= ?1",
            &[CHANGE_CONFIDENCE.into()],
        )?;
        self.db.execute(
            "INSERT INTO stance_changes (after_id, before_id, before_dated, sort_date, article_id, ev_start)
             SELECT position_id, prev_id, CASE WHEN prev_date <> '' THEN 1 ELSE 0 END, sort_date, article_id, ev_start
             FROM (SELECT position_id, sort_date, article_id, ev_start, stance,
                          lag(stance) OVER w AS prev_stance, lag(position_id) OVER w AS prev_id,
                          lag(sort_date) OVER w AS prev_date
                   FROM stance_sequence
                   WINDOW w AS (PARTITION BY actor, issue ORDER BY sort_date, article_id, ev_start, position_id)) s
             WHERE prev_stance IS NOT NULL AND prev_stance <> stance",
            &[],
        )?;
        Ok(())
    }

    /// The holders with a sequence (`stance_sequence`), found by a seek
    /// each, if there are at most `bound`.
    pub(crate) fn sequence_holders(&mut self, bound: usize) -> Result<Option<Vec<String>>> {
        self.distinct_by_seeks("stance_sequence", "actor", bound)
    }

    /// The distinct values of `table`'s first indexed `column`, in order,
    /// found by a seek each (not a read of every row), if there are at
    /// most `bound`.
    fn distinct_by_seeks(
        &mut self,
        table: &str,
        column: &str,
        bound: usize,
    ) -> Result<Option<Vec<String>>> {
        let rows = self.db.query(
            &format!(
                "WITH RECURSIVE d(v, n) AS (
                    SELECT (SELECT min({column}) FROM {table}), 1
                    UNION ALL
                    SELECT (SELECT min(t.{column}) FROM {table} t WHERE t.{column} > d.v), d.n + 1
                    FROM d WHERE d.v IS NOT NULL AND d.n <= ?1
                 ) SELECT v FROM d WHERE v IS NOT NULL"
            ),
            &[i64::try_from(bound).unwrap_or(i64::MAX).into()],
        )?;
        Ok((rows.len() <= bound).then(|| rows.into_iter().map(|r| r[0].string()).collect()))
    }

    /// The issues of an actor's sequences in `stance_sequence`, a seek an issue.
    pub(crate) fn sequence_issues(&mut self, actor: &str) -> Result<Vec<String>> {
        Ok(self
            .db
            .query(
                "WITH RECURSIVE i(issue) AS (
                    SELECT (SELECT min(issue) FROM stance_sequence WHERE actor = ?1)
                    UNION ALL
                    SELECT (SELECT min(s.issue) FROM stance_sequence s WHERE s.actor = ?1 AND s.issue > i.issue)
                    FROM i WHERE i.issue IS NOT NULL
                 ) SELECT issue FROM i WHERE issue IS NOT NULL",
                &[actor.into()],
            )?
            .into_iter()
            .map(|r| r[0].string())
            .collect())
    }

    /// At most `n` of an actor's statements on `issue` in its sequence,
    /// after `from` (`before`: the one at or before it, if `n` is 1),
    /// dated up to `as_of` if given: (order, stance).
    fn sequence_from(
        &mut self,
        actor: &str,
        issue: &str,
        from: &Order,
        before: bool,
        as_of: Option<&str>,
        n: usize,
    ) -> Result<Vec<(Order, i64)>> {
        let (cmp, dir) = if before { ("<=", " DESC") } else { (">", "") };
        let dated = if as_of.is_some() {
            "AND sort_date > '' AND sort_date <= ?7"
        } else {
            "AND CAST(?7 AS TEXT) IS NULL"
        };
        Ok(self
            .db
            .query(
                &format!(
                    "SELECT sort_date, article_id, ev_start, position_id, stance FROM stance_sequence
                     WHERE actor = ?1 AND issue = ?2 AND (sort_date, article_id, ev_start, position_id) {cmp} (?3, ?4, ?5, ?6) {dated}
                     ORDER BY sort_date{dir}, article_id{dir}, ev_start{dir}, position_id{dir} LIMIT ?8"
                ),
                &[
                    actor.into(),
                    issue.into(),
                    from.0.clone().into(),
                    from.1.into(),
                    from.2.into(),
                    from.3.into(),
                    as_of.map(str::to_string).into(),
                    i64::try_from(n).unwrap_or(i64::MAX).into(),
                ],
            )?
            .into_iter()
            .map(|r| ((r[0].string(), r[1].int(), r[2].int(), r[3].int()), r[4].int()))
            .collect())
    }

    /// The changes of stance of `actors` merged into one, on `issue`, as
    /// `edit` has their sequence, whose later statement comes after `from`
    /// (at most `n`, in order): each actor's sequence walked from there a
    /// chunk at a time and merged with the statements that join it, from
    /// the statement at or before it (`after`: whether there is a page
    /// before). Each change is its two statements (order, stance).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn merged_sequence_changes(
        &mut self,
        actors: &[String],
        issue: &str,
        from: &Order,
        after: bool,
        as_of: Option<&str>,
        n: usize,
        edit: SequenceEdit<'_>,
    ) -> Result<Vec<[(Order, i64); 2]>> {
        let dated = |o: &Order| as_of.is_none_or(|d| !o.0.is_empty() && o.0.as_str() <= d);
        let mut prev: Option<(Order, i64)> = None;
        let later = |e: Option<(Order, i64)>, prev: &mut Option<(Order, i64)>| {
            if let Some(e) = e
                && prev.as_ref().is_none_or(|p| e.0 > p.0)
            {
                *prev = Some(e);
            }
        };
        if after {
            for actor in actors {
                let e = self.kept_next(actor, issue, from, true, as_of, edit)?;
                later(e, &mut prev);
            }
            let joined = edit
                .joining
                .iter()
                .rev()
                .find(|j| j.0 <= *from && dated(&j.0))
                .cloned();
            later(joined, &mut prev);
        }
        let chunk = n.saturating_add(1).clamp(2, 4096);
        // each actor's walk, and last the statements that join the sequence
        let mut read: Vec<std::collections::VecDeque<(Order, i64)>> =
            vec![Default::default(); actors.len()];
        read.push(
            edit.joining
                .iter()
                .filter(|j| j.0 > *from && dated(&j.0))
                .cloned()
                .collect(),
        );
        let mut next: Vec<Option<Order>> = vec![Some(from.clone()); actors.len()];
        let mut out = Vec::new();
        while out.len() < n {
            for k in 0..actors.len() {
                while read[k].is_empty()
                    && let Some(at) = next[k].take()
                {
                    let rows = self.sequence_from(&actors[k], issue, &at, false, as_of, chunk)?;
                    if rows.len() == chunk {
                        next[k] = rows.last().map(|r| r.0.clone());
                    }
                    read[k] = rows.into_iter().filter_map(|e| edit.kept(e)).collect();
                }
            }
            let first = (0..read.len())
                .filter_map(|k| read[k].front().map(|r| (&r.0, k)))
                .min();
            let Some((_, k)) = first else { break };
            let e = read[k].pop_front().expect("a front row");
            if let Some(p) = prev.take()
                && p.1 != e.1
            {
                out.push([p, e.clone()]);
            }
            prev = Some(e);
        }
        Ok(out)
    }

    /// An actor's statement in its sequence on `issue` next to `at` that
    /// `edit` keeps, with its stance as edited: the one at or before it
    /// (`before`; dated up to `as_of` if given), or the one after it. A
    /// seek, and one more for each statement taken out.
    fn kept_next(
        &mut self,
        actor: &str,
        issue: &str,
        at: &Order,
        before: bool,
        as_of: Option<&str>,
        edit: SequenceEdit<'_>,
    ) -> Result<Option<(Order, i64)>> {
        let mut at = at.clone();
        loop {
            let Some(e) = self
                .sequence_from(actor, issue, &at, before, as_of, 1)?
                .pop()
            else {
                return Ok(None);
            };
            if let Some(kept) = edit.kept(e.clone()) {
                return Ok(Some(kept));
            }
            // on past it (before: strictly, as ids are whole numbers)
            at = match before {
                true => (e.0.0, e.0.1, e.0.2, e.0.3 - 1),
                false => e.0,
            };
        }
    }

    /// Whether the statement at `at` (stance `stance`, on `issue`, of one
    /// of `actors`) is one side of a change in the sequence of all their
    /// statements read at least [`CHANGE_CONFIDENCE`] (actors merged into
    /// one), as `edit` has it: its neighbours among them differ, each
    /// actor's sought in `stance_sequence` and among those that join it.
    pub(crate) fn is_side_among(
        &mut self,
        actors: &[String],
        issue: &str,
        at: &Order,
        stance: i64,
        edit: SequenceEdit<'_>,
    ) -> Result<bool> {
        let mut before = edit.joining.iter().rev().find(|j| j.0 < *at).cloned();
        let mut after = edit.joining.iter().find(|j| j.0 > *at).cloned();
        for actor in actors {
            let row = SequenceRow {
                position: at.3,
                actor: actor.clone(),
                issue: issue.to_string(),
                sort_date: at.0.clone(),
                article: at.1,
                ev_start: at.2,
                stance,
            };
            let (mut b, mut a) = (None, None);
            self.stored_neighbours(&row, &mut b, &mut a)?;
            let b = match b {
                Some(e) if edit.kept(e.clone()).is_none() => {
                    self.kept_next(actor, issue, &e.0, true, None, edit)?
                }
                b => b.and_then(|e| edit.kept(e)),
            };
            let a = match a {
                Some(e) if edit.kept(e.clone()).is_none() => {
                    self.kept_next(actor, issue, &e.0, false, None, edit)?
                }
                a => a.and_then(|e| edit.kept(e)),
            };
            if let Some(b) = b
                && before.as_ref().is_none_or(|x| b.0 > x.0)
            {
                before = Some(b);
            }
            if let Some(a) = a
                && after.as_ref().is_none_or(|x| a.0 < x.0)
            {
                after = Some(a);
            }
        }
        Ok(before.is_some_and(|b| b.1 != stance) || after.is_some_and(|a| a.1 != stance))
    }

    /// For each of `rows` (order, stance, in order: statements of `actors`
    /// merged into one, on `issue`), whether it is one side of a change,
    /// as [`Store::is_side_among`] finds it: each actor's sequence between
    /// the first and the last of `rows` read at once, with its neighbour
    /// on either side, when it holds at most a few times as many
    /// statements (a feed's newest statements: the sequences' ends);
    /// otherwise each statement's neighbours sought.
    pub(crate) fn sides_among(
        &mut self,
        actors: &[String],
        issue: &str,
        rows: &[(Order, i64)],
        edit: SequenceEdit<'_>,
    ) -> Result<Vec<bool>> {
        let each = |store: &mut Store| -> Result<Vec<bool>> {
            rows.iter()
                .map(|(at, stance)| store.is_side_among(actors, issue, at, *stance, edit))
                .collect()
        };
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        if rows.len() < 4 {
            return each(self);
        }
        let (first, last) = (&first.0, &last.0);
        let most = rows.len() * 4 + 8;
        let mut sequence: Vec<(Order, i64)> = edit.joining.to_vec();
        let just_before = (first.0.clone(), first.1, first.2, first.3 - 1);
        for actor in actors {
            sequence.extend(self.kept_next(actor, issue, &just_before, true, None, edit)?);
            let span = self.sequence_from(actor, issue, &just_before, false, None, most + 1)?;
            let within = span.iter().take_while(|e| e.0 <= *last).count();
            if within > most {
                return each(self);
            }
            sequence.extend(span.into_iter().take(within).filter_map(|e| edit.kept(e)));
            sequence.extend(self.kept_next(actor, issue, last, false, None, edit)?);
        }
        sequence.sort();
        Ok(rows
            .iter()
            .map(|(at, stance)| {
                let i = sequence.partition_point(|e| e.0 < *at);
                let j = sequence.partition_point(|e| e.0 <= *at);
                let before = i.checked_sub(1).map(|i| &sequence[i]);
                before.is_some_and(|b| b.1 != *stance)
                    || sequence.get(j).is_some_and(|a| a.1 != *stance)
            })
            .collect())
    }

    /// The stored statements next to `new` in its sequence, before and
    /// after it: (order, stance).
    fn stored_neighbours(
        &mut self,
        new: &SequenceRow,
        before: &mut Option<(Order, i64)>,
        after: &mut Option<(Order, i64)>,
    ) -> Result<()> {
        let stored = self.db.query(
            "SELECT * FROM (SELECT 0, position_id, stance, sort_date, article_id, ev_start FROM stance_sequence
                 WHERE actor = ?1 AND issue = ?2 AND (sort_date, article_id, ev_start, position_id) < (?3, ?4, ?5, ?6)
                 ORDER BY sort_date DESC, article_id DESC, ev_start DESC, position_id DESC LIMIT 1) b
             UNION ALL
             SELECT * FROM (SELECT 1, position_id, stance, sort_date, article_id, ev_start FROM stance_sequence
                 WHERE actor = ?1 AND issue = ?2 AND (sort_date, article_id, ev_start, position_id) > (?3, ?4, ?5, ?6)
                 ORDER BY sort_date, article_id, ev_start, position_id LIMIT 1) a",
            &[
                new.actor.clone().into(),
                new.issue.clone().into(),
                new.sort_date.clone().into(),
                new.article.into(),
                new.ev_start.into(),
                new.position.into(),
            ],
        )?;
        for r in stored {
            let at = (r[3].string(), r[4].int(), r[5].int(), r[1].int());
            if r[0].int() == 0 {
                *before = Some((at, r[2].int()));
            } else {
                *after = Some((at, r[2].int()));
            }
        }
        Ok(())
    }

    /// A new statement read at least [`CHANGE_CONFIDENCE`] into its actor's
    /// and issue's sequence: the change from the statement before it, if
    /// any, and the one into the statement after it (which had the
    /// statement before as its other side) are set anew. One query of two
    /// index seeks, however long the sequence, and none after the latest
    /// statement this writer knows of (`sequence_last`); the rows are
    /// written at the end of the transaction ([`Store::write_sequences`]),
    /// and the transaction's own statements are found in memory.
    fn note_sequence(&mut self, new: SequenceRow) -> Result<()> {
        let key = (new.actor.clone(), new.issue.clone());
        let order = new.order();
        // (order, stance) of the neighbours, stored or of this transaction
        let mut before: Option<(Order, i64)> = None;
        let mut after: Option<(Order, i64)> = None;
        let latest_known = self
            .sequence_last
            .get(&key)
            .filter(|last| last.as_ref().is_none_or(|(at, _)| *at < order));
        match latest_known {
            Some(last) => before = last.clone(),
            None => {
                self.stored_neighbours(&new, &mut before, &mut after)?;
                // nothing stored after it: the one before is the latest
                if after.is_none() && !self.db.is_postgres() && !self.careful_transaction {
                    if self.sequence_last.len() >= SEQUENCES_KNOWN {
                        self.sequence_last.clear();
                    }
                    self.sequence_last.insert(key.clone(), before.clone());
                }
            }
        }
        let pending = self.sequence_pending.entry(key).or_default();
        if let Some((at, &stance)) = pending.range(..order.clone()).next_back()
            && before.as_ref().is_none_or(|(b, _)| at > b)
        {
            before = Some((at.clone(), stance));
        }
        if let Some((at, &stance)) = pending
            .range((
                std::ops::Bound::Excluded(order.clone()),
                std::ops::Bound::Unbounded,
            ))
            .next()
            && after.as_ref().is_none_or(|(a, _)| at < a)
        {
            after = Some((at.clone(), stance));
        }
        pending.insert(order.clone(), new.stance);
        // the statement after had a change iff the one before differs from it
        let after_had_change = match (&before, &after) {
            (Some((_, b)), Some((_, a))) => b != a,
            _ => false,
        };
        if let Some((b, stance)) = before
            && stance != new.stance
        {
            self.change_ops
                .insert(order, Some((b.3, i64::from(!b.0.is_empty()))));
        }
        if let Some((a, stance)) = after {
            if stance != new.stance {
                let dated = i64::from(!new.sort_date.is_empty());
                self.change_ops.insert(a, Some((new.position, dated)));
            } else if after_had_change {
                self.change_ops.insert(a, None);
            }
        }
        self.sequence_rows.push(new);
        Ok(())
    }

    /// `INSERT OR FAIL` on SQLite: a multi-row insert that may fail half
    /// way keeps a statement journal (a copy of every page it touches);
    /// with FAIL it keeps none, and a failure rolls back the transaction
    /// or the article's savepoint anyway.
    fn or_fail(&self) -> &'static str {
        if self.db.is_postgres() {
            ""
        } else {
            " OR FAIL"
        }
    }

    /// The transaction's statements into `stance_sequence` and its changes
    /// into `stance_changes`, in multi-row statements.
    fn write_sequences(&mut self) -> Result<()> {
        let or_fail = self.or_fail();
        let rows = std::mem::take(&mut self.sequence_rows);
        self.sequence_pending.clear();
        let mut latest: std::collections::HashMap<(String, String), (Order, i64)> =
            std::collections::HashMap::new();
        for r in &rows {
            let order = r.order();
            let last = latest
                .entry((r.actor.clone(), r.issue.clone()))
                .or_insert((order.clone(), r.stance));
            if last.0 < order {
                *last = (order, r.stance);
            }
        }
        self.sequence_written = latest.into_iter().collect();
        for part in rows.chunks(100) {
            let mut params = Vec::with_capacity(7 * part.len());
            for r in part {
                params.extend([
                    r.actor.clone().into(),
                    r.issue.clone().into(),
                    r.sort_date.clone().into(),
                    Val::Int(r.article),
                    Val::Int(r.ev_start),
                    Val::Int(r.position),
                    Val::Int(r.stance),
                ]);
            }
            self.db.execute(
                &format!(
                    "INSERT{or_fail} INTO stance_sequence (actor, issue, sort_date, article_id, ev_start, position_id, stance) VALUES {}",
                    row_placeholders(part.len(), 7)
                ),
                &params,
            )?;
        }
        let ops = std::mem::take(&mut self.change_ops);
        let (set, gone): (Vec<_>, Vec<_>) = ops.into_iter().partition(|(_, c)| c.is_some());
        for ((sort_date, article, ev_start, after), _) in gone {
            self.db.execute(
                "DELETE FROM stance_changes WHERE sort_date = ?1 AND article_id = ?2 AND ev_start = ?3 AND after_id = ?4",
                &[sort_date.into(), article.into(), ev_start.into(), after.into()],
            )?;
        }
        for part in set.chunks(100) {
            let mut params = Vec::with_capacity(6 * part.len());
            for ((sort_date, article, ev_start, after), change) in part {
                let (before, dated) = change.expect("partitioned");
                params.extend([
                    sort_date.clone().into(),
                    Val::Int(*article),
                    Val::Int(*ev_start),
                    Val::Int(*after),
                    Val::Int(before),
                    Val::Int(dated),
                ]);
            }
            self.db.execute(
                &format!(
                    "INSERT{or_fail} INTO stance_changes (sort_date, article_id, ev_start, after_id, before_id, before_dated) VALUES {}
                     ON CONFLICT (sort_date, article_id, ev_start, after_id) DO UPDATE SET
                       before_id = excluded.before_id, before_dated = excluded.before_dated",
                    row_placeholders(part.len(), 6)
                ),
                &params,
            )?;
        }
        Ok(())
    }

    /// Forgets the sequence rows and changes not written yet.
    fn clear_sequences(&mut self) {
        self.sequence_rows.clear();
        self.sequence_pending.clear();
        self.sequence_written.clear();
        self.change_ops.clear();
    }

    /// After this writer's commit: the latest statements it wrote join
    /// the sequences' latest it knows (a sequence it does not know stays
    /// unknown: a later statement may be stored).
    fn learn_committed_sequences(&mut self) {
        for (key, written) in std::mem::take(&mut self.sequence_written) {
            if let Some(last) = self.sequence_last.get_mut(&key)
                && last.as_ref().is_none_or(|(at, _)| *at < written.0)
            {
                *last = Some(written);
            }
        }
    }

    /// Counts new statements in their actor's and issue's cell of
    /// `latest_positions`, which takes the latest of them if it is later
    /// (undated first, then by date, article and place; of equals the last
    /// stored).
    fn note_latest(&mut self, cell: &LatestCell) -> Result<()> {
        self.db.execute(
            "INSERT INTO latest_positions (actor, issue, statements, dated, published, article_id, ev_start, position_id)
             VALUES (?1, ?2, ?8, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (actor, issue) DO UPDATE SET
               statements = latest_positions.statements + excluded.statements,
               dated = CASE WHEN (excluded.dated, excluded.published, excluded.article_id, excluded.ev_start)
                   >= (latest_positions.dated, latest_positions.published, latest_positions.article_id, latest_positions.ev_start)
                   THEN excluded.dated ELSE latest_positions.dated END,
               published = CASE WHEN (excluded.dated, excluded.published, excluded.article_id, excluded.ev_start)
                   >= (latest_positions.dated, latest_positions.published, latest_positions.article_id, latest_positions.ev_start)
                   THEN excluded.published ELSE latest_positions.published END,
               article_id = CASE WHEN (excluded.dated, excluded.published, excluded.article_id, excluded.ev_start)
                   >= (latest_positions.dated, latest_positions.published, latest_positions.article_id, latest_positions.ev_start)
                   THEN excluded.article_id ELSE latest_positions.article_id END,
               ev_start = CASE WHEN (excluded.dated, excluded.published, excluded.article_id, excluded.ev_start)
                   >= (latest_positions.dated, latest_positions.published, latest_positions.article_id, latest_positions.ev_start)
                   THEN excluded.ev_start ELSE latest_positions.ev_start END,
               position_id = CASE WHEN (excluded.dated, excluded.published, excluded.article_id, excluded.ev_start)
                   >= (latest_positions.dated, latest_positions.published, latest_positions.article_id, latest_positions.ev_start)
                   THEN excluded.position_id ELSE latest_positions.position_id END",
            &[
                cell.actor.as_str().into(),
                cell.issue.as_str().into(),
                Val::Int(i64::from(cell.published.is_some())),
                cell.published.as_deref().unwrap_or("").into(),
                cell.article.into(),
                cell.ev_start.into(),
                cell.position.into(),
                cell.statements.into(),
            ],
        )?;
        Ok(())
    }

    /// Adds the transaction's statements to their cells' days (how many,
    /// and the latest), in key order (each cell's rows under its cell lock
    /// on PostgreSQL).
    fn write_cell_days(&mut self) -> Result<()> {
        // (actor, issue, day) → (statements, the latest's place)
        let mut days: std::collections::BTreeMap<(i64, String, String), (i64, Place)> =
            std::collections::BTreeMap::new();
        for d in std::mem::take(&mut self.pending_days) {
            let e = days
                .entry((d.actor, d.issue, d.day))
                .or_insert((0, d.place));
            e.0 += 1;
            e.1 = e.1.max(d.place);
        }
        let days: Vec<_> = days.into_iter().collect();
        // a later statement of the day (by article, start, id) becomes its latest
        let later = "(excluded.article_id, excluded.ev_start, excluded.position_id) > (cell_days.article_id, cell_days.ev_start, cell_days.position_id)";
        for part in days.chunks(100) {
            let params: Vec<Val> = part
                .iter()
                .flat_map(|((actor, issue, day), (n, (article, start, id)))| {
                    [
                        Val::Int(*actor),
                        issue.as_str().into(),
                        day.as_str().into(),
                        Val::Int(*n),
                        Val::Int(*article),
                        Val::Int(*start),
                        Val::Int(*id),
                    ]
                })
                .collect();
            self.db.execute(
                &format!(
                    "INSERT INTO cell_days (actor_id, issue, day, statements, article_id, ev_start, position_id) VALUES {}
                     ON CONFLICT (actor_id, issue, day) DO UPDATE SET
                       statements = cell_days.statements + excluded.statements,
                       article_id = CASE WHEN {later} THEN excluded.article_id ELSE cell_days.article_id END,
                       ev_start = CASE WHEN {later} THEN excluded.ev_start ELSE cell_days.ev_start END,
                       position_id = CASE WHEN {later} THEN excluded.position_id ELSE cell_days.position_id END",
                    row_placeholders(part.len(), 7)
                ),
                &params,
            )?;
        }
        Ok(())
    }

    /// Adds the transaction's speakers' spellings not yet in `speakers`.
    fn write_speakers(&mut self) -> Result<()> {
        let mut spellings = std::mem::take(&mut self.pending_speakers);
        spellings.sort_unstable();
        spellings.dedup();
        for part in spellings.chunks(200) {
            let params: Vec<Val> = part
                .iter()
                .flat_map(|(speaker, actor)| [speaker.as_str().into(), Val::Int(*actor)])
                .collect();
            self.db.execute(
                &format!(
                    "INSERT INTO speakers (speaker, actor_id) VALUES {} ON CONFLICT DO NOTHING",
                    row_placeholders(part.len(), 2)
                ),
                &params,
            )?;
        }
        Ok(())
    }

    /// The transaction's statements into `latest_positions`, one row per
    /// cell: its count, and its latest statement chosen as
    /// [`Store::note_latest`] would have chosen it, one at a time.
    fn write_latest(&mut self) -> Result<()> {
        let mut cells: std::collections::HashMap<(String, String), LatestCell> =
            std::collections::HashMap::new();
        for cell in std::mem::take(&mut self.pending_latest) {
            match cells.entry((cell.actor.clone(), cell.issue.clone())) {
                std::collections::hash_map::Entry::Occupied(mut kept) => {
                    let kept = kept.get_mut();
                    let statements = kept.statements + cell.statements;
                    if cell.order() >= kept.order() {
                        *kept = cell;
                    }
                    kept.statements = statements;
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(cell);
                }
            }
        }
        let mut cells: Vec<LatestCell> = cells.into_values().collect();
        cells.sort_unstable_by(|a, b| (&a.actor, &a.issue).cmp(&(&b.actor, &b.issue)));
        for cell in &cells {
            self.note_latest(cell)?;
        }
        Ok(())
    }

    pub fn schema_version(&mut self) -> Result<usize> {
        let sql = if self.db.is_postgres() {
            "SELECT coalesce(max(version), 0) FROM schema_migrations"
        } else {
            "PRAGMA user_version"
        };
        Ok(self.db.query_one(sql, &[])?.map_or(0, |r| r[0].int()) as usize)
    }

    /// The (band, story) rows of `bands` in every level of the band index,
    /// and this transaction's, not written yet.
    fn stories_of_bands(&mut self, bands: &[i64]) -> Result<BandRows> {
        let placeholders = placeholder_list(bands.len());
        let levels: Vec<String> = BAND_LEVELS
            .iter()
            .map(|table| {
                format!("SELECT band, story_id FROM {table} WHERE band IN ({placeholders})")
            })
            .collect();
        let params: Vec<Val> = bands.iter().copied().map(Val::Int).collect();
        let mut rows: Vec<(i64, i64)> = self
            .db
            .query(&levels.join(" UNION ALL "), &params)?
            .into_iter()
            .map(|r| (r[0].int(), r[1].int()))
            .collect();
        let mut pending = Vec::new();
        for &band in bands {
            self.pending_bands.stories_into(band, &mut pending);
            rows.extend(pending.drain(..).map(|story| (band, story)));
        }
        Ok(rows)
    }

    /// The most similar stored story at or above `SAME_STORY` (the oldest of
    /// equals), found through the record's band index, and the signature's
    /// bands that are not full (see [`FULL_BAND`]).
    fn find_story(&mut self, sig: &Signature) -> Result<(Option<i64>, Vec<i64>)> {
        let keys = band_keys(sig);
        // the keys the filter may hold (all of them without a filter); a
        // new story's keys almost never pass, and then nothing is read
        let present: Vec<i64> = match self.band_filter_for_lookup()? {
            Some(filter) => keys
                .iter()
                .copied()
                .filter(|&k| filter.may_contain(k))
                .collect(),
            None => keys.to_vec(),
        };
        if present.is_empty() {
            return Ok((None, keys.to_vec()));
        }
        let mut per_band: std::collections::HashMap<i64, Vec<i64>> =
            std::collections::HashMap::new();
        for (band, story) in self.stories_of_bands(&present)? {
            per_band.entry(band).or_default().push(story);
        }
        // a full band is boilerplate many stories share: no evidence of a copy
        let mut candidates: Vec<i64> = per_band
            .values()
            .filter(|stories| stories.len() < FULL_BAND)
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let open: Vec<i64> = keys
            .iter()
            .copied()
            .filter(|k| per_band.get(k).is_none_or(|s| s.len() < FULL_BAND))
            .collect();
        if candidates.is_empty() {
            return Ok((None, open));
        }
        // placeholders, as many as a power of two (the last id repeated),
        // so the statement is prepared once for each of a few counts
        let mut ids: Vec<Val> = candidates.iter().copied().map(Val::Int).collect();
        let last = ids[ids.len() - 1].clone();
        ids.resize(ids.len().next_power_of_two(), last);
        // their sketches, not their signatures: a table an eighth the size,
        // so its pages are more often in the cache
        let rows = self.db.query(
            &format!(
                "SELECT story_id, sketch FROM story_sketches WHERE story_id IN ({}) ORDER BY story_id",
                placeholder_list(ids.len())
            ),
            &ids,
        )?;
        // the most similar story at or above the threshold, the first of equals
        let mut best: Option<(f64, i64)> = None;
        let mut consider = |s: Option<f64>, id: i64| {
            if let Some(s) = s
                && s >= SAME_STORY
                && best.is_none_or(|(bs, _)| s > bs)
            {
                best = Some((s, id));
            }
        };
        let mut sketched = std::collections::HashSet::new();
        for row in rows {
            sketched.insert(row[0].int());
            consider(
                row[1].blob().and_then(|b| sketch_similarity(sig, b)),
                row[0].int(),
            );
        }
        // a story without a sketch (stored by an attache from before
        // them, after this record's migration): its signature
        let unsketched: Vec<Val> = candidates
            .iter()
            .filter(|id| !sketched.contains(*id))
            .map(|&id| Val::Int(id))
            .collect();
        if !unsketched.is_empty() {
            let rows = self.db.query(
                &format!(
                    "SELECT id, minhash FROM stories WHERE id IN ({}) ORDER BY id",
                    placeholder_list(unsketched.len())
                ),
                &unsketched,
            )?;
            for row in rows {
                let s = row[1]
                    .blob()
                    .and_then(from_bytes)
                    .map(|other| similarity(sig, &other));
                consider(s, row[0].int());
            }
        }
        Ok((best.map(|(_, id)| id), open))
    }

    /// Which of `content_keys` (see [`crate::fingerprint::Fingerprint`])
    /// are stored (checked before analysing their texts): a statement or
    /// two for each 500, not one a key.
    pub fn stored_content_keys(
        &mut self,
        content_keys: &[&str],
    ) -> Result<std::collections::HashSet<String>> {
        let mut stored = std::collections::HashSet::new();
        for part in content_keys.chunks(500) {
            stored.extend(
                self.articles_with_keys(part, false)?
                    .into_iter()
                    .map(|(k, _)| k),
            );
        }
        Ok(stored)
    }

    /// The stored articles (content key, id) among `keys` (500 at most).
    /// With content bands, the keys' bands are looked up in the band index
    /// (through the writer's filter if `filtered`, and in this
    /// transaction's rows not written yet), then each (story, key) they
    /// give in the index of the keys by story.
    pub(crate) fn articles_with_keys(
        &mut self,
        keys: &[&str],
        filtered: bool,
    ) -> Result<Vec<(String, i64)>> {
        if !self.has_content_bands {
            let params: Vec<Val> = keys.iter().map(|&k| k.into()).collect();
            let rows = self.db.query(
                &format!(
                    "SELECT content_key, id FROM articles WHERE content_key IN ({})",
                    placeholder_list(keys.len())
                ),
                &params,
            )?;
            return Ok(rows
                .into_iter()
                .map(|r| (r[0].string(), r[1].int()))
                .collect());
        }
        let mut bands: Vec<(i64, &str)> = keys.iter().map(|&k| (content_band(k), k)).collect();
        // through the filter once the story look-ups have built it (a
        // duplicate check is no look-up towards building it)
        if filtered && let BandFilterState::Built(filter) = &self.band_filter {
            bands.retain(|&(band, _)| filter.may_contain(band));
        }
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        let band_keys: Vec<i64> = bands.iter().map(|&(band, _)| band).collect();
        let pairs = self.stories_of_bands(&band_keys)?;
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let key_of: std::collections::HashMap<i64, &str> = bands.into_iter().collect();
        let values: Vec<Val> = pairs
            .iter()
            .flat_map(|&(band, story)| [Val::Int(story), key_of[&band].into()])
            .collect();
        let rows = self.db.query(
            &format!(
                "WITH wanted (story_id, content_key) AS (VALUES {})
                 SELECT a.content_key, a.id FROM wanted
                 JOIN articles a ON a.story_id = wanted.story_id AND a.content_key = wanted.content_key",
                row_placeholders(pairs.len(), 2)
            ),
            &values,
        )?;
        Ok(rows
            .into_iter()
            .map(|r| (r[0].string(), r[1].int()))
            .collect())
    }

    /// Stores one analysed article in one transaction. The duplicate check
    /// and the story look-up run inside it, under the write lock (SQLite) or
    /// advisory locks on the story's band keys (PostgreSQL), so writers in
    /// several processes neither clash nor split one story.
    pub fn ingest(
        &mut self,
        raw: &RawArticle,
        a: &Analysis,
        issue_of_quote: impl Fn(&str) -> Vec<String>,
    ) -> Result<Outcome> {
        self.ingest_batch(&[(raw, a)], issue_of_quote)?
            .pop()
            .expect("one outcome per article")
    }

    /// Stores analysed articles in one transaction (a group commit), each
    /// in a savepoint: an article that fails is rolled back alone and its
    /// error returned in its place, the others kept. Nothing is stored
    /// unless the whole batch commits (then every `Ok` is stored).
    pub fn ingest_batch(
        &mut self,
        articles: &[(&RawArticle, &Analysis)],
        issue_of_quote: impl Fn(&str) -> Vec<String>,
    ) -> Result<Vec<Result<Outcome>>> {
        self.fingerprint_and_ingest(articles, &issue_of_quote, false)
    }

    /// [`Store::ingest_batch`] with a savepoint per article from the
    /// start, as a batch is stored again after an article failed (for
    /// tests).
    #[doc(hidden)]
    pub fn ingest_batch_carefully(
        &mut self,
        articles: &[(&RawArticle, &Analysis)],
        issue_of_quote: impl Fn(&str) -> Vec<String>,
    ) -> Result<Vec<Result<Outcome>>> {
        self.fingerprint_and_ingest(articles, &issue_of_quote, true)
    }

    fn fingerprint_and_ingest(
        &mut self,
        articles: &[(&RawArticle, &Analysis)],
        issue_of_quote: &dyn Fn(&str) -> Vec<String>,
        careful: bool,
    ) -> Result<Vec<Result<Outcome>>> {
        let prints: Vec<Fingerprint> = articles
            .iter()
            .map(|(raw, _)| Fingerprint::of(&raw.text))
            .collect();
        let issues: Vec<Vec<Vec<String>>> = articles
            .iter()
            .map(|(_, a)| issues_of_quotes(a, issue_of_quote))
            .collect();
        let signed: Vec<Analysed> = articles
            .iter()
            .zip(prints.iter().zip(&issues))
            .map(|(&(raw, analysis), (fingerprint, quote_issues))| Analysed {
                raw,
                analysis,
                fingerprint,
                quote_issues,
            })
            .collect();
        self.ingest_committed(&signed, careful)
    }

    /// [`Store::ingest_batch`] of articles whose signatures and quotes'
    /// issues are worked out already (by the threads that analyse them, not
    /// the one writer).
    pub fn ingest_signed(&mut self, articles: &[Analysed]) -> Result<Vec<Result<Outcome>>> {
        self.ingest_committed(articles, false)
    }

    /// Stores `articles` in one transaction of their own and commits it:
    /// first without savepoints (unless `careful`); a batch with an article
    /// that fails is done again with one savepoint per article, so it
    /// fails alone.
    pub(crate) fn ingest_committed(
        &mut self,
        articles: &[Analysed],
        mut careful: bool,
    ) -> Result<Vec<Result<Outcome>>> {
        debug_assert!(!self.group_open, "a group's transaction is open");
        let outcomes = loop {
            self.forget_transaction();
            self.begin_writing()?;
            let written = match self.lock_bands(articles, true) {
                Ok(_) => self.ingest_in_transaction(articles, careful),
                Err(e) => Err(e),
            };
            match written {
                Ok(Some(outcomes)) => {
                    break self.write_deferred().map(|()| outcomes);
                }
                Ok(None) => {
                    self.db.rollback()?;
                    careful = true;
                }
                Err(e) => break Err(e),
            }
        };
        match outcomes {
            Ok(outcomes) => {
                self.db.commit()?;
                self.learn_committed_sequences();
                self.forget_transaction();
                self.committed();
                Ok(outcomes)
            }
            Err(e) => {
                self.forget_transaction();
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    /// Forgets what a transaction kept in memory (its rows not written yet,
    /// the actors it upserted, the locks it held).
    fn forget_transaction(&mut self) {
        self.pending_totals = [0; 4];
        self.pending_search.clear();
        self.pending_bands.clear();
        self.pending_counts.clear();
        self.pending_speakers.clear();
        self.pending_days.clear();
        self.pending_latest.clear();
        self.clear_sequences();
        self.actor_ids.clear();
        self.held_bands.clear();
        self.held_pairs.clear();
        self.copy_rows.clear();
        self.ids.clear();
    }

    /// Writes `articles` into the group's transaction, begun if none is
    /// open, without committing it (see [`crate::group`]). `Busy` (nothing
    /// written) when the transaction holds locks already and one the
    /// articles need is held by another writer (PostgreSQL): commit the
    /// group, then write them again. `Failed` when an article cannot be
    /// stored without a savepoint: the group is rolled back, and its
    /// articles are to be stored again with [`Store::ingest_committed`].
    pub(crate) fn group_write(&mut self, articles: &[Analysed]) -> Result<GroupStep> {
        if !self.group_open {
            self.forget_transaction();
            self.begin_writing()?;
            self.group_open = true;
        }
        let holds_none = self.held_bands.is_empty() && self.held_pairs.is_empty();
        let step = match self.lock_bands(articles, holds_none) {
            Ok(false) => return Ok(GroupStep::Busy),
            Ok(true) => self.ingest_in_transaction(articles, false),
            Err(e) => Err(e),
        };
        match step {
            Ok(Some(outcomes)) => Ok(GroupStep::Written(outcomes)),
            Ok(None) => {
                self.group_rollback()?;
                Ok(GroupStep::Failed)
            }
            Err(e) => {
                let _ = self.group_rollback();
                Err(e)
            }
        }
    }

    /// Commits the group's transaction, if one is open: its search rows
    /// and counts first.
    pub(crate) fn group_commit(&mut self) -> Result<()> {
        if !self.group_open {
            return Ok(());
        }
        let done = self.write_deferred().and_then(|()| self.db.commit());
        self.group_open = false;
        if done.is_ok() {
            self.learn_committed_sequences();
        }
        self.forget_transaction();
        if done.is_err() {
            let _ = self.db.rollback();
            return done;
        }
        self.committed();
        Ok(())
    }

    /// Rolls the group's transaction back, if one is open.
    pub(crate) fn group_rollback(&mut self) -> Result<()> {
        if !self.group_open {
            return Ok(());
        }
        self.group_open = false;
        self.forget_transaction();
        self.db.rollback()
    }

    /// On PostgreSQL, the advisory locks `articles` need that this
    /// transaction does not hold yet: their band keys (copies share one:
    /// one writer at a time decides their story), then their cells' keys
    /// (statements of one holder on one issue: one writer at a time
    /// updates the cell's row of `latest_positions` and places them in
    /// `stance_sequence`), then their actors' keys (one
    /// writer at a time upserts an actor's row, whose row lock it holds to
    /// its commit). With `wait` (a transaction that holds none yet), taken
    /// in that one order, waiting for each, so writers never deadlock; else
    /// each only if it is free, and `false` if one is not (the caller
    /// commits what it holds, the free ones taken too, before waiting for
    /// any). Every lock a writer waits for is one of these: rows are locked
    /// only under them. One statement takes the bands, one the rest.
    fn lock_bands(&mut self, articles: &[Analysed], wait: bool) -> Result<bool> {
        if !self.db.is_postgres() {
            return Ok(true);
        }
        let mut bands: Vec<i64> = articles
            .iter()
            .flat_map(|a| band_keys(&a.fingerprint.signature))
            .filter(|b| !self.held_bands.contains(b))
            .collect();
        bands.sort_unstable();
        bands.dedup();
        let mut pairs: Vec<(i64, i32)> = articles
            .iter()
            .flat_map(|a| {
                let sequences = cell_locks(a.analysis).into_iter();
                let actors = a.analysis.actors.iter().map(|x| fnv32(&[x.key.as_bytes()]));
                sequences
                    .map(|k| (CELL_LOCK, k))
                    .chain(actors.map(|k| (ACTOR_LOCK, k)))
            })
            .filter(|p| !self.held_pairs.contains(p))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        // one statement for the bands and one for the pairs, each taking
        // its locks in the order given (the keys are integers: written
        // into the statement, an array literal)
        let list = |keys: &mut dyn Iterator<Item = i64>| {
            let mut out = String::from("'{");
            let mut number = itoa::Buffer::new();
            for (k, key) in keys.enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(number.format(key));
            }
            out.push_str("}'");
            out
        };
        let lock = if wait {
            "pg_advisory_xact_lock"
        } else {
            "pg_try_advisory_xact_lock"
        };
        if !bands.is_empty() {
            let sql = format!(
                "SELECT k, {lock}(k)::text FROM unnest({}::int8[]) AS t (k)",
                list(&mut bands.iter().copied())
            );
            for row in self.db.query(&sql, &[])? {
                // `pg_advisory_xact_lock` returns nothing (''): granted
                if row[1].string() != "false" {
                    self.held_bands.insert(row[0].int());
                }
            }
            if bands.iter().any(|b| !self.held_bands.contains(b)) {
                return Ok(false);
            }
        }
        if !pairs.is_empty() {
            let sql = format!(
                "SELECT s, k, {lock}(s, k)::text FROM unnest({}::int4[], {}::int4[]) AS t (s, k)",
                list(&mut pairs.iter().map(|p| p.0)),
                list(&mut pairs.iter().map(|p| i64::from(p.1)))
            );
            for row in self.db.query(&sql, &[])? {
                if row[2].string() != "false" {
                    self.held_pairs.insert((row[0].int(), row[1].int() as i32));
                }
            }
            if pairs.iter().any(|p| !self.held_pairs.contains(p)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// What a transaction writes at its end, after its last savepoint: the
    /// rows held for `COPY` (PostgreSQL), its articles' counts per actor
    /// (one update per actor, in id order), its cells of
    /// `latest_positions` (one upsert per cell), its sequences' rows, the
    /// band index's merges, and its search rows (SQLite's FTS5;
    /// PostgreSQL indexes the text columns themselves).
    fn write_deferred(&mut self) -> Result<()> {
        self.write_copy_rows()?;
        let mut counts: std::collections::BTreeMap<i64, (i64, i64, i64)> =
            std::collections::BTreeMap::new();
        for (id, articles, mentions, quotes) in std::mem::take(&mut self.pending_counts) {
            let c = counts.entry(id).or_default();
            (c.0, c.1, c.2) = (c.0 + articles, c.1 + mentions, c.2 + quotes);
        }
        for (id, (articles, mentions, quotes)) in counts {
            self.db.execute(
                "UPDATE actors SET articles = articles + ?1, mentions = mentions + ?2, quotes = quotes + ?3 WHERE id = ?4",
                &[articles.into(), mentions.into(), quotes.into(), id.into()],
            )?;
        }
        self.write_cell_days()?;
        self.write_speakers()?;
        self.write_latest()?;
        self.write_sequences()?;
        let bands = self.pending_bands.take_sorted();
        self.write_band_rows(BAND_LEVELS[0], &bands)?;
        self.merge_band_levels()?;
        let [into_articles, into_quotes] = SearchKind::ALL
            .map(|kind| format!("INSERT INTO {} (rowid, text) VALUES (?1, ?2)", kind.table()));
        for (text, kind, id) in std::mem::take(&mut self.pending_search) {
            let sql = match kind {
                SearchKind::Article => &into_articles,
                SearchKind::Quote => &into_quotes,
            };
            self.db.execute(sql, &[id.into(), text.into()])?;
        }
        // last: on PostgreSQL the one row's lock is held only to the commit
        let [articles, stories, quotes, positions] = std::mem::take(&mut self.pending_totals);
        if self.has_counts && [articles, stories, quotes, positions] != [0; 4] {
            self.db.execute(
                "UPDATE record_counts SET articles = articles + ?1, stories = stories + ?2,
                   quotes = quotes + ?3, positions = positions + ?4, writes = writes + 1",
                &[
                    articles.into(),
                    stories.into(),
                    quotes.into(),
                    positions.into(),
                ],
            )?;
        }
        Ok(())
    }

    /// Merges each level of the band index that has reached its size into
    /// the next, in key order (see [`BAND_LEVELS`]). On PostgreSQL one
    /// writer at a time (the others leave it to the next commit), and each
    /// move one statement, so a row committed meanwhile is moved or kept,
    /// never lost.
    fn merge_band_levels(&mut self) -> Result<()> {
        for (pair, size) in BAND_LEVELS.windows(2).zip(self.band_level_rows) {
            let (from, to) = (pair[0], pair[1]);
            if (self.rows_in(from)? as usize) < size {
                return Ok(());
            }
            if self.db.is_postgres() {
                let mine = self
                    .db
                    .query_one(
                        "SELECT pg_try_advisory_xact_lock(?1)::int",
                        &[MERGE_LOCK.into()],
                    )?
                    .is_some_and(|r| r[0].int() == 1);
                if !mine {
                    return Ok(());
                }
                self.db.execute(
                    &format!(
                        "WITH moved AS (DELETE FROM {from} RETURNING band, story_id)
                         INSERT INTO {to} (band, story_id) SELECT band, story_id FROM moved ORDER BY band, story_id
                         ON CONFLICT DO NOTHING"
                    ),
                    &[],
                )?;
            } else {
                // OR IGNORE: no statement journal (see `or_fail`), which
                // would hold a copy of every page the merge changes; a row
                // the next level holds already is one (the index is a set
                // of rows), never a merge that fails at every commit
                self.db.batch(&format!(
                    "INSERT OR IGNORE INTO {to} (band, story_id) SELECT band, story_id FROM {from} ORDER BY band, story_id;
                     DELETE FROM {from};"
                ))?;
            }
        }
        Ok(())
    }

    /// The batch's articles, each in a savepoint if `careful`; else none
    /// when one fails or leaves rows to undo (then the batch is done again
    /// carefully). The caller holds their locks ([`Store::lock_bands`]).
    fn ingest_in_transaction(
        &mut self,
        articles: &[Analysed],
        careful: bool,
    ) -> Result<Option<Vec<Result<Outcome>>>> {
        let mut outcomes = Vec::with_capacity(articles.len());
        if careful && !self.careful_transaction {
            self.careful_transaction = true;
            self.sequence_last.clear();
        }
        // on PostgreSQL the step's texts stored before, in one look-up
        // (a text twice in the step is stored once)
        let mut stored_before = match !careful && self.db.is_postgres() {
            true => {
                let keys: Vec<&str> = articles
                    .iter()
                    .map(|a| a.fingerprint.content_key.as_str())
                    .collect();
                Some(self.stored_content_keys(&keys)?)
            }
            false => None,
        };
        for a in articles {
            if !careful {
                let key = &a.fingerprint.content_key;
                let stored = match &mut stored_before {
                    Some(stored) => !stored.insert(key.clone()),
                    None => self.is_stored(key)?,
                };
                if stored {
                    outcomes.push(Ok(Outcome::Duplicate));
                    continue;
                }
                match self.store_new(a) {
                    Ok(o @ (Outcome::Stored | Outcome::Copy)) => outcomes.push(Ok(o)),
                    // a failure, or a duplicate found after writing its story
                    Ok(Outcome::Duplicate) | Err(_) => return Ok(None),
                }
                continue;
            }
            self.db.batch("SAVEPOINT article")?;
            let search_rows = self.pending_search.len();
            let band_rows = self.pending_bands.mark();
            let count_rows = self.pending_counts.len();
            let totals = self.pending_totals;
            let speaker_rows = self.pending_speakers.len();
            let day_rows = self.pending_days.len();
            let latest_rows = self.pending_latest.len();
            let mut outcome = self.ingest_one(a);
            // its rows held for COPY and its sequences written inside its
            // savepoint, so they go with it
            if outcome.is_ok()
                && let Err(e) = self.write_copy_rows().and_then(|()| self.write_sequences())
            {
                outcome = Err(e);
            }
            if matches!(outcome, Ok(Outcome::Duplicate) | Err(_)) {
                self.db.batch("ROLLBACK TO SAVEPOINT article")?;
                self.pending_search.truncate(search_rows);
                self.pending_bands.truncate(band_rows);
                self.pending_counts.truncate(count_rows);
                self.pending_totals = totals;
                self.pending_speakers.truncate(speaker_rows);
                self.pending_days.truncate(day_rows);
                self.pending_latest.truncate(latest_rows);
                self.clear_sequences();
                self.copy_rows.clear();
                // actors it upserted may be gone again
                self.actor_ids.clear();
            }
            self.db.batch("RELEASE SAVEPOINT article")?;
            outcomes.push(outcome);
        }
        // the rows held for COPY written with the articles they belong to:
        // a row that fails takes them to the careful way, as any failure
        if !careful && self.write_copy_rows().is_err() {
            return Ok(None);
        }
        Ok(Some(outcomes))
    }

    fn is_stored(&mut self, content_key: &str) -> Result<bool> {
        Ok(!self.articles_with_keys(&[content_key], true)?.is_empty())
    }

    fn insert_id(&mut self, sql: &str, params: &[Val]) -> Result<i64> {
        self.db
            .insert(sql, params)?
            .ok_or_else(|| DbError("insert returned no id".into()))
    }

    fn ingest_one(&mut self, a: &Analysed) -> Result<Outcome> {
        if self.is_stored(&a.fingerprint.content_key)? {
            return Ok(Outcome::Duplicate);
        }
        self.store_new(a)
    }

    /// An article not stored yet: its story found or made, the article,
    /// and for a new story its actors, quotes and positions.
    fn store_new(&mut self, article: &Analysed) -> Result<Outcome> {
        let (raw, a, sig, quote_issues) = (
            article.raw,
            article.analysis,
            &article.fingerprint.signature,
            article.quote_issues,
        );
        let key = article.fingerprint.content_key.clone();
        let (story, outcome) = match self.find_story(sig)? {
            (Some(id), _) => (id, Outcome::Copy),
            (None, open_bands) if self.db.is_postgres() => {
                return self.store_first_of_story(article, open_bands);
            }
            (None, open_bands) => {
                // the signature is not kept (512 bytes a story): look-ups
                // read the sketch and the band keys, and the text of the
                // story's first article gives the signature again
                let id = self.insert_id(
                    "INSERT INTO stories (minhash) VALUES (?1)",
                    &[Val::Blob(Vec::new())],
                )?;
                self.db.execute(
                    "INSERT INTO story_sketches (story_id, sketch) VALUES (?1, ?2)",
                    &[id.into(), Val::Blob(sketch(sig))],
                )?;
                self.add_story_bands(id, &open_bands);
                (id, Outcome::Stored)
            }
        };
        const INSERT: &str = "INSERT INTO articles (content_key, story_id, url, title, outlet, published, date_source, origin, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
        // without content bands (PostgreSQL) the unique key settles two
        // writers storing one text
        let band = self.has_content_bands.then(|| content_band(&key));
        let insert = match band {
            Some(_) => std::borrow::Cow::Borrowed(INSERT),
            None => format!("{INSERT} ON CONFLICT (content_key) DO NOTHING").into(),
        };
        let article = self.db.insert(
            &insert,
            &[
                key.into(),
                story.into(),
                raw.url.clone().into(),
                raw.title.clone().into(),
                raw.outlet.clone().into(),
                raw.published.as_ref().map(|p| p.0.clone()).into(),
                raw.published.as_ref().map(|p| p.1.as_str()).into(),
                raw.origin.clone().into(),
                raw.text.clone().into(),
            ],
        )?;
        // stored meanwhile by another writer: nothing of this one is kept
        let Some(article) = article else {
            return Ok(Outcome::Duplicate);
        };
        self.pending_totals[0] += 1;
        if outcome == Outcome::Stored {
            self.pending_totals[1] += 1;
        }
        if let Some(band) = band {
            self.add_story_bands(story, &[band]);
        }
        if !self.db.is_postgres() {
            self.pending_search
                .push((raw.text.clone(), SearchKind::Article, article));
        }
        if outcome == Outcome::Copy {
            return Ok(outcome);
        }
        self.db.execute(
            "UPDATE stories SET first_article = ?1 WHERE id = ?2",
            &[article.into(), story.into()],
        )?;
        let published = raw.published.as_ref().map(|p| p.0.as_str());
        self.insert_derived(article, published, a, quote_issues)?;
        Ok(outcome)
    }

    /// On PostgreSQL, an article not stored yet that begins a story: the
    /// article, its story (its first article) and the story's sketch in
    /// one statement, which stores none of them if another writer stored
    /// the text meanwhile; then its actors, quotes and positions.
    fn store_first_of_story(
        &mut self,
        article: &Analysed,
        open_bands: Vec<i64>,
    ) -> Result<Outcome> {
        let raw = article.raw;
        let row = self.db.query_one(
            "WITH s AS (SELECT nextval('stories_id_seq') AS id),
                  a AS (INSERT INTO articles (content_key, story_id, url, title, outlet, published, date_source, origin, text)
                        SELECT ?1::text, s.id, ?2::text, ?3::text, ?4::text, ?5::text, ?6::text, ?7::text, ?8::text FROM s
                        ON CONFLICT (content_key) DO NOTHING RETURNING id, story_id),
                  st AS (INSERT INTO stories (id, minhash, first_article) SELECT story_id, ?9::bytea, id FROM a),
                  sk AS (INSERT INTO story_sketches (story_id, sketch) SELECT story_id, ?10::bytea FROM a)
             SELECT id, story_id FROM a",
            &[
                article.fingerprint.content_key.clone().into(),
                raw.url.clone().into(),
                raw.title.clone().into(),
                raw.outlet.clone().into(),
                raw.published.as_ref().map(|p| p.0.clone()).into(),
                raw.published.as_ref().map(|p| p.1.as_str()).into(),
                raw.origin.clone().into(),
                raw.text.clone().into(),
                Val::Blob(Vec::new()),
                Val::Blob(sketch(&article.fingerprint.signature)),
            ],
        )?;
        // stored meanwhile by another writer: nothing of this one is kept
        let Some(row) = row else {
            return Ok(Outcome::Duplicate);
        };
        self.pending_totals[0] += 1;
        self.pending_totals[1] += 1;
        let (id, story) = (row[0].int(), row[1].int());
        self.add_story_bands(story, &open_bands);
        let published = raw.published.as_ref().map(|p| p.0.as_str());
        self.insert_derived(id, published, article.analysis, article.quote_issues)?;
        Ok(Outcome::Stored)
    }

    /// An article's actors, quotes (with each one's issues, in order) and
    /// positions: on SQLite inserted now, on PostgreSQL held for `COPY`
    /// with ids drawn in blocks (see [`crate::copy_rows`]).
    fn insert_derived(
        &mut self,
        article: i64,
        published: Option<&str>,
        a: &Analysis,
        quote_issues: &[Vec<String>],
    ) -> Result<()> {
        let copy = self.db.is_postgres();
        let positions = a.positions.iter().flatten().count();
        if copy {
            self.ids.reserve(&mut self.db, a.quotes.len(), positions)?;
        }
        self.pending_totals[2] += a.quotes.len() as i64;
        self.pending_totals[3] += positions as i64;
        // actors, quotes and positions once per story: copies add nothing new
        let mut ids = std::collections::HashMap::new();
        // mentions per record actor (two of the analysis's may share a key)
        let mut mentions: Vec<(i64, i64)> = Vec::new();
        for actor in &a.actors {
            let id = self.upsert_actor(actor)?;
            match mentions.iter_mut().find(|(x, _)| *x == id) {
                Some((_, n)) => *n += actor.mentions.len() as i64,
                None => mentions.push((id, actor.mentions.len() as i64)),
            }
            ids.insert(actor.id.as_str(), (id, actor.key.as_str()));
        }
        if copy {
            for &(id, n) in &mentions {
                self.copy_rows.push(
                    &ARTICLE_ACTORS,
                    [Val::Int(article), Val::Int(id), Val::Int(n)],
                );
            }
        } else {
            for part in mentions.chunks(100) {
                let params: Vec<Val> = part
                    .iter()
                    .flat_map(|&(id, n)| [Val::Int(article), Val::Int(id), Val::Int(n)])
                    .collect();
                self.db.execute(
                    &format!(
                        "INSERT INTO article_actors (article_id, actor_id, mentions) VALUES {}",
                        row_placeholders(part.len(), 3)
                    ),
                    &params,
                )?;
            }
        }
        if self.has_kept {
            let quoted = |id: i64| {
                a.quotes
                    .iter()
                    .filter(|q| {
                        q.speaker
                            .as_ref()
                            .and_then(|s| s.actor.as_deref())
                            .and_then(|x| ids.get(x))
                            .is_some_and(|&(x, _)| x == id)
                    })
                    .count() as i64
            };
            for &(id, n) in &mentions {
                self.pending_counts.push((id, 1, n, quoted(id)));
            }
        }
        // (quote, issue) of every quote, in one statement at the end
        let mut issue_rows: Vec<Val> = Vec::new();
        for (k, q) in a.quotes.iter().enumerate() {
            let actor = q
                .speaker
                .as_ref()
                .and_then(|s| s.actor.as_deref())
                .and_then(|x| ids.get(x))
                .map(|&(id, _)| id);
            let kind = if q.kind == attache_core::analysis::QuoteKind::Direct {
                "direct"
            } else {
                "partial"
            };
            let spelling = q.speaker.as_ref().and_then(|s| s.name.clone());
            if self.has_speakers
                && let Some(spelling) = &spelling
            {
                self.pending_speakers
                    .push((spelling.clone(), actor.unwrap_or(0)));
            }
            let row = [
                article.into(),
                actor.into(),
                spelling.into(),
                q.text.clone().into(),
                (q.start as i64).into(),
                (q.end as i64).into(),
                kind.into(),
                q.cue.as_ref().map(|c| c.text.clone()).into(),
                published.unwrap_or("").into(),
            ];
            let qid = if copy {
                let qid = self.ids.quote();
                self.copy_rows
                    .push(&QUOTES, row.into_iter().chain([qid.into()]));
                qid
            } else {
                self.insert_id(
                    "INSERT INTO quotes (article_id, actor_id, speaker, text, q_start, q_end, kind, cue, sort_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    &row,
                )?
            };
            if !self.db.is_postgres() {
                self.pending_search
                    .push((q.text.clone(), SearchKind::Quote, qid));
            }
            let mut issues: Vec<&str> = quote_issues
                .get(k)
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            issues.sort_unstable();
            issues.dedup();
            for issue in issues {
                let row = [
                    issue.into(),
                    published.unwrap_or("").into(),
                    article.into(),
                    (q.start as i64).into(),
                    qid.into(),
                ];
                if copy {
                    self.copy_rows.push(&QUOTE_ISSUES, row);
                } else {
                    issue_rows.extend(row);
                }
            }
        }
        for part in issue_rows.chunks(5 * 100) {
            self.db.execute(
                &format!(
                    "INSERT INTO quote_issues (issue, sort_date, article_id, q_start, quote_id) VALUES {}",
                    row_placeholders(part.len() / 5, 5)
                ),
                part,
            )?;
        }
        for p in a.positions.iter().flatten() {
            let actor = p.holder.actor.as_deref().and_then(|x| ids.get(x)).copied();
            let row = [
                article.into(),
                actor.map(|(id, _)| id).into(),
                p.holder.name.clone().into(),
                p.affiliation.clone().into(),
                p.issue.clone().into(),
                Val::Int(if p.stance == StanceKind::Support {
                    1
                } else {
                    -1
                }),
                p.confidence.into(),
                p.evidence.text.clone().into(),
                (p.evidence.start as i64).into(),
                (p.evidence.end as i64).into(),
                published.unwrap_or("").into(),
            ];
            let pid = if copy {
                let pid = self.ids.position();
                self.copy_rows
                    .push(&POSITIONS, row.into_iter().chain([pid.into()]));
                pid
            } else {
                self.insert_id(
                    "INSERT INTO positions (article_id, actor_id, holder, affiliation, issue, stance, confidence, evidence, ev_start, ev_end, sort_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    &row,
                )?
            };
            let key =
                actor.map_or_else(|| format!("name:{}", p.holder.name), |(_, k)| k.to_string());
            if self.has_kept && self.sequences_on && p.confidence >= CHANGE_CONFIDENCE {
                let stance = if p.stance == StanceKind::Support {
                    1
                } else {
                    -1
                };
                self.note_sequence(SequenceRow {
                    position: pid,
                    actor: key.clone(),
                    issue: p.issue.clone(),
                    sort_date: published.unwrap_or("").to_string(),
                    article,
                    ev_start: p.evidence.start as i64,
                    stance,
                })?;
            }
            // its cell's day and its cell of `latest_positions`, written
            // at the transaction's end
            if self.has_dated_cells
                && let (Some((id, _)), Some(day)) = (actor, published.filter(|d| !d.is_empty()))
            {
                self.pending_days.push(CellDay {
                    actor: id,
                    issue: p.issue.clone(),
                    day: day.to_string(),
                    place: (article, p.evidence.start as i64, pid),
                });
            }
            if self.has_latest {
                self.pending_latest.push(LatestCell {
                    actor: key,
                    issue: p.issue.clone(),
                    statements: 1,
                    published: published.map(str::to_string),
                    article,
                    ev_start: p.evidence.start as i64,
                    position: pid,
                });
            }
        }
        if copy && self.copy_rows.bytes() > self.copy_bound {
            self.write_copy_rows()?;
        }
        Ok(())
    }

    /// An actor of an analysis into `actors` (a longer name, a role or an
    /// affiliation the record lacks are kept): its id. Written once per
    /// transaction unless it brings something new.
    fn upsert_actor(&mut self, actor: &attache_core::analysis::Actor) -> Result<i64> {
        if let Some(&(id, name_len, has_role, has_affiliation)) = self.actor_ids.get(&actor.key) {
            let news = actor.name.len() > name_len
                || (!has_role && actor.role.is_some())
                || (!has_affiliation && actor.affiliation.is_some());
            if !news {
                return Ok(id);
            }
        }
        let row = self.db.query_one(
            "INSERT INTO actors (key, name, kind, role, affiliation) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(key) DO UPDATE SET
               name = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name ELSE actors.name END,
               role = coalesce(actors.role, excluded.role),
               affiliation = coalesce(actors.affiliation, excluded.affiliation)
             RETURNING id, name, role IS NOT NULL, affiliation IS NOT NULL",
            &[actor.key.clone().into(), actor.name.clone().into(), kind_name(actor.kind).into(), actor.role.clone().into(), actor.affiliation.clone().into()],
        )?
        .ok_or_else(|| DbError("insert returned no id".into()))?;
        let id = row[0].int();
        self.actor_ids.insert(
            actor.key.clone(),
            (
                id,
                row[1].string().len(),
                row[2].int() != 0,
                row[3].int() != 0,
            ),
        );
        Ok(id)
    }

    /// Rebuilds every story's actors, quotes and positions from its stored
    /// text with `analyse` (current knowledge and catalogue), in one
    /// transaction: edits to the knowledge (merging or splitting actors) and
    /// to the catalogue apply to the whole record. Returns the stories redone.
    pub fn reanalyse(
        &mut self,
        analyse: impl Fn(&str) -> Analysis,
        issue_of_quote: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<usize> {
        let firsts = self.db.query("SELECT ar.id, ar.text, ar.published FROM stories s JOIN articles ar ON ar.id = s.first_article ORDER BY ar.id", &[])?;
        self.pending_totals = [0; 4];
        self.pending_search.clear();
        self.pending_counts.clear();
        self.pending_speakers.clear();
        self.pending_days.clear();
        self.pending_latest.clear();
        self.clear_sequences();
        self.sequence_last.clear();
        self.actor_ids.clear();
        self.copy_rows.clear();
        self.ids.clear();
        self.db.begin()?;
        let result = (|| {
            let mut clear = vec![
                "DELETE FROM quote_issues",
                "DELETE FROM positions",
                "DELETE FROM quotes",
                "DELETE FROM article_actors",
                "DELETE FROM actors",
            ];
            if self.has_latest {
                clear.push("DELETE FROM latest_positions");
            }
            if self.has_speakers {
                clear.push("DELETE FROM speakers");
            }
            if self.has_dated_cells {
                clear.push("DELETE FROM cell_days");
            }
            if self.has_kept {
                clear.extend(["DELETE FROM stance_changes", "DELETE FROM stance_sequence"]);
            }
            self.sequences_on = false;
            if !self.db.is_postgres() {
                // external content: the index is emptied without its rows
                clear.push("INSERT INTO search_quotes (search_quotes) VALUES ('delete-all')");
            }
            if self.has_counts {
                // counted again as they are stored; first, so a writer that
                // commits meanwhile is either deleted and reset with the
                // rest or waits and adds on top (PostgreSQL)
                clear.insert(
                    0,
                    "UPDATE record_counts SET quotes = 0, positions = 0, redone = redone + 1",
                );
            }
            for sql in clear {
                self.db.execute(sql, &[])?;
            }
            for row in &firsts {
                let analysis = analyse(&row[1].string());
                let published = row[2].text();
                let issues = issues_of_quotes(&analysis, issue_of_quote);
                self.insert_derived(row[0].int(), published.as_deref(), &analysis, &issues)?;
            }
            self.sequences_on = true;
            self.write_deferred()?;
            if self.has_kept {
                // the sequences whole, in one pass
                self.fill_stance_changes()?;
            }
            Ok::<usize, DbError>(firsts.len())
        })();
        self.ids.clear();
        match result {
            Ok(n) => {
                self.db.commit()?;
                Ok(n)
            }
            Err(e) => {
                self.pending_totals = [0; 4];
                self.pending_search.clear();
                self.pending_counts.clear();
                self.pending_speakers.clear();
                self.pending_days.clear();
                self.pending_latest.clear();
                self.clear_sequences();
                self.copy_rows.clear();
                self.sequences_on = true;
                let _ = self.db.rollback();
                Err(e)
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.db.is_postgres()
    }
}

/// The changes of stance within `all` (statements in the lists' order):
/// each statement whose stance differs from the one before it of the same
/// holder on the same issue, in the order of the later.
/// The change of stance from `before` to `after`, the holder's next
/// statement on the issue (named as in `after`).
pub(crate) fn change_between(before: &PositionRow, after: &PositionRow) -> ChangeRow {
    ChangeRow {
        actor_key: after.actor.clone(),
        actor_name: after.holder.clone(),
        issue: after.issue.clone(),
        from: before.stance.clone(),
        to: after.stance.clone(),
        before: before.published.clone(),
        after: after.published.clone(),
        before_evidence: before.evidence.clone(),
        after_evidence: after.evidence.clone(),
        before_span: before.span(),
        after_span: after.span(),
        after_id: after.id,
    }
}

pub(crate) fn changes_of(all: &[PositionRow]) -> Vec<ChangeRow> {
    let mut last: std::collections::HashMap<(String, String), usize> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for (k, s) in all.iter().enumerate() {
        if let Some(&p) = last.get(&(s.actor.clone(), s.issue.clone())) {
            let prev = &all[p];
            if prev.stance != s.stance {
                out.push(change_between(prev, s));
            }
        }
        last.insert((s.actor.clone(), s.issue.clone()), k);
    }
    out
}

/// The first key of the advisory locks on (holder, issue) cells (PostgreSQL).
const CELL_LOCK: i64 = 7406376;

/// The catalogue's issues of each of `a`'s quotes, in order (what
/// [`Analysed::quote_issues`] holds).
pub(crate) fn issues_of_quotes(
    a: &Analysis,
    issue_of_quote: &dyn Fn(&str) -> Vec<String>,
) -> Vec<Vec<String>> {
    a.quotes.iter().map(|q| issue_of_quote(&q.text)).collect()
}

/// `keys` each once, in order.
fn distinct(keys: &[i64]) -> impl Iterator<Item = i64> + use<> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
}

/// `?1, …, ?n`, as an `IN (…)` list takes them.
fn placeholder_list(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `VALUES` of a multi-row insert: `rows` tuples of `columns`
/// placeholders numbered from `?1` in order, `(?1, ?2), (?3, ?4)`.
/// Written once for each shape in a thread (writing them, a string a cell
/// and then `write!`, was a twentieth of the writer's instructions; with
/// `itoa`, 1.5%).
fn row_placeholders(rows: usize, columns: usize) -> std::rc::Rc<str> {
    thread_local! {
        static WRITTEN: std::cell::RefCell<rustc_hash::FxHashMap<(usize, usize), std::rc::Rc<str>>> =
            Default::default();
    }
    WRITTEN.with_borrow_mut(|written| {
        written
            .entry((rows, columns))
            .or_insert_with(|| write_row_placeholders(rows, columns).into())
            .clone()
    })
}

fn write_row_placeholders(rows: usize, columns: usize) -> String {
    let mut out = String::with_capacity(rows * (columns * 7 + 2));
    let mut number = itoa::Buffer::new();
    for row in 0..rows {
        out.push_str(if row == 0 { "(" } else { ", (" });
        for column in 1..=columns {
            out.push_str(if column == 1 { "?" } else { ", ?" });
            out.push_str(number.format(row * columns + column));
        }
        out.push(')');
    }
    out
}

/// The lock keys of the (holder key, issue) cells an analysis's
/// statements write, whatever their confidence (each updates its row of
/// `latest_positions`; those read at least `CHANGE_CONFIDENCE` join its
/// sequence too): a 32-bit FNV-1a hash of each (equal keys, equal locks).
fn cell_locks(a: &Analysis) -> Vec<i32> {
    a.positions
        .iter()
        .flatten()
        .map(|p| {
            let key = p
                .holder
                .actor
                .as_deref()
                .and_then(|id| a.actors.iter().find(|x| x.id == id))
                .map_or_else(|| format!("name:{}", p.holder.name), |x| x.key.clone());
            fnv32(&[key.as_bytes(), &[0], p.issue.as_bytes()])
        })
        .collect()
}

/// The first key of the advisory locks on actors' rows (PostgreSQL).
const ACTOR_LOCK: i64 = 7406378;

/// A 32-bit FNV-1a hash of `parts` one after the other: an advisory lock's
/// second key (equal inputs, equal locks; a collision only serialises two
/// writers more than needed).
fn fnv32(parts: &[&[u8]]) -> i32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in parts.iter().flat_map(|p| p.iter()) {
        h = (h ^ u32::from(*b)).wrapping_mul(0x0100_0193);
    }
    h as i32
}

fn kind_name(k: attache_core::analysis::ActorKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

// ---- queries ----------------------------------------------------------

/// An actor of the record; as JSON `actor` is its key and `actor_name`
/// its name, as in every row that names an actor.
#[derive(Clone, Debug, Serialize)]
pub struct ActorRow {
    #[serde(rename = "actor")]
    pub key: String,
    #[serde(rename = "actor_name")]
    pub name: String,
    pub kind: String,
    pub affiliation: Option<String>,
    pub articles: i64,
    pub mentions: i64,
    pub quotes: i64,
}

impl ActorRow {
    /// An actor from a row of (key, name, kind, affiliation, articles,
    /// mentions, quotes).
    pub(crate) fn from_row(r: &[Val]) -> ActorRow {
        ActorRow {
            key: r[0].string(),
            name: r[1].string(),
            kind: r[2].string(),
            affiliation: r[3].text(),
            articles: r[4].int(),
            mentions: r[5].int(),
            quotes: r[6].int(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteRow {
    pub published: Option<String>,
    pub speaker: Option<String>,
    /// The speaker's actor, where the quote has one: its key (`actor` in
    /// JSON) and its name.
    #[serde(rename = "actor")]
    pub actor_key: Option<String>,
    pub actor_name: Option<String>,
    pub text: String,
    pub outlet: Option<String>,
    pub article: i64,
    pub start: i64,
    pub end: i64,
    /// The quote's id (for paging).
    #[serde(skip)]
    pub id: i64,
    /// The article's headline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A person's decision on the speaker ("corrected"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
}

/// Where a page of quotes or statements ends: the sort key of its last row
/// (date, article, offset in it, id). Written as `DATE~ARTICLE~START~ID`
/// for a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub published: String,
    pub article: i64,
    pub start: i64,
    pub id: i64,
}

impl Cursor {
    /// The cursor after a row with this sort key.
    pub(crate) fn after(published: &Option<String>, article: i64, start: i64, id: i64) -> Cursor {
        Cursor {
            published: published.clone().unwrap_or_default(),
            article,
            start,
            id,
        }
    }

    /// The cursor as the four parameters of a page query (all null for none).
    fn params(cursor: Option<&Cursor>) -> [Val; 4] {
        [
            cursor.map(|c| c.published.clone()).into(),
            cursor.map(|c| c.article).into(),
            cursor.map(|c| c.start).into(),
            cursor.map(|c| c.id).into(),
        ]
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Cursor {
            published,
            article,
            start,
            id,
        } = self;
        write!(f, "{published}~{article}~{start}~{id}")
    }
}

impl std::str::FromStr for Cursor {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        let mut parts = s.split('~');
        let published = parts.next().ok_or(())?.to_string();
        let mut number = || parts.next().ok_or(())?.parse::<i64>().map_err(|_| ());
        let (article, start, id) = (number()?, number()?, number()?);
        if parts.next().is_some() {
            return Err(());
        }
        Ok(Cursor {
            published,
            article,
            start,
            id,
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PositionRow {
    /// The holder's actor key (`name:` and the name for a holder that is
    /// no actor of the record).
    pub actor: String,
    /// The holder's name: the actor's (`actor_name` in JSON).
    #[serde(rename = "actor_name")]
    pub holder: String,
    pub affiliation: Option<String>,
    pub issue: String,
    pub stance: String,
    pub published: Option<String>,
    /// Statements on this issue by this actor up to the date.
    pub statements: i64,
    pub confidence: f64,
    pub evidence: String,
    pub article: i64,
    pub start: i64,
    pub end: i64,
    /// The statement's id (for paging; an added stance's is its decision's, negated).
    #[serde(skip)]
    pub id: i64,
    /// A person's decision on it ("accepted", "corrected", "added"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<String>,
    /// The (issue, actor key) decisions name it by, where a correction changed them.
    #[serde(skip)]
    pub reviewed_key: Option<(String, String)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangeRow {
    /// The actor's key (`actor` in JSON, as `PositionRow::actor`) and its
    /// name as last given.
    #[serde(rename = "actor")]
    pub actor_key: String,
    pub actor_name: String,
    pub issue: String,
    pub from: String,
    pub to: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub before_evidence: String,
    pub after_evidence: String,
    /// Where each evidence sentence is: its article and character span.
    pub before_span: Span,
    pub after_span: Span,
    /// The later statement's id (for paging; an added stance's is its
    /// decision's, negated).
    #[serde(skip)]
    pub after_id: i64,
}

/// One state's (or organisation's) stance on one issue: the latest of the
/// stances of every actor that speaks for it (its institutions, metonyms
/// and people), with who they are.
#[derive(Clone, Debug, Serialize)]
pub struct StateRow {
    pub state: String,
    pub issue: String,
    pub stance: String,
    pub published: Option<String>,
    pub statements: i64,
    /// The actors whose stances roll up here, by name.
    pub members: Vec<String>,
    pub evidence: String,
    pub article: i64,
    pub start: i64,
    pub end: i64,
}

/// The matrix by state: rows of [`Store::positions`] grouped by affiliation
/// (an actor with none stands for itself), each cell the latest stance.
pub fn by_state(rows: &[PositionRow]) -> Vec<StateRow> {
    let mut cells: std::collections::BTreeMap<(String, String), StateRow> =
        std::collections::BTreeMap::new();
    for r in rows {
        let state = r.affiliation.clone().unwrap_or_else(|| r.holder.clone());
        let later = |c: &StateRow| {
            (r.published.is_some(), &r.published, r.article, r.start)
                > (c.published.is_some(), &c.published, c.article, c.start)
        };
        let cell = cells
            .entry((state.clone(), r.issue.clone()))
            .or_insert_with(|| StateRow {
                state,
                issue: r.issue.clone(),
                stance: r.stance.clone(),
                published: r.published.clone(),
                statements: 0,
                members: Vec::new(),
                evidence: r.evidence.clone(),
                article: r.article,
                start: r.start,
                end: r.end,
            });
        if later(cell) {
            cell.stance = r.stance.clone();
            cell.published = r.published.clone();
            cell.evidence = r.evidence.clone();
            (cell.article, cell.start, cell.end) = (r.article, r.start, r.end);
        }
        cell.statements += r.statements;
        if !cell.members.contains(&r.holder) {
            cell.members.push(r.holder.clone());
        }
    }
    cells.into_values().collect()
}

/// The least confidence of the two statements of a reported change.
pub const CHANGE_CONFIDENCE: f64 = 0.6;

/// A search match: an article or a quote, with the matched words in [ ].
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// "article" or "quote".
    pub kind: String,
    pub id: i64,
    pub snippet: String,
    /// The article (of a quote, the article it is in), its headline and date.
    pub article: i64,
    pub title: Option<String>,
    pub published: Option<String>,
    /// A quote's character span and speaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// A quote's speaker's actor, where it has one: key and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
}

/// The newest matching articles, and as many quotes, that a search ranks
/// (or its limit, if larger): ranking every match would cost time in
/// proportion to the matches (a million for a common word).
pub const SEARCH_CANDIDATES: usize = 1000;

/// How a search's error begins when the query itself is at fault.
pub const MALFORMED_SEARCH: &str = "malformed search";

/// What is wrong with a search query's syntax on either back end, if
/// anything: unbalanced parentheses, or what [`crate::search`] cannot parse
/// (an unclosed phrase, an operator with nothing on one side, …).
pub fn search_syntax_error(query: &str) -> Option<String> {
    let mut depth = 0i64;
    for c in query.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return Some("a ) closes no (".into());
        }
    }
    if depth > 0 {
        return Some("a ( is not closed".into());
    }
    crate::search::Query::parse(query).err()
}

/// A statement as one side of a change of stance: whose, on which
/// issue, and where (a sentence may state several).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Side {
    pub actor: String,
    pub issue: String,
    pub span: Span,
}

impl ChangeRow {
    /// Its two statements, earlier first.
    pub(crate) fn sides(self) -> [Side; 2] {
        let side = |span| Side {
            actor: self.actor_key.clone(),
            issue: self.issue.clone(),
            span,
        };
        [side(self.before_span), side(self.after_span)]
    }
}

/// What the review queue ranks a statement by.
#[derive(Clone, Debug)]
pub(crate) struct StatementKey {
    pub id: i64,
    pub article: i64,
    pub start: i64,
    pub confidence: f64,
    /// Whose forecast input it stands behind: the holder's state, or the holder.
    pub who: String,
    pub issue: String,
    /// The holder's actor key (`name:` and the name for no actor).
    pub actor: String,
}

/// A character span of a stored article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub article: i64,
    pub start: i64,
    pub end: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct ArticleRow {
    pub id: i64,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub origin: String,
    pub text: String,
}

impl PositionRow {
    /// The statement as a side of a change (after review, as shown).
    pub(crate) fn side(&self) -> Side {
        Side {
            actor: self.actor.clone(),
            issue: self.issue.clone(),
            span: self.span(),
        }
    }

    /// Where the evidence is.
    pub fn span(&self) -> Span {
        Span {
            article: self.article,
            start: self.start,
            end: self.end,
        }
    }
}

/// While finding the matrix: (statements, order of the latest, its id).
type Cell = (i64, (bool, String, i64, i64), i64);

/// A dated statement of an actor, as `cell_days` counts it: its cell, its
/// day and its place in the day (article, start, id).
struct CellDay {
    actor: i64,
    issue: String,
    day: String,
    place: Place,
}

/// A statement's place in its day: article, start, id.
type Place = (i64, i64, i64);

/// Counts statements (key, issue, date, article, start, id) into their
/// cells, each cell's latest kept: undated first, then by date, article
/// and place.
fn latest_in_cells(cells: &mut HashMap<(String, String), Cell>, rows: Vec<Vec<Val>>) {
    for r in rows {
        let date = r[2].text().filter(|d| !d.is_empty());
        let order = (
            date.is_some(),
            date.unwrap_or_default(),
            r[3].int(),
            r[4].int(),
        );
        let e =
            cells
                .entry((r[0].string(), r[1].string()))
                .or_insert((0, order.clone(), r[5].int()));
        e.0 += 1;
        if order >= e.1 {
            e.1 = order;
            e.2 = r[5].int();
        }
    }
}

/// One article of a story: (outlet, title, origin).
pub type Source = (Option<String>, Option<String>, String);

#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    /// An actor's key, or part of a name (any case): the actors whose key
    /// it is or whose name or a quoted spelling holds it, and the
    /// speakers of no actor that hold it.
    pub actor: Option<String>,
    pub issue: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// A query's WHERE conditions and their parameters, numbered as added.
#[derive(Default)]
pub(crate) struct Conditions {
    conditions: Vec<String>,
    pub(crate) params: Vec<Val>,
}

/// Which of the machine's statements a query reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Only<'a> {
    /// The statements of this evidence (article, start, end): a seek on
    /// each issue (past `MERGED_ISSUES` issues, a read of every statement).
    At(i64, i64, i64),
    /// Those of these ids.
    Ids(&'a [i64]),
    /// Those of these holders (actor keys, or `name:` and a name): a
    /// walk of each one's statements in `positions_actor` or
    /// `positions_unresolved`.
    Holders(&'a [String]),
    /// One holder's (an actor key, or `name:` and a name) in one article,
    /// on these issues (a seek of `positions_timeline` each; none given:
    /// on any, a read of the holder's every statement), at one span
    /// (start, end) if given.
    HolderIn {
        holder: &'a str,
        article: i64,
        issues: &'a [String],
        span: Option<(i64, i64)>,
    },
}

/// SQL that statement `p` is `holder`'s (an actor key, or `name:` and a
/// name), its placeholder added to `w`.
fn holder_condition(w: &mut Conditions, holder: &str) -> String {
    match holder.strip_prefix("name:") {
        Some(name) => format!("p.actor_id IS NULL AND p.holder = {}", w.param(name.into())),
        None => format!(
            "p.actor_id = (SELECT id FROM actors WHERE key = {})",
            w.param(holder.into())
        ),
    }
}

/// Whose quotes a page's walk reads.
pub(crate) enum Who<'a> {
    /// Anyone's: no filter by speaker.
    Anyone,
    /// One actor's, by id: a walk of its key of `quotes_actor`.
    Actor(i64),
    /// Those of no actor under one spelling: a walk of `quotes_unresolved`.
    Unresolved(String),
    /// Those a name finds (`Store::name_condition`): a walk of all quotes.
    Named(&'a str),
}

/// SQL that `column` holds the text of placeholder `x`, in any case.
fn holds(column: &str, x: &str) -> String {
    format!("lower({column}) LIKE '%' || lower({x}) || '%'")
}

/// SQL of the ids of the actors text `x` (a placeholder) names: its key,
/// or part of its name or of a spelling a quote calls it by, in any case.
fn actors_named(x: &str) -> String {
    format!(
        "SELECT id FROM actors WHERE lower(key) = lower({x}) OR {}
         UNION SELECT actor_id FROM speakers WHERE actor_id <> 0 AND {}",
        holds("name", x),
        holds("speaker", x)
    )
}

/// What review decisions touch: actor keys (merged away or split) and
/// articles (of a quote whose speaker was decided).
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub keys: Vec<String>,
    pub articles: Vec<i64>,
}

impl Conditions {
    /// A parameter's placeholder (`?N`).
    pub(crate) fn param(&mut self, v: Val) -> String {
        self.params.push(v);
        format!("?{}", self.params.len())
    }
    /// The placeholders of `values`, for an `IN (…)` list.
    pub(crate) fn list<V: Clone + Into<Val>>(&mut self, values: &[V]) -> String {
        let marks: Vec<String> = values
            .iter()
            .map(|v| self.param(v.clone().into()))
            .collect();
        marks.join(", ")
    }
    /// The rows after `cursor` in `order` (the four columns of a
    /// [`Cursor`]), if any.
    pub(crate) fn after(&mut self, order: &str, cursor: Option<&Cursor>) {
        if cursor.is_some() {
            let keys: Vec<String> = Cursor::params(cursor)
                .into_iter()
                .map(|v| self.param(v))
                .collect();
            self.and(format!("({order}) > ({})", keys.join(", ")));
        }
    }
    pub(crate) fn and(&mut self, condition: String) {
        self.conditions.push(condition);
    }
    pub(crate) fn clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conditions.join(" AND "))
        }
    }
}

/// A statement's columns as [`position_row`] reads them, from
/// [`STATEMENT_FROM`].
const STATEMENT: &str = "coalesce(a.key, 'name:' || p.holder), coalesce(a.name, p.holder), p.affiliation, p.issue, p.stance, ar.published,
    p.confidence, p.evidence, ar.id, p.ev_start, p.ev_end, p.id";

/// The statements with their articles and actors (`p`, `ar`, `a`).
const STATEMENT_FROM: &str = "FROM positions p JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id";

/// A statement read as [`STATEMENT`]: (key, name, affiliation, issue,
/// stance, published, confidence, evidence, article, start, end, id).
fn position_row(r: &[Val]) -> PositionRow {
    PositionRow {
        actor: r[0].string(),
        holder: r[1].string(),
        affiliation: r[2].text(),
        issue: r[3].string(),
        stance: stance_name(r[4].int()),
        published: r[5].text(),
        statements: 1,
        confidence: r[6].real(),
        evidence: r[7].string(),
        article: r[8].int(),
        start: r[9].int(),
        end: r[10].int(),
        id: r[11].int(),
        review: None,
        reviewed_key: None,
    }
}

/// SQL for the `sort_date` of the article whose id is `article` (a
/// placeholder or a column): what its statements and quotes are
/// ordered by, so a seek of `positions_timeline` or `quotes_order`.
pub(crate) fn article_date(article: &str) -> String {
    format!("(SELECT coalesce(published, '') FROM articles WHERE id = {article})")
}

/// A stance's sign as stored (1 support, -1 oppose), from its name.
pub(crate) fn stance_number(stance: &str) -> i64 {
    if stance == "support" { 1 } else { -1 }
}

fn stance_name(s: i64) -> String {
    if s > 0 {
        "support".into()
    } else {
        "oppose".into()
    }
}

impl Store {
    /// The machine's actors: [`Store::actors`] before review decisions.
    pub(crate) fn machine_actors(&mut self, kept: bool) -> Result<Vec<ActorRow>> {
        // the counts kept at ingest (migration 5): one row per actor
        let sql = if kept && self.has_kept {
            "SELECT key, name, kind, affiliation, articles, mentions, quotes
             FROM actors ORDER BY 6 DESC, name"
        } else {
            "SELECT a.key, a.name, a.kind, a.affiliation,
                    count(DISTINCT aa.article_id), CAST(coalesce(sum(aa.mentions), 0) AS BIGINT),
                    (SELECT count(*) FROM quotes q WHERE q.actor_id = a.id)
             FROM actors a LEFT JOIN article_actors aa ON aa.actor_id = a.id
             GROUP BY a.id, a.key, a.name, a.kind, a.affiliation ORDER BY 6 DESC, a.name"
        };
        let rows = self.db.query(sql, &[])?;
        Ok(rows.iter().map(|r| ActorRow::from_row(r)).collect())
    }

    /// Every quote that passes the filter, oldest first.
    pub fn quotes(&mut self, f: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        Ok(self.quotes_page(f, None, usize::MAX)?.0)
    }

    /// The machine's quotes: [`Store::quotes_page`] before review decisions.
    pub(crate) fn machine_quotes_page(
        &mut self,
        f: &QuoteFilter,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<QuoteRow>, Option<Cursor>)> {
        self.machine_quotes_page_of(f, None, after, limit)
    }

    /// [`Store::machine_quotes_page`]; with `touched`, instead of the
    /// quotes of `f.actor`, those of the other actors that the decisions
    /// touch (their keys, or in their articles): the quotes a decision
    /// may give to `f.actor`.
    pub(crate) fn machine_quotes_page_of(
        &mut self,
        f: &QuoteFilter,
        touched: Option<&Touched>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<QuoteRow>, Option<Cursor>)> {
        let limit = limit.max(1);
        let who = self.who_of(f)?;
        if touched.is_none()
            && let Who::Named(name) = who
            && let Some(walks) = self.walks_of_name(name)?
        {
            return self.quotes_of_walks_merged(f, &walks, after, limit);
        }
        self.quotes_walk(f, &who, touched, after, limit)
    }

    /// A page of quotes merged from several walks (those a name finds:
    /// each actor's, and each spelling's of no actor), in the pages' order.
    fn quotes_of_walks_merged(
        &mut self,
        f: &QuoteFilter,
        walks: &[Who<'_>],
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<QuoteRow>, Option<Cursor>)> {
        let walks = walks
            .iter()
            .map(|who| {
                move |store: &mut Store, after: Option<&Cursor>, n: usize| {
                    store.quotes_walk(f, who, None, after, n)
                }
            })
            .collect();
        crate::review::merged_walks(self, walks, crate::review::quote_key, after, limit)
    }

    /// A page of the quotes `who` and the rest of `f` select, in one query.
    fn quotes_walk(
        &mut self,
        f: &QuoteFilter,
        who: &Who<'_>,
        touched: Option<&Touched>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<QuoteRow>, Option<Cursor>)> {
        let limit = limit.max(1);
        let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        let (sql, params) = self.quotes_page_query(f, who, touched, after, fetch);
        let rows = self.db.query(&sql, &params)?;
        let out: Vec<QuoteRow> = rows
            .into_iter()
            .map(|r| QuoteRow {
                published: r[0].text(),
                speaker: r[1].text(),
                actor_key: r[9].text(),
                actor_name: r[2].text(),
                text: r[3].string(),
                outlet: r[4].text(),
                article: r[5].int(),
                start: r[6].int(),
                end: r[7].int(),
                id: r[8].int(),
                title: r[10].text(),
                review: None,
            })
            .collect();
        Ok(page_of(out, limit, |last| {
            Cursor::after(&last.published, last.article, last.start, last.id)
        }))
    }

    /// SQLite's plan for a first page of quotes (for tests: which index
    /// it walks, and whether it sorts).
    #[doc(hidden)]
    pub fn quotes_page_plan(&mut self, f: &QuoteFilter) -> Result<Vec<String>> {
        let who = self.who_of(f)?;
        self.first_page_plan(f, &who)
    }

    /// SQLite's plan of the first page of `who`'s quotes that `f` selects.
    fn first_page_plan(&mut self, f: &QuoteFilter, who: &Who<'_>) -> Result<Vec<String>> {
        let (sql, params) = self.quotes_page_query(f, who, None, None, 51);
        Ok(self
            .db
            .query(&format!("EXPLAIN QUERY PLAN {sql}"), &params)?
            .into_iter()
            .map(|r| r[3].string())
            .collect())
    }

    /// Whose quotes the filter's `actor` selects: the actor whose key it
    /// is, if it is one (the quotes of that actor alone, walked in
    /// `quotes_actor`'s order since migration 15); else those its text
    /// names (`name_condition`).
    fn who_of<'f>(&mut self, f: &'f QuoteFilter) -> Result<Who<'f>> {
        let Some(actor) = &f.actor else {
            return Ok(Who::Anyone);
        };
        if !self.has_latest || !actor.contains(':') {
            return Ok(Who::Named(actor));
        }
        Ok(self
            .db
            .query_one("SELECT id FROM actors WHERE key = ?1", &[actor.into()])?
            .map_or(Who::Named(actor), |r| Who::Actor(r[0].int())))
    }

    /// The walks that give the quotes `name` finds, one an actor and one a
    /// spelling of no actor (each in an index's order), if there are at
    /// most `MERGED_WALKS`: a rare name then reads its own quotes, not
    /// every quote; a common one is found soon enough in a walk of all.
    fn walks_of_name<'n>(&mut self, name: &'n str) -> Result<Option<Vec<Who<'n>>>> {
        if !self.has_speakers {
            return Ok(None);
        }
        let most = (MERGED_WALKS + 1) as i64;
        let actors = self.db.query(
            &format!("{} LIMIT ?2", actors_named("?1")),
            &[name.into(), most.into()],
        )?;
        let spellings = self.db.query(
            &format!(
                "SELECT speaker FROM speakers WHERE actor_id = 0 AND {} LIMIT ?2",
                holds("speaker", "?1")
            ),
            &[name.into(), most.into()],
        )?;
        if actors.len() + spellings.len() > MERGED_WALKS {
            return Ok(None);
        }
        Ok(Some(
            actors
                .into_iter()
                .map(|r| Who::Actor(r[0].int()))
                .chain(
                    spellings
                        .into_iter()
                        .map(|r| Who::Unresolved(r[0].string())),
                )
                .collect(),
        ))
    }

    /// SQLite's plans of the walks a page of the quotes `name` finds is
    /// merged from (for tests: each in its own index, none sorted);
    /// `None` when it is one walk of all quotes.
    #[doc(hidden)]
    pub fn quotes_walk_plans(&mut self, name: &str) -> Result<Option<Vec<Vec<String>>>> {
        let Some(walks) = self.walks_of_name(name)? else {
            return Ok(None);
        };
        let f = QuoteFilter::default();
        walks
            .iter()
            .map(|who| self.first_page_plan(&f, who))
            .collect::<Result<_>>()
            .map(Some)
    }

    /// The keys of the actors `name` finds (as `name_condition` does, for
    /// the quotes as reviewed); `None` on a record without `speakers`.
    pub(crate) fn actor_keys_named(
        &mut self,
        name: &str,
    ) -> Result<Option<std::collections::HashSet<String>>> {
        if !self.has_speakers {
            return Ok(None);
        }
        let rows = self.db.query(
            &format!(
                "SELECT key FROM actors WHERE id IN ({})",
                actors_named("?1")
            ),
            &[name.into()],
        )?;
        Ok(Some(rows.into_iter().map(|r| r[0].string()).collect()))
    }

    /// The condition on a quote `q` (its actor `a`) that text `x` (a
    /// placeholder) names its speaker: the actor's key is `x`, or its name
    /// or a spelling it is quoted under holds `x` (in any case), or it has
    /// no actor and its speaker holds `x`. Before migration 17: the key,
    /// the actor's name or the quote's own spelling.
    fn name_condition(&self, x: &str) -> String {
        if !self.has_speakers {
            return format!(
                "(lower(a.key) = lower({x}) OR {} OR {})",
                holds("a.name", x),
                holds("q.speaker", x)
            );
        }
        format!(
            "(q.actor_id IN ({}) OR (q.actor_id IS NULL AND {}))",
            actors_named(x),
            holds("q.speaker", x)
        )
    }

    /// A page of quotes as one statement: only the conditions asked for,
    /// so the planner can walk the quotes in the page's order
    /// (`quotes_order`, an actor's key of `quotes_actor`, or an issue's
    /// key of `quote_issues`) and stop at the limit.
    fn quotes_page_query(
        &self,
        f: &QuoteFilter,
        who: &Who<'_>,
        touched: Option<&Touched>,
        after: Option<&Cursor>,
        fetch: i64,
    ) -> (String, Vec<Val>) {
        let mut w = Conditions::default();
        let of_actor = match who {
            Who::Anyone => None,
            Who::Actor(id) => Some(format!("q.actor_id = {}", w.param((*id).into()))),
            Who::Unresolved(spelling) => Some(format!(
                "q.actor_id IS NULL AND q.speaker = {}",
                w.param(spelling.as_str().into())
            )),
            Who::Named(name) => {
                let x = w.param((*name).into());
                Some(self.name_condition(&x))
            }
        };
        if let Some(of_actor) = of_actor {
            match touched {
                None => w.and(of_actor),
                Some(t) => {
                    let mut any = vec!["1 = 0".to_string()];
                    if !t.keys.is_empty() {
                        any.push(format!("a.key IN ({})", w.list(&t.keys)));
                    }
                    if !t.articles.is_empty() {
                        any.push(format!("q.article_id IN ({})", w.list(&t.articles)));
                    }
                    w.and(format!("({})", any.join(" OR ")));
                    w.and(format!("(CASE WHEN {of_actor} THEN 0 ELSE 1 END) = 1"));
                }
            }
        }
        // an issue's quotes walked in its key of `quote_issues`, which
        // holds each quote's place (migration 13), however few name it
        let by_issue = f.issue.is_some() && self.has_ordered_quote_issues;
        if let Some(issue) = &f.issue {
            let x = w.param(issue.into());
            w.and(if by_issue {
                format!("qi.issue = {x}")
            } else {
                format!(
                    "EXISTS (SELECT 1 FROM quote_issues qi WHERE qi.quote_id = q.id AND qi.issue = {x})"
                )
            });
        }
        // the dates bound the walk's own key too, so it starts and stops there
        let walked_date = if by_issue {
            Some("qi.sort_date")
        } else {
            self.has_latest.then_some("q.sort_date")
        };
        for (date, op) in [(&f.since, ">="), (&f.until, "<=")] {
            if let Some(date) = date {
                let x = w.param(date.into());
                w.and(format!("ar.published {op} {x}"));
                if let Some(key) = walked_date {
                    w.and(format!("{key} {op} {x}"));
                }
            }
        }
        let (quotes, order) = if by_issue {
            (
                "quote_issues qi JOIN quotes q ON q.id = qi.quote_id",
                "qi.sort_date, qi.article_id, qi.q_start, qi.quote_id",
            )
        } else if self.has_latest {
            ("quotes q", "q.sort_date, q.article_id, q.q_start, q.id")
        } else {
            (
                "quotes q",
                "coalesce(ar.published, ''), ar.id, q.q_start, q.id",
            )
        };
        w.after(order, after);
        let limit_param = w.param(fetch.into());
        let sql = format!(
            "SELECT ar.published, q.speaker, a.name, q.text, ar.outlet, ar.id, q.q_start, q.q_end, q.id, a.key, ar.title
             FROM {quotes} JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors a ON a.id = q.actor_id
             {} ORDER BY {order} LIMIT {limit_param}",
            w.clause()
        );
        (sql, w.params)
    }

    /// Every stance statement on `issue` (or all), undated first, then oldest first.
    pub fn statements(
        &mut self,
        issue: Option<&str>,
        until: Option<&str>,
    ) -> Result<Vec<PositionRow>> {
        Ok(self.statements_page(issue, until, None, usize::MAX)?.0)
    }

    /// The machine's statements: [`Store::statements_page`] before review decisions.
    pub(crate) fn machine_statements_page(
        &mut self,
        issue: Option<&str>,
        until: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<PositionRow>, Option<Cursor>)> {
        self.machine_statements_page_at(issue, None, until, after, limit)
    }

    /// The id after which the `n` statements stored last are.
    pub(crate) fn window_start(&mut self, n: i64) -> Result<i64> {
        Ok(self
            .db
            .query_one("SELECT coalesce(max(id), 0) FROM positions", &[])?
            .map_or(0, |r| r[0].int())
            - n)
    }

    /// The statements stored after `since`, in no order, without their
    /// evidence (`""`: the review queue reads it for those it shows).
    pub(crate) fn statements_after_without_evidence(
        &mut self,
        since: i64,
    ) -> Result<Vec<PositionRow>> {
        // the article's date from the statement's own (migration 4), not
        // a seek of each one's article
        let (columns, from) = match self.has_latest {
            true => (
                STATEMENT
                    .replace("p.evidence", "''")
                    .replace("ar.published", "nullif(p.sort_date, '')")
                    .replace("ar.id", "p.article_id"),
                "FROM positions p LEFT JOIN actors a ON a.id = p.actor_id",
            ),
            false => (STATEMENT.replace("p.evidence", "''"), STATEMENT_FROM),
        };
        Ok(self
            .db
            .query(
                &format!("SELECT {columns} {from} WHERE p.id > ?1"),
                &[since.into()],
            )?
            .iter()
            .map(|r| position_row(r))
            .collect())
    }

    /// These statements (each once, 500 at a time), by id.
    pub(crate) fn statements_by_ids(&mut self, ids: &[i64]) -> Result<Vec<PositionRow>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for part in ids.chunks(500) {
            out.extend(
                self.machine_statements_page_at(
                    None,
                    Some(Only::Ids(part)),
                    None,
                    None,
                    usize::MAX,
                )?
                .0,
            );
        }
        Ok(out)
    }

    /// `holder`'s latest statement on `issue` (dated up to `as_of` if
    /// given) in the lists' order, but for those of `gone` (id → date).
    /// An actor's is found from its days in `cell_days` (migration 18),
    /// latest first: the first day with more statements than leave it,
    /// whose statements on the issue are then read (`positions_timeline`);
    /// when no dated one stays, the undated ones. A holder that is no
    /// actor, or a record before migration 18, reads its statements on the
    /// issue and sorts them.
    pub(crate) fn latest_staying(
        &mut self,
        holder: &str,
        issue: &str,
        as_of: Option<&str>,
        gone: &HashMap<i64, Option<String>>,
    ) -> Result<Option<i64>> {
        let staying = |ids: Vec<Vec<Val>>| {
            ids.into_iter()
                .map(|r| r[0].int())
                .find(|id| !gone.contains_key(id))
        };
        if !self.has_dated_cells || holder.starts_with("name:") {
            let mut w = Conditions::default();
            let who = holder_condition(&mut w, holder);
            w.and(who);
            let i = w.param(issue.into());
            w.and(format!("p.issue = {i}"));
            if let Some(date) = as_of {
                let d = w.param(date.into());
                w.and(format!("p.sort_date > '' AND p.sort_date <= {d}"));
            }
            let n = w.param(i64::try_from(gone.len() + 1).unwrap_or(i64::MAX).into());
            return Ok(staying(self.db.query(
                &format!(
                    "SELECT p.id FROM positions p {}
                     ORDER BY p.sort_date DESC, p.article_id DESC, p.ev_start DESC, p.id DESC LIMIT {n}",
                    w.clause()
                ),
                &w.params,
            )?));
        }
        let mut leaving_on: HashMap<&str, i64> = HashMap::new();
        for date in gone.values() {
            *leaving_on.entry(date.as_deref().unwrap_or("")).or_default() += 1;
        }
        let actor = self
            .db
            .query_one("SELECT id FROM actors WHERE key = ?1", &[holder.into()])?
            .map(|r| r[0].int());
        let Some(actor) = actor else {
            return Ok(None);
        };
        let of_day = |store: &mut Store, day: &str| -> Result<Option<i64>> {
            Ok(staying(store.db.query(
                "SELECT p.id FROM positions p
                 WHERE p.issue = ?1 AND p.sort_date = ?2 AND +p.actor_id = ?3
                 ORDER BY p.article_id DESC, p.ev_start DESC, p.id DESC",
                &[issue.into(), day.into(), actor.into()],
            )?))
        };
        // pages of days, latest first: up to `as_of`, then before the
        // last day read
        let mut bound = as_of.map(|d| ("<=", d.to_string()));
        loop {
            let (cmp, day) = bound.clone().unwrap_or(("<=", String::new()));
            let upper = if bound.is_some() {
                format!("AND day {cmp} ?3")
            } else {
                "AND CAST(?3 AS TEXT) IS NOT NULL".to_string()
            };
            let days = self.db.query(
                &format!(
                    "SELECT day, statements FROM cell_days WHERE actor_id = ?1 AND issue = ?2 {upper}
                     ORDER BY day DESC LIMIT 64"
                ),
                &[actor.into(), issue.into(), day.into()],
            )?;
            for d in &days {
                let day = d[0].string();
                if d[1].int() > leaving_on.get(day.as_str()).copied().unwrap_or(0) {
                    return of_day(self, &day);
                }
            }
            match days.last() {
                Some(last) if days.len() == 64 => bound = Some(("<", last[0].string())),
                _ => break,
            }
        }
        // no dated statement stays: the undated come first in the lists'
        // order, so the latest of them (none as of a date)
        if as_of.is_some() {
            return Ok(None);
        }
        of_day(self, "")
    }

    /// [`Store::machine_statements_page`] of only some statements.
    pub(crate) fn machine_statements_page_at(
        &mut self,
        issue: Option<&str>,
        only: Option<Only<'_>>,
        until: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<PositionRow>, Option<Cursor>)> {
        let limit = limit.max(1);
        if issue.is_none()
            && only.is_none()
            && self.has_latest
            && let Some(issues) = self.statement_issues()?
        {
            return self.statements_of_issues_merged(&issues, until, after, limit);
        }
        let fetch = i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX);
        // as quotes: an issue's statements in order from `positions_timeline`
        let mut w = Conditions::default();
        match only {
            Some(Only::At(article, start, end)) => {
                let (a, s, e) = (
                    w.param(article.into()),
                    w.param(start.into()),
                    w.param(end.into()),
                );
                w.and(format!(
                    "p.article_id = {a} AND p.ev_start = {s} AND p.ev_end = {e}"
                ));
                // a seek of `positions_timeline` on each issue, at the
                // article's date (not a read of the issue's every statement)
                let issues = match issue {
                    Some(issue) => Some(vec![issue.to_string()]),
                    None => self.statement_issues()?,
                };
                if self.has_latest
                    && let Some(issues) = issues
                {
                    match issues.is_empty() {
                        true => w.and("1 = 0".into()),
                        false => {
                            let i = w.list(&issues);
                            w.and(format!(
                                "p.issue IN ({i}) AND p.sort_date = {}",
                                article_date(&a)
                            ));
                        }
                    }
                }
            }
            Some(Only::Ids([])) => w.and("1 = 0".into()),
            Some(Only::Holders(holders)) => {
                let (names, keys): (Vec<&String>, Vec<&String>) =
                    holders.iter().partition(|h| h.starts_with("name:"));
                let names: Vec<String> = names.iter().map(|h| h[5..].to_string()).collect();
                let keys: Vec<String> = keys.into_iter().cloned().collect();
                let of_actors = match keys.is_empty() {
                    true => "1 = 0".to_string(),
                    false => format!(
                        "p.actor_id IN (SELECT id FROM actors WHERE key IN ({}))",
                        w.list(&keys)
                    ),
                };
                let of_names = match names.is_empty() {
                    true => "1 = 0".to_string(),
                    false => format!("p.actor_id IS NULL AND p.holder IN ({})", w.list(&names)),
                };
                w.and(format!("(({of_actors}) OR ({of_names}))"));
            }
            Some(Only::Ids(ids)) => {
                let ids = w.list(ids);
                w.and(format!("p.id IN ({ids})"));
            }
            Some(Only::HolderIn {
                holder,
                article,
                issues,
                span,
            }) => {
                let who = holder_condition(&mut w, holder);
                let a = w.param(article.into());
                w.and(format!("p.article_id = {a}"));
                if issues.is_empty() {
                    w.and(who);
                } else {
                    // `positions_timeline`'s columns in turn: issue, date,
                    // article (the holder's index, by `+`, left out: it
                    // would read the holder's every statement on the issue)
                    w.and(who.replacen("p.actor_id", "+p.actor_id", 1));
                    let i = w.list(issues);
                    w.and(format!(
                        "p.issue IN ({i}) AND p.sort_date = {}",
                        article_date(&a)
                    ));
                }
                if let Some((start, end)) = span {
                    let (s, e) = (w.param(start.into()), w.param(end.into()));
                    w.and(format!("p.ev_start = {s} AND p.ev_end = {e}"));
                }
            }
            None => {}
        }
        if let Some(issue) = issue {
            let x = w.param(issue.into());
            w.and(format!("p.issue = {x}"));
        }
        if let Some(until) = until {
            let x = w.param(until.into());
            w.and(format!("ar.published <= {x}"));
            if self.has_latest {
                // the same bound on the walk's own key, so it stops there
                w.and(format!("p.sort_date <= {x}"));
            }
        }
        let order = if self.has_latest {
            "p.sort_date, p.article_id, p.ev_start, p.id"
        } else {
            "coalesce(ar.published, ''), ar.id, p.ev_start, p.id"
        };
        w.after(order, after);
        let limit_param = w.param(fetch.into());
        let rows = self.db.query(
            &format!(
                "SELECT {STATEMENT} {STATEMENT_FROM}
                 {} ORDER BY {order} LIMIT {limit_param}",
                w.clause()
            ),
            &w.params,
        )?;
        let out: Vec<PositionRow> = rows.iter().map(|r| position_row(r)).collect();
        Ok(page_of(out, limit, |last| {
            Cursor::after(&last.published, last.article, last.start, last.id)
        }))
    }

    /// The issues that statements name, each once, found by a seek an
    /// issue along `positions_timeline` (not a read of every statement);
    /// `None` past `MERGED_ISSUES`.
    pub(crate) fn statement_issues(&mut self) -> Result<Option<Vec<String>>> {
        self.distinct_by_seeks("positions", "issue", MERGED_ISSUES)
    }

    /// A page of the statements on every issue: each issue's walked in
    /// `positions_timeline`'s order and merged, so the page reads about
    /// as many statements as it shows (one index holds no order of all
    /// statements, and another would slow every ingest).
    fn statements_of_issues_merged(
        &mut self,
        issues: &[String],
        until: Option<&str>,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<PositionRow>, Option<Cursor>)> {
        let walks = issues
            .iter()
            .map(|issue| {
                move |store: &mut Store, after: Option<&Cursor>, n: usize| {
                    store.machine_statements_page_at(Some(issue), None, until, after, n)
                }
            })
            .collect();
        crate::review::merged_walks(self, walks, crate::review::statement_key, after, limit)
    }

    /// The machine's matrix ([`Store::positions`] of a record without
    /// review decisions). Finds the cells on narrow rows first, then reads
    /// the evidence of those alone.
    pub(crate) fn machine_positions(&mut self, as_of: Option<&str>) -> Result<Vec<PositionRow>> {
        if as_of.is_none() && self.has_latest {
            return self.latest_positions();
        }
        self.positions_from_statements(as_of)
    }

    /// The machine's matrix as kept at ingest (`latest_positions`) and as
    /// found from every statement, each in order (for tests).
    #[doc(hidden)]
    pub fn matrix_kept_and_computed(&mut self) -> Result<(Vec<PositionRow>, Vec<PositionRow>)> {
        let order = |mut rows: Vec<PositionRow>| {
            rows.sort_by(|a, b| (&a.actor, &a.issue).cmp(&(&b.actor, &b.issue)));
            rows
        };
        Ok((
            order(self.latest_positions()?),
            order(self.positions_from_statements(None)?),
        ))
    }

    /// The machine's matrix as of a date (all of it for `None`) from the
    /// statements themselves.
    fn positions_from_statements(&mut self, as_of: Option<&str>) -> Result<Vec<PositionRow>> {
        let cells = match as_of {
            Some(date) if self.has_dated_cells => self.cells_as_of(date)?,
            _ => self.cells_of_every_statement(as_of)?,
        };
        self.cells_with_evidence(cells)
    }

    /// The machine's matrix as of a date made from every statement up to
    /// it, as a record before migration 18 makes it.
    pub(crate) fn machine_positions_of_every_statement(
        &mut self,
        as_of: &str,
    ) -> Result<Vec<PositionRow>> {
        let cells = self.cells_of_every_statement(Some(as_of))?;
        self.cells_with_evidence(cells)
    }

    /// The cells as of a date, each actor's from its days in `cell_days`
    /// (migration 18): its count their sum up to the date, its latest the
    /// last such day's. The matrix reads a row per cell and day, however
    /// many statements the days hold, and no article. The cells of
    /// holders that are no actor from their statements.
    fn cells_as_of(&mut self, date: &str) -> Result<HashMap<(String, String), Cell>> {
        let days = "d.actor_id = a.id AND d.issue = l.issue AND d.day <= ?1";
        let rows = self.db.query(
            &format!(
                "SELECT actor, issue, n, latest FROM (
                   SELECT l.actor, l.issue,
                     (SELECT CAST(coalesce(sum(d.statements), 0) AS BIGINT) FROM cell_days d WHERE {days}) AS n,
                     (SELECT d.position_id FROM cell_days d WHERE {days} ORDER BY d.day DESC LIMIT 1) AS latest
                   FROM latest_positions l JOIN actors a ON a.key = l.actor
                 ) AS c WHERE n > 0"
            ),
            &[date.into()],
        )?;
        let no_order = (true, String::new(), 0, 0);
        let mut cells: HashMap<(String, String), Cell> = rows
            .into_iter()
            .map(|r| {
                (
                    (r[0].string(), r[1].string()),
                    (r[2].int(), no_order.clone(), r[3].int()),
                )
            })
            .collect();
        let unresolved = self.db.query(
            "SELECT 'name:' || p.holder, p.issue, p.sort_date, p.article_id, p.ev_start, p.id
             FROM positions p WHERE p.actor_id IS NULL AND p.sort_date > '' AND p.sort_date <= ?1",
            &[date.into()],
        )?;
        latest_in_cells(&mut cells, unresolved);
        Ok(cells)
    }

    /// The cells as of a date (all of them for `None`) from every
    /// statement up to it.
    fn cells_of_every_statement(
        &mut self,
        as_of: Option<&str>,
    ) -> Result<HashMap<(String, String), Cell>> {
        let light = self.db.query(
            "SELECT coalesce(a.key, 'name:' || p.holder), p.issue, ar.published, ar.id, p.ev_start, p.id
             FROM positions p JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id
             WHERE (CAST(?1 AS TEXT) IS NULL OR ar.published <= ?1)",
            &[as_of.into()],
        )?;
        let mut cells = HashMap::new();
        latest_in_cells(&mut cells, light);
        Ok(cells)
    }

    /// The matrix of these cells: each one's latest statement read whole.
    fn cells_with_evidence(
        &mut self,
        cells: HashMap<(String, String), Cell>,
    ) -> Result<Vec<PositionRow>> {
        if cells.is_empty() {
            return Ok(Vec::new());
        }
        let counts: std::collections::HashMap<i64, i64> =
            cells.values().map(|(n, _, id)| (*id, *n)).collect();
        let ids: Vec<String> = counts.keys().map(i64::to_string).collect();
        let rows = self.db.query(
            &format!(
                "SELECT {STATEMENT} {STATEMENT_FROM}
                 WHERE p.id IN ({})",
                ids.join(",")
            ),
            &[],
        )?;
        let mut out: Vec<PositionRow> = rows
            .iter()
            .map(|r| PositionRow {
                statements: counts.get(&r[11].int()).copied().unwrap_or(1),
                ..position_row(r)
            })
            .collect();
        out.sort_by(|a, b| a.holder.cmp(&b.holder).then(a.issue.cmp(&b.issue)));
        Ok(out)
    }

    /// The machine's matrix as of now, from `latest_positions`: as many
    /// rows to read as cells, however many statements the record holds.
    pub(crate) fn latest_positions(&mut self) -> Result<Vec<PositionRow>> {
        let rows = self.db.query(
            &format!(
                "SELECT {STATEMENT}, l.statements
                 FROM latest_positions l JOIN positions p ON p.id = l.position_id
                   JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id"
            ),
            &[],
        )?;
        let mut out: Vec<PositionRow> = rows
            .iter()
            .map(|r| PositionRow {
                statements: r[12].int(),
                ..position_row(r)
            })
            .collect();
        out.sort_by(|a, b| a.holder.cmp(&b.holder).then(a.issue.cmp(&b.issue)));
        Ok(out)
    }

    /// Who changed stance on what, when, with the statements on both sides:
    /// between two statements of one actor on one issue, each read at least
    /// [`CHANGE_CONFIDENCE`] (a quote, reported speech, a stance verb; not a
    /// sentence's bare subject).
    pub fn changes(&mut self, as_of: Option<&str>) -> Result<Vec<ChangeRow>> {
        self.changes_with(as_of, CHANGE_CONFIDENCE)
    }

    /// [`Store::changes`] between statements read at least `min_confidence`.
    pub fn changes_with(
        &mut self,
        as_of: Option<&str>,
        min_confidence: f64,
    ) -> Result<Vec<ChangeRow>> {
        Ok(self
            .changes_page(as_of, min_confidence, None, usize::MAX)?
            .0)
    }

    /// At most `limit` changes after `after` (in the order of their later
    /// statement: undated first, then by date, article and place), and the
    /// cursor of the next page if any. A record without decisions answers
    /// the default confidence from `stance_changes`, kept at ingest: a page
    /// reads its own rows, however many statements the record holds.
    pub fn changes_page(
        &mut self,
        as_of: Option<&str>,
        min_confidence: f64,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<ChangeRow>, Option<Cursor>)> {
        let limit = limit.max(1);
        let overlay = self.overlay()?;
        let kept = self.has_kept && min_confidence == CHANGE_CONFIDENCE;
        if !kept
            && let Some(page) =
                self.changes_page_at(overlay.as_deref(), as_of, min_confidence, after, limit)?
        {
            return Ok(page);
        }
        if kept
            && self.has_actor_statements
            && let Some(overlay) = &overlay
        {
            return self.changes_page_as_reviewed(overlay, as_of, after, limit);
        }
        let mut rows = if kept && overlay.is_none() {
            self.kept_changes(as_of, after, limit.saturating_add(1), &[])?
        } else {
            self.computed_changes(as_of, min_confidence)?
                .into_iter()
                .filter(|c| {
                    after.is_none_or(|k| {
                        (
                            c.after.as_deref().unwrap_or(""),
                            c.after_span.article,
                            c.after_span.start,
                            c.after_id,
                        ) > (k.published.as_str(), k.article, k.start, k.id)
                    })
                })
                .take(limit.saturating_add(1))
                .collect()
        };
        let next = (rows.len() > limit).then(|| {
            rows.truncate(limit);
            let last = rows.last().expect("limit is at least one");
            Cursor::after(
                &last.after,
                last.after_span.article,
                last.after_span.start,
                last.after_id,
            )
        });
        Ok((rows, next))
    }

    /// What the review queue ranks the statements stored after `since`
    /// by, in no order. Whose input a statement stands behind is its own
    /// affiliation or its holder's name; `reviewed`, as the decisions
    /// read it ([`crate::review`]'s overlay): its own affiliation, its
    /// actor's, or its holder's name.
    pub(crate) fn statement_keys_after(
        &mut self,
        since: i64,
        reviewed: bool,
    ) -> Result<Vec<StatementKey>> {
        let who = if reviewed {
            "coalesce(p.affiliation, a.affiliation, a.name, p.holder)"
        } else {
            "coalesce(p.affiliation, a.name, p.holder)"
        };
        Ok(self
            .db
            .query(
                &format!(
                    "SELECT p.id, p.article_id, p.ev_start, p.confidence, {who}, p.issue,
                            coalesce(a.key, 'name:' || p.holder)
                     FROM positions p LEFT JOIN actors a ON a.id = p.actor_id WHERE p.id > ?1"
                ),
                &[since.into()],
            )?
            .into_iter()
            .map(|r| StatementKey {
                id: r[0].int(),
                article: r[1].int(),
                start: r[2].int(),
                confidence: r[3].real(),
                who: r[4].string(),
                issue: r[5].string(),
                actor: r[6].string(),
            })
            .collect())
    }

    /// The statements (ids) on either side of the kept changes with a
    /// side stored after `since`.
    pub(crate) fn kept_change_sides_after(&mut self, since: i64) -> Result<Vec<i64>> {
        Ok(self
            .db
            .query(
                // one read of each covering index (migrations 20 and 21; an
                // OR would look each row up in the table); `+` keeps the
                // second from the earlier side's index, which SQLite's
                // statistics pick at a million (every change before the
                // window read: 72 ms, not 1)
                "SELECT before_id, after_id FROM stance_changes WHERE before_id > ?1
                 UNION ALL SELECT before_id, after_id FROM stance_changes WHERE after_id > ?1 AND +before_id <= ?1",
                &[since.into()],
            )?
            .into_iter()
            .flat_map(|r| [r[0].int(), r[1].int()])
            .collect())
    }

    /// A page of the changes kept at ingest (`stance_changes`, read at
    /// least [`CHANGE_CONFIDENCE`]); as of a date, those between dated
    /// statements up to it (undated statements come first, and are not
    /// read as of a date); none of the holders `excluding` names (actor
    /// keys, or `name:` and a name).
    pub(crate) fn kept_changes(
        &mut self,
        as_of: Option<&str>,
        after: Option<&Cursor>,
        fetch: usize,
        excluding: &[String],
    ) -> Result<Vec<ChangeRow>> {
        let mut w = Conditions::default();
        if !excluding.is_empty() {
            let x = w.list(excluding);
            w.and(format!("coalesce(a.key, 'name:' || p.holder) NOT IN ({x})"));
        }
        if let Some(as_of) = as_of {
            let x = w.param(as_of.into());
            w.and(format!(
                "c.sort_date > '' AND c.before_dated = 1 AND c.sort_date <= {x}"
            ));
        }
        let order = "c.sort_date, c.article_id, c.ev_start, c.after_id";
        w.after(order, after);
        let limit_param = w.param(i64::try_from(fetch).unwrap_or(i64::MAX).into());
        let rows = self.db.query(
            &format!(
                "SELECT c.after_id, coalesce(a.key, 'name:' || p.holder), coalesce(a.name, p.holder), p.issue,
                        b.stance, p.stance, br.published, ar.published, b.evidence, p.evidence,
                        b.article_id, b.ev_start, b.ev_end, p.article_id, p.ev_start, p.ev_end
                 FROM stance_changes c
                   JOIN positions p ON p.id = c.after_id JOIN articles ar ON ar.id = p.article_id
                   LEFT JOIN actors a ON a.id = p.actor_id
                   JOIN positions b ON b.id = c.before_id JOIN articles br ON br.id = b.article_id
                 {} ORDER BY {order} LIMIT {limit_param}",
                w.clause()
            ),
            &w.params,
        )?;
        Ok(rows
            .into_iter()
            .map(|r| ChangeRow {
                actor_key: r[1].string(),
                actor_name: r[2].string(),
                issue: r[3].string(),
                from: stance_name(r[4].int()),
                to: stance_name(r[5].int()),
                before: r[6].text(),
                after: r[7].text(),
                before_evidence: r[8].string(),
                after_evidence: r[9].string(),
                before_span: Span {
                    article: r[10].int(),
                    start: r[11].int(),
                    end: r[12].int(),
                },
                after_span: Span {
                    article: r[13].int(),
                    start: r[14].int(),
                    end: r[15].int(),
                },
                after_id: r[0].int(),
            })
            .collect())
    }

    /// The changes found from every statement up to `as_of` (as reviewed),
    /// as a record without kept changes is answered: for checks that the
    /// kept changes hold.
    pub fn computed_changes(
        &mut self,
        as_of: Option<&str>,
        min_confidence: f64,
    ) -> Result<Vec<ChangeRow>> {
        let mut all = self.statements(None, as_of)?;
        all.retain(|s| s.confidence >= min_confidence);
        Ok(changes_of(&all))
    }

    /// Full-text search over articles and quotes, in one syntax on both
    /// back ends ([`crate::search`]: words, "a phrase", prefix*, a OR b,
    /// NOT c), best first among the newest matches
    /// ([`Store::search_page`]); a malformed query is an error that says why.
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(self.search_page(query, None, limit)?.0)
    }

    /// A search query parsed, or the error that says why it is malformed.
    pub(crate) fn parsed_search(&self, query: &str) -> Result<crate::search::Query> {
        if let Some(why) = search_syntax_error(query) {
            return Err(DbError(format!("{MALFORMED_SEARCH}: {why}")));
        }
        crate::search::Query::parse(query).map_err(DbError)
    }

    /// A match as a hit: where it is (its article, title, date, and a
    /// quote's span and speaker) and a snippet of its text.
    pub(crate) fn hit(
        &mut self,
        parsed: &crate::search::Query,
        kind: String,
        id: i64,
    ) -> Result<Hit> {
        // PostgreSQL's headline marks the stemmed matches (`talk` for
        // `talks`) too; SQLite's snippet is made here from the text
        let postgres = self.db.is_postgres();
        let text = |column: &str| {
            if postgres {
                format!(
                    "ts_headline('english', {column}, to_tsquery('english', ?2), 'StartSel=[,StopSel=],MaxWords=14,MinWords=6')"
                )
            } else {
                column.to_string()
            }
        };
        let mut params: Vec<Val> = vec![id.into()];
        if postgres {
            params.push(parsed.tsquery().into());
        }
        let place = if kind == "quote" {
            self.db.query_one(
                &format!("SELECT ar.id, ar.title, ar.published, q.q_start, q.q_end, coalesce(a.name, q.speaker), a.key, a.name, {}
                 FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors a ON a.id = q.actor_id WHERE q.id = ?1", text("q.text")),
                &params,
            )?
        } else {
            self.db.query_one(
                &format!("SELECT id, title, published, NULL, NULL, NULL, NULL, NULL, {} FROM articles WHERE id = ?1", text("text")),
                &params,
            )?
        };
        let place = place.unwrap_or_else(|| vec![Val::Null; 9]);
        let snippet = if postgres {
            place[8].string()
        } else {
            parsed.snippet(&place[8].string(), crate::search::SNIPPET_WORDS)
        };
        Ok(Hit {
            kind,
            id,
            snippet,
            article: place[0].int(),
            title: place[1].text(),
            published: place[2].text(),
            start: place[3].text().map(|_| place[3].int()),
            end: place[4].text().map(|_| place[4].int()),
            speaker: place[5].text(),
            actor: place[6].text(),
            actor_name: place[7].text(),
        })
    }

    /// The issues with at least one stance, by id.
    pub fn issues(&mut self) -> Result<Vec<String>> {
        let machine = self.machine_issues()?;
        match self.overlay()? {
            Some(overlay) => self.issues_as_reviewed(&overlay, machine),
            None => Ok(machine),
        }
    }

    /// The issues with at least one of the machine's stances, by id.
    pub(crate) fn machine_issues(&mut self) -> Result<Vec<String>> {
        let table = if self.has_latest {
            "latest_positions"
        } else {
            "positions"
        };
        let rows = self.db.query(
            &format!("SELECT DISTINCT issue FROM {table} ORDER BY issue"),
            &[],
        )?;
        Ok(rows.into_iter().map(|r| r[0].string()).collect())
    }

    /// (articles, stories, quotes, positions).
    pub fn counts(&mut self) -> Result<(i64, i64, i64, i64)> {
        if !self.has_counts {
            return self.counts_counted();
        }
        let r = self
            .db
            .query_one(
                "SELECT articles, stories, quotes, positions FROM record_counts",
                &[],
            )?
            .unwrap_or_default();
        Ok((r[0].int(), r[1].int(), r[2].int(), r[3].int()))
    }

    /// [`Store::counts`] counted anew (as a record before migration 22 is
    /// answered): for checks that the kept counts hold.
    #[doc(hidden)]
    pub fn counts_counted(&mut self) -> Result<(i64, i64, i64, i64)> {
        let r = self
            .db
            .query_one("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), (SELECT count(*) FROM quotes), (SELECT count(*) FROM positions)", &[])?
            .unwrap_or_default();
        Ok((r[0].int(), r[1].int(), r[2].int(), r[3].int()))
    }

    /// One stored article, with its text (the text every offset indexes).
    pub fn article(&mut self, id: i64) -> Result<Option<ArticleRow>> {
        Ok(self
            .db
            .query_one(
                "SELECT id, title, outlet, published, url, origin, text FROM articles WHERE id = ?1",
                &[id.into()],
            )?
            .map(|r| ArticleRow {
                id: r[0].int(),
                title: r[1].text(),
                outlet: r[2].text(),
                published: r[3].text(),
                url: r[4].text(),
                origin: r[5].string(),
                text: r[6].string(),
            }))
    }

    /// The articles of one story.
    pub fn story_sources(&mut self, story: i64) -> Result<Vec<Source>> {
        let rows = self.db.query(
            "SELECT outlet, title, origin FROM articles WHERE story_id = ?1 ORDER BY id",
            &[story.into()],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| (r[0].text(), r[1].text(), r[2].string()))
            .collect())
    }

    /// The story of the first stored article.
    pub fn first_story(&mut self) -> Result<Option<i64>> {
        Ok(self
            .db
            .query_one("SELECT story_id FROM articles ORDER BY id LIMIT 1", &[])?
            .map(|r| r[0].int()))
    }

    /// Nothing half-written or doubled: every article has its story, every
    /// sketch its story, every quote and position its article, no text is
    /// stored twice, the kept counts are those counted; on SQLite also the
    /// file's own integrity check.
    pub fn check(&mut self) -> Result<bool> {
        let orphans = self
            .db
            .query_one(
                "SELECT (SELECT count(*) FROM articles ar WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = ar.story_id))
                      + (SELECT count(*) FROM quotes q WHERE NOT EXISTS (SELECT 1 FROM articles ar WHERE ar.id = q.article_id))
                      + (SELECT count(*) FROM positions p WHERE NOT EXISTS (SELECT 1 FROM articles ar WHERE ar.id = p.article_id))
                      + (SELECT count(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM articles ar WHERE ar.story_id = s.id))
                      + (SELECT count(*) - count(DISTINCT content_key) FROM articles)",
                &[],
            )?
            .map_or(0, |r| r[0].int());
        // no sketch without its story (a story without one, written by an
        // older attache, is compared by its signature)
        let unsketched = if self.has_sketches {
            self.db
                .query_one(
                    "SELECT count(*) FROM story_sketches k WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = k.story_id)",
                    &[],
                )?
                .map_or(0, |r| r[0].int())
        } else {
            0
        };
        // the kept counts are those counted (migration 22)
        let miscounted = self.has_counts && self.counts()? != self.counts_counted()?;
        let orphans = orphans + unsketched + i64::from(miscounted);
        if self.db.is_postgres() {
            return Ok(orphans == 0);
        }
        let ok = self
            .db
            .query_one("PRAGMA integrity_check", &[])?
            .map(|r| r[0].string());
        // the full-text indexes against the rows they index (a writer's
        // connection: FTS5 takes the check as an insert); an error if not
        let mut indexed = true;
        if self.has_search_tables && !self.db.is_read_only_sqlite() {
            for table in SearchKind::ALL.map(SearchKind::table) {
                let sql =
                    format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)");
                indexed &= self.db.execute(&sql, &[]).is_ok();
            }
        }
        let banded = !self.has_content_bands || self.every_article_has_its_content_band()?;
        Ok(orphans == 0 && indexed && banded && ok.as_deref() == Some("ok"))
    }

    /// Whether the band index holds every article's content band with its
    /// story (what finds its exact copies), 500 articles at a time.
    fn every_article_has_its_content_band(&mut self) -> Result<bool> {
        let mut after = 0;
        while let Some((last, wanted)) = self.content_bands_after(after, 500)? {
            after = last;
            let bands: Vec<i64> = wanted.iter().map(|&(band, _)| band).collect();
            let held: std::collections::HashSet<(i64, i64)> =
                self.stories_of_bands(&bands)?.into_iter().collect();
            if !wanted.iter().all(|pair| held.contains(pair)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The (content band, story) of at most `limit` articles with ids above
    /// `after`, by id, and the last of their ids; none past the last article.
    fn content_bands_after(&mut self, after: i64, limit: i64) -> Result<Option<(i64, BandRows)>> {
        let page = self.db.query(
            "SELECT id, content_key, story_id FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[after.into(), limit.into()],
        )?;
        Ok(page.last().map(|last| {
            let bands = page
                .iter()
                .map(|r| (content_band(&r[1].string()), r[2].int()))
                .collect();
            (last[0].int(), bands)
        }))
    }
}

// ---- whole tables, page by page (for `attache export`) ------------------

/// A stored article, for export.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleExport {
    pub id: i64,
    pub story_id: i64,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub date_source: Option<String>,
    pub origin: String,
    pub text: String,
}

/// A stored quote, for export: `actor` is the speaker's actor key.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteExport {
    pub id: i64,
    pub article_id: i64,
    pub url: Option<String>,
    pub published: Option<String>,
    pub actor: Option<String>,
    pub speaker: Option<String>,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub kind: String,
    pub cue: Option<String>,
    /// The catalogue's issues the quote names, by id, sorted.
    pub issues: Vec<String>,
}

/// A stored stance statement, for export: `actor` is the holder's actor
/// key (none where the holder is no actor of the article).
#[derive(Clone, Debug, Serialize)]
pub struct PositionExport {
    pub id: i64,
    pub article_id: i64,
    pub url: Option<String>,
    pub published: Option<String>,
    pub actor: Option<String>,
    pub holder: String,
    pub affiliation: Option<String>,
    pub issue: String,
    pub stance: String,
    pub confidence: f64,
    pub evidence: String,
    pub start: i64,
    pub end: i64,
}

/// An actor of the record, for export.
#[derive(Clone, Debug, Serialize)]
pub struct ActorExport {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub articles: i64,
    pub mentions: i64,
    pub quotes: i64,
}

/// (band, story) rows of the band index.
type BandRows = Vec<(i64, i64)>;

/// A page of at most `limit` rows from `rows` (fetched one over the
/// limit), and the cursor after its last when more follow.
pub(crate) fn page_of<T, C>(
    mut rows: Vec<T>,
    limit: usize,
    cursor: impl Fn(&T) -> C,
) -> (Vec<T>, Option<C>) {
    let next = (rows.len() > limit).then(|| {
        rows.truncate(limit);
        cursor(rows.last().expect("limit is at least one"))
    });
    (rows, next)
}

fn page_size(limit: usize) -> i64 {
    i64::try_from(limit.max(1)).unwrap_or(i64::MAX)
}

impl Store {
    /// At most `limit` articles with ids above `after`, by id.
    pub fn articles_after(&mut self, after: i64, limit: usize) -> Result<Vec<ArticleExport>> {
        let rows = self.db.query(
            "SELECT id, story_id, url, title, outlet, published, date_source, origin, text
             FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
            &[after.into(), page_size(limit).into()],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| ArticleExport {
                id: r[0].int(),
                story_id: r[1].int(),
                url: r[2].text(),
                title: r[3].text(),
                outlet: r[4].text(),
                published: r[5].text(),
                date_source: r[6].text(),
                origin: r[7].string(),
                text: r[8].string(),
            })
            .collect())
    }

    /// At most `limit` quotes with ids above `after`, by id.
    pub fn quotes_after(&mut self, after: i64, limit: usize) -> Result<Vec<QuoteExport>> {
        let rows = self.db.query(
            "SELECT q.id, q.article_id, ar.url, ar.published, a.key, q.speaker, q.text, q.q_start, q.q_end, q.kind, q.cue
             FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors a ON a.id = q.actor_id
             WHERE q.id > ?1 ORDER BY q.id LIMIT ?2",
            &[after.into(), page_size(limit).into()],
        )?;
        let mut out: Vec<QuoteExport> = rows
            .into_iter()
            .map(|r| QuoteExport {
                id: r[0].int(),
                article_id: r[1].int(),
                url: r[2].text(),
                published: r[3].text(),
                actor: r[4].text(),
                speaker: r[5].text(),
                text: r[6].string(),
                start: r[7].int(),
                end: r[8].int(),
                kind: r[9].string(),
                cue: r[10].text(),
                issues: Vec::new(),
            })
            .collect();
        if let (Some(first), Some(last)) = (out.first().map(|q| q.id), out.last().map(|q| q.id)) {
            let issues = self.db.query(
                "SELECT quote_id, issue FROM quote_issues WHERE quote_id >= ?1 AND quote_id <= ?2 ORDER BY quote_id, issue",
                &[first.into(), last.into()],
            )?;
            let at: std::collections::HashMap<i64, usize> =
                out.iter().enumerate().map(|(k, q)| (q.id, k)).collect();
            for r in issues {
                if let Some(&k) = at.get(&r[0].int()) {
                    out[k].issues.push(r[1].string());
                }
            }
        }
        Ok(out)
    }

    /// At most `limit` stance statements with ids above `after`, by id.
    pub fn positions_after(&mut self, after: i64, limit: usize) -> Result<Vec<PositionExport>> {
        let rows = self.db.query(
            "SELECT p.id, p.article_id, ar.url, ar.published, a.key, p.holder, p.affiliation, p.issue, p.stance,
                    p.confidence, p.evidence, p.ev_start, p.ev_end
             FROM positions p JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id
             WHERE p.id > ?1 ORDER BY p.id LIMIT ?2",
            &[after.into(), page_size(limit).into()],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| PositionExport {
                id: r[0].int(),
                article_id: r[1].int(),
                url: r[2].text(),
                published: r[3].text(),
                actor: r[4].text(),
                holder: r[5].string(),
                affiliation: r[6].text(),
                issue: r[7].string(),
                stance: stance_name(r[8].int()),
                confidence: r[9].real(),
                evidence: r[10].string(),
                start: r[11].int(),
                end: r[12].int(),
            })
            .collect())
    }

    /// Every actor with its role and counts, in the order first stored.
    pub fn actors_export(&mut self) -> Result<Vec<ActorExport>> {
        let rows = self.db.query(
            "SELECT a.key, a.name, a.kind, a.role, a.affiliation,
                    count(DISTINCT aa.article_id), CAST(coalesce(sum(aa.mentions), 0) AS BIGINT),
                    (SELECT count(*) FROM quotes q WHERE q.actor_id = a.id)
             FROM actors a LEFT JOIN article_actors aa ON aa.actor_id = a.id
             GROUP BY a.id, a.key, a.name, a.kind, a.role, a.affiliation ORDER BY a.id",
            &[],
        )?;
        Ok(rows
            .into_iter()
            .map(|r| ActorExport {
                key: r[0].string(),
                name: r[1].string(),
                kind: r[2].string(),
                role: r[3].text(),
                affiliation: r[4].text(),
                articles: r[5].int(),
                mentions: r[6].int(),
                quotes: r[7].int(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn row_placeholders_number_every_cell_in_order() {
        assert_eq!(
            &*super::row_placeholders(2, 3),
            "(?1, ?2, ?3), (?4, ?5, ?6)"
        );
        assert_eq!(&*super::row_placeholders(1, 2), "(?1, ?2)");
        assert_eq!(&*super::row_placeholders(3, 1), "(?1), (?2), (?3)");
        assert_eq!(&*super::row_placeholders(0, 4), "");
        // again, from the thread's memo
        assert_eq!(
            &*super::row_placeholders(2, 3),
            "(?1, ?2, ?3), (?4, ?5, ?6)"
        );
    }
}
