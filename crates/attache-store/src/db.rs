//! The SQLite store: schema and migrations, one transaction per article,
//! and the queries.

use crate::simhash::{StoryIndex, content_key, from_bytes, signature, to_bytes};
use crate::sources::RawArticle;
use attache_core::analysis::{Analysis, StanceKind};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::Path;

pub type Result<T> = std::result::Result<T, rusqlite::Error>;

/// Schema migrations, applied in order; `PRAGMA user_version` records how
/// many have run.
const MIGRATIONS: &[&str] = &[
    // 1: articles grouped into stories, actors across articles, quotes, positions, search
    r#"
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        minhash BLOB NOT NULL,
        first_article INTEGER
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        content_key TEXT NOT NULL UNIQUE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        url TEXT, title TEXT, outlet TEXT,
        published TEXT, date_source TEXT,
        origin TEXT NOT NULL,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX articles_story ON articles(story_id);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        role TEXT,
        affiliation TEXT
    );
    CREATE TABLE article_actors (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        actor_id INTEGER NOT NULL REFERENCES actors(id),
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, actor_id)
    );
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        actor_id INTEGER REFERENCES actors(id),
        speaker TEXT,
        text TEXT NOT NULL,
        start INTEGER NOT NULL, end INTEGER NOT NULL,
        kind TEXT NOT NULL,
        cue TEXT
    );
    CREATE INDEX quotes_actor ON quotes(actor_id);
    CREATE TABLE quote_issues (
        quote_id INTEGER NOT NULL REFERENCES quotes(id),
        issue TEXT NOT NULL
    );
    CREATE INDEX quote_issues_issue ON quote_issues(issue);
    CREATE TABLE positions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        actor_id INTEGER REFERENCES actors(id),
        holder TEXT NOT NULL,
        affiliation TEXT,
        issue TEXT NOT NULL,
        stance INTEGER NOT NULL,
        confidence REAL NOT NULL,
        evidence TEXT NOT NULL,
        ev_start INTEGER NOT NULL, ev_end INTEGER NOT NULL
    );
    CREATE INDEX positions_issue ON positions(issue, actor_id);
    CREATE VIRTUAL TABLE search USING fts5(text, kind UNINDEXED, ref UNINDEXED);
    "#,
];

pub struct Store {
    conn: Connection,
    /// Every story's MinHash signature, for near-duplicate look-ups.
    stories: Option<StoryIndex>,
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
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = Store {
            conn,
            stories: None,
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: usize = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (k, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", k + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<usize> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
    }

    fn story_index(&mut self) -> Result<&mut StoryIndex> {
        if self.stories.is_none() {
            let mut idx = StoryIndex::default();
            let mut stmt = self.conn.prepare("SELECT id, minhash FROM stories")?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
                let (id, bytes) = row?;
                if let Some(sig) = from_bytes(&bytes) {
                    idx.insert(id, sig);
                }
            }
            self.stories = Some(idx);
        }
        Ok(self.stories.as_mut().expect("loaded"))
    }

    /// Whether exactly this text is stored (checked before analysing it).
    pub fn contains_text(&self, text: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM articles WHERE content_key = ?1",
                [content_key(text)],
                |_| Ok(()),
            )
            .optional()
            .map(|o| o.is_some())
    }

    /// Stores one analysed article in one transaction.
    pub fn ingest(
        &mut self,
        raw: &RawArticle,
        a: &Analysis,
        issue_of_quote: impl Fn(&str) -> Vec<String>,
    ) -> Result<Outcome> {
        let key = content_key(&raw.text);
        if self.contains_text(&raw.text)? {
            return Ok(Outcome::Duplicate);
        }
        let sig = signature(&raw.text);
        let near = self.story_index()?.find(&sig);
        let tx = self.conn.transaction()?;
        let (story, outcome) = match near {
            Some(id) => (id, Outcome::Copy),
            None => {
                tx.execute(
                    "INSERT INTO stories (minhash) VALUES (?1)",
                    [to_bytes(&sig)],
                )?;
                (tx.last_insert_rowid(), Outcome::Stored)
            }
        };
        tx.execute(
            "INSERT INTO articles (content_key, story_id, url, title, outlet, published, date_source, origin, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![key, story, raw.url, raw.title, raw.outlet, raw.published.as_ref().map(|p| &p.0), raw.published.as_ref().map(|p| p.1.as_str()), raw.origin, raw.text],
        )?;
        let article = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO search (text, kind, ref) VALUES (?1, 'article', ?2)",
            params![raw.text, article],
        )?;
        if outcome == Outcome::Stored {
            tx.execute(
                "UPDATE stories SET first_article = ?1 WHERE id = ?2",
                params![article, story],
            )?;
            // actors, quotes and positions once per story: copies add nothing new
            let mut ids = std::collections::HashMap::new();
            for actor in &a.actors {
                tx.execute(
                    "INSERT INTO actors (key, name, kind, role, affiliation) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(key) DO UPDATE SET
                       name = CASE WHEN length(excluded.name) > length(actors.name) THEN excluded.name ELSE actors.name END,
                       role = coalesce(actors.role, excluded.role),
                       affiliation = coalesce(actors.affiliation, excluded.affiliation)",
                    params![actor.key, actor.name, kind_name(actor.kind), actor.role, actor.affiliation],
                )?;
                let id: i64 =
                    tx.query_row("SELECT id FROM actors WHERE key = ?1", [&actor.key], |r| {
                        r.get(0)
                    })?;
                tx.execute(
                    "INSERT INTO article_actors (article_id, actor_id, mentions) VALUES (?1, ?2, ?3)
                     ON CONFLICT(article_id, actor_id) DO UPDATE SET mentions = mentions + excluded.mentions",
                    params![article, id, actor.mentions.len() as i64],
                )?;
                ids.insert(actor.id.as_str(), id);
            }
            for q in &a.quotes {
                let actor = q
                    .speaker
                    .as_ref()
                    .and_then(|s| s.actor.as_deref())
                    .and_then(|x| ids.get(x))
                    .copied();
                tx.execute(
                    "INSERT INTO quotes (article_id, actor_id, speaker, text, start, end, kind, cue) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        article,
                        actor,
                        q.speaker.as_ref().map(|s| &s.name),
                        q.text,
                        q.start as i64,
                        q.end as i64,
                        if q.kind == attache_core::analysis::QuoteKind::Direct { "direct" } else { "partial" },
                        q.cue.as_ref().map(|c| &c.text)
                    ],
                )?;
                let qid = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO search (text, kind, ref) VALUES (?1, 'quote', ?2)",
                    params![q.text, qid],
                )?;
                for issue in issue_of_quote(&q.text) {
                    tx.execute(
                        "INSERT INTO quote_issues (quote_id, issue) VALUES (?1, ?2)",
                        params![qid, issue],
                    )?;
                }
            }
            for p in a.positions.iter().flatten() {
                let actor = p.holder.actor.as_deref().and_then(|x| ids.get(x)).copied();
                tx.execute(
                    "INSERT INTO positions (article_id, actor_id, holder, affiliation, issue, stance, confidence, evidence, ev_start, ev_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        article,
                        actor,
                        p.holder.name,
                        p.affiliation,
                        p.issue,
                        if p.stance == StanceKind::Support { 1 } else { -1 },
                        p.confidence,
                        p.evidence.text,
                        p.evidence.start as i64,
                        p.evidence.end as i64
                    ],
                )?;
            }
        }
        tx.commit()?;
        if outcome == Outcome::Stored {
            self.story_index()?.insert(story, sig);
        }
        Ok(outcome)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn kind_name(k: attache_core::analysis::ActorKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

// ---- queries ----------------------------------------------------------

#[derive(Clone, Debug, Serialize)]
pub struct ActorRow {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub affiliation: Option<String>,
    pub articles: i64,
    pub mentions: i64,
    pub quotes: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuoteRow {
    pub published: Option<String>,
    pub speaker: Option<String>,
    pub actor: Option<String>,
    pub text: String,
    pub outlet: Option<String>,
    pub article: i64,
    pub start: i64,
    pub end: i64,
}

#[derive(Clone, Debug, Serialize)]
pub struct PositionRow {
    pub actor: String,
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
}

#[derive(Clone, Debug, Serialize)]
pub struct ChangeRow {
    pub actor: String,
    pub issue: String,
    pub from: String,
    pub to: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub before_evidence: String,
    pub after_evidence: String,
}

/// One article of a story: (outlet, title, origin).
pub type Source = (Option<String>, Option<String>, String);

#[derive(Clone, Debug, Default)]
pub struct QuoteFilter {
    pub actor: Option<String>,
    pub issue: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
}

fn stance_name(s: i64) -> String {
    if s > 0 {
        "support".into()
    } else {
        "oppose".into()
    }
}

impl Store {
    pub fn actors(&self) -> Result<Vec<ActorRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.key, a.name, a.kind, a.affiliation,
                    count(DISTINCT aa.article_id), coalesce(sum(aa.mentions), 0),
                    (SELECT count(*) FROM quotes q WHERE q.actor_id = a.id)
             FROM actors a LEFT JOIN article_actors aa ON aa.actor_id = a.id
             GROUP BY a.id ORDER BY 6 DESC, a.name",
        )?;
        stmt.query_map([], |r| {
            Ok(ActorRow {
                key: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                affiliation: r.get(3)?,
                articles: r.get(4)?,
                mentions: r.get(5)?,
                quotes: r.get(6)?,
            })
        })?
        .collect()
    }

    pub fn quotes(&self, f: &QuoteFilter) -> Result<Vec<QuoteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT ar.published, q.speaker, a.name, q.text, ar.outlet, ar.id, q.start, q.end
             FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN actors a ON a.id = q.actor_id
             WHERE (?1 IS NULL OR a.key = ?1 OR a.name LIKE '%' || ?1 || '%' OR q.speaker LIKE '%' || ?1 || '%')
               AND (?2 IS NULL OR EXISTS (SELECT 1 FROM quote_issues qi WHERE qi.quote_id = q.id AND qi.issue = ?2))
               AND (?3 IS NULL OR ar.published >= ?3)
               AND (?4 IS NULL OR ar.published <= ?4)
             ORDER BY ar.published, ar.id, q.start",
        )?;
        stmt.query_map(params![f.actor, f.issue, f.since, f.until], |r| {
            Ok(QuoteRow {
                published: r.get(0)?,
                speaker: r.get(1)?,
                actor: r.get(2)?,
                text: r.get(3)?,
                outlet: r.get(4)?,
                article: r.get(5)?,
                start: r.get(6)?,
                end: r.get(7)?,
            })
        })?
        .collect()
    }

    /// Every stance statement on `issue` (or all), dated, oldest first.
    pub fn statements(&self, issue: Option<&str>, until: Option<&str>) -> Result<Vec<PositionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT coalesce(a.key, 'name:' || p.holder), p.holder, p.affiliation, p.issue, p.stance, ar.published,
                    p.confidence, p.evidence, ar.id, p.ev_start, p.ev_end
             FROM positions p JOIN articles ar ON ar.id = p.article_id LEFT JOIN actors a ON a.id = p.actor_id
             WHERE (?1 IS NULL OR p.issue = ?1) AND (?2 IS NULL OR ar.published <= ?2)
             ORDER BY ar.published, ar.id, p.ev_start",
        )?;
        stmt.query_map(params![issue, until], |r| {
            Ok(PositionRow {
                actor: r.get(0)?,
                holder: r.get(1)?,
                affiliation: r.get(2)?,
                issue: r.get(3)?,
                stance: stance_name(r.get(4)?),
                published: r.get(5)?,
                statements: 1,
                confidence: r.get(6)?,
                evidence: r.get(7)?,
                article: r.get(8)?,
                start: r.get(9)?,
                end: r.get(10)?,
            })
        })?
        .collect()
    }

    /// The actor × issue matrix as of a date: each cell the latest stance,
    /// with its date, the count of statements and its evidence.
    pub fn positions(&self, as_of: Option<&str>) -> Result<Vec<PositionRow>> {
        let all = self.statements(None, as_of)?;
        let mut cells: Vec<PositionRow> = Vec::new();
        for s in all {
            match cells
                .iter_mut()
                .find(|c| c.actor == s.actor && c.issue == s.issue)
            {
                Some(c) => {
                    let n = c.statements + 1;
                    *c = PositionRow { statements: n, ..s };
                }
                None => cells.push(s),
            }
        }
        cells.sort_by(|a, b| a.holder.cmp(&b.holder).then(a.issue.cmp(&b.issue)));
        Ok(cells)
    }

    /// Who changed stance on what, when, with the statements on both sides.
    pub fn changes(&self, as_of: Option<&str>) -> Result<Vec<ChangeRow>> {
        let all = self.statements(None, as_of)?;
        let mut last: Vec<&PositionRow> = Vec::new();
        let mut out = Vec::new();
        for s in &all {
            match last
                .iter_mut()
                .find(|c| c.actor == s.actor && c.issue == s.issue)
            {
                Some(prev) => {
                    if prev.stance != s.stance {
                        out.push(ChangeRow {
                            actor: s.holder.clone(),
                            issue: s.issue.clone(),
                            from: prev.stance.clone(),
                            to: s.stance.clone(),
                            before: prev.published.clone(),
                            after: s.published.clone(),
                            before_evidence: prev.evidence.clone(),
                            after_evidence: s.evidence.clone(),
                        });
                    }
                    *prev = s;
                }
                None => last.push(s),
            }
        }
        Ok(out)
    }

    /// Full-text search over articles and quotes (FTS5 syntax).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(String, i64, String)>> {
        let mut stmt = self.conn.prepare("SELECT kind, ref, snippet(search, 0, '[', ']', '…', 12) FROM search WHERE search MATCH ?1 ORDER BY rank LIMIT ?2")?;
        stmt.query_map(params![query, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect()
    }

    pub fn counts(&self) -> Result<(i64, i64, i64, i64)> {
        self.conn.query_row(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), (SELECT count(*) FROM quotes), (SELECT count(*) FROM positions)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
    }

    /// The articles of one story.
    pub fn story_sources(&self, story: i64) -> Result<Vec<Source>> {
        let mut stmt = self.conn.prepare(
            "SELECT outlet, title, origin FROM articles WHERE story_id = ?1 ORDER BY id",
        )?;
        stmt.query_map([story], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
    }

    /// Checks foreign keys and that every article has its story.
    pub fn check(&self) -> Result<bool> {
        let fk: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        let ok: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(fk == 0 && ok == "ok")
    }
}
