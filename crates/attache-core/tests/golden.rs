//! Golden test: the analysis JSON of every bundled example, and of every
//! article of `../shared` when it is beside the repository, is frozen.
//! A change that alters any output byte fails here; a change of behaviour
//! made on purpose updates the golden files in the same commit:
//!
//! ```sh
//! ATTACHE_UPDATE_GOLDEN=1 cargo test --release -p attache-core --test golden
//! ```
//!
//! The bundled examples are kept as whole JSON files. The articles of
//! `../shared` must not be copied into the repository, so only a hash of each
//! output is kept (`golden/shared.tsv`); `ATTACHE_GOLDEN_DUMP=DIR` writes the
//! outputs themselves to DIR, so that two builds can be compared with `diff`.

use attache_core::{Analyzer, Catalogue, input};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("ATTACHE_UPDATE_GOLDEN").is_some()
}

/// The analysis JSON exactly as `attache analyze --format json --issues
/// catalogues/ukraine-2025.toml [--all-statements]` prints it, with `source`
/// set to `name`.
fn analyse_file(
    analyzer: &Analyzer,
    catalogue: &Catalogue,
    path: &Path,
    name: &str,
    all_statements: bool,
) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file_name = path.file_name().and_then(|n| n.to_str());
    let article = input::read_article(file_name, &bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut analysis = analyzer.analyze_with(&article.text, Some(catalogue), all_statements);
    analysis.source = Some(name.to_string());
    let json = serde_json::to_string_pretty(&analysis).expect("serialises");
    if let Some(dir) = std::env::var_os("ATTACHE_GOLDEN_DUMP") {
        let suffix = if all_statements { ".all.json" } else { ".json" };
        let out = Path::new(&dir).join(name.replace('/', "__") + suffix);
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(out, &json).unwrap();
    }
    json
}

fn files_in(dir: &Path, ext: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| ext.contains(&x))
        })
        .collect();
    files.sort();
    files
}

fn setup() -> (Analyzer, Catalogue) {
    let catalogue = Catalogue::from_path(&repo().join("catalogues/ukraine-2025.toml"))
        .expect("the bundled catalogue loads");
    (Analyzer::default(), catalogue)
}

/// FNV-1a, 64 bits: stable across platforms and Rust versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn bundled_examples_are_unchanged() {
    let (analyzer, catalogue) = setup();
    let dir = golden_dir().join("examples");
    let mut changed = Vec::new();
    let inputs = files_in(&repo().join("examples/articles"), &["txt", "html", "json"]);
    assert!(!inputs.is_empty(), "no bundled examples found");
    for path in inputs {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let json = analyse_file(&analyzer, &catalogue, &path, &name, false);
        let golden = dir.join(format!("{name}.json"));
        if updating() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&golden, &json).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with ATTACHE_UPDATE_GOLDEN=1)",
                golden.display()
            )
        });
        if want != json {
            changed.push(name);
        }
    }
    assert!(
        changed.is_empty(),
        "analysis output changed for {changed:?}: compare with tests/golden/examples/"
    );
}

/// The corpora of `../shared` that are frozen, with the file kinds read.
const SHARED_SETS: &[(&str, &[&str])] = &[
    ("corpus/news-dev", &["json"]),
    ("corpus/news-dev2", &["json"]),
    ("corpus/news-dev3", &["json"]),
    ("corpus/trade-dev", &["json"]),
    ("data/polnear/dev/text", &["txt"]),
];

#[test]
fn shared_corpora_are_unchanged() {
    let shared = repo().join("../shared");
    if !shared.is_dir() {
        eprintln!("no ../shared beside the repository: skipped");
        return;
    }
    let (analyzer, catalogue) = setup();
    let mut table = String::new();
    for (set, ext) in SHARED_SETS {
        let dir = shared.join(set);
        if !dir.is_dir() {
            continue;
        }
        for path in files_in(&dir, ext) {
            let name = format!("{set}/{}", path.file_name().unwrap().to_str().unwrap());
            // the clearest stance per actor and issue, and every statement
            let json = analyse_file(&analyzer, &catalogue, &path, &name, false);
            let all = analyse_file(&analyzer, &catalogue, &path, &name, true);
            let (h, h_all) = (fnv1a(json.as_bytes()), fnv1a(all.as_bytes()));
            writeln!(table, "{name}\t{h:016x} {h_all:016x}").unwrap();
        }
    }
    let golden = golden_dir().join("shared.tsv");
    if updating() {
        std::fs::write(&golden, &table).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).expect("tests/golden/shared.tsv");
    let want: std::collections::HashMap<&str, &str> =
        want.lines().filter_map(|l| l.split_once('\t')).collect();
    let mut changed = Vec::new();
    for line in table.lines() {
        let (name, hash) = line.split_once('\t').unwrap();
        match want.get(name) {
            Some(h) if *h == hash => {}
            Some(_) => changed.push(name.to_string()),
            None => changed.push(format!("{name} (new)")),
        }
    }
    assert!(
        changed.is_empty(),
        "analysis output changed for {} articles of ../shared: {changed:?} \
         (ATTACHE_GOLDEN_DUMP=DIR writes the outputs to compare two builds)",
        changed.len()
    );
}
