//! What the store's test files share: a directory per test and the macro
//! that runs one test body on SQLite and, with `--ignored` where
//! `ATTACHE_TEST_POSTGRES` names a server (`.ci/run` starts one), on
//! PostgreSQL.

/// A directory for a test's database, removed when the test ends.
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("attache-store-{name}-"))
        .tempdir()
        .unwrap()
}

/// `on_both!(sqlite_test, postgres_test, body)`: `body(url)` on a fresh
/// SQLite file and on a fresh PostgreSQL database.
#[macro_export]
macro_rules! on_both {
    ($name:ident, $pg:ident, $body:ident) => {
        #[test]
        fn $name() {
            let dir = common::temp_dir(stringify!($name));
            $body(&dir.path().join("record.db").display().to_string());
        }

        #[test]
        #[ignore = "needs PostgreSQL: set ATTACHE_TEST_POSTGRES"]
        fn $pg() {
            let url = attache_store::testing::fresh_postgres(stringify!($pg))
                .unwrap_or_else(|e| panic!("{e}"));
            $body(&url);
        }
    };
}
