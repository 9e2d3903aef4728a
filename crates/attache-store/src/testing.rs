//! Test support: a fresh PostgreSQL database per test, on the server that
//! `ATTACHE_TEST_POSTGRES` names (a URL whose user may create databases).

/// Creates (anew) the database `attache_test_<name>_<pid>` and returns its URL.
pub fn fresh_postgres(name: &str) -> Result<String, String> {
    let admin = std::env::var("ATTACHE_TEST_POSTGRES")
        .map_err(|_| "ATTACHE_TEST_POSTGRES is not set".to_string())?;
    let db = format!("attache_test_{name}_{}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls)
        .map_err(|e| format!("connecting to {admin}: {e}"))?;
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .map_err(|e| format!("dropping {db}: {e}"))?;
    client
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .map_err(|e| format!("creating {db}: {e}"))?;
    // replace the database part of the URL: scheme://authority/db?params
    let (base, query) = admin
        .split_once('?')
        .map_or((admin.as_str(), None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut url = format!("{}/{db}", &base[..authority_end]);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}

/// What undoes each migration (1-based; the first is never undone), with
/// `{int}` for the back end's 64-bit integer type; one that begins with
/// `{sqlite}` undoes a migration of SQLite's alone.
const UNDO: &[&str] = &[
    "",
    "DROP TABLE story_bands;",
    "DROP TABLE reviews;",
    "DROP TABLE latest_positions; DROP INDEX story_bands_band_story;
     CREATE INDEX story_bands_band ON story_bands(band); DROP INDEX positions_timeline; DROP INDEX quotes_order;
     ALTER TABLE positions DROP COLUMN sort_date; ALTER TABLE quotes DROP COLUMN sort_date;",
    "DROP TABLE stance_changes; DROP TABLE stance_sequence;
     ALTER TABLE actors DROP COLUMN articles; ALTER TABLE actors DROP COLUMN mentions; ALTER TABLE actors DROP COLUMN quotes;",
    "CREATE TABLE story_bands (band {int} NOT NULL, story_id {int} NOT NULL REFERENCES stories(id));
     CREATE INDEX story_bands_band_story ON story_bands(band, story_id);
     INSERT INTO story_bands (band, story_id) SELECT band, story_id FROM story_bands_rest
       UNION ALL SELECT band, story_id FROM story_bands_mid UNION ALL SELECT band, story_id FROM story_bands_recent;
     DROP TABLE story_bands_rest; DROP TABLE story_bands_mid; DROP TABLE story_bands_recent;",
    "{sqlite}CREATE VIRTUAL TABLE search USING fts5(text, kind UNINDEXED, ref UNINDEXED);
     INSERT INTO search (text, kind, ref) SELECT text, 'article', id FROM articles;
     INSERT INTO search (text, kind, ref) SELECT text, 'quote', id FROM quotes;
     DROP TABLE search_articles; DROP TABLE search_quotes;",
    "DROP TABLE story_sketches;",
    "CREATE INDEX positions_issue ON positions(issue, actor_id);",
    "{sqlite}INSERT INTO search_articles(search_articles, rank) VALUES ('hashsize', 1048576);
     INSERT INTO search_quotes(search_quotes, rank) VALUES ('hashsize', 1048576);
     INSERT INTO search_articles(search_articles, rank) VALUES ('automerge', 4);
     INSERT INTO search_quotes(search_quotes, rank) VALUES ('automerge', 4);",
    "{sqlite}CREATE TABLE article_actors_rowid (
        article_id INTEGER NOT NULL REFERENCES articles(id), actor_id INTEGER NOT NULL REFERENCES actors(id),
        mentions INTEGER NOT NULL, PRIMARY KEY (article_id, actor_id)
     );
     INSERT INTO article_actors_rowid SELECT article_id, actor_id, mentions FROM article_actors;
     DROP TABLE article_actors;
     ALTER TABLE article_actors_rowid RENAME TO article_actors;",
    // (the content bands are taken out of the band index first: `downgrade`)
    "{sqlite}CREATE TABLE articles_keyed (
        id INTEGER PRIMARY KEY, content_key TEXT NOT NULL UNIQUE,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        url TEXT, title TEXT, outlet TEXT, published TEXT, date_source TEXT,
        origin TEXT NOT NULL, text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
     );
     INSERT INTO articles_keyed SELECT * FROM articles;
     DROP TABLE articles;
     ALTER TABLE articles_keyed RENAME TO articles;
     CREATE INDEX articles_story ON articles(story_id);
     CREATE INDEX articles_published ON articles(published);",
    "CREATE TABLE quote_issues_pairs (quote_id {int} NOT NULL REFERENCES quotes(id), issue TEXT NOT NULL);
     INSERT INTO quote_issues_pairs (quote_id, issue) SELECT quote_id, issue FROM quote_issues ORDER BY quote_id, issue;
     DROP TABLE quote_issues;
     ALTER TABLE quote_issues_pairs RENAME TO quote_issues;
     CREATE INDEX quote_issues_issue ON quote_issues(issue);",
    "DROP INDEX actors_by_mentions;",
    "DROP INDEX quotes_actor; CREATE INDEX quotes_actor ON quotes(actor_id);",
    "DROP INDEX positions_actor;",
    "DROP INDEX quotes_unresolved; DROP TABLE speakers;",
    "DROP TABLE cell_days;",
    "DROP INDEX stance_changes_after; DROP INDEX stance_changes_before;",
    "DROP INDEX stance_changes_after; CREATE INDEX stance_changes_after ON stance_changes(after_id);",
    "DROP INDEX stance_changes_before; CREATE INDEX stance_changes_before ON stance_changes(before_id);",
    "DROP TABLE record_counts;",
    "DROP INDEX positions_unresolved; DROP INDEX positions_actor; CREATE INDEX positions_actor ON positions(actor_id, issue);",
];

/// Takes a record (a SQLite path or a `postgres://` URL) back to the schema
/// of `version`, as a record made by an older attache: the migrations
/// after it undone, newest first, with the data they moved put back.
pub fn downgrade(db: &str, version: usize) -> Result<(), String> {
    const { assert!(UNDO.len() == crate::db::SCHEMA_VERSION) };
    let postgres = crate::backend::is_url(db);
    let mut sql = String::new();
    for undo in UNDO.iter().skip(version).rev() {
        let undo = match undo.strip_prefix("{sqlite}") {
            Some(_) if postgres => continue,
            Some(undo) => undo,
            None => undo,
        };
        sql.push_str(&crate::db::in_dialect(undo, postgres));
        sql.push('\n');
    }
    if postgres {
        sql.push_str(&format!(
            "DELETE FROM schema_migrations WHERE version > {version};"
        ));
        let mut c = postgres::Client::connect(db, postgres::NoTls).map_err(|e| e.to_string())?;
        c.batch_execute(&sql).map_err(|e| e.to_string())?;
    } else {
        sql.push_str(&format!("PRAGMA user_version = {version};"));
        let c = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
        // tables others refer to are copied (undoing migration 12)
        c.execute_batch("PRAGMA foreign_keys = OFF")
            .map_err(|e| e.to_string())?;
        let at: usize = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if version < crate::db::CONTENT_BANDS_MIGRATION && at >= crate::db::CONTENT_BANDS_MIGRATION
        {
            remove_content_bands(&c).map_err(|e| e.to_string())?;
        }
        c.execute_batch(&sql).map_err(|e| e.to_string())?;
    }
    if version < crate::db::SKETCHES_MIGRATION {
        restore_signatures(db)?;
    }
    Ok(())
}

/// Takes every article's content band out of the band index's levels.
fn remove_content_bands(c: &rusqlite::Connection) -> rusqlite::Result<()> {
    let rows: Vec<(String, i64)> = c
        .prepare("SELECT content_key, story_id FROM articles")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for table in crate::db::BAND_LEVELS {
        let mut delete = c.prepare(&format!(
            "DELETE FROM {table} WHERE band = ?1 AND story_id = ?2"
        ))?;
        for (key, story) in &rows {
            delete.execute(rusqlite::params![
                crate::fingerprint::content_band(key),
                story
            ])?;
        }
    }
    Ok(())
}

/// Writes each story's signature into `stories.minhash`, as an attache
/// from before `story_sketches` kept it (this one keeps it empty): the
/// signature of the text of the story's first article.
pub fn restore_signatures(db: &str) -> Result<(), String> {
    let signature_of = |text: &str| {
        let signature = crate::fingerprint::Fingerprint::of(text).signature;
        crate::fingerprint::to_bytes(&signature)
    };
    let first_texts =
        "SELECT s.id, a.text FROM stories s JOIN articles a ON a.id = s.first_article";
    if crate::backend::is_url(db) {
        let mut c = postgres::Client::connect(db, postgres::NoTls).map_err(|e| e.to_string())?;
        for row in c.query(first_texts, &[]).map_err(|e| e.to_string())? {
            let (id, text): (i64, String) = (row.get(0), row.get(1));
            c.execute(
                "UPDATE stories SET minhash = $1 WHERE id = $2",
                &[&signature_of(&text), &id],
            )
            .map_err(|e| e.to_string())?;
        }
    } else {
        let c = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
        let rows: Vec<(i64, String)> = c
            .prepare(first_texts)
            .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(|e| e.to_string())?;
        for (id, text) in rows {
            c.execute(
                "UPDATE stories SET minhash = ?1 WHERE id = ?2",
                rusqlite::params![signature_of(&text), id],
            )
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
