//! One small SQL surface over SQLite (embedded) and PostgreSQL (a team's
//! server): values, placeholders (`?1` in queries, `$1` sent to PostgreSQL),
//! rows, and transactions. Schema and search differ per backend; everything
//! else is written once.

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use std::fmt;

/// A value passed to or read from either backend.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Val {
    pub fn int(&self) -> i64 {
        match self {
            Val::Int(i) => *i,
            Val::Real(f) => *f as i64,
            Val::Text(s) => s.parse().unwrap_or(0),
            _ => 0,
        }
    }
    pub fn real(&self) -> f64 {
        match self {
            Val::Real(f) => *f,
            Val::Int(i) => *i as f64,
            _ => 0.0,
        }
    }
    pub fn text(&self) -> Option<String> {
        match self {
            Val::Text(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Real(f) => Some(f.to_string()),
            _ => None,
        }
    }
    pub fn string(&self) -> String {
        self.text().unwrap_or_default()
    }
    pub fn blob(&self) -> Option<&[u8]> {
        match self {
            Val::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl From<&String> for Val {
    fn from(v: &String) -> Val {
        Val::Text(v.clone())
    }
}
impl From<Vec<u8>> for Val {
    fn from(v: Vec<u8>) -> Val {
        Val::Blob(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Val::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Val::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(i) if *ty == Type::INT4 => (*i as i32).to_sql(ty, out),
            Val::Int(i) if *ty == Type::FLOAT8 => (*i as f64).to_sql(ty, out),
            Val::Int(i) => i.to_sql(ty, out),
            Val::Real(f) => f.to_sql(ty, out),
            Val::Text(s) => s.to_sql(ty, out),
            Val::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

#[derive(Debug)]
pub struct DbError(pub String);

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError(e.to_string())
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        // the server's message, not only "db error"
        DbError(
            e.as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_string()),
        )
    }
}

pub type Result<T> = std::result::Result<T, DbError>;

pub enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<Pg>),
}

/// A PostgreSQL connection and the statements it has prepared.
pub struct Pg {
    client: postgres::Client,
    /// Statements with parameters and `COPY`s, by their text: prepared
    /// once a connection, not at each use (a round trip each).
    prepared: rustc_hash::FxHashMap<String, postgres::Statement>,
}

/// Statements a connection keeps prepared at most; past it, it forgets
/// them all (statements whose text varies, as `IN` lists, come and go).
const PREPARED_KEPT: usize = 512;

impl Pg {
    fn new(client: postgres::Client) -> Box<Pg> {
        Box::new(Pg {
            client,
            prepared: rustc_hash::FxHashMap::default(),
        })
    }

    /// `sql` (with `?N` placeholders) prepared once for this connection.
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let statement = self.client.prepare(&dollar(sql))?;
        if self.prepared.len() >= PREPARED_KEPT {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        if params.is_empty() {
            return Ok(self.client.execute(&dollar(sql), &p)?);
        }
        let statement = self.statement(sql)?;
        Ok(self.client.execute(&statement, &p)?)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<postgres::Row>> {
        let p: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        if params.is_empty() {
            return Ok(self.client.query(&dollar(sql), &p)?);
        }
        let statement = self.statement(sql)?;
        Ok(self.client.query(&statement, &p)?)
    }
}

/// `?1` → `$1`, for PostgreSQL.
fn dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn pg_value(row: &postgres::Row, i: usize) -> Val {
    let ty = row.columns()[i].type_();
    let v = match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)
            .ok()
            .flatten()
            .map(Val::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .ok()
            .flatten()
            .map(|x| Val::Int(x as i64)),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .ok()
            .flatten()
            .map(|x| Val::Int(x as i64)),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)
            .ok()
            .flatten()
            .map(Val::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)
            .ok()
            .flatten()
            .map(|x| Val::Real(x as f64)),
        Type::BYTEA => row
            .try_get::<_, Option<Vec<u8>>>(i)
            .ok()
            .flatten()
            .map(Val::Blob),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .ok()
            .flatten()
            .map(|b| Val::Int(b as i64)),
        _ => row
            .try_get::<_, Option<String>>(i)
            .ok()
            .flatten()
            .map(Val::Text),
    };
    v.unwrap_or(Val::Null)
}

/// Whether a record's spec is a PostgreSQL URL (else a SQLite file path).
pub fn is_url(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// A record's spec fit to print: the password of a `postgres://` URL (in
/// its user part or a `password=` parameter) replaced by `***`.
pub fn redact(spec: &str) -> String {
    if !is_url(spec) {
        return spec.to_string();
    }
    let scheme_end = spec.find("://").map_or(0, |i| i + 3);
    let (base, query) = spec
        .split_once('?')
        .map_or((spec, None), |(b, q)| (b, Some(q)));
    let mut out = match base[scheme_end..].rfind('@') {
        Some(at) => {
            let user_info = &base[scheme_end..scheme_end + at];
            let user = user_info.split_once(':').map_or(user_info, |(u, _)| u);
            let hidden = if user.len() < user_info.len() {
                ":***"
            } else {
                ""
            };
            format!(
                "{}{user}{hidden}{}",
                &base[..scheme_end],
                &base[scheme_end + at..]
            )
        }
        None => base.to_string(),
    };
    if let Some(q) = query {
        let params: Vec<String> = q
            .split('&')
            .map(|p| match p.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => p.to_string(),
            })
            .collect();
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// The password a `postgres://` URL carries, if any (to keep it out of errors).
fn password_of(spec: &str) -> Option<String> {
    let redacted = redact(spec);
    if redacted == spec {
        return None;
    }
    let config: postgres::Config = spec.parse().ok()?;
    config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .filter(|p| !p.is_empty())
}

/// A connection error with the URL's password taken out, should the driver quote it.
fn connect_error(spec: &str, e: postgres::Error) -> DbError {
    let mut message = DbError::from(e).0;
    if let Some(p) = password_of(spec) {
        message = message.replace(&p, "***");
    }
    DbError(message)
}

/// How long a SQLite writer waits for another to finish.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A writer's automatic checkpoint, in pages of write-ahead log.
pub(crate) const AUTOCHECKPOINT_PAGES: i64 = 8_000;

/// A SQLite writer's page cache, in KiB (negative: SQLite's unit for KiB).
/// The writer reads the random indexes' pages (content keys, band keys,
/// the stories' sketches): at 100,000 made-up articles 64 MB took it from
/// 285–294 to 242–269 µs an article against 32 MB (96 MB: 233), for 36 MB
/// more at the peak; at a million, no gain without the sketches
/// (docs/record.md).
const WRITER_CACHE_KIB: i64 = -65_536;

/// Turns SQLite's memory statistics off before its first connection: with
/// them on, every allocation SQLite makes takes a global mutex and updates
/// counters that nothing here reads (its own advice for speed). Once per
/// process; without effect when SQLite was set up already.
fn configure_sqlite() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_config` with an int argument, as this option
        // takes, before `sqlite3_initialize` (else SQLITE_MISUSE, ignored)
        // and while no other thread uses SQLite through this process's
        // first connection, which is not opened yet.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Switches a SQLite file to WAL. The switch needs the file to itself and
/// SQLite does not wait for that (no busy handler), so retry while another
/// process holds it, as long as the busy timeout.
fn wal_mode(conn: &rusqlite::Connection) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

/// SQLite's own `lower()` folds ASCII letters alone; name filters fold
/// case as PostgreSQL's `lower()` and Rust's `to_lowercase` do
/// (`Зеленський` for `ЗЕЛЕНСЬКИЙ`), so this connection's is Unicode's.
fn unicode_lower(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "lower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<Option<String>>(0)?.map(|s| s.to_lowercase())),
    )
}

impl Backend {
    /// A path opens (or creates) a SQLite file; `postgres://…` connects.
    pub fn open(spec: &str) -> Result<Backend> {
        if is_url(spec) {
            let client = postgres::Client::connect(spec, postgres::NoTls)
                .map_err(|e| connect_error(spec, e))?;
            return Ok(Backend::Postgres(Pg::new(client)));
        }
        configure_sqlite();
        let conn = rusqlite::Connection::open(spec)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // every statement of an ingest stays prepared (multi-row inserts
        // are one statement per row count)
        conn.set_prepared_statement_cache_capacity(256);
        wal_mode(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // a savepoint's copies of the pages it changes stay in memory (an
        // ingest takes one per article), and a batch's pages stay cached
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        // a checkpoint (WAL pages copied into the file, and an fsync) every
        // 8,000 pages (32 MB) of WAL rather than 1,000: a page a batch
        // rewrites is copied once per checkpoint
        conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
        unicode_lower(&conn)?;
        Ok(Backend::Sqlite(conn))
    }

    /// Opens a record for reading only: a SQLite file that must exist,
    /// opened read-only with its journal mode left as it is; on PostgreSQL
    /// every transaction is read-only.
    pub fn open_read_only(spec: &str) -> Result<Backend> {
        if is_url(spec) {
            let mut client = postgres::Client::connect(spec, postgres::NoTls)
                .map_err(|e| connect_error(spec, e))?;
            client.batch_execute("SET default_transaction_read_only = on")?;
            return Ok(Backend::Postgres(Pg::new(client)));
        }
        use rusqlite::OpenFlags;
        configure_sqlite();
        let conn = rusqlite::Connection::open_with_flags(
            spec,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        unicode_lower(&conn)?;
        Ok(Backend::Sqlite(conn))
    }

    /// The file of a SQLite record (none in memory or on PostgreSQL).
    pub(crate) fn sqlite_file(&self) -> Option<String> {
        match self {
            Backend::Sqlite(c) => c.path().filter(|p| !p.is_empty()).map(str::to_owned),
            Backend::Postgres(_) => None,
        }
    }

    /// The write-ahead log's pages at which a commit of this connection
    /// checkpoints (SQLite; 0: never).
    pub(crate) fn set_autocheckpoint(&mut self, pages: i64) -> Result<()> {
        if let Backend::Sqlite(c) = self {
            c.pragma_update(None, "wal_autocheckpoint", pages)?;
        }
        Ok(())
    }

    /// Whether this is a read-only connection to a SQLite file.
    pub(crate) fn is_read_only_sqlite(&self) -> bool {
        match self {
            Backend::Sqlite(c) => c.is_readonly(rusqlite::DatabaseName::Main).unwrap_or(true),
            Backend::Postgres(_) => false,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Backend::Postgres(_))
    }

    pub fn batch(&mut self, sql: &str) -> Result<()> {
        match self {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Postgres(c) => Ok(c.client.batch_execute(sql)?),
        }
    }

    pub fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        match self {
            Backend::Sqlite(c) => {
                Ok(c.prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params.iter()))? as u64)
            }
            Backend::Postgres(c) => c.execute(sql, params),
        }
    }

    pub fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Vec<Val>>> {
        match self {
            Backend::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let n = stmt.column_count();
                let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    (0..n)
                        .map(|i| {
                            use rusqlite::types::Value as V;
                            Ok(match r.get::<_, V>(i)? {
                                V::Null => Val::Null,
                                V::Integer(x) => Val::Int(x),
                                V::Real(x) => Val::Real(x),
                                V::Text(x) => Val::Text(x),
                                V::Blob(x) => Val::Blob(x),
                            })
                        })
                        .collect::<rusqlite::Result<Vec<Val>>>()
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            }
            Backend::Postgres(c) => {
                let rows = c.query(sql, params)?;
                Ok(rows
                    .iter()
                    .map(|r| (0..r.len()).map(|i| pg_value(r, i)).collect())
                    .collect())
            }
        }
    }

    /// Runs an INSERT of one row into a table whose key is `id`: the new
    /// row's id, or none when it inserted nothing (`ON CONFLICT DO
    /// NOTHING`). SQLite reads the rowid the insert left (a `RETURNING`
    /// clause would build a temporary table for each row).
    pub fn insert(&mut self, sql: &str, params: &[Val]) -> Result<Option<i64>> {
        match self {
            Backend::Sqlite(c) => {
                let n = c
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params.iter()))?;
                Ok((n > 0).then(|| c.last_insert_rowid()))
            }
            Backend::Postgres(_) => Ok(self
                .query_one(&format!("{sql} RETURNING id"), params)?
                .map(|r| r[0].int())),
        }
    }

    /// Rows into `table` with one binary `COPY … FROM STDIN` (PostgreSQL
    /// only): `values` row after row, each of `columns`, whose types are
    /// `types`. The rows written.
    pub(crate) fn copy_in(
        &mut self,
        table: &str,
        columns: &[&str],
        types: &[Type],
        values: &[Val],
    ) -> Result<u64> {
        let Backend::Postgres(c) = self else {
            return Err(DbError("COPY is PostgreSQL's".into()));
        };
        debug_assert_eq!(columns.len(), types.len());
        debug_assert_eq!(values.len() % columns.len(), 0);
        let sql = format!(
            "COPY {table} ({}) FROM STDIN (FORMAT binary)",
            columns.join(", ")
        );
        // prepared once, as the statements with parameters
        let statement = c.statement(&sql)?;
        let mut writer =
            postgres::binary_copy::BinaryCopyInWriter::new(c.client.copy_in(&statement)?, types);
        for row in values.chunks(columns.len()) {
            let cells: Vec<&(dyn ToSql + Sync)> =
                row.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
            writer.write(&cells)?;
        }
        Ok(writer.finish()?)
    }

    /// `n` new ids of each of `sequences` (PostgreSQL only), in one
    /// statement: ascending, and never handed out again by the sequence.
    pub(crate) fn next_ids(&mut self, sequences: &[(&str, usize)]) -> Result<Vec<Vec<i64>>> {
        let parts: Vec<String> = sequences
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n > 0)
            .map(|(k, (seq, n))| {
                format!("SELECT {k}::int8, nextval('{seq}') FROM generate_series(1, {n})")
            })
            .collect();
        let mut ids = vec![Vec::new(); sequences.len()];
        if parts.is_empty() {
            return Ok(ids);
        }
        for row in self.query(&parts.join(" UNION ALL "), &[])? {
            ids[row[0].int() as usize].push(row[1].int());
        }
        for block in &mut ids {
            block.sort_unstable();
        }
        Ok(ids)
    }

    /// The first column of each row, as integers, one row at a time (a
    /// query of millions of rows never held whole; SQLite only).
    pub(crate) fn for_each_int(&mut self, sql: &str, mut f: impl FnMut(i64)) -> Result<()> {
        let Backend::Sqlite(c) = self else {
            return Err(DbError("streamed rows are read on SQLite only".into()));
        };
        let mut stmt = c.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(r.get(0)?);
        }
        Ok(())
    }

    pub fn query_one(&mut self, sql: &str, params: &[Val]) -> Result<Option<Vec<Val>>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    pub fn begin(&mut self) -> Result<()> {
        self.batch(if self.is_postgres() {
            "BEGIN"
        } else {
            "BEGIN IMMEDIATE"
        })
    }

    pub fn commit(&mut self) -> Result<()> {
        self.batch("COMMIT")
    }

    pub fn rollback(&mut self) -> Result<()> {
        self.batch("ROLLBACK")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_for_postgres() {
        assert_eq!(
            dollar("SELECT ?1, ?12 WHERE x = '?'"),
            "SELECT $1, $12 WHERE x = '?'"
        );
    }

    #[test]
    fn a_urls_password_is_never_printed() {
        assert_eq!(
            redact("postgres://ana:s3cret@db.example/record"),
            "postgres://ana:***@db.example/record"
        );
        assert_eq!(
            redact("postgresql://ana@db/record?sslmode=disable&password=s3cret"),
            "postgresql://ana@db/record?sslmode=disable&password=***"
        );
        assert_eq!(redact("team.db"), "team.db");
        assert_eq!(
            password_of("postgres://ana:s3cret@db/record").as_deref(),
            Some("s3cret")
        );
    }

    #[test]
    fn sqlite_round_trips_every_kind_of_value() {
        let mut b = Backend::open(":memory:").unwrap();
        b.batch("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e TEXT)")
            .unwrap();
        b.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)",
            &[
                Val::Int(7),
                Val::Real(0.5),
                "x".into(),
                Val::Blob(vec![1, 2]),
                Val::Null,
            ],
        )
        .unwrap();
        let row = b
            .query_one("SELECT a, b, c, d, e FROM t", &[])
            .unwrap()
            .unwrap();
        assert_eq!(
            row,
            vec![
                Val::Int(7),
                Val::Real(0.5),
                Val::Text("x".into()),
                Val::Blob(vec![1, 2]),
                Val::Null
            ]
        );
    }
}
