//! What the store's test files share: a directory per test and the macro
//! that runs one test body on SQLite and, with `--ignored` where
//! `ATTACHE_TEST_POSTGRES` names a server (`.ci/run` starts one), on
//! PostgreSQL; the catalogue's issues for a quote, and a reanalysis.
#![allow(dead_code)] // each test file uses its part

use attache_core::{Analyzer, Catalogue};
use attache_store::Store;

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

/// A catalogue of two issues, a ceasefire and direct peace talks.
pub const TWO_ISSUES: &str = r#"
[[issue]]
id = "ceasefire"
proposition = "An early ceasefire."
terms = ["ceasefire", "truce"]

[[issue]]
id = "peace_talks"
proposition = "Direct peace talks."
terms = ["peace talks", "negotiations"]
"#;

/// The catalogue's issues for a quote, as ingest finds them.
pub fn issues_of(cat: &Catalogue) -> impl Fn(&str) -> Vec<String> + '_ {
    |t| {
        cat.find(t)
            .into_iter()
            .map(|m| cat.issues[m.issue].id.clone())
            .collect()
    }
}

/// Reads every article of the record again, with `cat`.
pub fn reanalyse(store: &mut Store, cat: &Catalogue) {
    let analyzer = Analyzer::default();
    store
        .reanalyse(
            |t| analyzer.analyze_with(t, Some(cat), false),
            &issues_of(cat),
        )
        .unwrap();
}
