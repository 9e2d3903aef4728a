//! Every input that once crashed one of ingest's readers (kept in
//! `fuzz/seeds/<reader>/crash-*`) is read again as the fuzz targets read
//! it: no panic, every article with text, every error naming its source.

use attache_store::sources::read_bytes;
use std::path::{Path, PathBuf};

#[test]
fn crash_inputs_kept_by_the_fuzzer_read_cleanly() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds");
    let mut read = 0;
    for (reader, name) in [
        ("html", "page.html"),
        ("rss", "feed.rss"),
        ("jsonl", "lines.jsonl"),
    ] {
        let Ok(dir) = std::fs::read_dir(seeds.join(reader)) else {
            continue;
        };
        let crashes: Vec<PathBuf> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("crash-")
            })
            .collect();
        for path in crashes {
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
