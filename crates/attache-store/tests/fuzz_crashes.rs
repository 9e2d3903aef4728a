//! Every input that once crashed a fuzz target (kept in
//! `fuzz/seeds/<target>/crash-*`) is read again as the target reads it:
//! the analysis with its quotes where their spans say, and ingest's
//! readers with every article holding text and every error naming its
//! source.

use attache_store::sources::read_bytes;
use std::path::{Path, PathBuf};

/// The crash inputs kept among a target's seeds.
fn kept_crashes(target: &str) -> Vec<PathBuf> {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let Ok(dir) = std::fs::read_dir(seeds) else {
        return Vec::new();
    };
    dir.map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("crash-")
        })
        .collect()
}

#[test]
fn crash_inputs_kept_by_the_fuzzer_analyse_cleanly() {
    let kept = kept_crashes("analyze");
    assert!(!kept.is_empty(), "fuzz/seeds/analyze/crash-*");
    let analyzer = attache_core::Analyzer::default();
    // as the fuzz target reads: with the bundled catalogue's stances
    let catalogue =
        attache_core::Catalogue::parse(include_str!("../../../catalogues/ukraine-2025.toml"))
            .unwrap();
    for path in kept {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let a = analyzer.analyze_with(&text, Some(&catalogue), true);
        for q in &a.quotes {
            let at: String = text.chars().skip(q.start).take(q.end - q.start).collect();
            assert_eq!(at, q.text, "{}", path.display());
        }
    }
}

#[test]
fn crash_inputs_kept_by_the_fuzzer_read_cleanly() {
    let mut read = 0;
    for (reader, name) in [
        ("html", "page.html"),
        ("rss", "feed.rss"),
        ("jsonl", "lines.jsonl"),
    ] {
        for path in kept_crashes(reader) {
            let (articles, errors) = read_bytes(Path::new(name), &std::fs::read(&path).unwrap());
            for a in &articles {
                assert!(!a.text.trim().is_empty(), "{}", path.display());
                assert!(
                    a.origin.starts_with(name),
                    "{}: {}",
                    path.display(),
                    a.origin
                );
            }
            assert!(
                errors.iter().all(|e| e.origin.starts_with(name)),
                "{}",
                path.display()
            );
            read += 1;
        }
    }
    assert!(read >= 2, "the kept crash inputs are found ({read})");
}
