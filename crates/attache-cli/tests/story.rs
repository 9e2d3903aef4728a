//! The bundled story's record finds the moves written into it
//! (examples/story/moves.tsv, from CHANGES.md) and no others.

use std::collections::BTreeSet;
use std::process::Command;

/// The fewest written moves `positions --changes` must find; raise it as
/// the reading improves (all 10 is the aim).
const FLOOR: usize = 9;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn attache(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("attache runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_story_record_reports_the_written_moves_and_no_others() {
    let written: BTreeSet<(String, String, String, String)> =
        std::fs::read_to_string(format!("{ROOT}/examples/story/moves.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("actor\t"))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f[0].into(), f[1].into(), f[2].into(), f[3].into())
            })
            .collect();
    assert_eq!(written.len(), 10);

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("story.db");
    let db = db.to_str().unwrap();
    attache(&[
        "ingest",
        "--db",
        db,
        "--knowledge",
        "examples/story/knowledge",
        "--issues",
        "catalogues/orlen-2026.toml",
        "examples/story/articles",
    ]);
    let changes: Vec<serde_json::Value> = serde_json::from_str(&attache(&[
        "positions",
        "--db",
        db,
        "--changes",
        "--format",
        "json",
    ]))
    .unwrap();
    let reported: BTreeSet<(String, String, String, String)> = changes
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("actor_name"), s("issue"), s("from"), s("to"))
        })
        .collect();
    let others: Vec<_> = reported.difference(&written).collect();
    let missed: Vec<_> = written.difference(&reported).collect();
    assert!(
        others.is_empty(),
        "moves the story does not make: {others:?}"
    );
    assert!(
        written.len() - missed.len() >= FLOOR,
        "found {} of {} written moves; missed {missed:?}",
        written.len() - missed.len(),
        written.len()
    );
}
